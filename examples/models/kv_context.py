"""What the 262,144-token context and the 1M route cost in KV cache, computed."""

# handbook: figures

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from qwen3_handbook.architecture import context_lengths, kv_cache_bytes
from qwen3_handbook.memory import weight_bytes
from qwen3_handbook.report import Table

plt.rcParams["svg.hashsalt"] = "qwen3-handbook"

# --8<-- [start:table]
# One sequence, bf16 KV cache, in GB, up to each model's documented maximum.
models = [
    "Qwen3-235B-A22B-Instruct-2507",
    "Qwen3-30B-A3B-Instruct-2507",
    "Qwen3-Coder-480B-A35B-Instruct",
]
contexts = [32768, 131072, 262144, 1010000]
rows = []
for name in models:
    longest = context_lengths(name)[1]
    sizes = [kv_cache_bytes(name, n) / 1e9 if n <= longest else None for n in contexts]
    rows.append([name.removeprefix("Qwen3-"), *sizes])
columns = ["KV cache (GB)", "32K", "128K", "256K", "1,010,000"]
print(Table(columns, rows))
"""
KV cache (GB)             32K  128K  256K  1,010,000
------------------------  ---  ----  ----  ---------
235B-A22B-Instruct-2507   6.3  25.2  50.5      194.4
30B-A3B-Instruct-2507     3.2  12.9  25.8       99.3
Coder-480B-A35B-Instruct  8.3  33.3  66.6      256.5
"""

# The cards' totals for the 1M route include activations as well ("approximately 1000
# GB" for 235B-A22B, "240 GB" for 30B-A3B); weights and KV cache alone:
card_total = {models[0]: 1000, models[1]: 240}
rows = []
for name in models[:2]:
    weights = weight_bytes(name, "bf16") / 1e9
    kv = kv_cache_bytes(name, 1010000) / 1e9
    rows.append([name, weights, kv, weights + kv, card_total[name]])
columns = ["1,010,000 tokens", "weights (GB)", "KV (GB)", "sum (GB)", "card (GB)"]
print(Table(columns, rows, float_format="{:,.0f}"))
"""
1,010,000 tokens               weights (GB)  KV (GB)  sum (GB)  card (GB)
-----------------------------  ------------  -------  --------  ---------
Qwen3-235B-A22B-Instruct-2507           470      194       665      1,000
Qwen3-30B-A3B-Instruct-2507              61       99       160        240
"""
# --8<-- [end:table]

# --8<-- [start:figure]
fig, ax = plt.subplots(figsize=(7, 4))
points = [2**k for k in range(15, 21)] + [1010000]
for name in models:
    longest = context_lengths(name)[1]
    xs = [n for n in points if n <= longest]
    ax.plot(xs, [kv_cache_bytes(name, n) / 1e9 for n in xs], marker="o", label=name)
ax.axvline(262144, color="grey", linestyle="--", linewidth=1)
ax.text(262144 * 1.05, 5, "262,144 native", fontsize=8)
ax.set_xscale("log", base=2)
ax.set_xlabel("context (tokens, one sequence)")
ax.set_ylabel("KV cache, bf16 (GB)")
ax.set_title("Qwen3-2507 and Qwen3-Coder: KV cache by context length")
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig("models-kv-context.svg")
# --8<-- [end:figure]
