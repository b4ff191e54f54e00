"""Valid tensor, pipeline, data and expert-parallel layouts, from config and format."""

from qwen3_handbook.parallel import Layout, check_layout, layouts
from qwen3_handbook.report import Table

# --8<-- [start:trap]
# Qwen3-235B-A22B-FP8 on one node of 8 x 80 GB: which splits load?
for layout in (Layout(tp=8), Layout(tp=4), Layout(tp=8, ep=8)):
    check = check_layout("Qwen3-235B-A22B", "fp8", layout)
    print(f"{layout}: {'; '.join(check.problems) or 'loads'}")
    #> TP 8: FP8: moe_intermediate_size 1536 / 8 = 192, not a multiple of 128
    #> TP 4: loads
    #> TP 8 x EP 8: loads
# --8<-- [end:trap]

# --8<-- [start:table]
# Every layout of 1 node x 8 GPUs x 80 GB, 16 sequences of 32,768 tokens, bf16 KV cache.
rows = []
for check in layouts("Qwen3-235B-A22B", "fp8", 1, 8, 80, batch_size=16):
    per_gpu = [check.weights_per_gpu, check.kv_per_gpu, check.total_per_gpu]
    status = "ok" if check.ok else ("no room" if not check.problems else "no load")
    rows.append([str(check.layout), *(b / 1e9 for b in per_gpu), status])
columns = ["layout", "weights/GPU (GB)", "KV/GPU (GB)", "total/GPU (GB)", "status"]
print(Table(columns, rows))
"""
layout                     weights/GPU (GB)  KV/GPU (GB)  total/GPU (GB)  status
-------------------------  ----------------  -----------  --------------  -------
TP 8 x EP 8                            29.7         25.2            60.4  ok
TP 4 x DP 2 x EP 8                     30.8         12.6            47.7  ok
TP 2 x DP 4 x EP 8                     33.1         12.6            50.3  ok
TP 1 x DP 8 x EP 8                     37.7         12.6            55.3  ok
TP 4 x PP 2                            29.6         12.6            46.4  ok
TP 4 x PP 2 x EP 4                     29.6         12.6            46.4  ok
TP 2 x PP 2 x DP 2                     30.7         12.6            47.7  ok
TP 2 x PP 2 x DP 2 x EP 4              30.7         12.6            47.7  ok
TP 1 x PP 2 x DP 4                     33.0         12.6            50.2  ok
TP 1 x PP 2 x DP 4 x EP 4              33.0         12.6            50.2  ok
TP 2 x PP 4                            30.5         12.9            47.7  ok
TP 2 x PP 4 x EP 2                     30.5         12.9            47.7  ok
TP 1 x PP 4 x DP 2                     32.0         12.9            49.4  ok
TP 1 x PP 4 x DP 2 x EP 2              32.0         12.9            49.4  ok
TP 1 x PP 8                            31.1         12.9            48.4  ok
TP 8                                   29.7         25.2            60.4  no load
TP 4 x DP 2                            30.8         12.6            47.7  no load
TP 2 x DP 4                            33.1         12.6            50.3  no load
TP 1 x DP 8                            37.7         12.6            55.3  no load
"""
# --8<-- [end:table]
