"""Sampling and output length per Qwen3 generation, from each model card."""

from qwen3_handbook.generations import SAMPLING
from qwen3_handbook.report import Table

# --8<-- [start:sampling]
rows = [
    [
        generation,
        preset.temperature,
        preset.top_p,
        preset.top_k,
        preset.min_p,
        preset.repetition_penalty,
        preset.max_tokens,
        preset.max_tokens_hard,
    ]
    for generation, preset in SAMPLING.items()
]
columns = [
    "generation",
    "temp.",
    "top_p",
    "top_k",
    "min_p",
    "rep. pen.",
    "max out",
    "hard",
]
print(Table(columns, rows, float_format="{:g}"))
"""
generation           temp.  top_p  top_k  min_p  rep. pen.  max out    hard
-------------------  -----  -----  -----  -----  ---------  -------  ------
hybrid                 0.6   0.95     20      0              32,768  38,912
hybrid-non-thinking    0.7    0.8     20      0              32,768
instruct-2507          0.7    0.8     20      0              16,384
thinking-2507          0.6   0.95     20      0              32,768  81,920
coder                  0.7    0.8     20              1.05   65,536
"""
# --8<-- [end:sampling]
