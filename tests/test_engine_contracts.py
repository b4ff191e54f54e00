"""Engine contracts: vLLM's and SGLang's released parsing code, run on Qwen3 output.

The cases are the tiny model's real replies (`qwen3_handbook.tiny.SCRIPT`) and crafted
texts for every behaviour the site states. `tests/engine_driver.py` runs them inside the side
venv of `tests/engine_venv.py` (vllm==0.34.0, sglang==0.5.23 and the packages their parser
modules import, pinned in ``requirements/engines.txt``): whole replies and streamed ones,
one token per step and several. The results, the engines' response and history fields and
their argument parsers' flags are recorded in ``src/qwen3_handbook/data/engine_parsing.json``,
which the page "How each engine parses Qwen3 output" is generated from.

A run fails when an engine result differs from the record. After a deliberate change
(new engine release, new case), regenerate the record and review its diff:

    pytest tests/test_engine_contracts.py --update-engine-results

The tests that read only the record (fields the pages rely on, flags of every snippet) run
without the venv. Without a package index the venv cannot be built and the group skips.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from qwen3_handbook.engines import find_invocations
from qwen3_handbook.tiny import SCRIPT, WEATHER_TOOL, tokenizer_dir

sys.path.insert(0, str(Path(__file__).parent))
from engine_venv import (
    EngineVenvUnavailable,
    cost,
    engine_venv,
    requirements,
    run_engine_drivers,
)

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "src" / "qwen3_handbook" / "data" / "engine_parsing.json"
DRIVER = Path(__file__).with_name("engine_driver.py")
STEPS = [1, 4]  # tokens per streaming step: one, and several (servers do both)
UPDATE_HINT = "pytest tests/test_engine_contracts.py --update-engine-results"

# Parser configurations: "<reasoning parser>+<tool parser>" as passed to the server.
VLLM = ["qwen3+hermes", "deepseek_r1+hermes"]
SGLANG = ["qwen3+qwen", "qwen3-thinking+qwen", "deepseek-r1+qwen"]
VLLM_CODER = ["qwen3+qwen3_coder"]
SGLANG_CODER = ["qwen3+qwen3_coder"]

QUESTION = "What is 17 × 23?"
WEATHER_Q = "What's the weather like in Paris today?"
NOTE_TOOL = {
    "type": "function",
    "function": {
        "name": "write_note",
        "description": "Save a note.",
        "parameters": {
            "type": "object",
            "properties": {"text": {"type": "string"}},
            "required": ["text"],
        },
    },
}
_CALL = (
    '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>'
)
_CALL_LYON = (
    '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Lyon"}}\n</tool_call>'
)


def _tiny(index: int, case_id: str, title: str) -> dict[str, Any]:
    turn = SCRIPT[index]
    return {
        "id": case_id,
        "title": title,
        "source": "tiny model",
        "text": turn.reply,
        "messages": turn.messages,
        "enable_thinking": turn.enable_thinking,
        "tools": turn.tools or [],
    }


def _crafted(
    case_id, title, text, *, thinking=True, tools=(), question=QUESTION, **extra
):
    return {
        "id": case_id,
        "title": title,
        "source": "crafted",
        "text": text,
        "messages": [{"role": "user", "content": question}],
        "enable_thinking": thinking,
        "tools": list(tools),
        **extra,
    }


def cases() -> list[dict[str, Any]]:
    """Every case, with what the drivers need: prompt text, template, parser configs."""
    items = [
        _tiny(0, "thinking-on", "Thinking on"),
        _tiny(1, "thinking-off", "Thinking off (enable_thinking=False)"),
        _tiny(2, "soft-switch", "Soft switch /no_think"),
        _tiny(5, "tool-call-thinking", "Tool call after thinking"),
        _tiny(6, "tool-call-no-thinking", "Tool call, thinking off"),
        _tiny(9, "qwen-agent-call", "Qwen-Agent MCP tool call"),
        _crafted("no-tags", "Thinking on, reply without tags", "17 × 23 = 391."),
        _crafted(
            "cut-off",
            "Cut off inside thinking (max_tokens)",
            "<think>\nI need 17 × 23. 17 × 20 = 340 and",
            finished=False,
        ),
        _crafted(
            "two-closers",
            "Two </think> in the reply",
            "<think>\nFirst thought.\n</think>\nSecond thought.\n</think>\n\n391.",
        ),
        _crafted(
            "call-in-thinking",
            "<tool_call> inside the thinking",
            "<think>\nI should call " + _CALL + "\n</think>\n\nIt is sunny.",
            tools=[WEATHER_TOOL],
            question=WEATHER_Q,
        ),
        _crafted(
            "text-after-call",
            "Text after the tool call",
            _CALL + "\nI asked for the weather.",
            thinking=False,
            tools=[WEATHER_TOOL],
            question=WEATHER_Q,
        ),
        _crafted(
            "string-arguments",
            "Arguments written as a JSON string",
            '<tool_call>\n{"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}\n'
            "</tool_call>",
            thinking=False,
            tools=[WEATHER_TOOL],
            question=WEATHER_Q,
        ),
        _crafted(
            "malformed-call",
            "Malformed JSON in the call",
            '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}\n</tool_call>',
            thinking=False,
            tools=[WEATHER_TOOL],
            question=WEATHER_Q,
        ),
        _crafted(
            "no-newlines",
            "<tool_call> without newlines",
            '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>',
            thinking=False,
            tools=[WEATHER_TOOL],
            question=WEATHER_Q,
        ),
        _crafted(
            "undeclared-tool",
            "Call to a tool the request did not declare",
            '<tool_call>\n{"name": "get_time", "arguments": {"city": "Paris"}}\n</tool_call>',
            thinking=False,
            tools=[WEATHER_TOOL],
            question=WEATHER_Q,
        ),
        _crafted(
            "two-calls",
            "Two tool calls in one reply",
            _CALL + "\n" + _CALL_LYON,
            thinking=False,
            tools=[WEATHER_TOOL],
            question="Weather in Paris and Lyon?",
        ),
        _crafted(
            "closer-in-argument",
            "</tool_call> inside an argument value",
            '<tool_call>\n{"name": "write_note", "arguments": {"text": "end with </tool_call>"}}'
            "\n</tool_call>",
            thinking=False,
            tools=[NOTE_TOOL],
            question="Save a note about tags.",
        ),
        _crafted(
            "thinking-2507",
            "Thinking-2507: <think> is in the prompt",
            "I need 17 × 23 = 391.\n</think>\n\n17 × 23 = 391.",
            template="thinking-2507",
        ),
        _crafted(
            "coder-xml",
            "Qwen3-Coder XML call (qwen3_coder parser)",
            "<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n"
            "</function>\n</tool_call>",
            thinking=False,
            tools=[WEATHER_TOOL],
            question=WEATHER_Q,
            coder=True,
        ),
    ]
    for item in items:
        item.setdefault("finished", True)
        item.setdefault("template", "hybrid")
        coder = item.pop("coder", False)
        item["vllm"] = VLLM_CODER if coder else VLLM
        item["sglang"] = SGLANG_CODER if coder else SGLANG
    return items


def templates() -> dict[str, str]:
    """The hybrid Qwen3 chat template, and the Thinking-2507 variant of it, whose generation
    prompt opens ``<think>`` (so replies hold only ``</think>``)."""
    config = json.loads((tokenizer_dir() / "tokenizer_config.json").read_text())
    hybrid = config["chat_template"]
    prompt = "{{- '<|im_start|>assistant\\n' }}"
    assert prompt in hybrid, "the Qwen3 template's generation prompt moved"
    start = hybrid.index("{%- if add_generation_prompt %}")
    thinking = hybrid[:start] + (
        "{%- if add_generation_prompt %}\n    {{- '<|im_start|>assistant\\n<think>\\n' }}\n"
        "{%- endif %}"
    )
    return {"hybrid": hybrid, "thinking-2507": thinking}


def driver_input() -> dict[str, Any]:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir())
    chat_templates = templates()
    items = cases()
    for item in items:
        item["prompt"] = tokenizer.apply_chat_template(
            item["messages"],
            tools=item["tools"] or None,
            chat_template=chat_templates[item["template"]],
            enable_thinking=item["enable_thinking"],
            add_generation_prompt=True,
            tokenize=False,
        )
    return {
        "tokenizer": str(tokenizer_dir()),
        "templates": chat_templates,
        "steps": STEPS,
        "cases": items,
    }


def load_record() -> dict[str, Any]:
    return json.loads(RECORD.read_text())


# --- runs in the side venv -------------------------------------------------------------


@pytest.fixture(scope="module")
def engine_runs() -> dict[str, Any]:
    """Both drivers' results (vLLM and SGLang in parallel processes), with timings."""
    try:
        return run_engines()
    except EngineVenvUnavailable as reason:
        pytest.skip(str(reason))


