# Your own prompts instead of random tokens (one {"prompt": ...} per line), for servers
# that refuse vLLM's "ignore_eos" field, which the random dataset always sends.
vllm bench serve \
  --backend openai-chat \
  --base-url http://127.0.0.1:8000 \
  --endpoint /v1/chat/completions \
  --model Qwen/Qwen3-235B-A22B \
  --dataset-name custom \
  --dataset-path prompts.jsonl \
  --custom-output-len 1024 \
  --num-prompts 200 \
  --max-concurrency 16 \
  --save-result \
  --result-dir results
