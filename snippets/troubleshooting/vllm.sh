#!/usr/bin/env bash
# vLLM commands that fix the problems on the Troubleshoot pages (flags checked against
# vLLM 0.34.0 by tests/test_engine_snippets.py).
set -euo pipefail

# --8<-- [start:thinking-2507]
# Thinking-2507: its chat template opens <think> in the prompt, so replies hold only
# </think>; the Qwen README serves it with the deepseek_r1 parser.
vllm serve Qwen/Qwen3-235B-A22B-Thinking-2507 \
  --tensor-parallel-size 8 \
  --max-model-len 32768 \
  --reasoning-parser deepseek_r1
# --8<-- [end:thinking-2507]

# --8<-- [start:fp8-30b]
# Qwen3-30B-A3B-FP8: 768 / 4 = 192 is not a whole number of 128-wide blocks, so keep
# the experts whole and spread them over the GPUs instead.
vllm serve Qwen/Qwen3-30B-A3B-FP8 \
  --tensor-parallel-size 4 \
  --enable-expert-parallel \
  --reasoning-parser qwen3
# --8<-- [end:fp8-30b]

# --8<-- [start:memory]
# Out of memory at start-up, or "max seq len ... larger than the maximum number of
# tokens that can be stored in KV cache": reserve less context per sequence, and leave
# --gpu-memory-utilization unset (a value below vLLM's default shrinks the KV cache).
vllm serve Qwen/Qwen3-235B-A22B \
  --tensor-parallel-size 8 \
  --max-model-len 16384 \
  --reasoning-parser qwen3
# --8<-- [end:memory]

# --8<-- [start:lora]
# A LoRA adapter on Qwen3-30B-A3B, expert weights included (fused-MoE LoRA).
vllm serve Qwen/Qwen3-30B-A3B \
  --enable-lora \
  --max-lora-rank 64 \
  --lora-modules my-adapter=/path/to/adapter \
  --reasoning-parser qwen3
# --8<-- [end:lora]

# --8<-- [start:coder-tools]
# Qwen3-Coder writes XML-style calls (<function=…><parameter=…>): its own parser.
vllm serve Qwen/Qwen3-Coder-30B-A3B-Instruct \
  --max-model-len 32768 \
  --enable-auto-tool-choice \
  --tool-call-parser qwen3_coder
# --8<-- [end:coder-tools]