def run_engines() -> dict[str, Any]:
    started = time.monotonic()
    environment = engine_venv()
    built = time.monotonic()
    spec = driver_input()
    results = run_engine_drivers(environment, DRIVER, {"vllm": spec, "sglang": spec})
    vllm, sglang = results["vllm"], results["sglang"]
    finished = time.monotonic()
    build = cost(environment)
    print(
        f"\nengine venv: {'built' if built - started > 5 else 'reused'} "
        f"({build['download_s']} s download, {build['install_s']} s install, "
        f"{build['wheels_mb']} MB wheels, {build['venv_mb']} MB venv); "
        f"drivers {finished - built:.0f} s"
    )
    return {"vllm": vllm, "sglang": sglang, "spec": spec}


def _record_from(runs: dict[str, Any]) -> dict[str, Any]:
    spec = runs["spec"]
    return {
        "_generated_by": UPDATE_HINT,
        "engines": {
            "vllm": {k: v for k, v in runs["vllm"].items() if k != "results"},
            "sglang": {k: v for k, v in runs["sglang"].items() if k != "results"},
        },
        "requirements": requirements(),
        "steps": spec["steps"],
        "cases": [
            {
                **{k: case[k] for k in ("id", "title", "source", "text", "finished")},
                **{
                    k: case[k]
                    for k in ("messages", "enable_thinking", "tools", "template")
                },
                "prompt": case["prompt"],
                "vllm": runs["vllm"]["results"][case["id"]],
                "sglang": runs["sglang"]["results"][case["id"]],
            }
            for case in spec["cases"]
        ],
    }


