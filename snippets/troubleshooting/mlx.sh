#!/usr/bin/env bash
# mlx-lm fixes from the Troubleshoot pages (flags checked against the mlx-lm release in
# the handbook's table by tests/test_engine_snippets.py). Apple silicon only.
set -euo pipefail

# --8<-- [start:upgrade]
# Qwen3-MoE support arrived in mlx-lm 0.24.0.
pip install --upgrade "mlx-lm>=0.24.0"
mlx_lm.generate --model mlx-community/Qwen3-30B-A3B-4bit \
  --prompt "Hello" --max-tokens 64
# --8<-- [end:upgrade]

# --8<-- [start:no-thinking]
# Thinking off for every request of this server: the chat template's own switch.
mlx_lm.server --model mlx-community/Qwen3-30B-A3B-4bit \
  --chat-template-args '{"enable_thinking": false}' \
  --port 8080
# --8<-- [end:no-thinking]
