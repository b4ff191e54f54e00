#!/usr/bin/env bash
# Re-run the evaluation harness and the benchmark sweep against the tiny model (the
# sweep also against `transformers serve --continuous-batching`) and rewrite the
# recorded runs the "Evaluate your deployment" page shows. Review before committing.
set -euo pipefail

# --8<-- [start:update]
pytest tests/test_evaluation.py --update-measurements --update-examples
git diff --stat examples/evaluation/
# --8<-- [end:update]
