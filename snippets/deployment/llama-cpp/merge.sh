#!/usr/bin/env bash
# A file too large for one upload is split into NAME-00001-of-0000N.gguf, ... llama.cpp
# loads a split model from its first part; merge only if a tool needs one file.
set -euo pipefail
cd ./Qwen3-235B-A22B-GGUF

# --8<-- [start:merge]
first_part=$(find . -name "*Q4_K_M*-00001-of-*.gguf" | head -n 1)
llama-gguf-split --merge "$first_part" ./Qwen3-235B-A22B-Q4_K_M.gguf
# --8<-- [end:merge]