def _differences(old: Any, new: Any, path: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in sorted(set(old) | set(new), key=str):
            if key not in old:
                found.append(
                    f"{path}/{key}: new {json.dumps(new[key], ensure_ascii=False)[:200]}"
                )
            elif key not in new:
                found.append(
                    f"{path}/{key}: gone (was {json.dumps(old[key], ensure_ascii=False)[:200]})"
                )
            else:
                found += _differences(old[key], new[key], f"{path}/{key}")
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        found = []
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            key = a.get("id", i) if isinstance(a, dict) else i
            found += _differences(a, b, f"{path}/{key}")
        return found
    if old != new:
        return [
            f"{path}: recorded {json.dumps(old, ensure_ascii=False)[:200]}, "
            f"engine now {json.dumps(new, ensure_ascii=False)[:200]}"
        ]
    return []


@pytest.mark.engines
@pytest.mark.slow
def test_engines_parse_as_recorded(engine_runs, request):
    fresh = _record_from(engine_runs)
    if request.config.getoption("update_engine_results"):
        RECORD.write_text(json.dumps(fresh, indent=1, ensure_ascii=False) + "\n")
        return
    assert RECORD.exists(), f"no record yet: {UPDATE_HINT}"
    changed = _differences(load_record(), fresh)
    assert not changed, (
        f"{len(changed)} engine results differ from {RECORD.relative_to(ROOT)} "
        f"(update with `{UPDATE_HINT}` and fix the pages that state them):\n"
        + "\n".join(changed[:40])
    )


# --- reads only the record ---------------------------------------------------------------


def test_record_covers_every_case():
    record = load_record()
    assert [c["id"] for c in record["cases"]] == [c["id"] for c in cases()], UPDATE_HINT
    assert record["requirements"] == requirements(), (
        f"requirements/engines.txt changed since the record: {UPDATE_HINT}"
    )
    for case in record["cases"]:
        for engine in ("vllm", "sglang"):
            for config, modes in case[engine].items():
                assert {"whole", *(f"stream-{s}" for s in STEPS)} <= set(modes), (
                    case["id"],
                    engine,
                    config,
                )


def test_response_fields_the_pages_rely_on():
    """The pages tell readers to read ``reasoning`` and fall back to ``reasoning_content``:
    vLLM 0.34 returns ``reasoning`` only, SGLang ``reasoning_content`` only."""
    engines = load_record()["engines"]
    assert engines["vllm"]["fields"]["message"] == ["reasoning"]
    assert engines["vllm"]["fields"]["delta"] == ["reasoning"]
    assert engines["sglang"]["fields"]["message"] == ["reasoning_content"]
    assert engines["sglang"]["fields"]["delta"] == ["reasoning_content"]
    # History: vLLM takes either name (as `reasoning`); SGLang only `reasoning_content`.
    assert engines["vllm"]["fields"]["history"] == {
        "reasoning": ["reasoning"],
        "reasoning_content": ["reasoning"],
    }
    assert engines["sglang"]["fields"]["history"] == {
        "reasoning": [],
        "reasoning_content": ["reasoning_content"],
    }
    for case in load_record()["cases"]:
        for config, modes in case["vllm"].items():
            for mode, fields in modes.items():
                assert "reasoning_content" not in fields, (case["id"], config, mode)


def test_thinking_2507_is_split_by_every_configuration():
    """The thinking-modes page: vLLM 0.34 and SGLang 0.5.23 split a Thinking-2507 reply
    (``<think>`` in the prompt, only ``</think>`` in the reply) with each parser."""
    case = next(c for c in load_record()["cases"] if c["id"] == "thinking-2507")
    for engine, field in [("vllm", "reasoning"), ("sglang", "reasoning_content")]:
        for config, modes in case[engine].items():
            for mode, fields in modes.items():
                assert fields[field].strip() == "I need 17 × 23 = 391.", (config, mode)
                assert fields["content"].strip() == "17 × 23 = 391.", (config, mode)


READS_REASONING_CONTENT = re.compile(
    r'\.reasoning_content\b|getattr\([^)]*"reasoning_content"'
)
READS_REASONING = re.compile(r'getattr\(\s*\w+,\s*"reasoning",')


def test_clients_read_both_reasoning_fields():
    """A client example that reads ``reasoning_content`` from a server's response also
    reads ``reasoning``: vLLM 0.34 returns only that name (see the record above)."""
    bad = []
    for path in sorted((ROOT / "examples").rglob("*.py")):
        text = path.read_text()
        if READS_REASONING_CONTENT.search(text) and not READS_REASONING.search(text):
            bad.append(path.relative_to(ROOT).as_posix())
    assert not bad, f"read `reasoning` first, then `reasoning_content`: {bad}"


# Snippet flags against the engines' own argument parsers (recorded from the venv run).
SNIPPETS = ROOT / "snippets"
SHELL = sorted(SNIPPETS.rglob("*.sh"))
PARSER_FLAGS = {
    "--reasoning-parser": "reasoning_parsers",
    "--tool-call-parser": "tool_parsers",
}


def _flag_problems(script: str) -> list[str]:
    engines = load_record()["engines"]
    problems = []
    for invocation in find_invocations(script):
        key = invocation.engine.key
        if key not in engines:
            continue
        known = set(engines[key]["flags"]["flags"])
        args = list(invocation.args)
        for index, word in enumerate(args):
            if not word.startswith("--"):
                continue
            flag = word.split("=", 1)[0]
            matches = [f for f in known if f == flag or f.startswith(flag)]
            if flag not in known and len(matches) != 1:
                problems.append(
                    f"line {invocation.line}: {flag} is not a flag of "
                    f"{invocation.engine.name} {engines[key]['version']}'s own parser"
                )
                continue
            full = flag if flag in known else matches[0]
            if full in PARSER_FLAGS:
                value = word.split("=", 1)[1] if "=" in word else args[index + 1]
                names = engines[key]["flags"][PARSER_FLAGS[full]]
                deprecated = engines[key]["flags"].get("deprecated_tool_parsers", {})
                if value not in names:
                    problems.append(
                        f"line {invocation.line}: {full} {value} is not registered in "
                        f"{invocation.engine.name} {engines[key]['version']}"
                    )
                elif full == "--tool-call-parser" and value in deprecated:
                    problems.append(
                        f"line {invocation.line}: {full} {value} is deprecated in "
                        f"{invocation.engine.name} {engines[key]['version']}: use "
                        f"{deprecated[value]}"
                    )
    return problems


@pytest.mark.parametrize(
    "path", SHELL, ids=[p.relative_to(ROOT).as_posix() for p in SHELL]
)
def test_snippet_flags_exist_in_the_engines_own_parsers(path):
    problems = _flag_problems(path.read_text())
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_engines_json_keeps_only_what_cannot_be_run_and_cites_it():
    """vLLM's and SGLang's flags come from their own parsers (the record); every engine
    whose flags are kept by hand in engines.json says where they come from."""
    table = json.loads((ROOT / "src/qwen3_handbook/data/engines.json").read_text())
    for key, entry in table["engines"].items():
        if key in ("vllm", "sglang"):
            assert "known_flags" not in entry, key
            assert entry["known_flags_from"] == "engine_parsing.json", key
            assert entry["checked"] == load_record()["engines"][key]["version"], key
        elif "known_flags" in entry or "known_flags_by_command" in entry:
            source = entry.get("known_flags_source") or entry.get("checked_source")
            assert (source or "").startswith("https://"), key


def test_flag_check_fails_on_mistakes():
    assert _flag_problems(
        "vllm serve m --reasoning-parser qwen3 --enable-reasoning"
    ) == ["line 1: --enable-reasoning is not a flag of vLLM 0.34.0's own parser"]
    assert _flag_problems(
        "python -m sglang.launch_server --model-path m --tool-call-parser q"
    ) == ["line 1: --tool-call-parser q is not registered in SGLang 0.5.23"]
    assert _flag_problems(
        "python -m sglang.launch_server --tool-call-parser qwen25"
    ) == ["line 1: --tool-call-parser qwen25 is deprecated in SGLang 0.5.23: use qwen"]


def test_recorded_field_change_is_caught():
    """Pretending vLLM still returns ``reasoning_content`` must fail the comparison."""
    record = load_record()
    fake = json.loads(json.dumps(record))
    whole = fake["cases"][0]["vllm"]["qwen3+hermes"]["whole"]
    whole["reasoning_content"] = whole.pop("reasoning")
    changed = _differences(record, fake)
    assert any("reasoning_content: new" in line for line in changed), changed
