"""Candidates side by side: active parameters, memory by format, GPUs at 32K context."""

from qwen3_handbook.architecture import count_parameters
from qwen3_handbook.memory import estimate, gpus_needed
from qwen3_handbook.report import Table

# --8<-- [start:table]
# Memory: weights + one 32,768-token sequence (bf16 KV cache) + 10% overhead.
# GPUs: cards of that size, 90% usable, rounded up to a tensor-parallel size.
candidates = [
    "Qwen3-Coder-480B-A35B-Instruct",
    "Qwen3-235B-A22B-Instruct-2507",  # same numbers for -Thinking-2507
    "Qwen3-Coder-30B-A3B-Instruct",
    "Qwen3-30B-A3B-Instruct-2507",  # same numbers for -Thinking-2507
    "Qwen3-32B",
    "Qwen3-8B",
    "Qwen3-4B-Instruct-2507",
]
rows = []
for name in candidates:
    fp8 = estimate(name, "fp8", context_tokens=32768)
    q4 = estimate(name, "q4_K_M", context_tokens=32768)
    rows.append(
        [
            name.removeprefix("Qwen3-"),
            count_parameters(name).active / 1e9,
            fp8.total_gb,
            gpus_needed(fp8, 80),
            q4.total_gb,
            gpus_needed(q4, 24),
        ]
    )
columns = ["model", "active (B)", "fp8 (GB)", "80 GB GPUs", "q4_K_M (GB)", "24 GB GPUs"]
print(Table(columns, rows))
"""
model                     active (B)  fp8 (GB)  80 GB GPUs  q4_K_M (GB)  24 GB GPUs
------------------------  ----------  --------  ----------  -----------  ----------
Coder-480B-A35B-Instruct        35.5     539.6           8        328.2          16
235B-A22B-Instruct-2507         22.2     267.0           4        163.3           8
Coder-30B-A3B-Instruct           3.4      37.8           1         23.9           2
30B-A3B-Instruct-2507            3.4      37.8           1         23.9           2
32B                             32.8      47.2           1         31.2           2
8B                               8.2      15.7           1         10.8           1
4B-Instruct-2507                 4.0      10.2           1          8.1           1
"""
# --8<-- [end:table]
