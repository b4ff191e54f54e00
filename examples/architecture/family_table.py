"""One computed table for the Qwen3 models the handbook covers, from qwen3_handbook."""

from qwen3_handbook.architecture import (
    count_parameters,
    kv_cache_bytes_per_token,
    model_names,
)
from qwen3_handbook.report import Table

# --8<-- [start:table]
rows = []
for name in model_names():
    counts = count_parameters(name)
    kv_kib = kv_cache_bytes_per_token(name) // 1024  # keys and values in bf16
    rows.append([name, counts.total / 1e9, counts.active / 1e9, kv_kib])
columns = ["model", "total (B)", "active per token (B)", "KV cache per token (KiB)"]
print(Table(columns, rows, float_format="{:,.2f}"))
"""
model            total (B)  active per token (B)  KV cache per token (KiB)
---------------  ---------  --------------------  ------------------------
Qwen3-235B-A22B     235.09                 22.19                       188
Qwen3-30B-A3B        30.53                  3.35                        96
Qwen3-32B            32.76                 32.76                       256
Qwen3-14B            14.77                 14.77                       160
Qwen3-8B              8.19                  8.19                       144
Qwen3-4B              4.02                  4.02                       144
Qwen3-1.7B            1.72                  1.72                       112
Qwen3-0.6B            0.60                  0.60                       112
"""
# --8<-- [end:table]
