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

# --8<-- [start:fp8-ampere]
# An FP8 checkpoint on an Ampere GPU (A100, A10, RTX 3090): no FP8 hardware, so vLLM
# keeps the weights in FP8 and computes in 16 bits through its Marlin kernels.
vllm serve Qwen/Qwen3-30B-A3B-FP8 \
  --max-model-len 32768 \
  --reasoning-parser qwen3
# --8<-- [end:fp8-ampere]

# --8<-- [start:w8a16-float16]
# A W8A16 (compressed-tensors) Qwen3-MoE on a release whose Marlin MoE path wants fp16.
vllm serve ./Qwen3-235B-A22B-W8A16 \
  --tensor-parallel-size 8 \
  --dtype float16 \
  --reasoning-parser qwen3
# --8<-- [end:w8a16-float16]

# --8<-- [start:pipeline-3-gpus]
# Three GPUs: 32 attention heads (64 for the 235B) do not split three ways, layers do.
vllm serve Qwen/Qwen3-30B-A3B \
  --tensor-parallel-size 1 \
  --pipeline-parallel-size 3 \
  --reasoning-parser qwen3
# --8<-- [end:pipeline-3-gpus]

# --8<-- [start:cuda-graph-memory]
# Out of memory while capturing CUDA graphs: fewer concurrent sequences means fewer and
# smaller graphs; --enforce-eager drops them altogether (slower decoding).
vllm serve Qwen/Qwen3-30B-A3B \
  --max-model-len 32768 \
  --max-num-seqs 64 \
  --gpu-memory-utilization 0.85 \
  --reasoning-parser qwen3
# --8<-- [end:cuda-graph-memory]

# --8<-- [start:eager]
vllm serve Qwen/Qwen3-30B-A3B \
  --max-model-len 32768 \
  --enforce-eager \
  --reasoning-parser qwen3
# --8<-- [end:eager]

# --8<-- [start:tuned-moe-config]
# Tuned fused-MoE kernel configs from a directory of your own (benchmark_moe.py --tune
# writes them); vLLM reads it before its bundled configs.
VLLM_TUNED_CONFIG_FOLDER=./moe-configs vllm serve Qwen/Qwen3-235B-A22B-FP8 \
  --tensor-parallel-size 4 \
  --reasoning-parser qwen3
# --8<-- [end:tuned-moe-config]

# --8<-- [start:eagle3]
# EAGLE-3 speculative decoding: name the method; vLLM never changes a configured
# method to match the draft checkpoint.
vllm serve Qwen/Qwen3-8B \
  --speculative-config '{"method": "eagle3", "model": "AngelSlim/Qwen3-8B_eagle3",
    "num_speculative_tokens": 3}' \
  --reasoning-parser qwen3
# --8<-- [end:eagle3]
