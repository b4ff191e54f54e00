"""What the real Qwen3-235B-A22B scores on each case study's task: the numbers of the
Qwen3 technical report (arXiv 2505.09388, Tables 11 and 12), from the package's data."""

import csv
from importlib.resources import files

from qwen3_handbook.report import Table

with files("qwen3_handbook").joinpath("data/benchmarks_235b.csv").open() as f:
    scores = {row["benchmark"]: row for row in csv.DictReader(f)}


def report_table(*benchmarks: str) -> Table:
    """Qwen3-235B-A22B's thinking and non-thinking scores, as the report prints them."""
    rows = [
        [name, scores[name]["thinking"], scores[name]["non_thinking"]]
        for name in benchmarks
    ]
    return Table(["benchmark", "thinking", "non-thinking"], rows)


# --8<-- [start:math]
print(report_table("MATH-500", "AIME'24", "AIME'25"))
"""
benchmark  thinking  non-thinking
---------  --------  ------------
MATH-500       98.0          91.2
AIME'24        85.7          40.1
AIME'25        81.5          24.7
"""
# --8<-- [end:math]

# --8<-- [start:tools]
print(report_table("BFCL v3"))
"""
benchmark  thinking  non-thinking
---------  --------  ------------
BFCL v3        70.8          68.0
"""
# --8<-- [end:tools]

# --8<-- [start:writing]
print(report_table("Creative Writing v3", "WritingBench"))
"""
benchmark            thinking  non-thinking
-------------------  --------  ------------
Creative Writing v3      84.6          80.4
WritingBench             8.03          7.70
"""
# --8<-- [end:writing]

# --8<-- [start:multilingual]
print(report_table("Multi-IF", "INCLUDE", "MMMLU 14 languages", "PolyMath"))
"""
benchmark           thinking  non-thinking
------------------  --------  ------------
Multi-IF                71.9          70.2
INCLUDE                 78.7          75.6
MMMLU 14 languages      84.3          79.8
PolyMath                54.7          27.0
"""
# --8<-- [end:multilingual]
