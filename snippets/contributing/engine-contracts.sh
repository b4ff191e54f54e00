#!/usr/bin/env bash
# Re-run vLLM's and SGLang's parsers on every case and rewrite the record the
# engine-parsing page is generated from (review the diff before committing).
set -euo pipefail

# --8<-- [start:update]
pytest tests/test_engine_contracts.py --update-engine-results
git diff --stat src/qwen3_handbook/data/engine_parsing.json
# --8<-- [end:update]
