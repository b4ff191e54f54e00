#!/usr/bin/env bash
# SGLang commands that fix the problems on the Troubleshoot pages (flags checked against
# SGLang 0.5.23 by tests/test_engine_snippets.py).
set -euo pipefail

# --8<-- [start:fp8-ep]
# FP8 on 8 GPUs: expert parallelism keeps every expert's 1536-wide projections whole.
# (--enable-ep-moe, in older guides, is gone; --ep-size takes its place.)
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B-FP8 \
  --tp-size 8 \
  --ep-size 8 \
  --reasoning-parser qwen3
# --8<-- [end:fp8-ep]

# --8<-- [start:tools]
# Tool calls: `qwen` is the current name of the parser that older guides call `qwen25`.
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B \
  --tp-size 8 \
  --reasoning-parser qwen3 \
  --tool-call-parser qwen
# --8<-- [end:tools]

# --8<-- [start:thinking-2507]
# Thinking-2507 always thinks and its replies hold only </think>: use a parser that
# assumes the thinking is already open (the Qwen README names deepseek-r1).
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B-Thinking-2507 \
  --tp-size 8 \
  --reasoning-parser deepseek-r1
# --8<-- [end:thinking-2507]
