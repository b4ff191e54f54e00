"""Qwen3-235B-A22B with and without thinking: the tech report's numbers, as a table and
a chart."""

# handbook: figures

import csv
from importlib.resources import files

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from qwen3_handbook.report import Table

plt.rcParams["svg.hashsalt"] = "qwen3-handbook"

# --8<-- [start:table]
# Tables 11 and 12 of the Qwen3 technical report, kept in the package's data file.
with files("qwen3_handbook").joinpath("data/benchmarks_235b.csv").open() as f:
    rows = list(csv.DictReader(f))

table = []
for row in rows:
    gain = float(row["thinking"]) - float(row["non_thinking"])
    decimals = len(row["thinking"].partition(".")[2])  # as many decimals as the report
    cells = [row["category"], row["benchmark"], row["thinking"], row["non_thinking"]]
    table.append([*cells, f"{gain:+.{decimals}f}"])
columns = ["category", "benchmark", "thinking", "non-thinking", "gain"]
print(Table(columns, table))
"""
category               benchmark              thinking  non-thinking   gain
---------------------  ---------------------  --------  ------------  -----
General                MMLU-Redux                 92.7          89.2   +3.5
General                GPQA-Diamond               71.1          62.9   +8.2
General                C-Eval                     89.6          86.1   +3.5
General                LiveBench 2024-11-25       77.1          62.5  +14.6
Alignment              IFEval strict prompt       83.4          83.2   +0.2
Alignment              Arena-Hard                 95.6          96.1   -0.5
Alignment              AlignBench v1.1            8.94          8.91  +0.03
Alignment              Creative Writing v3        84.6          80.4   +4.2
Alignment              WritingBench               8.03          7.70  +0.33
Math & text reasoning  MATH-500                   98.0          91.2   +6.8
Math & text reasoning  AIME'24                    85.7          40.1  +45.6
Math & text reasoning  AIME'25                    81.5          24.7  +56.8
Math & text reasoning  ZebraLogic                 80.3          37.7  +42.6
Math & text reasoning  AutoLogi                   89.0          83.3   +5.7
Agent & coding         BFCL v3                    70.8          68.0   +2.8
Agent & coding         LiveCodeBench v5           70.7          35.3  +35.4
Agent & coding         CodeForces rating          2056          1387   +669
Agent & coding         CodeForces percentile      98.2          75.7  +22.5
Multilingual           Multi-IF                   71.9          70.2   +1.7
Multilingual           INCLUDE                    78.7          75.6   +3.1
Multilingual           MMMLU 14 languages         84.3          79.8   +4.5
Multilingual           MT-AIME2024                80.8          32.4  +48.4
Multilingual           PolyMath                   54.7          27.0  +27.7
Multilingual           MLogiQA                    77.1          67.6   +9.5
"""
# --8<-- [end:table]

# --8<-- [start:summary]
scores = [row for row in rows if row["metric"] == "score (0-100)"]
gains = sorted(
    scores, key=lambda row: float(row["thinking"]) - float(row["non_thinking"])
)
print(f"biggest gain: {gains[-1]['benchmark']}, smallest: {gains[0]['benchmark']}")
#> biggest gain: AIME'25, smallest: Arena-Hard
better_direct = [
    r["benchmark"] for r in scores if float(r["non_thinking"]) > float(r["thinking"])
]
print(f"non-thinking scores higher on: {', '.join(better_direct)}")
#> non-thinking scores higher on: Arena-Hard
# --8<-- [end:summary]

# --8<-- [start:chart]
fig, ax = plt.subplots(figsize=(8, 7))
names = [row["benchmark"] for row in scores][::-1]
positions = range(len(names))
ax.barh(
    [p + 0.2 for p in positions],
    [float(r["thinking"]) for r in scores][::-1],
    0.4,
    label="thinking",
)
ax.barh(
    [p - 0.2 for p in positions],
    [float(r["non_thinking"]) for r in scores][::-1],
    0.4,
    label="non-thinking",
)
ax.set_yticks(list(positions), names, fontsize=8)
ax.set_xlabel("score (0-100)")
ax.set_xlim(0, 100)
ax.set_title(
    "Qwen3-235B-A22B, thinking vs non-thinking (tech report, Tables 11-12)", pad=28
)
ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
fig.tight_layout()
fig.savefig("benchmarks-thinking-vs-non-thinking.svg")
# --8<-- [end:chart]
