#!/usr/bin/env bash
# Qwen3-30B-A3B on a single GPU: FP8 weights with vLLM, or 4-bit GGUF with llama.cpp.
# Both serve the OpenAI-compatible API (vLLM on port 8000, llama-server on 8080).
set -euo pipefail

# --8<-- [start:fp8]
pip install vllm
vllm serve Qwen/Qwen3-30B-A3B-FP8 \
  --max-model-len 32768 \
  --reasoning-parser qwen3
# --8<-- [end:fp8]

# --8<-- [start:gguf]
# -hf downloads the file from the official GGUF repository; -ngl 99 puts every layer
# on the GPU.
llama-server -hf Qwen/Qwen3-30B-A3B-GGUF:Q4_K_M \
  --jinja --reasoning-format deepseek \
  -c 32768 -ngl 99 \
  --temp 0.6 --top-k 20 --top-p 0.95 --min-p 0 \
  --port 8080
# --8<-- [end:gguf]
