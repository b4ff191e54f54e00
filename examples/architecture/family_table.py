"""One computed table for the Qwen3 models the handbook covers, from qwen3_handbook."""

from qwen3_handbook.architecture import count_parameters, kv_cache_bytes_per_token, model_names

# --8<-- [start:table]
print("| model | total | active per token | KV cache per token (bf16) |")
#> | model | total | active per token | KV cache per token (bf16) |
print("|---|---:|---:|---:|")
#> |---|---:|---:|---:|
for name in model_names():
    counts = count_parameters(name)
    kv = kv_cache_bytes_per_token(name)
    print(
        f"| {name} | {counts.total / 1e9:.2f} B | {counts.active / 1e9:.2f} B | {kv / 1024:.0f} KiB |"
    )
    #> | Qwen3-235B-A22B | 235.09 B | 22.19 B | 188 KiB |
    #> | Qwen3-30B-A3B | 30.53 B | 3.35 B | 96 KiB |
    #> | Qwen3-32B | 32.76 B | 32.76 B | 256 KiB |
    #> | Qwen3-14B | 14.77 B | 14.77 B | 160 KiB |
    #> | Qwen3-8B | 8.19 B | 8.19 B | 144 KiB |
    #> | Qwen3-4B | 4.02 B | 4.02 B | 144 KiB |
    #> | Qwen3-1.7B | 1.72 B | 1.72 B | 112 KiB |
    #> | Qwen3-0.6B | 0.60 B | 0.60 B | 112 KiB |
# --8<-- [end:table]
