#!/usr/bin/env bash
# Ask the server started by serve.sh. vLLM returns the thinking as "reasoning"
# (--reasoning-parser qwen3; "reasoning_content" before the rename, vllm#27752) and the
# answer as "content". SGLang, llama.cpp and transformers serve use "reasoning_content".
set -euo pipefail

# --8<-- [start:thinking]
curl http://localhost:8000/v1/chat/completions -H "Content-Type: application/json" -d '{
  "model": "Qwen/Qwen3-235B-A22B",
  "messages": [{"role": "user", "content": "What is 17 × 23?"}],
  "temperature": 0.6, "top_p": 0.95, "top_k": 20, "min_p": 0,
  "max_tokens": 32768
}'
# --8<-- [end:thinking]

# --8<-- [start:no-thinking]
curl http://localhost:8000/v1/chat/completions -H "Content-Type: application/json" -d '{
  "model": "Qwen/Qwen3-235B-A22B",
  "messages": [{"role": "user", "content": "What is 17 × 23?"}],
  "temperature": 0.7, "top_p": 0.8, "top_k": 20, "min_p": 0,
  "presence_penalty": 1.5,
  "chat_template_kwargs": {"enable_thinking": false}
}'
# --8<-- [end:no-thinking]
