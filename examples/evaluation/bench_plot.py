"""Throughput and latency against concurrency, from `vllm bench serve` result files.

# handbook: figures
# handbook: output-label Output (tiny test model, recorded run)
"""

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # write files, open no window
import matplotlib.pyplot as plt

from qwen3_handbook.report import Table

plt.rcParams["svg.hashsalt"] = "qwen3-handbook"  # stable SVG ids from run to run

# --8<-- [start:load]
# One --result-dir per server set-up you compare. These two hold the tiny test model's
# recorded runs (see the page); point them at your own results directories.
RUNS = Path(__file__).parent / "runs"
servers = {
    "transformers serve": RUNS / "transformers-serve",
    "--continuous-batching": RUNS / "transformers-serve-continuous-batching",
}
sweeps = {}
for server, results in servers.items():
    runs = [json.loads(path.read_text()) for path in results.glob("concurrency-*.json")]
    sweeps[server] = sorted(runs, key=lambda run: run["max_concurrency"])

rows = [
    [
        server,
        run["max_concurrency"],
        run["request_throughput"],
        run["output_throughput"],
        run["mean_ttft_ms"],
        run["mean_itl_ms"],
    ]
    for server, runs in sweeps.items()
    for run in runs
]
columns = ["server", "concurrency", "requests/s", "output tok/s", "TTFT (ms)"]
print(Table([*columns, "ITL (ms)"], rows))
"""
server                 concurrency  requests/s  output tok/s  TTFT (ms)  ITL (ms)
---------------------  -----------  ----------  ------------  ---------  --------
transformers serve               1         6.0         191.6       17.8       5.0
transformers serve               2         6.1         194.9      169.5       4.9
transformers serve               4         5.9         188.7      455.5       5.1
transformers serve               8         6.1         193.8      890.1       5.0
--continuous-batching            1         6.2         196.8       15.8       4.9
--continuous-batching            2        11.3         360.0       22.3       5.2
--continuous-batching            4        16.0         511.4       30.9       7.2
--continuous-batching            8        24.3         776.6       47.1       9.3
"""
# --8<-- [end:load]

# --8<-- [start:chart]
figure, (throughput, first_token) = plt.subplots(
    1, 2, figsize=(9, 3.6), layout="constrained"
)
for server, runs in sweeps.items():
    concurrency = [run["max_concurrency"] for run in runs]
    throughput.plot(
        concurrency, [run["output_throughput"] for run in runs], "o-", label=server
    )
    first_token.plot(concurrency, [run["mean_ttft_ms"] for run in runs], "o-")
throughput.set(ylabel="output tokens/s (all requests)", ylim=(0, None))
first_token.set(ylabel="mean time to first token (ms)", ylim=(0, None))
for axis in (throughput, first_token):
    axis.set(xlabel="requests in flight (--max-concurrency)", xticks=concurrency)
    axis.grid(alpha=0.3)
throughput.legend(title="server", fontsize=8)
figure.suptitle(
    "Method demo: tiny test model on a 2-core CPU, measured with vllm bench serve",
    fontsize=9,
)
figure.savefig("evaluation-bench-concurrency.svg")
# --8<-- [end:chart]
