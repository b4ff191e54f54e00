"""What vLLM's and SGLang's thinking-budget code did with Qwen3 token ids.

The results come from ``data/engine_thinking_budgets.json``: the test suite ran each
engine's own released budget code (vLLM 0.34.0's ``CPUThinkingBudgetState``, SGLang
0.5.23's ``Qwen3ThinkingBudgetLogitProcessor`` and its strict-thinking grammar object) in
a side venv, on prompts rendered by the real Qwen3 chat template and a scripted model that
never ends its thinking on its own (``tests/test_thinking_budgets.py``).

Examples:
    >>> [run["id"] for run in runs()][:2]
    ['hybrid-16', 'hybrid-0']
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from qwen3_handbook.report import Table

__all__ = ["budget_table", "record", "runs"]

# (column title, path to the engine's results in the record)
MECHANISMS = [
    ("vllm", "", ("vllm", "runs")),
    ("sglang", "strict", ("sglang", "runs", "strict-thinking")),
    ("sglang", "processor", ("sglang", "runs", "custom-processor")),
]


ENGINE_NAMES = {"vllm": "vLLM", "sglang": "SGLang"}


@cache
def record() -> dict[str, Any]:
    """The recorded engine runs (``data/engine_thinking_budgets.json``)."""
    text = (
        resources.files("qwen3_handbook")
        .joinpath("data/engine_thinking_budgets.json")
        .read_text()
    )
    return json.loads(text)


def runs() -> list[dict[str, Any]]:
    """Every run: ``id``, ``title``, ``budget``, ``template``, ``thinking``."""
    return record()["runs"]


def _cell(result: dict[str, Any] | None) -> str:
    """``written + forced``: the thinking tokens the model wrote, then what was forced."""
    if result is None:
        return ""
    forced = result["forced"]
    if not forced:
        return f"{result['thinking_tokens']}, none"
    inside = len(forced) - 1 if forced[-1] == "</think>" else len(forced)
    written = result["thinking_tokens"] - inside
    if len(forced) > 3:
        return f"{written} + {len(forced)} tokens"
    return f"{written} + {json.dumps(''.join(forced), ensure_ascii=False)}"


def budget_table(run_ids: list[str] | None = None) -> Table:
    """Per run and engine: the thinking tokens the model wrote (between ``<think>`` and
    ``</think>``, a newline the prompt holds after ``<think>`` included) ``+`` the text
    the engine forced. ``run_ids`` picks and orders the runs (default: all)."""
    data = record()
    by_id = {run["id"]: run for run in runs()}
    chosen = list(by_id) if run_ids is None else run_ids
    unknown = [run_id for run_id in chosen if run_id not in by_id]
    if unknown:
        raise ValueError(f"unknown run_ids {unknown}; known runs: {', '.join(by_id)}")
    headers = ["case", "budget"]
    columns = []
    for engine, title, path in MECHANISMS:
        results: Any = data
        for key in path:
            results = results[key]
        headers.append(f"{ENGINE_NAMES[engine]} {title}".strip())
        columns.append(results)
    rows = [
        [by_id[run_id]["title"], str(by_id[run_id]["budget"])]
        + [_cell(results.get(run_id)) for results in columns]
        for run_id in chosen
    ]
    return Table(headers, rows)
