#!/usr/bin/env bash
# SGLang: a per-request thinking budget in custom_params, enforced by the grammar
# (--enable-strict-thinking, needs the reasoning parser) or by a custom logit processor.
set -euo pipefail

# --8<-- [start:serve-strict]
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B \
  --tp-size 8 \
  --context-length 32768 \
  --reasoning-parser qwen3 \
  --enable-strict-thinking
# --8<-- [end:serve-strict]

# --8<-- [start:serve-processor]
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B \
  --tp-size 8 \
  --context-length 32768 \
  --reasoning-parser qwen3 \
  --enable-custom-logit-processor
# --8<-- [end:serve-processor]

# --8<-- [start:request]
curl http://localhost:30000/v1/chat/completions -H "Content-Type: application/json" \
  -d @sglang-thinking-budget.json
# --8<-- [end:request]
