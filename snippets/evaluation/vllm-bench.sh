# Throughput and latency against any OpenAI-compatible server (vLLM, SGLang,
# transformers serve, ...), from a machine with vLLM installed: 200 requests of 1,024
# tokens in and out, at most 16 in flight, thinking-mode sampling from the model card.
vllm bench serve \
  --backend openai-chat \
  --base-url http://127.0.0.1:8000 \
  --endpoint /v1/chat/completions \
  --model Qwen/Qwen3-235B-A22B \
  --dataset-name random \
  --random-input-len 1024 \
  --random-output-len 1024 \
  --num-prompts 200 \
  --max-concurrency 16 \
  --temperature 0.6 \
  --top-p 0.95 \
  --top-k 20 \
  --save-result \
  --result-dir results
