"""Accuracy against output tokens and seconds per answer, thinking vs non-thinking.

# handbook: figures
# handbook: output-label Output (tiny test model, recorded run)
"""

import json
import statistics
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # write files, open no window
import matplotlib.pyplot as plt

from qwen3_handbook.report import Table

plt.rcParams["svg.hashsalt"] = "qwen3-handbook"  # stable SVG ids from run to run

# --8<-- [start:table]
# The harness's measurements.json; this one is the tiny test model's recorded run.
recorded = Path(__file__).parent / "runs" / "measurements.json"
measurements = json.loads(recorded.read_text())

rows, by_task = [], {}
for measured in measurements:
    task, mode, accuracy = measured["task"], measured["mode"], measured["accuracy"]
    tokens, seconds = measured["tokens"], measured["seconds"]
    per_answer = statistics.mean(tokens), statistics.mean(seconds)
    by_task.setdefault(task, {})[mode] = (*per_answer, 100 * accuracy)  # for the chart
    speed = sum(tokens) / sum(seconds)  # per request, one at a time
    rows.append(
        [
            task,
            mode,
            f"{accuracy:.0%}",
            round(per_answer[0]),  # tokens per answer
            f"{per_answer[1]:.2f}",  # seconds per answer
            speed,
        ]
    )
columns = ["task", "mode", "accuracy", "tokens/answer", "s/answer", "tokens/s"]
print(Table(columns, rows))
"""
task          mode          accuracy  tokens/answer  s/answer  tokens/s
------------  ------------  --------  -------------  --------  --------
math          thinking           20%             56      0.28     202.9
choice        thinking            0%             27      0.14     192.1
multilingual  thinking            0%            115      0.56     204.1
tools         thinking           50%             40      0.25     119.4
math          non-thinking        0%             39      0.20     192.8
choice        non-thinking        0%             18      0.10     178.0
multilingual  non-thinking        0%             34      0.16     213.7
tools         non-thinking       50%             20      0.11     142.5
"""
# --8<-- [end:table]

# --8<-- [start:chart]
# by_task[task][mode] = (tokens per answer, seconds per answer, accuracy %), from above
figure, axes = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained", sharey=True)
for task, modes in by_task.items():
    start, end = modes["non-thinking"], modes["thinking"]
    for axis, cost in ((axes[0], 0), (axes[1], 1)):  # tokens, then seconds
        before, after = (start[cost], start[2]), (end[cost], end[2])
        arrow = {"arrowstyle": "->", "color": "gray"}
        axis.annotate("", after, before, arrowprops=arrow)
        axis.plot(*before, "o", color="tab:blue")
        axis.plot(*after, "s", color="tab:orange")
        axis.annotate(task, after, (-4, 6), textcoords="offset points", ha="right")
axes[0].set(xlabel="output tokens per answer (thinking included)")
axes[0].set(ylabel="accuracy (%)")
axes[1].set(xlabel="seconds per answer, one request at a time")
for axis in axes:
    axis.set(xlim=(0, None), ylim=(-5, 105))
    axis.grid(alpha=0.3)
axes[0].plot([], [], "o", color="tab:blue", label="non-thinking")
axes[0].plot([], [], "s", color="tab:orange", label="thinking")
axes[0].legend(loc="upper right", fontsize=8)
figure.suptitle(
    "Method demo: tiny test model (its accuracy means nothing), lm-eval harness",
    fontsize=9,
)
figure.savefig("evaluation-tradeoff.svg")
# --8<-- [end:chart]
