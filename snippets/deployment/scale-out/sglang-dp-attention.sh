#!/usr/bin/env bash
# Qwen3-235B-A22B-FP8 on one node of 8 x 80 GB with SGLang: data-parallel attention
# (2 groups of 4 GPUs, so no KV head is stored twice) and expert parallelism over all 8.
set -euo pipefail

# --8<-- [start:dpa-ep]
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B-FP8 \
  --tp-size 8 \
  --attn-dp-size 2 \
  --ep-size 8 \
  --context-length 32768 \
  --reasoning-parser qwen3
# --8<-- [end:dpa-ep]
