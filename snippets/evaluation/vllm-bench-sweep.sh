# Your own prompts (one {"prompt": ...} per line) at rising concurrency, one result file
# per run, with a few warm-up requests first: one-time start-up work (compilation, cache
# allocation) stays out of the numbers. Non-thinking presets; on vLLM and SGLang add
# --top-k 20 (transformers serve refuses the field).
for concurrency in 1 2 4 8 16 32 64; do
  vllm bench serve \
    --backend openai-chat \
    --base-url http://127.0.0.1:8000 \
    --endpoint /v1/chat/completions \
    --model Qwen/Qwen3-235B-A22B \
    --dataset-name custom \
    --dataset-path prompts.jsonl \
    --custom-output-len 1024 \
    --num-prompts 200 \
    --num-warmups 4 \
    --max-concurrency "$concurrency" \
    --temperature 0.7 \
    --top-p 0.8 \
    --save-result \
    --result-dir results \
    --result-filename "concurrency-$concurrency.json"
done
