#!/usr/bin/env bash
# Ollama (>= 0.9.0 for thinking on/off). Keep `ollama serve` running in another
# terminal.
set -euo pipefail

# --8<-- [start:library]
ollama run qwen3:30b-a3b
# --8<-- [end:library]

# --8<-- [start:create]
ollama create qwen3-235b-a22b -f Modelfile
ollama run qwen3-235b-a22b
# --8<-- [end:create]
