# vLLM: static YaRN x4 through --hf-overrides (the old --rope-scaling flag was removed
# in vLLM 0.11.1). The key is rope_parameters, the transformers 5 name, with rope_theta
# inside.
vllm serve Qwen/Qwen3-235B-A22B \
  --tensor-parallel-size 8 \
  --reasoning-parser qwen3 \
  --hf-overrides '{"rope_parameters": {"rope_type": "yarn", "factor": 4.0,
    "original_max_position_embeddings": 32768, "rope_theta": 1000000}}' \
  --max-model-len 131072
