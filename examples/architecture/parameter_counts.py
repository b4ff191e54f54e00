"""Exact parameter counts of Qwen3-235B-A22B, computed from its config on the meta
device."""

import torch
from transformers import AutoModelForCausalLM, Qwen3MoeConfig

# --8<-- [start:config]
# The architecture fields of config.json of Qwen/Qwen3-235B-A22B on the Hugging Face
# hub.
config = Qwen3MoeConfig(
    vocab_size=151936,
    hidden_size=4096,
    num_hidden_layers=94,
    num_attention_heads=64,  # query heads
    num_key_value_heads=4,  # grouped-query attention: 16 query heads share each KV head
    head_dim=128,
    num_experts=128,
    num_experts_per_tok=8,
    moe_intermediate_size=1536,
    norm_topk_prob=True,
    rope_theta=1_000_000.0,
    tie_word_embeddings=False,
)
# --8<-- [end:config]

# --8<-- [start:meta]
# On the meta device tensors have shapes but no storage: 235B parameters in ~0 bytes.
with torch.device("meta"):
    model = AutoModelForCausalLM.from_config(config)

total = sum(p.numel() for p in model.parameters())
print(f"total parameters: {total:,}")
#> total parameters: 235,093,634,560
# --8<-- [end:meta]

# --8<-- [start:parts]
layer = model.model.layers[0]
attention = sum(p.numel() for p in layer.self_attn.parameters())
experts = sum(p.numel() for p in layer.mlp.experts.parameters())
one_expert = experts // config.num_experts
router = layer.mlp.gate.weight.numel()
print(f"attention per layer: {attention:,}")
#> attention per layer: 71,303,424
print(f"one expert (gate, up, down): {one_expert:,}")
#> one expert (gate, up, down): 18,874,368
print(f"router per layer: {router:,}")
#> router per layer: 524,288
# --8<-- [end:parts]

# --8<-- [start:active]
# Each token visits 8 of the 128 experts in every layer; the other 120 stay idle.
idle = (
    config.num_hidden_layers
    * (config.num_experts - config.num_experts_per_tok)
    * one_expert
)
active = total - idle
print(f"active per token: {active:,} ({active / total:.1%} of the total)")
#> active per token: 22,190,763,520 (9.4% of the total)
# --8<-- [end:active]

# --8<-- [start:kv-cache]
# Per token, every layer caches one key and one value vector per KV head, in bf16 (2
# bytes).
kv_bytes_per_token = (
    config.num_hidden_layers * 2 * config.num_key_value_heads * config.head_dim * 2
)
print(f"KV cache per token: {kv_bytes_per_token:,} bytes")
#> KV cache per token: 192,512 bytes
print(f"KV cache at 32,768 tokens: {kv_bytes_per_token * 32768 / 1e9:.2f} GB")
#> KV cache at 32,768 tokens: 6.31 GB
# --8<-- [end:kv-cache]
