#!/usr/bin/env bash
# Qwen3-235B-A22B-FP8: the Qwen team's fine-grained FP8 checkpoint, half the weight
# memory.
set -euo pipefail

# --8<-- [start:serve]
# tensor parallel 8 does not divide the FP8 blocks of the experts: use 4 GPUs, or keep 8
# and add expert parallelism (Qwen's vLLM guide).
vllm serve Qwen/Qwen3-235B-A22B-FP8 \
  --tensor-parallel-size 4 \
  --max-model-len 32768 \
  --reasoning-parser qwen3 \
  --enable-auto-tool-choice \
  --tool-call-parser hermes
# --8<-- [end:serve]

# --8<-- [start:expert-parallel]
vllm serve Qwen/Qwen3-235B-A22B-FP8 \
  --tensor-parallel-size 8 \
  --enable-expert-parallel \
  --reasoning-parser qwen3
# --8<-- [end:expert-parallel]
