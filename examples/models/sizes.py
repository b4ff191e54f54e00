"""Parameters, KV cache and memory of the 2507 and Coder models, from their configs."""

from qwen3_handbook.architecture import (
    context_lengths,
    count_parameters,
    kv_cache_bytes,
    model_names,
)
from qwen3_handbook.memory import estimate, gpus_needed
from qwen3_handbook.report import Table

# --8<-- [start:counts]
# The 2507 models keep the shapes of the April models they update; Coder-480B is new.
names = [
    "Qwen3-235B-A22B",
    "Qwen3-235B-A22B-Instruct-2507",
    "Qwen3-30B-A3B-Thinking-2507",
    "Qwen3-4B-Instruct-2507",
    *model_names(generation="coder"),
]
rows = []
for name in names:
    counts = count_parameters(name)  # built on PyTorch's meta device: exact
    native, extended = context_lengths(name)
    kv_native = kv_cache_bytes(name, native) / 1e9  # one sequence, bf16
    rows.append(
        [
            name.removeprefix("Qwen3-"),
            counts.total / 1e9,
            counts.active / 1e9,
            native,
            extended,
            kv_native,
        ]
    )
columns = ["model", "total (B)", "active (B)", "native", "max", "KV native (GB)"]
print(Table(columns, rows, float_format="{:,.2f}"))
"""
model                     total (B)  active (B)   native        max  KV native (GB)
------------------------  ---------  ----------  -------  ---------  --------------
235B-A22B                    235.09       22.19   32,768    131,072            6.31
235B-A22B-Instruct-2507      235.09       22.19  262,144  1,010,000           50.47
30B-A3B-Thinking-2507         30.53        3.35  262,144  1,010,000           25.77
4B-Instruct-2507               4.02        4.02  262,144    262,144           38.65
Coder-480B-A35B-Instruct     480.15       35.47  262,144  1,048,576           66.57
Coder-30B-A3B-Instruct        30.53        3.35  262,144  1,048,576           25.77
"""
# --8<-- [end:counts]

# --8<-- [start:memory]
# Weights + one sequence's bf16 KV cache + 10% overhead; GPUs: 80 GB cards, rounded up
# to a tensor-parallel size (1, 2, 4, 8, 16).
models = [
    "Qwen3-235B-A22B-Thinking-2507",
    "Qwen3-30B-A3B-Instruct-2507",
    "Qwen3-Coder-480B-A35B-Instruct",
    "Qwen3-Coder-30B-A3B-Instruct",
]
rows = []
for name in models:
    for fmt in ("bf16", "fp8", "q4_K_M"):
        short = estimate(name, fmt, context_tokens=32768)
        full = estimate(name, fmt, context_tokens=262144)
        rows.append(
            [
                name.removeprefix("Qwen3-"),
                fmt,
                short.total_gb,
                gpus_needed(short, 80),
                full.total_gb,
                gpus_needed(full, 80),
            ]
        )
columns = ["model", "format", "32K (GB)", "GPUs @32K", "256K (GB)", "GPUs @256K"]
print(Table(columns, rows, float_format="{:,.0f}"))
"""
model                     format  32K (GB)  GPUs @32K  256K (GB)  GPUs @256K
------------------------  ------  --------  ---------  ---------  ----------
235B-A22B-Thinking-2507   bf16         524          8        573           8
235B-A22B-Thinking-2507   fp8          267          4        316           8
235B-A22B-Thinking-2507   q4_K_M       163          4        212           4
30B-A3B-Instruct-2507     bf16          71          1         96           2
30B-A3B-Instruct-2507     fp8           38          1         63           1
30B-A3B-Instruct-2507     q4_K_M        24          1         49           1
Coder-480B-A35B-Instruct  bf16       1,065         16      1,130          16
Coder-480B-A35B-Instruct  fp8          540          8        604          16
Coder-480B-A35B-Instruct  q4_K_M       328          8        392           8
Coder-30B-A3B-Instruct    bf16          71          1         96           2
Coder-30B-A3B-Instruct    fp8           38          1         63           1
Coder-30B-A3B-Instruct    q4_K_M        24          1         49           1
"""
# --8<-- [end:memory]
