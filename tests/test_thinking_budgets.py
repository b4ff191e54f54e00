"""Thinking budgets on the servers: vLLM's and SGLang's own budget code, run on Qwen3 ids.

`tests/thinking_budget_driver.py` runs in the side venv of `tests/engine_venv.py`
(vllm==0.34.0, sglang==0.5.23): vLLM's ``CPUThinkingBudgetState`` with the ``qwen3``
reasoning parser's token ids, SGLang's ``Qwen3ThinkingBudgetLogitProcessor`` and its
strict-thinking grammar object, on prompts rendered by the real Qwen3 chat template (hybrid
thinking on and off, and the Thinking-2507 form that opens ``<think>`` in the prompt). The
request bodies under ``snippets/thinking/`` go through each engine's own
``ChatCompletionRequest``. The results are recorded in
``src/qwen3_handbook/data/engine_thinking_budgets.json``, which the Thinking modes page shows
(`qwen3_handbook.server_budgets`). A run fails when an engine result differs from the
record; after a deliberate change:

    pytest tests/test_thinking_budgets.py --update-engine-results
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from qwen3_handbook.budget import EARLY_STOP_TEXT
from qwen3_handbook.tiny import tokenizer_dir

sys.path.insert(0, str(Path(__file__).parent))
from engine_venv import EngineVenvUnavailable, engine_venv, run_engine_drivers
from test_engine_contracts import templates

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "src" / "qwen3_handbook" / "data" / "engine_thinking_budgets.json"
DRIVER = Path(__file__).with_name("thinking_budget_driver.py")
SNIPPETS = ROOT / "snippets" / "thinking"
BODIES = {
    "vllm": {"thinking-token-budget": SNIPPETS / "vllm-thinking-budget.json"},
    "sglang": {
        "strict-thinking": SNIPPETS / "sglang-thinking-budget.json",
        "custom-processor": SNIPPETS / "sglang-thinking-budget.json",
    },
}
UPDATE_HINT = "pytest tests/test_thinking_budgets.py --update-engine-results"
QUESTION = [{"role": "user", "content": "What is 17 × 23?"}]
# Never closed on its own: the budget is the only way out of the thinking.
LONG = "I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391. Check: " * 4
ANSWER = "\n\n17 × 23 = 391."
# vLLM's --reasoning-config can force the Qwen docs' early-stopping sentence; it ends at
# </think>, where the qwen3 parser sees the thinking end and the forcing stops.
QWEN_EARLY_STOP = EARLY_STOP_TEXT[: EARLY_STOP_TEXT.index("</think>") + len("</think>")]


def runs() -> list[dict[str, Any]]:
    hybrid = {"template": "hybrid", "thinking": True, "reasoning": "<think>\n" + LONG}
    return [
        {"id": "hybrid-16", "title": "Hybrid, thinking on", "budget": 16, **hybrid},
        {"id": "hybrid-0", "title": "Hybrid, thinking on", "budget": 0, **hybrid},
        {
            "id": "thinking-2507-16",
            "title": "Thinking-2507",
            "budget": 16,
            "template": "thinking-2507",
            "thinking": True,
            "reasoning": LONG,
        },
        {
            "id": "thinking-off-16",
            "title": "Hybrid, thinking off",
            "budget": 16,
            "template": "hybrid",
            "thinking": False,
            "reasoning": LONG,
        },
        {
            "id": "fits-16",
            "title": "Hybrid, ends by itself",
            "budget": 16,
            **hybrid,
            "reasoning": "<think>\nEasy: 391.\n</think>",
        },
        {
            "id": "hybrid-16-early-stop",
            "title": "Hybrid, Qwen's end text",
            "budget": 16,
            **hybrid,
            "vllm_config": {"reasoning_end_str": QWEN_EARLY_STOP},
        },
    ]


def driver_input() -> dict[str, Any]:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir())
    chat_templates = templates()
    items = []
    for run in runs():
        prompt = tokenizer.apply_chat_template(
            QUESTION,
            chat_template=chat_templates[run["template"]],
            enable_thinking=run["thinking"],
            add_generation_prompt=True,
            tokenize=False,
        )
        items.append({**run, "prompt": prompt, "answer": ANSWER})
    return {
        "tokenizer": str(tokenizer_dir()),
        "bodies": {
            engine: {name: json.loads(path.read_text()) for name, path in files.items()}
            for engine, files in BODIES.items()
        },
        "budget_values": [-1, 0, 16, -2, 1.5, True],
        "runs": items,
    }


def run_drivers() -> dict[str, Any]:
    environment = engine_venv()
    spec = driver_input()
    results = run_engine_drivers(environment, DRIVER, {"vllm": spec, "sglang": spec})
    vllm, sglang = results["vllm"], results["sglang"]
    return {
        "_generated_by": UPDATE_HINT,
        "runs": [
            {k: r[k] for k in ("id", "title", "budget", "template", "thinking")}
            for r in spec["runs"]
        ],
        "vllm": vllm,
        "sglang": sglang,
    }


@pytest.fixture(scope="module")
def fresh() -> dict[str, Any]:
    try:
        return run_drivers()
    except EngineVenvUnavailable as reason:
        pytest.skip(str(reason))


def load_record() -> dict[str, Any]:
    return json.loads(RECORD.read_text())


@pytest.mark.engines
@pytest.mark.slow
def test_engine_budgets_as_recorded(fresh, request):
    if request.config.getoption("update_engine_results"):
        RECORD.write_text(json.dumps(fresh, indent=1, ensure_ascii=False) + "\n")
        return
    assert RECORD.exists(), f"no record yet: {UPDATE_HINT}"
    assert load_record() == fresh, (
        f"thinking-budget results differ from {RECORD.name} (update with "
        f"`{UPDATE_HINT}` and check the Thinking modes page)"
    )


# --- reads only the record ---------------------------------------------------------------


def test_record_covers_every_run():
    assert [r["id"] for r in load_record()["runs"]] == [r["id"] for r in runs()], (
        UPDATE_HINT
    )


def test_budgets_hold_as_the_page_states():
    """What the page states each mechanism guarantees, on the recorded runs."""
    record = load_record()
    vllm = record["vllm"]["runs"]
    custom = record["sglang"]["runs"]["custom-processor"]
    strict = record["sglang"]["runs"]["strict-thinking"]
    for engine in (vllm, custom, strict):
        # Thinking off: the empty block is in the prompt, nothing is forced.
        assert engine["thinking-off-16"]["forced"] == []
        # A thinking that closes on its own within the budget is left alone.
        assert engine["fits-16"]["forced"] == []
        for run in ("hybrid-16", "hybrid-0", "thinking-2507-16"):
            assert engine[run]["closed"], run
            assert "17 × 23 = 391." in engine[run]["output"], run
    budget = {"hybrid-16": 16, "hybrid-0": 0, "thinking-2507-16": 16}
    for run, limit in budget.items():
        # vLLM: exactly the budget, then its end string (</think>).
        assert vllm[run]["thinking_tokens"] == limit, run
        assert vllm[run]["forced"] == ["</think>"], run
        # SGLang's processor: the budget, then a newline if the last token was not one.
        assert custom[run]["forced"][-1] == "</think>", run
        assert custom[run]["thinking_tokens"] <= limit + 1, run
    # SGLang strict thinking counts generated tokens from the first: the model's own
    # <think> counts, the newline the Thinking-2507 template puts after it does not.
    assert strict["hybrid-16"]["thinking_tokens"] == 15
    assert strict["hybrid-0"]["thinking_tokens"] == 0
    assert strict["thinking-2507-16"]["thinking_tokens"] == 17
    # vLLM with the Qwen docs' sentence as its end string forces all of it.
    assert "".join(vllm["hybrid-16-early-stop"]["forced"]) == QWEN_EARLY_STOP


def test_request_bodies_reach_the_engines():
    record = load_record()
    assert record["vllm"]["bodies"]["thinking-token-budget"] == {
        "thinking_token_budget": 1024
    }
    sglang = record["sglang"]["bodies"]
    assert sglang["strict-thinking"]["custom_params"] == {"thinking_budget": 1024}
    assert (
        sglang["custom-processor"]["custom_logit_processor"]
        == "Qwen3ThinkingBudgetLogitProcessor"
    )
    assert record["sglang"]["processor_ids"] == {
        "think_start": 151667,
        "think_end": 151668,
        "newline": 198,
    }


def test_vllm_budget_values():
    values = load_record()["vllm"]["budget_values"]
    assert values["-1"] is None  # unlimited
    assert values["0"] == 0 and values["16"] == 16
    for rejected in ("-2", "1.5", "true"):
        assert values[rejected].startswith("rejected:"), rejected
