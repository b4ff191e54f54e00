"""The lm-eval harness example runs end to end against the tiny model's local server.

lm-eval is not in the main environment (it adds about 460 MB: pyarrow, pandas,
scikit-learn, ...). `eval_venv` builds a side venv once, like the engine venv: keyed by
``requirements/evaluation.txt``, on top of the main environment, every package pinned and
installed with ``--no-deps``; the cost is written to its ``cost.json``. The example then
runs in this process with the venv's site-packages added, so the usual output check
applies: scores parsed, tokens counted, both modes run. Without a package index the
group skips with the reason.
"""

from __future__ import annotations

import json
import os
import re
import site
import subprocess
from pathlib import Path

import pytest
from engine_venv import (
    EngineVenvUnavailable,
    eval_side_venv,
    guidellm_venv,
    python_of,
)
from example_checker import EXAMPLES, check_example

from qwen3_handbook.engines import shell_commands

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache"
HARNESS = EXAMPLES / "evaluation" / "harness.py"
SNIPPETS = ROOT / "snippets" / "evaluation"
RUNS = EXAMPLES / "evaluation" / "runs"  # the recorded runs the page's figures show


def eval_venv() -> Path:
    """The venv's directory, built if missing; skips the test when offline."""
    try:
        return eval_side_venv()
    except EngineVenvUnavailable as reason:
        pytest.skip(str(reason))


@pytest.fixture(scope="module")
def lm_eval_python():
    """The side venv's interpreter, with its packages importable in this process too."""
    environment = eval_venv()
    for packages in sorted(environment.glob("lib/python3*/site-packages")):
        site.addsitedir(str(packages))  # appended: the main environment still wins
    return environment / "bin" / "python"


def test_harness_runs_both_modes(lm_eval_python, request, tmp_path, monkeypatch):
    server = request.getfixturevalue("openai_server")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "EMPTY")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "datasets"))
    check_example(HARNESS, update=request.config.getoption("update_examples"))
    measurements = json.loads((tmp_path / "measurements.json").read_text())
    assert [(m["task"], m["mode"]) for m in measurements] == [
        (task, mode)
        for mode in ("thinking", "non-thinking")
        for task in ("math", "choice", "multilingual", "tools")
    ]
    for measured in measurements:
        assert 0 <= measured["accuracy"] <= 1
        assert measured["tokens"] and all(t > 0 for t in measured["tokens"])
        assert measured["seconds"] and all(s > 0 for s in measured["seconds"])
    if request.config.getoption("update_measurements"):
        for measured in measurements:
            measured["seconds"] = [round(s, 3) for s in measured["seconds"]]
        RUNS.mkdir(parents=True, exist_ok=True)
        recorded = json.dumps(measurements, indent=1) + "\n"
        (RUNS / "measurements.json").write_text(recorded)


def _snippet_commands(path: Path) -> list[list[str]]:
    """The commands of a shell snippet, as the shell splits them."""
    return [words for _, words in shell_commands(path.read_text())]


