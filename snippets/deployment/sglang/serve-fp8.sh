#!/usr/bin/env bash
# Qwen3-235B-A22B-FP8 on SGLang. Its FP8 blocks are 128 x 128 and an expert's 1536-wide
# projections split 8 ways are 192 wide, which 128 does not divide: use 4-way tensor
# parallelism.
set -euo pipefail

# --8<-- [start:serve]
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B-FP8 \
  --tp-size 4 \
  --context-length 32768 \
  --reasoning-parser qwen3 \
  --tool-call-parser qwen
# --8<-- [end:serve]
