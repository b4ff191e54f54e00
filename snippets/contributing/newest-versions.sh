#!/usr/bin/env bash
# The newest release of every dependency in a side venv (/work/venvs/newest): runs the
# examples and unit tests there and writes src/qwen3_handbook/data/newest_versions.json.
set -euo pipefail

# --8<-- [start:run]
python tests/newest_versions.py
# --8<-- [end:run]
