#!/usr/bin/env bash
# Serve Qwen3-235B-A22B with SGLang on one node of 8 GPUs (checked against SGLang
# 0.5.23; needs 0.4.6.post1 or later). The OpenAI-compatible API listens on
# http://localhost:30000/v1.
set -euo pipefail

# --8<-- [start:serve]
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B \
  --tp-size 8 \
  --context-length 32768 \
  --reasoning-parser qwen3 \
  --tool-call-parser qwen
# --8<-- [end:serve]
