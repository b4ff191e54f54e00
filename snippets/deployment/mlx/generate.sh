#!/usr/bin/env bash
# mlx-lm on Apple silicon (pip install "mlx-lm>=0.24.0").
set -euo pipefail

# --8<-- [start:convert]
# 4-bit MLX weights made from the Hugging Face checkpoint (needs the bf16 download
# first).
mlx_lm.convert --hf-path Qwen/Qwen3-235B-A22B --mlx-path ./Qwen3-235B-A22B-4bit \
  -q --q-bits 4
# --8<-- [end:convert]

# --8<-- [start:generate]
mlx_lm.generate --model ./Qwen3-235B-A22B-4bit \
  --prompt "What is 17 × 23?" \
  --max-tokens 32768 \
  --temp 0.6 --top-p 0.95 --top-k 20 --min-p 0
# --8<-- [end:generate]

# --8<-- [start:no-thinking]
mlx_lm.generate --model ./Qwen3-235B-A22B-4bit \
  --prompt "What is 17 × 23?" \
  --chat-template-config '{"enable_thinking": false}' \
  --temp 0.7 --top-p 0.8 --top-k 20
# --8<-- [end:no-thinking]

# --8<-- [start:server]
# OpenAI-compatible API on http://127.0.0.1:8080/v1
mlx_lm.server --model ./Qwen3-235B-A22B-4bit --host 127.0.0.1 --port 8080
# --8<-- [end:server]
