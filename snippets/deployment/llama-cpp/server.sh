#!/usr/bin/env bash
# llama.cpp's OpenAI-compatible server (http://localhost:8080/v1), thinking-mode
# sampling.
set -euo pipefail

# --8<-- [start:server]
llama-server -m ./Qwen3-235B-A22B-Q4_K_M.gguf \
  --jinja \
  --reasoning-format deepseek \
  -c 40960 -n 32768 \
  --temp 0.6 --top-k 20 --top-p 0.95 --min-p 0 \
  --presence-penalty 1.5 \
  -ngl 99 \
  --host 127.0.0.1 --port 8080
# --8<-- [end:server]

# --8<-- [start:cpu-moe]
# Too little GPU memory for the experts: keep attention and norms on the GPU, the
# expert tensors (94 layers x 128 experts) in system RAM.
llama-server -m ./Qwen3-235B-A22B-Q4_K_M.gguf \
  --jinja --reasoning-format deepseek \
  -c 32768 \
  -ngl 99 --cpu-moe
# --8<-- [end:cpu-moe]
