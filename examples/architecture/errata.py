"""Check widespread claims about Qwen3 against the config and the architecture
itself."""

import math
import os

import torch
from transformers import AutoConfig, AutoModelForCausalLM, Qwen3MoeConfig

from qwen3_handbook.architecture import (
    count_parameters,
    kv_cache_bytes,
    kv_cache_bytes_per_token,
)

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
config = AutoConfig.from_pretrained(model_name)  # config.json only: a few kB

# --8<-- [start:activation]
# Claim: "Qwen3 uses GELU and LayerNorm". Ask the config, then the modules transformers
# builds.
print(config.hidden_act)
#> silu
with torch.device("meta"):  # shapes only, no memory: any model size is instant
    skeleton = AutoModelForCausalLM.from_config(config)
norm_types = sorted(
    {type(m).__name__ for m in skeleton.modules() if "Norm" in type(m).__name__}
)
print(norm_types)
#> ['Qwen3MoeRMSNorm']
layer_norms = sum(isinstance(m, torch.nn.LayerNorm) for m in skeleton.modules())
print(f"LayerNorm modules: {layer_norms}")
#> LayerNorm modules: 0
# --8<-- [end:activation]

# --8<-- [start:rope]
# Claim: "RoPE theta is 10,000". transformers 5 keeps it in rope_parameters, 4.x in
# rope_theta.
rope = getattr(config, "rope_parameters", None) or {"rope_theta": config.rope_theta}
theta = rope["rope_theta"]
print(f"{theta:,.0f}")
#> 1,000,000


# The slowest rotary pair completes one turn every 2π·θ^((d-2)/d) tokens: with θ =
# 10,000 that is about 54K tokens, fewer than the 131,072 YaRN reaches; with 1,000,000
# it is millions.
def slowest_wavelength(theta: float, head_dim: int = 128) -> float:
    return 2 * math.pi * theta ** ((head_dim - 2) / head_dim)


print(f"θ = 10,000: {slowest_wavelength(10_000):,.0f} tokens")
#> θ = 10,000: 54,410 tokens
print(f"θ = 1,000,000: {slowest_wavelength(1_000_000):,.0f} tokens")
#> θ = 1,000,000: 5,063,256 tokens
# --8<-- [end:rope]

# --8<-- [start:a22b]
# Claim: "A22B is a version". It is the activated parameter count.
counts = count_parameters("Qwen3-235B-A22B")
print(
    f"total {counts.total / 1e9:.1f}B, activated per token {counts.active / 1e9:.1f}B"
)
#> total 235.1B, activated per token 22.2B
# --8<-- [end:a22b]

# --8<-- [start:kv]
# Claim: "every 32K tokens of context add 40 GB of KV cache". Only 4 KV heads are
# cached.
per_token = kv_cache_bytes_per_token("Qwen3-235B-A22B")
print(f"{per_token:,} bytes per token")
#> 192,512 bytes per token
per_32k = kv_cache_bytes("Qwen3-235B-A22B", 32768)
print(f"{per_32k / 1e9:.2f} GB per 32K-token sequence (bf16)")
#> 6.31 GB per 32K-token sequence (bf16)
factor = 40e9 / 32768 / per_token
print(f"40 GB would need {factor:.1f}× more KV heads than the model has")
#> 40 GB would need 6.3× more KV heads than the model has
# Grouped-query attention is why: 64 query heads, but only 4 key/value heads are cached.
full_heads = per_token * 64 // 4
print(f"with a key and value per query head: {full_heads:,} bytes per token")
#> with a key and value per query head: 3,080,192 bytes per token
# --8<-- [end:kv]

# --8<-- [start:norm-topk]
# Claim: "norm_topk_prob defaults to false, so leave it out". The checkpoint sets it to
# true; the library default is false, so a config built by hand without it routes
# differently.
print("checkpoint config:", config.norm_topk_prob)
#> checkpoint config: True
print("Qwen3MoeConfig() default:", Qwen3MoeConfig().norm_topk_prob)
#> Qwen3MoeConfig() default: False
print("aux loss coefficient:", config.router_aux_loss_coef)
#> aux loss coefficient: 0.001
# --8<-- [end:norm-topk]
