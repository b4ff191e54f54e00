#!/usr/bin/env bash
# vLLM: a per-request thinking budget (thinking_token_budget) needs a reasoning parser.
set -euo pipefail

# --8<-- [start:serve]
vllm serve Qwen/Qwen3-235B-A22B \
  --tensor-parallel-size 8 \
  --max-model-len 32768 \
  --reasoning-parser qwen3
# --8<-- [end:serve]

# --8<-- [start:request]
curl http://localhost:8000/v1/chat/completions -H "Content-Type: application/json" \
  -d @vllm-thinking-budget.json
# --8<-- [end:request]
