#!/usr/bin/env bash
# Download one quantization of the official GGUF repository (pip install -U
# huggingface_hub; its command is `hf`, the older `huggingface-cli` is gone from current
# releases). The quantizations published there: q4_K_M, q5_0, q5_K_M, q6_K, q8_0.
set -euo pipefail

# --8<-- [start:download]
hf download Qwen/Qwen3-235B-A22B-GGUF \
  --include "*Q4_K_M*" \
  --local-dir ./Qwen3-235B-A22B-GGUF
# --8<-- [end:download]
