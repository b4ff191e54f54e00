#!/usr/bin/env bash
# Qwen3-30B-A3B on one GPU with SGLang; the API listens on http://localhost:30000/v1.
set -euo pipefail

# --8<-- [start:serve]
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-30B-A3B \
  --context-length 32768 \
  --mem-fraction-static 0.85 \
  --reasoning-parser qwen3 \
  --tool-call-parser qwen \
  --host 127.0.0.1 --port 30000
# --8<-- [end:serve]
