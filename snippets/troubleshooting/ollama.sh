#!/usr/bin/env bash
# Ollama fixes from the Troubleshoot pages. Keep `ollama serve` running elsewhere.
set -euo pipefail

# --8<-- [start:repull]
# A model pulled before Ollama learned Qwen3's thinking: pull it again.
ollama pull qwen3:4b
# --8<-- [end:repull]

# --8<-- [start:instruct]
# Answers without thinking: an -instruct tag (the fix reported in ollama#12917).
ollama run qwen3:4b-instruct
# --8<-- [end:instruct]

# --8<-- [start:num-ctx]
ollama create qwen3-30b-long -f Modelfile.num_ctx
ollama run qwen3-30b-long
# --8<-- [end:num-ctx]

# --8<-- [start:coder-tools]
ollama create qwen3-coder-tools -f Modelfile.qwen3-coder-tools
ollama run qwen3-coder-tools
# --8<-- [end:coder-tools]
