#!/usr/bin/env bash
# Chat in the terminal with llama-cli, non-thinking sampling (type /no_think in a
# message to skip the thinking, /think to bring it back).
set -euo pipefail

# --8<-- [start:cli]
llama-cli -m ./Qwen3-235B-A22B-Q4_K_M.gguf \
  --jinja \
  -c 40960 -n 32768 \
  --temp 0.7 --top-k 20 --top-p 0.8 --min-p 0 \
  --presence-penalty 1.5 \
  -ngl 99
# --8<-- [end:cli]
