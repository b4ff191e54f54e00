#!/usr/bin/env bash
# Qwen-Agent with MCP support, as the test job installs it (pyproject.toml, `test`
# extra).
set -euo pipefail

# --8<-- [start:install]
pip install "qwen-agent[mcp]==0.0.34" "mcp>=1.9,<2" soundfile openai
# --8<-- [end:install]
