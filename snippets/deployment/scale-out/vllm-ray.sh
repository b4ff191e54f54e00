#!/usr/bin/env bash
# Qwen3-235B-A22B in bf16 on two nodes of 8 GPUs (40/48 GB) with vLLM on a Ray cluster:
# tensor parallel 8 within each node, pipeline parallel 2 across the nodes.
set -euo pipefail

# --8<-- [start:ray]
HEAD_NODE_IP=10.0.0.1  # the first node's address on the private network
# on the head node (Ray's default port is 6379)
ray start --head --port=6379
# on every other node
ray start --address="${HEAD_NODE_IP}:6379"
# then, on the head node only: vLLM sees every GPU of the cluster
vllm serve Qwen/Qwen3-235B-A22B \
  --tensor-parallel-size 8 \
  --pipeline-parallel-size 2 \
  --distributed-executor-backend ray \
  --max-model-len 32768 \
  --reasoning-parser qwen3
# --8<-- [end:ray]

# --8<-- [start:multiprocessing]
# without Ray: start the same command on each node, with its rank
vllm serve Qwen/Qwen3-235B-A22B \
  --tensor-parallel-size 8 --pipeline-parallel-size 2 \
  --nnodes 2 --node-rank 0 --master-addr "${HEAD_NODE_IP}" \
  --max-model-len 32768 --reasoning-parser qwen3
# on the second node: rank 1, no API server
vllm serve Qwen/Qwen3-235B-A22B \
  --tensor-parallel-size 8 --pipeline-parallel-size 2 \
  --nnodes 2 --node-rank 1 --master-addr "${HEAD_NODE_IP}" --headless \
  --max-model-len 32768
# --8<-- [end:multiprocessing]
