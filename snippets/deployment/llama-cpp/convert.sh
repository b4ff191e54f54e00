#!/usr/bin/env bash
# Make a GGUF yourself from the Hugging Face checkpoint, with llama.cpp's converter (run
# from a llama.cpp checkout: pip install -r requirements.txt), then quantize it.
set -euo pipefail

# --8<-- [start:convert]
python convert_hf_to_gguf.py ./Qwen3-235B-A22B \
  --outtype bf16 --outfile Qwen3-235B-A22B-BF16.gguf
# --8<-- [end:convert]
