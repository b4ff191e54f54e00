"""Which tensor-parallel sizes an FP8 Qwen3-MoE checkpoint can be split across.

Tensor parallelism cuts every expert's ``moe_intermediate_size`` into equal slices, one
per GPU; the FP8 checkpoints store weights in 128 x 128 blocks, so a slice that is not a
whole number of blocks fails at load time.
"""

from qwen3_handbook.architecture import config_for
from qwen3_handbook.parallel import Layout, divisibility_problems
from qwen3_handbook.report import Table

# --8<-- [start:check]
BLOCK = 128  # "weight_block_size": [128, 128] in the FP8 checkpoints' config.json

rows = []
for name in ["Qwen3-235B-A22B", "Qwen3-30B-A3B"]:
    size = config_for(name).moe_intermediate_size
    for tp in (2, 4, 8):
        per_gpu = size // tp
        whole_blocks = per_gpu % BLOCK == 0
        rows.append([name, size, tp, per_gpu, whole_blocks])
columns = ["model", "moe_intermediate", "TP", "slice per GPU", "whole blocks"]
print(Table(columns, rows))
"""
model            moe_intermediate  TP  slice per GPU  whole blocks
---------------  ----------------  --  -------------  ------------
Qwen3-235B-A22B             1,536   2            768  yes
Qwen3-235B-A22B             1,536   4            384  yes
Qwen3-235B-A22B             1,536   8            192  no
Qwen3-30B-A3B                 768   2            384  yes
Qwen3-30B-A3B                 768   4            192  no
Qwen3-30B-A3B                 768   8             96  no
"""
# --8<-- [end:check]

# --8<-- [start:layouts]
# The handbook's layout checker applies the same rule, and knows that expert
# parallelism keeps every expert whole.
for layout in (Layout(tp=8), Layout(tp=4), Layout(tp=8, ep=8)):
    problems = divisibility_problems("Qwen3-235B-A22B", "fp8", layout)
    print(layout, problems or "loads")
    #> TP 8 ['FP8: moe_intermediate_size 1536 / 8 = 192, not a multiple of 128']
    #> TP 4 loads
    #> TP 8 x EP 8 loads
# --8<-- [end:layouts]
