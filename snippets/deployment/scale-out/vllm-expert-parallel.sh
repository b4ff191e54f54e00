#!/usr/bin/env bash
# Qwen3-235B-A22B-FP8 with expert parallelism in vLLM: one node of 8 x 80 GB, then two
# nodes with data-parallel attention (one DP rank per node, TP 8 inside it).
set -euo pipefail

# --8<-- [start:one-node]
# TP 8 alone fails to load the FP8 experts (1536 / 8 = 192); EP keeps experts whole
vllm serve Qwen/Qwen3-235B-A22B-FP8 \
  --tensor-parallel-size 8 \
  --enable-expert-parallel \
  --max-model-len 32768 \
  --reasoning-parser qwen3
# --8<-- [end:one-node]

# --8<-- [start:data-parallel]
# two DP ranks of TP 4 on one node; the experts spread over all 8 GPUs
vllm serve Qwen/Qwen3-235B-A22B-FP8 \
  --data-parallel-size 2 \
  --tensor-parallel-size 4 \
  --enable-expert-parallel \
  --max-model-len 32768 \
  --reasoning-parser qwen3
# --8<-- [end:data-parallel]

# --8<-- [start:multi-node]
HEAD_NODE_IP=10.0.0.1  # the first node's address on the private network
# node 0: DP rank 0 of 2, TP 8, serves the API
vllm serve Qwen/Qwen3-235B-A22B-FP8 \
  --data-parallel-size 2 --data-parallel-size-local 1 \
  --tensor-parallel-size 8 --enable-expert-parallel \
  --data-parallel-address "${HEAD_NODE_IP}" --data-parallel-rpc-port 13345 \
  --max-model-len 32768 --reasoning-parser qwen3
# node 1: DP rank 1, no API server
vllm serve Qwen/Qwen3-235B-A22B-FP8 \
  --data-parallel-size 2 --data-parallel-size-local 1 \
  --tensor-parallel-size 8 --enable-expert-parallel \
  --data-parallel-address "${HEAD_NODE_IP}" --data-parallel-rpc-port 13345 \
  --data-parallel-start-rank 1 --headless \
  --max-model-len 32768
# --8<-- [end:multi-node]
