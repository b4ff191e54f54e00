"""Layouts for Qwen3-235B-A22B on common multi-GPU machines, computed per GPU."""

from qwen3_handbook.parallel import Layout, check_layout, layouts, max_sequences
from qwen3_handbook.report import Table

# --8<-- [start:cases]
# (machine, nodes, GPUs per node, GB per GPU, weight format)
cases = [
    ("A100-40GB, 2 x 8", 2, 8, 40, "bf16"),
    ("L40S-48GB, 2 x 8", 2, 8, 48, "bf16"),
    ("L40S-48GB, 2 x 8", 2, 8, 48, "fp8"),
    ("H100-80GB, 1 x 8", 1, 8, 80, "fp8"),
    ("H200-141GB, 1 x 8", 1, 8, 141, "bf16"),
    ("MI300X-192GB, 1 x 4", 1, 4, 192, "bf16"),
]
# Sequences of 32,768 tokens, bf16 KV cache, 10% overhead, 90% of each GPU usable.
rows = []
for machine, nodes, gpus, memory, fmt in cases:
    ok = [c for c in layouts("Qwen3-235B-A22B", fmt, nodes, gpus, memory) if c.ok]
    seqs = {
        c.layout: max_sequences("Qwen3-235B-A22B", fmt, c.layout, memory) for c in ok
    }
    advised = ok[0].layout  # ranked as below: TP = GPUs per node, PP = nodes first
    most_seqs = max(seqs, key=lambda layout: (seqs[layout], -layout.pp))
    for pick, layout in (("advised", advised), ("most seqs", most_seqs)):
        rows.append([machine, fmt, pick, str(layout), seqs[layout]])
print(Table(["machine", "format", "pick", "layout", "32K seqs"], rows))
"""
machine              format  pick       layout                     32K seqs
-------------------  ------  ---------  -------------------------  --------
A100-40GB, 2 x 8     bf16    advised    TP 8 x PP 2                       4
A100-40GB, 2 x 8     bf16    most seqs  TP 4 x PP 4                       6
L40S-48GB, 2 x 8     bf16    advised    TP 8 x PP 2                      12
L40S-48GB, 2 x 8     bf16    most seqs  TP 4 x PP 2 x DP 2               22
L40S-48GB, 2 x 8     fp8     advised    TP 8 x PP 2 x EP 8               30
L40S-48GB, 2 x 8     fp8     most seqs  TP 4 x PP 2 x DP 2 x EP 8        60
H100-80GB, 1 x 8     fp8     advised    TP 8 x EP 8                      22
H100-80GB, 1 x 8     fp8     most seqs  TP 4 x PP 2                      45
H200-141GB, 1 x 8    bf16    advised    TP 8                             35
H200-141GB, 1 x 8    bf16    most seqs  TP 4 x PP 2                      71
MI300X-192GB, 1 x 4  bf16    advised    TP 4                             25
MI300X-192GB, 1 x 4  bf16    most seqs  TP 4                             25
"""
# --8<-- [end:cases]

# --8<-- [start:commands]
# The layouts of this page's commands, on the GPUs each one is written for.
commands = [
    ("vLLM, Ray", "bf16", Layout(tp=8, pp=2), 40),
    ("vLLM, EP", "fp8", Layout(tp=8, ep=8), 80),
    ("vLLM, DP + EP", "fp8", Layout(tp=4, dp=2, ep=8), 80),
    ("vLLM, 2 nodes DP + EP", "fp8", Layout(tp=8, dp=2, ep=16), 48),
    ("SGLang, TP 16", "bf16", Layout(tp=16), 48),
    ("SGLang, TP 8 x PP 2", "bf16", Layout(tp=8, pp=2), 48),
    ("SGLang, DPA + EP", "fp8", Layout(tp=4, dp=2, ep=8), 80),
]
rows = []
for command, fmt, layout, memory in commands:
    check = check_layout("Qwen3-235B-A22B", fmt, layout, gpu_memory_gb=memory)
    seqs = max_sequences("Qwen3-235B-A22B", fmt, layout, memory)
    weights = check.weights_per_gpu / 1e9
    status = "; ".join(check.problems) or f"{seqs} x 32K"
    rows.append([command, fmt, str(layout), memory, weights, status])
columns = ["command", "format", "layout", "GPU GB", "weights/GPU", "fits"]
print(Table(columns, rows))
"""
command                format  layout               GPU GB  weights/GPU      fits
---------------------  ------  -------------------  ------  -----------  --------
vLLM, Ray              bf16    TP 8 x PP 2              40         29.5   4 x 32K
vLLM, EP               fp8     TP 8 x EP 8              80         29.7  22 x 32K
vLLM, DP + EP          fp8     TP 4 x DP 2 x EP 8       80         30.8  42 x 32K
vLLM, 2 nodes DP + EP  fp8     TP 8 x DP 2 x EP 16      48         15.5  30 x 32K
SGLang, TP 16          bf16    TP 16                    48         29.6   6 x 32K
SGLang, TP 8 x PP 2    bf16    TP 8 x PP 2              48         29.5  12 x 32K
SGLang, DPA + EP       fp8     TP 4 x DP 2 x EP 8       80         30.8  42 x 32K
"""
# --8<-- [end:commands]
