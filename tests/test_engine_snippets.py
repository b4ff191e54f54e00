"""Every engine command on the site is checked against the version table (engines.json).

Shell snippets must parse (``bash -n``); every flag passed to vLLM, SGLang, llama.cpp,
Ollama or mlx-lm must be accepted by the engine version the table records, and must not be a
deprecated or removed flag; JSON arguments and JSON files must parse; Modelfiles may use only
Ollama's documented instructions and parameters; a page that names an engine version must
name one the table records.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from qwen3_handbook.engines import (
    check_modelfile,
    check_script,
    check_version_mentions,
    engine,
    engines,
    find_invocations,
    shell_commands,
)

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
SHELL = sorted(SNIPPETS.rglob("*.sh"))
JSON_FILES = sorted(SNIPPETS.rglob("*.json"))
MODELFILES = sorted(SNIPPETS.rglob("Modelfile*"))
PAGES = sorted((ROOT / "docs").rglob("*.md"))


def _ids(paths):
    return [p.relative_to(ROOT).as_posix() for p in paths]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_shell_syntax():
    """``bash -n`` on every shell snippet (one process for all of them)."""
    bad = []
    for path in SHELL:
        result = subprocess.run(
            ["bash", "-n", str(path)], capture_output=True, text=True
        )
        if result.returncode:
            bad.append(f"{path.relative_to(ROOT)}: {result.stderr.strip()}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", SHELL, ids=_ids(SHELL))
def test_engine_flags(path):
    problems = check_script(path.read_text())
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def _curl_payloads(script: str):
    for line, words in shell_commands(script):
        for flag, value in itertools.pairwise(words):
            if (
                words
                and words[0] == "curl"
                and flag in ("-d", "--data")
                and value[:1] in "{["
            ):
                yield line, value


@pytest.mark.parametrize("path", SHELL, ids=_ids(SHELL))
def test_json_request_bodies_parse(path):
    for line, body in _curl_payloads(path.read_text()):
        try:
            json.loads(body)
        except json.JSONDecodeError as error:
            pytest.fail(f"{path.relative_to(ROOT)} line {line}: request body: {error}")


@pytest.mark.parametrize("path", JSON_FILES, ids=_ids(JSON_FILES))
def test_json_files_parse(path):
    json.loads(path.read_text())


@pytest.mark.parametrize("path", MODELFILES, ids=_ids(MODELFILES))
def test_modelfiles(path):
    problems = check_modelfile(path.read_text())
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_engine_versions_named_on_pages_are_in_the_table():
    problems = []
    for path in [*PAGES, *SHELL]:
        problems += [
            f"{path.relative_to(ROOT)}: {p}"
            for p in check_version_mentions(path.read_text())
        ]
    assert not problems, "\n".join(problems)


def test_snippets_cover_every_engine():
    """The site shows at least one checked command for each engine with flags in the table."""
    seen = {i.engine.key for path in SHELL for i in find_invocations(path.read_text())}
    expected = {key for key, item in engines().items() if item.commands}
    assert expected <= seen, f"no snippet invokes: {sorted(expected - seen)}"


# The checker itself: it must fail on the mistakes it exists to catch.


def test_checker_fails_on_stale_flags():
    stale = check_script(
        "vllm serve Qwen/Qwen3-235B-A22B \\\n"
        "  --enable-reasoning --reasoning-parser deepseek_r1 \\\n"
        '  --rope-scaling \'{"rope_type": "yarn", "factor": 4.0}\'\n'
    )
    assert len(stale) == 2
    assert "--enable-reasoning: deprecated in 0.9.0, removed in 0.10.0" in stale[0]
    assert "--rope-scaling: removed in 0.11.1; use --hf-overrides" in stale[1]


def test_checker_fails_on_unknown_flags_and_bad_json():
    assert check_script("llama-server -m q.gguf --reasoning-formatt deepseek") == [
        "line 1: llama.cpp flag --reasoning-formatt is unknown to llama.cpp 0c1e570"
    ]
    (problem,) = check_script(
        "python -m sglang.launch_server --json-model-override-args '{x}'"
    )
    assert "not valid JSON" in problem
    assert check_script("mlx_lm.generate --model m --temperature 0.6") == [
        "line 1: mlx-lm flag --temperature is unknown to mlx-lm 0.32.2"
    ]


def test_checker_accepts_what_the_parsers_accept():
    # argparse accepts an unambiguous prefix: SGLang's --tp is --tp-size
    assert check_script("python -m sglang.launch_server --model-path m --tp 8") == []
    assert (
        check_script("./build/bin/llama-cli -m q.gguf -c 4096 --temp 0.6 -n -1") == []
    )


def test_modelfile_checker_fails_on_mistakes():
    problems = check_modelfile(
        'PARAMETER num_ctx big\nPARAMETER presence_penalty 1.5\nPROMPT hi\nSYSTEM """open'
    )
    assert problems == [
        "line 1: num_ctx needs a number, got big",
        "line 2: unknown PARAMETER presence_penalty",
        "line 3: unknown instruction PROMPT",
        'unclosed """ block',
        "no FROM instruction",
    ]


def test_version_checker_fails_on_unknown_versions():
    assert (
        check_version_mentions("vLLM 0.9.0, SGLang 0.4.6.post1, llama.cpp b5092") == []
    )
    problems = check_version_mentions("Ollama 0.6.0 and llama.cpp b1234")
    assert [p.split(" is ")[0] for p in problems] == ["llama.cpp b1234", "Ollama 0.6.0"]


def test_version_table_is_consistent_and_sourced():
    for item in engines().values():
        if item.minimum:
            assert re.match(r"https://", item.minimum_source or ""), item.name
        for flag, info in item.stale_flags.items():
            assert info.get("source", "").startswith("https://"), (item.name, flag)
            for flags in item.known_flags.values():
                assert flag not in flags, f"{item.name}: {flag} is both stale and known"


def test_unknown_engine_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown engine 'tgi'; known engines: vLLM"):
        engine("tgi")


def test_unterminated_quotation_is_a_clear_error():
    with pytest.raises(ValueError, match="line 2: unterminated command or quotation"):
        check_script('# serve\nvllm serve m --hf-overrides \'{"a": 1}\n')
