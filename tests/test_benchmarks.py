"""The benchmark data file: complete, numeric, and equal to the verified tech-report numbers."""

from __future__ import annotations

import csv
from importlib.resources import files

# Verified against the tech report (Tables 11 and 12), also listed in the shared facts.
PUBLISHED = {
    "AIME'24": ("85.7", "40.1"),
    "AIME'25": ("81.5", "24.7"),
    "LiveCodeBench v5": ("70.7", "35.3"),
    "CodeForces rating": ("2056", "1387"),
    "BFCL v3": ("70.8", "68.0"),
    "Arena-Hard": ("95.6", "96.1"),
    "MMLU-Redux": ("92.7", "89.2"),
    "GPQA-Diamond": ("71.1", "62.9"),
    "MATH-500": ("98.0", "91.2"),
}


def _rows() -> list[dict[str, str]]:
    with files("qwen3_handbook").joinpath("data/benchmarks_235b.csv").open() as f:
        return list(csv.DictReader(f))


def test_columns_and_size():
    rows = _rows()
    assert list(rows[0]) == [
        "category",
        "benchmark",
        "metric",
        "thinking",
        "non_thinking",
    ]
    assert (
        len(rows) == 24
    )  # 23 rows of Tables 11/12, CodeForces split into rating and percentile
    assert len({row["benchmark"] for row in rows}) == len(rows)


def test_published_numbers():
    by_name = {row["benchmark"]: row for row in _rows()}
    for name, (thinking, non_thinking) in PUBLISHED.items():
        assert (by_name[name]["thinking"], by_name[name]["non_thinking"]) == (
            thinking,
            non_thinking,
        ), name


def test_values_are_in_range_for_their_metric():
    limits = {"score (0-100)": 100, "percentile": 100, "score": 10, "Elo rating": 4000}
    for row in _rows():
        limit = limits[row["metric"]]
        for column in ("thinking", "non_thinking"):
            assert 0 < float(row[column]) <= limit, (row["benchmark"], column)
