"""What thinking buys and what it costs, from the Qwen team's own numbers.

# handbook: figures
Gains: the Qwen3 technical report's Tables 11 and 12 (Qwen3-235B-A22B, thinking and
non-thinking), kept in the package's data file. Seconds: the "Speed Benchmark" page of
the Qwen documentation (QwenLM/Qwen3, docs/source/getting_started/speed_benchmark.md):
SGLang 0.4.6.post1, NVIDIA H20 96 GB, batch size 1, 2,048 generated tokens per request.
"""

import csv
from collections import defaultdict
from importlib.resources import files

import matplotlib

matplotlib.use("Agg")  # write files, open no window
import matplotlib.pyplot as plt

from qwen3_handbook.report import Table

plt.rcParams["svg.hashsalt"] = "qwen3-handbook"  # stable SVG ids from run to run

# --8<-- [start:gains]
# Tables 11 and 12 of the Qwen3 technical report: the same checkpoint in both modes.
with files("qwen3_handbook").joinpath("data/benchmarks_235b.csv").open() as f:
    benchmarks = [row for row in csv.DictReader(f) if row["metric"] == "score (0-100)"]

by_category = defaultdict(list)
for row in benchmarks:
    gain = round(float(row["thinking"]) - float(row["non_thinking"]), 1)
    by_category[row["category"]].append((gain, row["benchmark"]))

rows = []
for category, gains in by_category.items():
    mean = sum(gain for gain, _ in gains) / len(gains)
    top_gain, top_name = max(gains, key=lambda pair: pair[0])  # first one on a tie
    low_gain, low_name = min(gains, key=lambda pair: pair[0])
    cells = [category, len(gains), f"{mean:+.1f}"]
    rows.append([*cells, f"{top_name} {top_gain:+.1f}", f"{low_name} {low_gain:+.1f}"])
rows.sort(key=lambda cells: -float(cells[2]))
print(Table(["category", "count", "mean gain", "largest", "smallest"], rows))
"""
category               count  mean gain  largest                     smallest
---------------------  -----  ---------  --------------------------  ---------------
Math & text reasoning      5      +31.5  AIME'25 +56.8               AutoLogi +5.7
Agent & coding             2      +19.1  LiveCodeBench v5 +35.4      BFCL v3 +2.8
Multilingual               6      +15.8  MT-AIME2024 +48.4           Multi-IF +1.7
General                    4       +7.4  LiveBench 2024-11-25 +14.6  MMLU-Redux +3.5
Alignment                  3       +1.3  Creative Writing v3 +4.2    Arena-Hard -0.5
"""
# --8<-- [end:gains]

# --8<-- [start:spread]
gains = [gain for pairs in by_category.values() for gain, _ in pairs]
small, large = sum(g < 5 for g in gains), sum(g > 20 for g in gains)
print(f"of {len(gains)} benchmarks: {small} gain under 5 points, {large} over 20")
#> of 20 benchmarks: 9 gain under 5 points, 6 over 20
# --8<-- [end:spread]

# --8<-- [start:rates]
with files("qwen3_handbook").joinpath("data/speed_benchmark.csv").open() as f:
    speed = [row for row in csv.DictReader(f) if row["model"] == "Qwen3-235B-A22B"]
GENERATED = 2048  # every run of the benchmark generates 2,048 tokens
FORMATS = ["BF16", "FP8", "GPTQ-INT4"]
NAMES = {"BF16": "BF16", "FP8": "FP8", "GPTQ-INT4": "GPTQ-Int4"}  # as repos spell it


def seconds_per_token(quantization, input_tokens):
    """One run's time divided by its 2,048 generated tokens (prefill included)."""
    for row in speed:
        key = (row["quantization"], int(row["input_tokens"]))
        if key == (quantization, input_tokens):
            # the benchmark's speed counts prompt and output: (input + 2048) / time
            seconds = (input_tokens + GENERATED) / float(row["tokens_per_s"])
            return seconds / GENERATED, int(row["gpus"])
    raise KeyError((quantization, input_tokens))


# Low: the decode rate after a 1-token prompt. High: the run whose 2,048 tokens follow
# a 30,720-token prompt, about as much context as the end of a 32,768-token answer.
rates = {}
for quantization in FORMATS:
    low, gpus = seconds_per_token(quantization, 1)
    high, _ = seconds_per_token(quantization, 30_720)
    rates[quantization] = (low, high, gpus)
