"""Every Qwen3 model side by side, computed from the config.json shapes on the meta device."""

from qwen3_handbook.architecture import (
    config_for,
    context_lengths,
    count_parameters,
    kv_cache_bytes,
    kv_cache_bytes_per_token,
    model_names,
)

# --8<-- [start:shapes]
print("| model | layers | hidden | Q / KV heads | feed-forward | tied emb. | context (YaRN) |")
#> | model | layers | hidden | Q / KV heads | feed-forward | tied emb. | context (YaRN) |
print("|---|---:|---:|---:|---|---|---|")
#> |---|---:|---:|---:|---|---|---|
for name in model_names():
    c = config_for(name)
    if name in model_names("moe"):
        ffn = f"{c.num_experts} experts × {c.moe_intermediate_size}, top {c.num_experts_per_tok}"
    else:
        ffn = f"dense, {c.intermediate_size}"
    native, with_yarn = context_lengths(name)
    context = f"{native // 1024}K" + (f" ({with_yarn // 1024}K)" if with_yarn > native else "")
    heads = f"{c.num_attention_heads} / {c.num_key_value_heads}"
    tied = "yes" if c.tie_word_embeddings else "no"
    row = f"{c.num_hidden_layers} | {c.hidden_size} | {heads} | {ffn} | {tied} | {context}"
    print(f"| {name} | {row} |")
    #> | Qwen3-235B-A22B | 94 | 4096 | 64 / 4 | 128 experts × 1536, top 8 | no | 32K (128K) |
    #> | Qwen3-30B-A3B | 48 | 2048 | 32 / 4 | 128 experts × 768, top 8 | no | 32K (128K) |
    #> | Qwen3-32B | 64 | 5120 | 64 / 8 | dense, 25600 | no | 32K (128K) |
    #> | Qwen3-14B | 40 | 5120 | 40 / 8 | dense, 17408 | no | 32K (128K) |
    #> | Qwen3-8B | 36 | 4096 | 32 / 8 | dense, 12288 | no | 32K (128K) |
    #> | Qwen3-4B | 36 | 2560 | 32 / 8 | dense, 9728 | yes | 32K (128K) |
    #> | Qwen3-1.7B | 28 | 2048 | 16 / 8 | dense, 6144 | yes | 32K |
    #> | Qwen3-0.6B | 28 | 1024 | 16 / 8 | dense, 3072 | yes | 32K |
# --8<-- [end:shapes]

# --8<-- [start:sizes]
print("| model | total | active / token | non-embedding | bf16 weights | KV / token | KV at 32K |")
#> | model | total | active / token | non-embedding | bf16 weights | KV / token | KV at 32K |
print("|---|---:|---:|---:|---:|---:|---:|")
#> |---|---:|---:|---:|---:|---:|---:|
for name in model_names():
    n = count_parameters(name)
    kv_token = kv_cache_bytes_per_token(name)  # bf16 keys and values, all layers
    kv_32k = kv_cache_bytes(name, context_tokens=32768)
    params = f"{n.total / 1e9:.2f} B | {n.active / 1e9:.2f} B | {n.non_embedding / 1e9:.2f} B"
    memory = f"{n.total * 2 / 1e9:.1f} GB | {kv_token / 1024:.0f} KiB | {kv_32k / 1e9:.2f} GB"
    print(f"| {name} | {params} | {memory} |")
    #> | Qwen3-235B-A22B | 235.09 B | 22.19 B | 233.85 B | 470.2 GB | 188 KiB | 6.31 GB |
    #> | Qwen3-30B-A3B | 30.53 B | 3.35 B | 29.91 B | 61.1 GB | 96 KiB | 3.22 GB |
    #> | Qwen3-32B | 32.76 B | 32.76 B | 31.21 B | 65.5 GB | 256 KiB | 8.59 GB |
    #> | Qwen3-14B | 14.77 B | 14.77 B | 13.21 B | 29.5 GB | 160 KiB | 5.37 GB |
    #> | Qwen3-8B | 8.19 B | 8.19 B | 6.95 B | 16.4 GB | 144 KiB | 4.83 GB |
    #> | Qwen3-4B | 4.02 B | 4.02 B | 3.63 B | 8.0 GB | 144 KiB | 4.83 GB |
    #> | Qwen3-1.7B | 1.72 B | 1.72 B | 1.41 B | 3.4 GB | 112 KiB | 3.76 GB |
    #> | Qwen3-0.6B | 0.60 B | 0.60 B | 0.44 B | 1.2 GB | 112 KiB | 3.76 GB |
# --8<-- [end:sizes]

# --8<-- [start:weights]
# Weight memory at the precision of each official release format, lower bounds: quantized
# checkpoints also store scales and keep a few layers (embeddings, norms, router) in bf16.
print("| model | bf16 | fp8 (8 bits) | 4-bit (AWQ, GPTQ-Int4) |")
#> | model | bf16 | fp8 (8 bits) | 4-bit (AWQ, GPTQ-Int4) |
print("|---|---:|---:|---:|")
#> |---|---:|---:|---:|
for name in model_names():
    billions = count_parameters(name).total / 1e9  # 1e9 parameters × 1 byte = 1 GB
    print(f"| {name} | {billions * 2:.1f} GB | {billions:.1f} GB | {billions / 2:.1f} GB |")
    #> | Qwen3-235B-A22B | 470.2 GB | 235.1 GB | 117.5 GB |
    #> | Qwen3-30B-A3B | 61.1 GB | 30.5 GB | 15.3 GB |
    #> | Qwen3-32B | 65.5 GB | 32.8 GB | 16.4 GB |
    #> | Qwen3-14B | 29.5 GB | 14.8 GB | 7.4 GB |
    #> | Qwen3-8B | 16.4 GB | 8.2 GB | 4.1 GB |
    #> | Qwen3-4B | 8.0 GB | 4.0 GB | 2.0 GB |
    #> | Qwen3-1.7B | 3.4 GB | 1.7 GB | 0.9 GB |
    #> | Qwen3-0.6B | 1.2 GB | 0.6 GB | 0.3 GB |
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
kv_ratio = kv_cache_bytes_per_token("Qwen3-30B-A3B") / kv_cache_bytes_per_token("Qwen3-32B")
print(f"KV cache per token vs 32B: {kv_ratio:.1%}")
#> KV cache per token vs 32B: 37.5%
# --8<-- [end:pick]
