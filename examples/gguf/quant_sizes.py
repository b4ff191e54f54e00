"""What each weight format costs: Qwen3-235B-A22B and Qwen3-30B-A3B, computed tensor by
tensor."""

from qwen3_handbook.architecture import kv_cache_bytes
from qwen3_handbook.memory import QUANT_FORMATS, weight_bytes
from qwen3_handbook.report import Table

# --8<-- [start:table]
formats = ["bf16", "fp8", "int4", "q8_0", "q6_K", "q5_K_M", "q5_0", "q4_K_M"]
rows = []
for fmt in formats:
    big = weight_bytes("Qwen3-235B-A22B", fmt) / 1e9
    small = weight_bytes("Qwen3-30B-A3B", fmt) / 1e9
    bits = f"{QUANT_FORMATS[fmt].bits_per_weight:.2f}"
    rows.append([fmt, bits, big, small])
print(Table(["format", "bits/weight", "235B-A22B (GB)", "30B-A3B (GB)"], rows))
"""
format  bits/weight  235B-A22B (GB)  30B-A3B (GB)
------  -----------  --------------  ------------
bf16          16.00           470.2          61.1
fp8            8.00           236.4          31.2
int4           4.16           124.1          16.8
q8_0           8.50           249.9          32.5
q6_K           6.56           193.0          25.1
q5_K_M         5.50           166.8          21.7
q5_0           5.50           161.9          21.1
q4_K_M         4.50           142.1          18.6
"""
# --8<-- [end:table]

# --8<-- [start:kv]
# The KV cache does not shrink with the weights (bf16 unless you quantize it too).
for context in (32768, 131072):
    gigabytes = kv_cache_bytes("Qwen3-235B-A22B", context) / 1e9
    print(f"KV cache, one sequence of {context:,} tokens: {gigabytes:.1f} GB")
    #> KV cache, one sequence of 32,768 tokens: 6.3 GB
    #> KV cache, one sequence of 131,072 tokens: 25.2 GB
# --8<-- [end:kv]