rows = [[NAMES[q], n, low * 1e3, high * 1e3] for q, (low, high, n) in rates.items()]
columns = ["weights", "GPUs", "ms/token, 1-token prompt", "ms/token, 30,720 prompt"]
print(Table(columns, rows))
"""
weights    GPUs  ms/token, 1-token prompt  ms/token, 30,720 prompt
---------  ----  ------------------------  -----------------------
BF16          8                      13.4                     16.3
FP8           4                      14.0                     18.0
GPTQ-Int4     4                      68.1                     80.4
"""
# --8<-- [end:rates]

# --8<-- [start:seconds]
# Output tokens per answer: the thinking (up to the budget) plus the answer.
budgets = [1_024, 4_096, 8_192, 16_384, 32_768]
rows = []
for tokens in budgets:
    cells = [tokens]
    for quantization in FORMATS:
        low, high, _ = rates[quantization]
        cells.append(f"{tokens * low:,.0f}–{tokens * high:,.0f}")
    rows.append(cells)
print(Table(["output tokens", "BF16 (s)", "FP8 (s)", "GPTQ-Int4 (s)"], rows))
"""
output tokens  BF16 (s)  FP8 (s)  GPTQ-Int4 (s)
-------------  --------  -------  -------------
        1,024     14–17    14–18          70–82
        4,096     55–67    57–74        279–329
        8,192   110–134  114–148        558–659
       16,384   220–268  229–295    1,116–1,317
       32,768   440–535  458–590    2,232–2,635
"""
# --8<-- [end:seconds]

# --8<-- [start:gpu-hours]
# GPU-hours per 1,000 answers. At batch 1 a request holds its GPUs alone, so
# GPU-hours = seconds x GPUs / 3,600: multiply by your price per GPU-hour. A loaded
# server shares its GPUs between requests, which divides this (see the page).
rows = []
for tokens in budgets:
    cells = [tokens]
    for quantization in FORMATS:
        low, high, gpus = rates[quantization]
        per_1000 = [1_000 * tokens * rate * gpus / 3_600 for rate in (low, high)]
        cells.append(f"{per_1000[0]:,.0f}–{per_1000[1]:,.0f}")
    rows.append(cells)
columns = ["output tokens", "BF16 (GPU-h)", "FP8 (GPU-h)", "GPTQ-Int4 (GPU-h)"]
print(Table(columns, rows))
"""
output tokens  BF16 (GPU-h)  FP8 (GPU-h)  GPTQ-Int4 (GPU-h)
-------------  ------------  -----------  -----------------
        1,024         31–37        16–21              77–91
        4,096       122–149        64–82            310–366
        8,192       244–297      127–164            620–732
       16,384       489–595      254–328        1,240–1,464
       32,768     978–1,190      508–656        2,480–2,927
"""
# --8<-- [end:gpu-hours]

# --8<-- [start:chart]
figure, axis = plt.subplots(figsize=(7, 4.2), layout="constrained")
x = [1_024, 32_768]  # straight lines through zero: log axes keep them apart
for quantization in FORMATS:
    low, high, gpus = rates[quantization]
    label = f"{NAMES[quantization]} ({gpus} GPUs)"
    (line,) = axis.plot(x, [t * low for t in x], label=label)
    band = [t * low for t in x], [t * high for t in x]
    axis.fill_between(x, *band, alpha=0.25, color=line.get_color(), linewidth=0)
budgets_ticks = [1_024, 2_048, 4_096, 8_192, 16_384, 32_768]
axis.set(
    xscale="log",
    yscale="log",
    xlabel="output tokens per answer (thinking, up to the budget, + answer)",
    ylabel="time per answer",
    xlim=(1_024, 32_768),
    ylim=(10, 3_000),
)
axis.set_xticks(budgets_ticks, [f"{t:,}" for t in budgets_ticks])
ticks = {10: "10 s", 30: "30 s", 60: "1 min", 120: "2 min", 300: "5 min"}
ticks |= {600: "10 min", 1_200: "20 min", 3_000: "50 min"}
axis.set_yticks(list(ticks), list(ticks.values()))
axis.minorticks_off()
axis.grid(alpha=0.3)
axis.legend(title="Qwen3-235B-A22B weights", loc="upper left")
axis.set_title(
    "One request at a time: SGLang on NVIDIA H20 (Qwen docs, Speed Benchmark)\n"
    "line: decode rate after a short prompt; band: up to the rate at ~32K context",
    fontsize=9,
)
figure.savefig("thinking-cost-seconds-per-answer.svg")
# --8<-- [end:chart]