def test_lm_eval_snippet_flags_exist(lm_eval_python):
    """Every flag the page's lm-eval command uses is one lm-eval's own parser accepts."""
    snippet = ROOT / "snippets" / "evaluation" / "lm-eval.sh"
    commands = [c for c in _snippet_commands(snippet) if c[:1] == ["lm-eval"]]
    assert commands, "no lm_eval command in the snippet"
    helped = subprocess.run(
        [str(lm_eval_python), "-m", "lm_eval", "run", "--help"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    known = set(re.findall(r"(?<![\w-])(--[a-z][a-z_-]*)", helped))
    for command in commands:
        flags = {word.split("=")[0] for word in command if word.startswith("--")}
        assert flags <= known, f"unknown lm-eval flags: {sorted(flags - known)}"
    # --gen_kwargs values go through lm-eval's own key=value reader: the thinking switch
    # must arrive as a dict with a real boolean, not as a string.
    from lm_eval._cli.utils import key_val_to_dict

    words = commands[0]
    start = words.index("--gen_kwargs") + 1
    values = words[start : start + 6]
    gen_kwargs = {k: v for value in values for k, v in key_val_to_dict(value).items()}
    assert gen_kwargs["chat_template_kwargs"] == {"enable_thinking": True}
    assert (gen_kwargs["temperature"], gen_kwargs["top_k"]) == (0.6, 20)


# --- vllm bench serve: its client runs on CPU against any OpenAI-compatible server ----

# The `vllm` command imports the server launcher (and watchfiles) first; the benchmark
# module itself needs only the engine venv plus pandas (from the lm-eval venv). Each
# argument is one command line, JSON-encoded; "run" runs them one after the other in
# this one process (a sweep pays vLLM's import time once).
BENCH = """
import json, sys
from vllm.benchmarks.serve import add_cli_args, main
from vllm.utils.argparse_utils import FlexibleArgumentParser
parser = FlexibleArgumentParser()
add_cli_args(parser)
for line in sys.argv[2:]:
    args = parser.parse_args(json.loads(line))
    if sys.argv[1] == "run":
        main(args)
"""
SWEEP = SNIPPETS / "vllm-bench-sweep.sh"
SWEPT = 4  # concurrencies of the snippet's loop run in the test: 1, 2, 4, 8


@pytest.fixture(scope="module")
def bench_env(lm_eval_python):
    from engine_venv import engine_venv

    try:
        engine = engine_venv()
    except EngineVenvUnavailable as reason:
        pytest.skip(str(reason))
    packages = sorted(lm_eval_python.parents[1].glob("lib/python3*/site-packages"))
    return python_of(engine), {"PYTHONPATH": ":".join(map(str, packages))}


def _bench_args(path: Path) -> list[str]:
    """The arguments of the snippet's one `vllm bench serve` command."""
    (command,) = [
        c for c in _snippet_commands(path) if c[:3] == ["vllm", "bench", "serve"]
    ]
    return command[3:]


def _sweep_commands() -> list[list[str]]:
    """The sweep snippet's command once per value of its `for concurrency` loop."""
    loop = re.search(r"^for concurrency in ([\d ]+); do$", SWEEP.read_text(), re.M)
    assert loop, f"{SWEEP.name}: no `for concurrency in ...; do` loop"
    return [
        [word.replace("$concurrency", value) for word in _bench_args(SWEEP)]
        for value in loop[1].split()
    ]


def _bench(python, env, mode: str, command_lines: list[list[str]]):
    return subprocess.run(
        [str(python), "-c", BENCH, mode, *map(json.dumps, command_lines)],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=900,
    )  # fmt: skip


def test_vllm_bench_snippets_parse(bench_env):
    """vLLM's own argument parser accepts every flag of the page's commands."""
    python, env = bench_env
    lines = [_bench_args(SNIPPETS / "vllm-bench.sh"), *_sweep_commands()]
    parsed = _bench(python, env, "parse", lines)
    assert parsed.returncode == 0, parsed.stderr[-2000:]


def _sweep(python, env, server, prompts: Path, results: Path, metadata: list[str]):
    """The sweep snippet, scaled down: its first concurrencies, short replies."""
    lines = []
    for args in _sweep_commands()[:SWEPT]:
        concurrency = args[args.index("--max-concurrency") + 1]
        overrides = {
            "--base-url": server.base_url.removesuffix("/v1"),
            "--model": str(server.model),
            "--dataset-path": str(prompts),
            "--custom-output-len": "32",
            "--num-prompts": "16",
            "--num-warmups": "2",
            "--result-dir": str(results),
            "--result-filename": f"concurrency-{concurrency}.json",
        }
        for flag, value in overrides.items():
            args[args.index(flag) + 1] = value
        lines.append([*args, "--tokenizer", str(server.model), "--metadata", *metadata])
    run = _bench(python, env, "run", lines)
    assert run.returncode == 0, run.stderr[-3000:]
    found = sorted(results.glob("concurrency-*.json"))
    assert len(found) == SWEPT, found
    for path in found:
        result = json.loads(path.read_text())
        assert result["completed"] == 16 and result["failed"] == 0, result
        assert result["mean_ttft_ms"] > 0 and result["output_throughput"] > 0


def _record(results: Path, into: Path) -> None:
    """Keep a run's summary for the page: no per-request lists, no local paths."""
    into.mkdir(parents=True, exist_ok=True)
    for stale in into.glob("concurrency-*.json"):
        stale.unlink()
    for path in sorted(results.glob("concurrency-*.json")):
        result = json.loads(path.read_text())
        kept = {
            key: round(value, 3) if isinstance(value, float) else value
            for key, value in result.items()
            if not isinstance(value, list)
        }
        kept["model_id"] = kept["tokenizer_id"] = "tiny test model"
        (into / path.name).write_text(json.dumps(kept, indent=1) + "\n")


PROMPTS = [
    "What is 17 × 23?",
    "What is 12 + 30?",
    "Name a prime number.",
    "Translate 'good morning' into French.",
    "What is the capital of France?",
    "Write a haiku about the sea.",
    "What is 2 to the power 10?",
    "Give one word that rhymes with cat.",
]


def _prompts_file(directory: Path) -> Path:
    """`PROMPTS` as the snippets' prompts.jsonl: one {"prompt": ...} per line."""
    prompts = directory / "prompts.jsonl"
    prompts.write_text("".join(json.dumps({"prompt": q}) + "\n" for q in PROMPTS))
    return prompts


def test_vllm_bench_sweep_against_the_local_server(bench_env, request, tmp_path):
    """The sweep snippet, scaled down, measures the tiny model's `transformers serve`.

    With ``--update-measurements`` it also measures the same server with
    ``--continuous-batching`` and records both sweeps under examples/evaluation/runs/
    (what the page's figure shows).
    """
    server = request.getfixturevalue("openai_server")
    python, env = bench_env
    prompts = _prompts_file(tmp_path)
    machine = f"machine={os.cpu_count()}-core CPU"
    _sweep(
        python,
        env,
        server,
        prompts,
        tmp_path / "one",
        [machine, "server=transformers serve"],
    )
    if not request.config.getoption("update_measurements"):
        return
    from qwen3_handbook.serving import local_server

    _record(tmp_path / "one", RUNS / "transformers-serve")
    flag = "--continuous-batching"
    with local_server(server.model, extra_args=(flag,)) as batching:
        batched = [machine, f"server=transformers serve {flag}"]
        _sweep(python, env, batching, prompts, tmp_path / "batched", batched)
    _record(tmp_path / "batched", RUNS / "transformers-serve-continuous-batching")


# --- guidellm: the same sweep with the vLLM project's load generator ------------------

GUIDELLM = SNIPPETS / "guidellm-sweep.sh"


@pytest.fixture(scope="module")
def guidellm_command():
    """guidellm from its side venv (built once, like the lm-eval venv), as a module: the
    venv is built aside and moved into place, so its scripts' shebangs point elsewhere."""
    try:
        environment = guidellm_venv()
    except EngineVenvUnavailable as reason:
        pytest.skip(str(reason))
    return [str(python_of(environment)), "-m", "guidellm"]


def _key_values(word: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in word.split(","))


def test_guidellm_sweep_against_the_local_server(guidellm_command, request, tmp_path):
    """The guidellm snippet, scaled down (two concurrencies, 8 short replies each)."""
    server = request.getfixturevalue("openai_server")
    (command,) = _snippet_commands(GUIDELLM)
    assert command[:2] == ["guidellm", "run"]
    args = command[2:]
    backend = _key_values(args[args.index("--backend") + 1])
    backend.update(
        target=server.base_url.removesuffix("/v1"),
        model=str(server.model),  # transformers serve lists every cached model
        max_tokens="32",
    )
    args[args.index("--backend") + 1] = ",".join(f"{k}={v}" for k, v in backend.items())
    streams = args[args.index("profile.streams") + 1].split(",")
    args[args.index("profile.streams") + 1] = ",".join(streams[:2])
    prompts = _prompts_file(tmp_path)
    for flag, old, new in [
        ("--data", "prompts.jsonl", str(prompts)),
        ("--constraint", "count=200", "count=8"),
    ]:
        args[args.index(flag) + 1] = args[args.index(flag) + 1].replace(old, new)
    reports = [i + 1 for i, word in enumerate(args) if word == "--output"]
    for index in reports:
        args[index] = args[index].replace("path=results/", f"path={tmp_path}/")
    run = subprocess.run(
        [*guidellm_command, "run", *args, "--disable-console",
         "--tokenizer", f"kind=huggingface_auto,model={server.model}"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads((tmp_path / "guidellm.json").read_text())
    assert (tmp_path / "guidellm.csv").stat().st_size > 0
    ran = [b["config"]["strategy"]["streams"] for b in report["benchmarks"]]
    assert ran == [int(s) for s in streams[:2]]
    for benchmark in report["benchmarks"]:
        counts = benchmark["scheduler_state"]
        requests = benchmark["requests"]
        assert len(requests["successful"]) == 8 and not requests["errored"], counts
        ttft = benchmark["metrics"]["time_to_first_token_ms"]["successful"]["mean"]
        assert ttft > 0
