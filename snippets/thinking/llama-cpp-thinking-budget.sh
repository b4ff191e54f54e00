#!/usr/bin/env bash
# llama.cpp: one thinking budget for every request of the server.
set -euo pipefail

# --8<-- [start:serve]
MESSAGE="Considering the limited time by the user, I have to give the solution based on"
MESSAGE+=" the thinking directly now."
llama-server -m ./Qwen3-235B-A22B-Q4_K_M.gguf \
  -c 40960 -n 32768 \
  --temp 0.6 --top-k 20 --top-p 0.95 --min-p 0 \
  -ngl 99 \
  --reasoning-budget 1024 \
  --reasoning-budget-message "$MESSAGE" \
  --host 127.0.0.1 --port 8080
# --8<-- [end:serve]
