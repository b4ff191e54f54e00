#!/usr/bin/env bash
# Qwen3-8B (dense) on a laptop: Ollama, llama.cpp (GGUF) or mlx-lm (Apple silicon).
set -euo pipefail

# --8<-- [start:ollama]
# Keep `ollama serve` running in another terminal (Ollama >= 0.9.0).
ollama run qwen3:8b
# --8<-- [end:ollama]

# --8<-- [start:llama-cpp]
# The Qwen3 README's server command without its GPU flags; serves
# http://localhost:8080/v1.
llama-server -hf Qwen/Qwen3-8B-GGUF:Q8_0 \
  --jinja --reasoning-format deepseek \
  -c 40960 -n 32768 \
  --temp 0.6 --top-k 20 --top-p 0.95 --min-p 0 \
  --port 8080
# --8<-- [end:llama-cpp]

# --8<-- [start:mlx]
pip install "mlx-lm>=0.24.0"
# 4-bit MLX weights made from the Hugging Face checkpoint, then one reply.
mlx_lm.convert --hf-path Qwen/Qwen3-8B --mlx-path ./Qwen3-8B-4bit -q
mlx_lm.generate --model ./Qwen3-8B-4bit \
  --prompt "What is 17 × 23?" \
  --max-tokens 32768 \
  --temp 0.6 --top-p 0.95 --top-k 20 --min-p 0
# --8<-- [end:mlx]
