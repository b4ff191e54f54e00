#!/usr/bin/env bash
# Qwen3-235B-A22B on SGLang across two nodes of 8 GPUs: one server, 16-way tensor
# parallel; every node runs the same command with its own --node-rank.
set -euo pipefail

# --8<-- [start:tp16]
HEAD_NODE_IP=10.0.0.1  # the first node's address on the private network
# node 0 (serves the API)
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B \
  --tp-size 16 \
  --nnodes 2 --node-rank 0 --dist-init-addr "${HEAD_NODE_IP}:20000" \
  --context-length 32768 \
  --reasoning-parser qwen3 \
  --host 0.0.0.0 --port 30000
# node 1
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B \
  --tp-size 16 \
  --nnodes 2 --node-rank 1 --dist-init-addr "${HEAD_NODE_IP}:20000" \
  --context-length 32768
# --8<-- [end:tp16]

# --8<-- [start:pp]
# TP 8 inside each node, PP 2 across the two: cross-node traffic only between the stages
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B \
  --tp-size 8 --pp-size 2 \
  --nnodes 2 --node-rank 0 --dist-init-addr "${HEAD_NODE_IP}:20000" \
  --context-length 32768 \
  --reasoning-parser qwen3
# on node 1: the same with --node-rank 1
# --8<-- [end:pp]
