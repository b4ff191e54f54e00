"""Memory of every Qwen3 model in every weight format, and the GPUs each one needs."""

# handbook: figures

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from qwen3_handbook.architecture import model_names
from qwen3_handbook.memory import QUANT_FORMATS, estimate, gpus_needed
from qwen3_handbook.parallel import Layout, divisibility_problems
from qwen3_handbook.report import Table

plt.rcParams["svg.hashsalt"] = "qwen3-handbook"

# --8<-- [start:weights]
formats = ["bf16", "fp8", "int4", "q8_0", "q6_K", "q5_K_M", "q4_K_M"]
rows = []
for name in model_names():
    # context_tokens=1: weights only, the KV cache is negligible
    plans = [estimate(name, fmt, 1, overhead_fraction=0) for fmt in formats]
    rows.append([name, *(plan.weights / 1e9 for plan in plans)])
print(Table(["weights (GB)", *formats], rows))
"""
weights (GB)      bf16    fp8   int4   q8_0   q6_K  q5_K_M  q4_K_M
---------------  -----  -----  -----  -----  -----  ------  ------
Qwen3-235B-A22B  470.2  236.4  124.1  249.9  193.0   166.8   142.1
Qwen3-30B-A3B     61.1   31.2   16.8   32.5   25.1    21.7    18.6
Qwen3-32B         65.5   34.3   19.3   34.8   26.9    23.2    19.8
Qwen3-14B         29.5   16.3   10.0   15.7   12.1    10.5     9.0
Qwen3-8B          16.4    9.4    6.1    8.7    6.7     5.8     5.0
Qwen3-4B           8.0    4.4    2.7    4.3    3.3     2.9     2.5
Qwen3-1.7B         3.4    2.0    1.4    1.8    1.4     1.3     1.1
Qwen3-0.6B         1.2    0.8    0.5    0.6    0.5     0.4     0.4
"""
# --8<-- [end:weights]

# --8<-- [start:gpus]
# One 32,768-token sequence, bf16 KV cache, 10% overhead, 90% of each GPU usable,
# rounded up to a tensor-parallel size (1, 2, 4, 8). "+ EP": FP8's 128 x 128 blocks
# do not divide the experts at that TP size; add --enable-expert-parallel.
gpu_sizes = [24, 48, 80, 96, 141]


def gpu_cell(name, fmt, n):
    if n > 8:
        return "> 8"
    if fmt == "fp8" and divisibility_problems(name, fmt, Layout(tp=n)):
        return f"{n} × + EP"
    return f"{n} ×"


rows = []
for name in model_names():
    for fmt in ("bf16", "fp8", "q4_K_M"):
        plan = estimate(name, fmt, context_tokens=32768)
        cells = [gpu_cell(name, fmt, gpus_needed(plan, gb)) for gb in gpu_sizes]
        rows.append([name, fmt, round(plan.total_gb), *cells])
columns = ["model", "format", "total (GB)", *(f"{gb} GB" for gb in gpu_sizes)]
print(Table(columns, rows))
"""
model            format  total (GB)  24 GB     48 GB  80 GB  96 GB  141 GB
---------------  ------  ----------  -----  --------  -----  -----  ------
Qwen3-235B-A22B  bf16           524    > 8       > 8    8 ×    8 ×     8 ×
Qwen3-235B-A22B  fp8            267    > 8  8 × + EP    4 ×    4 ×     4 ×
Qwen3-235B-A22B  q4_K_M         163    8 ×       4 ×    4 ×    2 ×     2 ×
Qwen3-30B-A3B    bf16            71    4 ×       2 ×    1 ×    1 ×     1 ×
Qwen3-30B-A3B    fp8             38    2 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-30B-A3B    q4_K_M          24    2 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-32B        bf16            82    4 ×       2 ×    2 ×    1 ×     1 ×
Qwen3-32B        fp8             47    4 ×       2 ×    1 ×    1 ×     1 ×
Qwen3-32B        q4_K_M          31    2 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-14B        bf16            38    2 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-14B        fp8             24    2 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-14B        q4_K_M          16    1 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-8B         bf16            23    2 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-8B         fp8             16    1 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-8B         q4_K_M          11    1 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-4B         bf16            14    1 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-4B         fp8             10    1 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-4B         q4_K_M           8    1 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-1.7B       bf16             8    1 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-1.7B       fp8              6    1 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-1.7B       q4_K_M           5    1 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-0.6B       bf16             5    1 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-0.6B       fp8              5    1 ×       1 ×    1 ×    1 ×     1 ×
Qwen3-0.6B       q4_K_M           5    1 ×       1 ×    1 ×    1 ×     1 ×
"""
# --8<-- [end:gpus]

# --8<-- [start:chart]
# Stacked bars for the flagship: weights, KV cache (one 32K sequence), overhead; GPU
# lines.
plans = [
    estimate("Qwen3-235B-A22B", fmt, context_tokens=32768) for fmt in QUANT_FORMATS
]
labels = [plan.fmt for plan in plans]
weights = [plan.weights / 1e9 for plan in plans]
kv = [plan.kv_cache / 1e9 for plan in plans]
overhead = [plan.overhead / 1e9 for plan in plans]
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.bar(labels, weights, label="weights")
ax.bar(labels, kv, bottom=weights, label="KV cache (32K tokens, bf16)")
below = [w + k for w, k in zip(weights, kv, strict=True)]
ax.bar(labels, overhead, bottom=below, label="overhead (10%)")
for gpus, style in ((2, ":"), (4, "--"), (8, "-.")):
    usable = gpus * 80 * 0.9
    ax.axhline(usable, color="grey", linestyle=style, linewidth=1)
    ax.text(len(labels) - 0.4, usable + 5, f"{gpus} × 80 GB", ha="left", fontsize=8)
ax.set_xlim(-0.6, len(labels) + 0.9)  # room for the line labels right of the bars
ax.set_ylabel("GB")
ax.set_title("Qwen3-235B-A22B: memory by weight format")
ax.legend(fontsize=8, loc="upper right", bbox_to_anchor=(0.86, 0.93))
fig.tight_layout()
fig.savefig("hardware-memory-235b.svg")
# --8<-- [end:chart]
