"""KV-cache memory by context length, and RULER accuracy by context length, as a table
and figures."""

# handbook: figures

import csv
from importlib.resources import files

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from qwen3_handbook.architecture import context_lengths, kv_cache_bytes, model_names
from qwen3_handbook.report import Table

plt.rcParams["svg.hashsalt"] = "qwen3-handbook"

# --8<-- [start:table]
# KV cache of one sequence in bf16, in GB; empty beyond the model's longest context.
contexts = [4096, 8192, 16384, 32768, 65536, 131072]
rows = []
for name in model_names():
    longest = context_lengths(name)[1]  # with YaRN where the model supports it
    sizes = [kv_cache_bytes(name, n) / 1e9 if n <= longest else None for n in contexts]
    rows.append([name, *sizes])
columns = ["KV cache (GB)", *(f"{n // 1024}K" for n in contexts)]
print(Table(columns, rows, float_format="{:,.2f}"))
"""
KV cache (GB)      4K    8K   16K   32K    64K   128K
---------------  ----  ----  ----  ----  -----  -----
Qwen3-235B-A22B  0.79  1.58  3.15  6.31  12.62  25.23
Qwen3-30B-A3B    0.40  0.81  1.61  3.22   6.44  12.88
Qwen3-32B        1.07  2.15  4.29  8.59  17.18  34.36
Qwen3-14B        0.67  1.34  2.68  5.37  10.74  21.47
Qwen3-8B         0.60  1.21  2.42  4.83   9.66  19.33
Qwen3-4B         0.60  1.21  2.42  4.83   9.66  19.33
Qwen3-1.7B       0.47  0.94  1.88  3.76
Qwen3-0.6B       0.47  0.94  1.88  3.76
"""
# --8<-- [end:table]

# --8<-- [start:figure]
fig, ax = plt.subplots(figsize=(7, 4))
for name in model_names():
    reachable = [n for n in contexts if n <= context_lengths(name)[1]]
    ax.plot(
        reachable,
        [kv_cache_bytes(name, n) / 1e9 for n in reachable],
        marker="o",
        label=name,
    )
ax.axvline(32768, color="grey", linestyle="--", linewidth=1)
ax.text(33500, 0.4, "native 32,768", color="grey", fontsize=8)
ax.set_xscale("log", base=2)
ax.set_yscale("log", base=2)  # on log-log axes, linear growth is a straight line
ax.set_xticks(contexts, [f"{n // 1024}K" for n in contexts])
ax.set_yticks([0.5, 1, 2, 4, 8, 16, 32], ["0.5", "1", "2", "4", "8", "16", "32"])
ax.set_xlabel("context length per sequence (tokens)")
ax.set_ylabel("KV cache, bf16 (GB)")
ax.set_title("KV cache of one sequence: doubles with every doubling of context")
ax.legend(fontsize=7, ncol=2)
fig.tight_layout()
fig.savefig("long-context-kv-cache.svg")
# --8<-- [end:figure]

# --8<-- [start:ruler]
# Table 23 of the Qwen3 technical report: RULER accuracy, YaRN factor 4 beyond 32K.
with files("qwen3_handbook").joinpath("data/benchmarks_ruler.csv").open() as f:
    ruler = list(csv.DictReader(f))
lengths = [int(column) for column in ruler[0] if column.isdigit()]
fig, ax = plt.subplots(figsize=(7, 4))
colors = {"Qwen3-235B-A22B": "C0", "Qwen3-30B-A3B": "C1", "Qwen3-8B": "C2"}
for row in ruler:
    if row["model"] in colors:
        style = "-" if row["mode"] == "non-thinking" else ":"
        scores = [float(row[str(n)]) for n in lengths]
        label = f"{row['model']} ({row['mode']})"
        ax.plot(
            lengths, scores, style, color=colors[row["model"]], marker="o", label=label
        )
ax.axvline(32768, color="grey", linestyle="--", linewidth=1)
ax.set_xscale("log", base=2)
ax.set_xticks(lengths, [f"{n // 1024}K" for n in lengths])
ax.set_xlabel("context length (tokens)")
ax.set_ylabel("RULER accuracy")
ax.set_title("RULER by context length (tech report, Table 23)")
ax.legend(fontsize=7)
fig.tight_layout()
fig.savefig("long-context-ruler.svg")
best = max(ruler, key=lambda row: float(row["131072"]))
print(f"best at 128K: {best['model']} ({best['mode']}), {best['131072']}")
#> best at 128K: Qwen3-235B-A22B (non-thinking), 90.6
# --8<-- [end:ruler]
