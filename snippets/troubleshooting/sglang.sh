#!/usr/bin/env bash
# SGLang commands that fix the problems on the Troubleshoot pages (flags checked against
# SGLang 0.5.23 by tests/test_engine_snippets.py).
set -euo pipefail

# --8<-- [start:fp8-ep]
# FP8 on 8 GPUs: expert parallelism keeps every expert's 1536-wide projections whole.
# (--enable-ep-moe, in older guides, is gone; --ep-size takes its place.)
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B-FP8 \
  --tp-size 8 \
  --ep-size 8 \
  --reasoning-parser qwen3
# --8<-- [end:fp8-ep]

# --8<-- [start:tools]
# Tool calls: `qwen` is the current name of the parser that older guides call `qwen25`.
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B \
  --tp-size 8 \
  --reasoning-parser qwen3 \
  --tool-call-parser qwen
# --8<-- [end:tools]

# --8<-- [start:thinking-2507]
# Thinking-2507 always thinks and its replies hold only </think>: use a parser that
# assumes the thinking is already open (the Qwen README names deepseek-r1).
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B-Thinking-2507 \
  --tp-size 8 \
  --reasoning-parser deepseek-r1
# --8<-- [end:thinking-2507]

# --8<-- [start:gguf]
# A Qwen3-MoE GGUF in SGLang: its GGUF loader maps qwen3_moe to llama.cpp's qwen3moe
# tensor names; the tokenizer comes from the original repository.
python -m sglang.launch_server \
  --model-path ./Qwen3-30B-A3B-Q4_K_M.gguf \
  --load-format gguf \
  --tokenizer-path Qwen/Qwen3-30B-A3B \
  --reasoning-parser qwen3
# --8<-- [end:gguf]

# --8<-- [start:mem-fraction]
# "Not enough memory": the weights left no room for the KV pool. Give the static pool
# (weights + KV cache) a larger share of each GPU, or spread the weights wider.
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-30B-A3B \
  --tp-size 2 \
  --mem-fraction-static 0.88 \
  --context-length 32768 \
  --reasoning-parser qwen3
# --8<-- [end:mem-fraction]

# --8<-- [start:pipeline-3-gpus]
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-30B-A3B \
  --tp-size 1 \
  --pp-size 3 \
  --reasoning-parser qwen3
# --8<-- [end:pipeline-3-gpus]
