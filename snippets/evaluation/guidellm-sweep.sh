# The same sweep with guidellm (pip install guidellm): your prompts, replies of at most
# 1,024 tokens, 200 requests at each concurrency. The model comes from the server's
# /v1/models. Reports: JSON and CSV, with TTFT, ITL and throughput per concurrency.
guidellm run \
  --backend kind=openai_http,target=http://127.0.0.1:8000,max_tokens=1024 \
  --profile kind=concurrent \
  --override profile.streams 1,2,4,8,16,32,64 \
  --data kind=json_file,path=prompts.jsonl \
  --constraint kind=max_requests,count=200 \
  --output kind=json,path=results/guidellm.json \
  --output kind=csv,path=results/guidellm.csv
