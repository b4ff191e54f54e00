"""Every Qwen3 model side by side, computed from the config.json shapes on the meta
device."""

from qwen3_handbook.architecture import (
    config_for,
    context_lengths,
    count_parameters,
    kv_cache_bytes,
    kv_cache_bytes_per_token,
    model_names,
)
from qwen3_handbook.report import Table

# --8<-- [start:shapes]
rows = []
for name in model_names():
    c = config_for(name)
    if name in model_names("moe"):
        experts = f"{c.num_experts} × {c.moe_intermediate_size:,}"
        ffn = f"{experts}, top {c.num_experts_per_tok}"
    else:
        ffn = f"dense {c.intermediate_size:,}"
    native, with_yarn = context_lengths(name)
    context = f"{native // 1024}K"
    if with_yarn > native:
        context += f" ({with_yarn // 1024}K)"
    heads = f"{c.num_attention_heads} / {c.num_key_value_heads}"
    tied = c.tie_word_embeddings
    rows.append([name, c.num_hidden_layers, c.hidden_size, heads, ffn, tied, context])
columns = ["model", "layers", "hidden", "Q/KV heads", "feed-forward", "tied emb."]
print(Table([*columns, "context"], rows))
"""
model            layers  hidden  Q/KV heads  feed-forward        tied emb.     context
---------------  ------  ------  ----------  ------------------  ---------  ----------
Qwen3-235B-A22B      94   4,096      64 / 4  128 × 1,536, top 8  no         32K (128K)
Qwen3-30B-A3B        48   2,048      32 / 4  128 × 768, top 8    no         32K (128K)
Qwen3-32B            64   5,120      64 / 8  dense 25,600        no         32K (128K)
Qwen3-14B            40   5,120      40 / 8  dense 17,408        no         32K (128K)
Qwen3-8B             36   4,096      32 / 8  dense 12,288        no         32K (128K)
Qwen3-4B             36   2,560      32 / 8  dense 9,728         yes        32K (128K)
Qwen3-1.7B           28   2,048      16 / 8  dense 6,144         yes               32K
Qwen3-0.6B           28   1,024      16 / 8  dense 3,072         yes               32K
"""
# --8<-- [end:shapes]

# --8<-- [start:sizes]
rows = []
for name in model_names():
    n = count_parameters(name)
    kv_token = kv_cache_bytes_per_token(name)  # bf16 keys and values, all layers
    kv_32k = kv_cache_bytes(name, context_tokens=32768)
    billions = [n.total / 1e9, n.active / 1e9, n.non_embedding / 1e9]
    rows.append([name, *billions, kv_token // 1024, kv_32k / 1e9])
columns = ["model", "total (B)", "active (B)", "non-emb. (B)", "KV/token (KiB)"]
print(Table([*columns, "KV 32K (GB)"], rows, float_format="{:,.2f}"))
"""
model            total (B)  active (B)  non-emb. (B)  KV/token (KiB)  KV 32K (GB)
---------------  ---------  ----------  ------------  --------------  -----------
Qwen3-235B-A22B     235.09       22.19        233.85             188         6.31
Qwen3-30B-A3B        30.53        3.35         29.91              96         3.22
Qwen3-32B            32.76       32.76         31.21             256         8.59
Qwen3-14B            14.77       14.77         13.21             160         5.37
Qwen3-8B              8.19        8.19          6.95             144         4.83
Qwen3-4B              4.02        4.02          3.63             144         4.83
Qwen3-1.7B            1.72        1.72          1.41             112         3.76
Qwen3-0.6B            0.60        0.60          0.44             112         3.76
"""
# --8<-- [end:sizes]

# --8<-- [start:weights]
# Weight memory at the precision of each official release format, lower bounds:
# quantized checkpoints also store scales and keep a few layers (embeddings, norms,
# router) in bf16. 4-bit: AWQ and GPTQ-Int4.
rows = []
for name in model_names():
    billions = count_parameters(name).total / 1e9  # 1e9 parameters × 1 byte = 1 GB
    rows.append([name, billions * 2, billions, billions / 2])
print(Table(["model", "bf16 (GB)", "fp8 (GB)", "4-bit (GB)"], rows))
"""
model            bf16 (GB)  fp8 (GB)  4-bit (GB)
---------------  ---------  --------  ----------
Qwen3-235B-A22B      470.2     235.1       117.5
Qwen3-30B-A3B         61.1      30.5        15.3
Qwen3-32B             65.5      32.8        16.4
Qwen3-14B             29.5      14.8         7.4
Qwen3-8B              16.4       8.2         4.1
Qwen3-4B               8.0       4.0         2.0
Qwen3-1.7B             3.4       1.7         0.9
Qwen3-0.6B             1.2       0.6         0.3
"""
# --8<-- [end:weights]

# --8<-- [start:pick]
# Qwen3-30B-A3B against its neighbours: the flagship MoE and the largest dense model.
small_moe = count_parameters("Qwen3-30B-A3B")
flagship = count_parameters("Qwen3-235B-A22B")
dense = count_parameters("Qwen3-32B")
print(f"weights vs 235B-A22B: {small_moe.total / flagship.total:.0%}")
#> weights vs 235B-A22B: 13%
print(f"compute per token vs 32B: {small_moe.active / dense.active:.0%}")
#> compute per token vs 32B: 10%
kv_ratio = kv_cache_bytes_per_token("Qwen3-30B-A3B") / kv_cache_bytes_per_token(
    "Qwen3-32B"
)
print(f"KV cache per token vs 32B: {kv_ratio:.1%}")
#> KV cache per token vs 32B: 37.5%
# --8<-- [end:pick]
