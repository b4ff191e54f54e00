"""Every vLLM and SGLang command on the site, parsed by the engine's own argument parser,
and the engine defaults the pages state, read from the engines' own code.

`tests/engine_driver.py` (``vllm-commands`` / ``sglang-commands``) runs in the side venv of
`tests/engine_venv.py`: each command of ``snippets/`` goes through the engine's parser with
warnings and log records captured, and a flag the engine calls deprecated fails the test
with the engine's own message, which names the replacement. The defaults come from the same
parsers and from vLLM's ``CacheConfig``; the llama.cpp defaults from the llama.cpp tree in
the llama-cpp-python sdist (`tests/llama_cpp_source.py`). All three are recorded in
``src/qwen3_handbook/data/engine_defaults.json``, which the pages read through
``{{ default:<engine>:<name> }}`` (``qwen3_handbook._site.polish``). A run fails when an
engine's default differs from the record; after a deliberate change:

    pytest tests/test_engine_commands.py --update-engine-results
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from qwen3_handbook._site.polish import DEFAULT_PLACEHOLDER, engine_default
from qwen3_handbook.engines import find_invocations

sys.path.insert(0, str(Path(__file__).parent))
from engine_venv import EngineVenvUnavailable, engine_venv, run_engine_drivers
from llama_cpp_source import llama_cpp_defaults, llama_cpp_source
from llama_cpp_source import version as llama_cpp_python_version

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "src" / "qwen3_handbook" / "data" / "engine_defaults.json"
DRIVER = Path(__file__).with_name("engine_driver.py")
SHELL = sorted((ROOT / "snippets").rglob("*.sh"))
UPDATE_HINT = "pytest tests/test_engine_commands.py --update-engine-results"
# Commands the check must reject, run with the snippets: proof that it still catches a
# deprecated flag (SGLang 0.5.23 deprecates the pair; vLLM 0.34.0 --disable-cascade-attn).
SELF_TEST = {
    "sglang": [
        "--model-path",
        "m",
        "--tp-size",
        "8",
        "--enable-dp-attention",
        "--dp-size",
        "2",
    ],
    "vllm": ["m", "--disable-cascade-attn"],
}


def snippet_commands() -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {"vllm": [], "sglang": []}
    for path in SHELL:
        for invocation in find_invocations(path.read_text()):
            key = invocation.engine.key
            if key in found:
                where = f"{path.relative_to(ROOT).as_posix()} line {invocation.line}"
                found[key].append({"id": where, "args": list(invocation.args)})
    for key, args in SELF_TEST.items():
        found[key].append({"id": "self-test", "args": args})
    return found


def run_drivers(commands: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    environment = engine_venv()
    inputs = {engine: {"commands": commands[engine]} for engine in ("vllm", "sglang")}
    return run_engine_drivers(environment, DRIVER, inputs, mode="{engine}-commands")


@pytest.fixture(scope="module")
def command_runs() -> dict[str, Any]:
    try:
        return run_drivers(snippet_commands())
    except EngineVenvUnavailable as reason:
        pytest.skip(str(reason))


def deprecation_problems(runs: dict[str, Any], *, self_test: bool = False) -> list[str]:
    problems = []
    for engine, run in runs.items():
        for where, result in run["commands"].items():
            if (where == "self-test") != self_test:
                continue
            for message in result["deprecations"]:
                problems.append(f"{where}: {engine} {run['version']}: {message}")
    return problems


def load_record() -> dict[str, Any]:
    return json.loads(RECORD.read_text())


@pytest.mark.engines
@pytest.mark.slow
def test_snippet_commands_parse(command_runs):
    bad = [
        f"{where}: {engine}: {result['error']}"
        for engine, run in command_runs.items()
        for where, result in run["commands"].items()
        if result["error"]
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.engines
@pytest.mark.slow
def test_no_snippet_uses_a_deprecated_flag(command_runs):
    problems = deprecation_problems(command_runs)
    assert not problems, "deprecated flags (the engine names the replacement):\n" + (
        "\n".join(problems)
    )


@pytest.mark.engines
@pytest.mark.slow
def test_deprecation_check_catches_dp_attention(command_runs):
    """The commands this check exists for: SGLang's old DP-attention pair must fail it,
    with the flag the engine names instead."""
    problems = deprecation_problems(command_runs, self_test=True)
    assert any("sglang" in p and "--attn-dp-size" in p for p in problems), problems
    assert any("vllm" in p and "--disable-cascade-attn" in p for p in problems), (
        problems
    )


def _fresh_engine_entry(run: dict[str, Any], source: str) -> dict[str, Any]:
    return {"version": run["version"], "source": source, "defaults": run["defaults"]}


@pytest.mark.engines
@pytest.mark.slow
def test_engine_defaults_as_recorded(command_runs, request):
    record = load_record() if RECORD.exists() else {"_generated_by": UPDATE_HINT}
    fresh = {
        "vllm": _fresh_engine_entry(
            command_runs["vllm"],
            "vllm serve's argument parser and vllm/config/cache.py (CacheConfig)",
        ),
        "sglang": _fresh_engine_entry(
            command_runs["sglang"],
            "sglang.launch_server's argument parser (ServerArgs)",
        ),
    }
    if request.config.getoption("update_engine_results"):
        record.update(fresh)
        RECORD.write_text(json.dumps(record, indent=1) + "\n")
        return
    for engine, entry in fresh.items():
        assert record.get(engine) == entry, (
            f"{engine} defaults differ from {RECORD.name} (update with `{UPDATE_HINT}` "
            f"and check the pages that state them): recorded {record.get(engine)}, "
            f"engine now {entry}"
        )


@pytest.mark.engines
@pytest.mark.slow
def test_llama_cpp_defaults_as_recorded(request):
    try:
        source = llama_cpp_source()
    except EngineVenvUnavailable as reason:
        pytest.skip(str(reason))
    record = load_record() if RECORD.exists() else {"_generated_by": UPDATE_HINT}
    checked = json.loads((ROOT / "src/qwen3_handbook/data/engines.json").read_text())
    fresh = {
        "version": checked["engines"]["llama.cpp"]["checked"],
        "source": f"the llama.cpp tree in llama-cpp-python {llama_cpp_python_version()}"
        " (common/common.h, common/arg.cpp)",
        "defaults": llama_cpp_defaults(source),
    }
    if request.config.getoption("update_engine_results"):
        record["llama.cpp"] = fresh
        RECORD.write_text(json.dumps(record, indent=1) + "\n")
        return
    assert record.get("llama.cpp") == fresh, (
        f"llama.cpp defaults differ from {RECORD.name} (update with `{UPDATE_HINT}`): "
        f"recorded {record.get('llama.cpp')}, source now {fresh}"
    )


# --- reads only the record ---------------------------------------------------------------


def test_every_default_a_page_names_is_recorded():
    missing = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        for match in DEFAULT_PLACEHOLDER.finditer(path.read_text()):
            try:
                engine_default(match["engine"], match["name"])
            except KeyError as error:
                missing.append(f"{path.relative_to(ROOT)}: {error}")
    assert not missing, "\n".join(missing)


def test_record_versions_match_the_engine_pins():
    record = load_record()
    pins = (ROOT / "requirements" / "engines.txt").read_text()
    for engine in ("vllm", "sglang"):
        assert f"{engine}=={record[engine]['version']}\n" in pins, UPDATE_HINT


# Typed-by-hand defaults the pages once carried; each now comes from the record.
HAND_TYPED = [
    re.compile(r"gpu-memory-utilization`? \(default 0\.9"),
    re.compile(r"vLLM's default is 0\.9"),
]


def test_pages_do_not_type_engine_defaults_by_hand():
    bad = []
    for path in [
        *sorted((ROOT / "docs").rglob("*.md")),
        *sorted((ROOT / "src").rglob("*.py")),
    ]:
        text = path.read_text()
        bad += [
            f"{path.relative_to(ROOT)}: {p.pattern}"
            for p in HAND_TYPED
            if p.search(text)
        ]
    assert not bad, "\n".join(bad)
