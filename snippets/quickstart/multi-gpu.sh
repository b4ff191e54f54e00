#!/usr/bin/env bash
# Qwen3-235B-A22B on one node of 8 x 80 GB GPUs: bf16 weights (about 470 GB) split by
# tensor parallelism. The OpenAI-compatible API listens on http://localhost:8000/v1.
set -euo pipefail

# --8<-- [start:install]
pip install vllm
# --8<-- [end:install]

# --8<-- [start:serve]
vllm serve Qwen/Qwen3-235B-A22B \
  --tensor-parallel-size 8 \
  --max-model-len 32768 \
  --reasoning-parser qwen3
# --8<-- [end:serve]
