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
import shlex
import site
import subprocess
import sys
import time
from pathlib import Path

import pytest
from engine_venv import EngineVenvUnavailable, cached_venv, pins_of, python_of
from example_checker import EXAMPLES, check_example

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements" / "evaluation.txt"
CACHE = ROOT / ".cache"
HARNESS = EXAMPLES / "evaluation" / "harness.py"
OFFLINE = re.compile(
    r"NewConnectionError|Network is unreachable|Temporary failure in name resolution|"
    r"No matching distribution found|Max retries exceeded|ConnectTimeoutError"
)


def _install_lm_eval(staging: Path, pins: list[str]) -> dict:
    started = time.monotonic()
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python_of(staging)), "install",
         "--quiet", "--no-deps", *pins],
        capture_output=True, text=True,
    )  # fmt: skip
    if install.returncode != 0:
        if OFFLINE.search(install.stderr):
            raise EngineVenvUnavailable(
                f"cannot install lm-eval (no package index?): {install.stderr}"
            )
        raise RuntimeError(f"pip install failed:\n{install.stderr[-3000:]}")
    return {
        "install_s": round(time.monotonic() - started, 1),
        "venv_mb": round(sum(p.stat().st_size for p in staging.rglob("*") if p.is_file()) / 1e6),
    }  # fmt: skip


def eval_venv() -> Path:
    """The venv's directory, built if missing; skips the test when offline."""
    try:
        return cached_venv("eval-venv", pins_of(REQUIREMENTS), _install_lm_eval)
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
    latency = json.loads((tmp_path / "latency.json").read_text())
    assert {(r["task"], r["mode"]) for r in latency} == {
        (task, mode)
        for task in ("math", "choice", "multilingual", "tools")
        for mode in ("thinking", "non-thinking")
    }
    assert all(r["seconds"] > 0 for r in latency)


def _snippet_commands(path: Path) -> list[list[str]]:
    """The commands of a shell snippet, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text())
    lines = [
        line for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    return [shlex.split(line, comments=True) for line in lines]


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
# module itself needs only the engine venv plus pandas (from the lm-eval venv).
BENCH = """
import sys
from vllm.benchmarks.serve import add_cli_args, main
from vllm.utils.argparse_utils import FlexibleArgumentParser
parser = FlexibleArgumentParser()
add_cli_args(parser)
if sys.argv[1] == "run":
    main(parser.parse_args(sys.argv[2:]))
else:  # parse: each argument is one command line, JSON-encoded
    import json
    for line in sys.argv[2:]:
        parser.parse_args(json.loads(line))
"""


@pytest.fixture(scope="module")
def bench_env(lm_eval_python):
    from engine_venv import EngineVenvUnavailable, engine_venv, python_of

    try:
        engine = engine_venv()
    except EngineVenvUnavailable as reason:
        pytest.skip(str(reason))
    packages = sorted(lm_eval_python.parents[1].glob("lib/python3*/site-packages"))
    return python_of(engine), {"PYTHONPATH": ":".join(map(str, packages))}


def _bench_args(name: str) -> list[str]:
    (command,) = _snippet_commands(ROOT / "snippets" / "evaluation" / name)
    assert command[:3] == ["vllm", "bench", "serve"]
    return command[3:]


def test_vllm_bench_snippets_parse(bench_env):
    """vLLM's own argument parser accepts every flag of the page's commands."""
    python, env = bench_env
    lines = [
        json.dumps(_bench_args(n)) for n in ("vllm-bench.sh", "vllm-bench-custom.sh")
    ]
    parsed = subprocess.run(
        [str(python), "-c", BENCH, "parse", *lines],
        capture_output=True, text=True, env={**os.environ, **env},
    )  # fmt: skip
    assert parsed.returncode == 0, parsed.stderr[-2000:]


def test_vllm_bench_client_runs_against_the_local_server(bench_env, request, tmp_path):
    """The custom-prompt command, scaled down, measures the tiny model's server."""
    server = request.getfixturevalue("openai_server")
    python, env = bench_env
    prompts = tmp_path / "prompts.jsonl"
    questions = ["What is 17 × 23?", "What is 12 + 30?", "Name a prime number."]
    prompts.write_text("".join(json.dumps({"prompt": q}) + "\n" for q in questions * 2))
    args = _bench_args("vllm-bench-custom.sh")
    overrides = {
        "--base-url": server.base_url.removesuffix("/v1"),
        "--model": str(server.model),
        "--dataset-path": str(prompts),
        "--custom-output-len": "16",
        "--num-prompts": "6",
        "--max-concurrency": "2",
        "--result-dir": str(tmp_path),
    }
    for flag, value in overrides.items():
        args[args.index(flag) + 1] = value
    run = subprocess.run(
        [str(python), "-c", BENCH, "run", *args, "--tokenizer", str(server.model),
         "--result-filename", "bench.json"],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads((tmp_path / "bench.json").read_text())
    assert result["completed"] == 6, result
    assert result["mean_ttft_ms"] > 0 and result["output_throughput"] > 0
