#!/usr/bin/env bash
# Serve Qwen3-235B-A22B with vLLM on one node of 8 GPUs (checked against vLLM 0.34.0;
# needs >= 0.9.0 for the qwen3 reasoning parser). The OpenAI-compatible API listens on
# http://localhost:8000/v1.
set -euo pipefail

# --8<-- [start:serve]
vllm serve Qwen/Qwen3-235B-A22B \
  --tensor-parallel-size 8 \
  --max-model-len 32768 \
  --reasoning-parser qwen3 \
  --enable-auto-tool-choice \
  --tool-call-parser hermes
# --8<-- [end:serve]
