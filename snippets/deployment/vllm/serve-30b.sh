#!/usr/bin/env bash
# Qwen3-30B-A3B on a single 80 GB GPU in bf16 (see the memory table on the page).
set -euo pipefail

# --8<-- [start:serve]
vllm serve Qwen/Qwen3-30B-A3B \
  --max-model-len 32768 \
  --reasoning-parser qwen3 \
  --enable-auto-tool-choice \
  --tool-call-parser hermes
# --8<-- [end:serve]
