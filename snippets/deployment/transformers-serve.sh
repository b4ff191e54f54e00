#!/usr/bin/env bash
# Serve a Qwen3 checkpoint with transformers' own OpenAI-compatible server (pip install
# "transformers[serving]"; checked against transformers 5.23.0). The test job runs this
# command on the tiny test model, on a free port of 127.0.0.1.
set -euo pipefail

# --8<-- [start:serve]
# The positional model is loaded at start-up and answers every request.
transformers serve Qwen/Qwen3-235B-A22B --host 127.0.0.1 --port 8000
# --8<-- [end:serve]

# --8<-- [start:health]
# 200 once the server accepts requests: poll it before sending the first one.
curl --silent --fail http://127.0.0.1:8000/health
# --8<-- [end:health]
