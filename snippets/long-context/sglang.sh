# SGLang: override the config.json fields at launch, and raise the context length to
# match (the JSON may span lines inside its quotes).
python -m sglang.launch_server \
  --model-path Qwen/Qwen3-235B-A22B \
  --tp 8 \
  --reasoning-parser qwen3 \
  --json-model-override-args '{"rope_scaling": {"rope_type": "yarn", "factor": 4.0,
    "original_max_position_embeddings": 32768}}' \
  --context-length 131072
