"""Tutorial 5: the Qwen team's own speed benchmark, as tables and a chart.

# handbook: figures
The data file holds the Qwen3-30B-A3B and Qwen3-235B-A22B rows of the "Speed Benchmark"
page of the Qwen documentation (QwenLM/Qwen3, docs/source/getting_started/
speed_benchmark.md): NVIDIA H20 96 GB GPUs, batch size 1, 2,048 generated tokens.
"""

import csv
from importlib.resources import files

import matplotlib

matplotlib.use("Agg")  # write files, open no window
import matplotlib.pyplot as plt

from qwen3_handbook.report import Table

plt.rcParams["svg.hashsalt"] = "qwen3-handbook"  # stable SVG ids from run to run

# --8<-- [start:load]
with files("qwen3_handbook").joinpath("data/speed_benchmark.csv").open() as f:
    rows = list(csv.DictReader(f))
GENERATED = 2048  # every run generates 2,048 tokens
FORMATS = ["BF16", "FP8", "GPTQ-INT4"]


def lookup(model, engine, quantization, input_tokens):
    """The row of one measurement."""
    for row in rows:
        key = (row["model"], row["engine"], row["quantization"], row["input_tokens"])
        if key == (model, engine, quantization, input_tokens):
            return row
    raise KeyError((model, engine, quantization, input_tokens))


def lengths(model, engine):
    """The input lengths measured for one model and engine, shortest first."""
    found = {
        row["input_tokens"]
        for row in rows
        if row["model"] == model and row["engine"] == engine
    }
    return sorted(found, key=int)


# --8<-- [end:load]


# --8<-- [start:235b]
# The benchmark's "speed" counts prompt and generated tokens: (input + 2048) / time.
# Multiplying back gives what one request of that length took, in seconds.
model = "Qwen3-235B-A22B"
table_rows = []
for length in lengths(model, "SGLang"):
    for quantization in FORMATS:
        row = lookup(model, "SGLang", quantization, length)
        speed = float(row["tokens_per_s"])
        seconds = (int(length) + GENERATED) / speed
        cells = [int(length), quantization, int(row["gpus"]), f"{speed:,.2f}"]
        table_rows.append([*cells, f"{seconds:,.1f}"])
print(Table(["input (tokens)", "weights", "GPUs", "tokens/s", "s/request"], table_rows))
"""
input (tokens)  weights    GPUs  tokens/s  s/request
--------------  ---------  ----  --------  ---------
             1  BF16          8     74.50       27.5
             1  FP8           4     71.65       28.6
             1  GPTQ-INT4     4     14.69      139.5
         6,144  BF16          8    289.03       28.3
         6,144  FP8           4    275.16       29.8
         6,144  GPTQ-INT4     4     56.97      143.8
        14,336  BF16          8    546.73       30.0
        14,336  FP8           4    514.23       31.9
        14,336  GPTQ-INT4     4    109.13      150.1
        30,720  BF16          8    979.41       33.5
        30,720  FP8           4    887.90       36.9
        30,720  GPTQ-INT4     4    198.99      164.7
        63,488  BF16          8  1,493.91       43.9
        63,488  FP8           4  1,269.34       51.6
        63,488  GPTQ-INT4     4    422.77      155.0
       129,042  BF16          8  1,639.54       80.0
       129,042  FP8           4  1,319.66       99.3
       129,042  GPTQ-INT4     4    552.28      237.4
"""
# --8<-- [end:235b]

# --8<-- [start:30b]
model = "Qwen3-30B-A3B"
table_rows = []
for length in lengths(model, "Transformers"):
    for quantization in ["BF16", "FP8"]:
        sglang = lookup(model, "SGLang", quantization, length)
        transformers = lookup(model, "Transformers", quantization, length)
        table_rows.append(
            [
                int(length),
                quantization,
                float(sglang["tokens_per_s"]),
                float(transformers["tokens_per_s"]),
                int(transformers["gpu_memory_mb"]) / 1000,
            ]
        )
columns = ["input (tokens)", "weights", "SGLang (tok/s)", "transformers (tok/s)"]
print(Table([*columns, "memory (GB)"], table_rows, float_format="{:,.2f}"))
"""
input (tokens)  weights  SGLang (tok/s)  transformers (tok/s)  memory (GB)
--------------  -------  --------------  --------------------  -----------
             1  BF16             137.18                  1.89        58.46
             1  FP8              155.55                  0.44        30.30
         6,144  BF16             490.10                  7.45        59.04
         6,144  FP8              551.34                  1.77        30.87
        14,336  BF16             849.62                 14.47        59.81
        14,336  FP8              945.13                  3.50        31.64
        30,720  BF16           1,283.94                 27.03        61.34
        30,720  FP8            1,405.91                  6.86        33.18
"""
# --8<-- [end:30b]

# --8<-- [start:chart]
figure, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
for axis, model, title in [
    (axes[0], "Qwen3-235B-A22B", "Qwen3-235B-A22B (BF16: 8 GPUs, others: 4)"),
    (axes[1], "Qwen3-30B-A3B", "Qwen3-30B-A3B (1 GPU)"),
]:
    measured = lengths(model, "SGLang")
    for quantization in FORMATS:
        seconds = [
            (int(length) + GENERATED)
            / float(lookup(model, "SGLang", quantization, length)["tokens_per_s"])
            for length in measured
        ]
        axis.plot([int(n) for n in measured], seconds, marker="o", label=quantization)
    axis.set(xlabel="input tokens (then 2,048 generated)", title=title, ylim=(0, None))
    axis.grid(alpha=0.3)
axes[0].set_ylabel("seconds per request")
axes[1].legend(title="weights")
figure.suptitle(
    "SGLang 0.4.6.post1 on NVIDIA H20 96 GB, batch 1 (Qwen docs, Speed Benchmark)",
    fontsize=9,
)
figure.savefig("tutorials-performance-speed-benchmark.svg")
# --8<-- [end:chart]
