#!/usr/bin/env bash
# llama.cpp fixes from the Troubleshoot pages (flags checked against the llama.cpp
# vendored in llama-cpp-python, by tests/test_engine_snippets.py).
set -euo pipefail

# --8<-- [start:template-file]
# A chat template newer than the one inside the GGUF: pass it explicitly.
llama-server -m ./Qwen3-Coder-30B-A3B-Instruct-Q4_K_M.gguf \
  --jinja \
  --chat-template-file ./chat_template.jinja \
  -c 32768
# --8<-- [end:template-file]

# --8<-- [start:no-thinking]
# Thinking off for every request of this server (hybrid Qwen3 only).
llama-server -m ./Qwen3-235B-A22B-Q4_K_M.gguf \
  --jinja \
  --reasoning off \
  -c 32768
# --8<-- [end:no-thinking]

# --8<-- [start:yarn-at-run-time]
# A Qwen3-MoE GGUF converted without YaRN metadata: switch YaRN on at run time
# (factor 4 over the native 32,768 tokens = 131,072).
llama-server -m ./Qwen3-30B-A3B-Q4_K_M.gguf \
  --jinja \
  -c 131072 \
  --rope-scaling yarn \
  --rope-scale 4 \
  --yarn-orig-ctx 32768
# --8<-- [end:yarn-at-run-time]
