"""The launch rules the pages and the planner share (`qwen3_handbook.launch`)."""

from __future__ import annotations

import doctest
import shlex

import pytest

from qwen3_handbook import launch
from qwen3_handbook.launch import (
    check_launch,
    context_route,
    cpu_offload,
    engine_fits,
    gguf_split,
    shell_quote,
    yarn_arguments,
)
from qwen3_handbook.memory import weight_bytes

EVIL = "Qwen3-EVIL; rm -rf ~"


def test_docstring_examples():
    result = doctest.testmod(launch)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize(
    ("name", "tokens", "kind", "factor"),
    [
        ("Qwen3-235B-A22B", 32768, "native", None),
        ("Qwen3-235B-A22B", 40960, "yarn", 2.0),
        ("Qwen3-235B-A22B", 65536, "yarn", 2.0),
        ("Qwen3-235B-A22B", 131072, "yarn", 4.0),
        ("Qwen3-235B-A22B", 131073, "too-long", None),
        ("Qwen3-235B-A22B-Instruct-2507", 262144, "native", None),
        ("Qwen3-235B-A22B-Instruct-2507", 1010000, "1m-route", None),
        ("Qwen3-Coder-480B-A35B-Instruct", 300000, "coder-yarn", None),
    ],
)
def test_context_routes_per_generation(name, tokens, kind, factor):
    route = context_route(name, tokens)
    assert (route.kind, route.factor) == (kind, factor)
    assert route.startable == (kind in ("native", "yarn"))
    if not route.startable:
        assert route.suggestion and route.suggestion < tokens


def test_the_1m_route_says_not_with_current_releases():
    reason = context_route("Qwen3-235B-A22B-Instruct-2507", 1010000).reason
    assert "config_1m.json" in reason and "not with current releases" in reason
    assert "1,000 GB" in reason


def test_yarn_overrides_are_the_long_context_snippets():
    route = context_route("Qwen3-235B-A22B", 131072)
    flag, value = yarn_arguments("vllm", route)
    snippet = " ".join(open("snippets/long-context/vllm.sh").read().split())
    assert flag == "--hf-overrides" and " ".join(value.split()) in snippet
    flag, value = yarn_arguments("sglang", route)
    snippet = " ".join(open("snippets/long-context/sglang.sh").read().split())
    assert " ".join(value.split()) in snippet
    assert yarn_arguments("ollama", route) == []


def test_llama_cpp_and_ollama_are_judged_by_their_own_rules():
    # 30B-A3B q4_K_M with a 32K bf16 cache: 21.8 GB of weights and KV cache
    args = ("Qwen3-30B-A3B", "q4_K_M", 32768, 1, 2, 1, 24)
    assert engine_fits("llama.cpp", *args) and engine_fits("ollama", *args)
    assert not engine_fits("vllm", *args)


def test_cpu_offload_is_none_only_when_nothing_fits():
    assert (
        cpu_offload("llama.cpp", "Qwen3-235B-A22B", "q4_K_M", 32768, 1, 2, 1, 0.5)
        is None
    )
    n, ram = cpu_offload("llama.cpp", "Qwen3-235B-A22B", "q4_K_M", 32768, 1, 2, 1, 24)
    assert 0 < n <= 94 and ram > 100e9


def test_split_gguf_files():
    assert gguf_split(weight_bytes("Qwen3-235B-A22B", "q4_K_M"))
    assert not gguf_split(weight_bytes("Qwen3-30B-A3B", "q4_K_M"))


def test_shell_quote_keeps_a_hostile_name_one_word():
    assert shlex.split(f"vllm serve {shell_quote(EVIL)} --port 1") == [
        "vllm",
        "serve",
        EVIL,
        "--port",
        "1",
    ]
    assert shell_quote("Qwen/Qwen3-8B") == "Qwen/Qwen3-8B"
    assert shell_quote("") == "''"


def test_check_launch_catches_a_missing_override_and_merge():
    bare = "vllm serve Qwen/Qwen3-235B-A22B --max-model-len 131072"
    problems = check_launch("vllm", bare, "Qwen3-235B-A22B", 131072, 1, 1)
    assert any("YaRN override" in p for p in problems)
    big = weight_bytes("Qwen3-235B-A22B", "q4_K_M")
    modelfile = "FROM ./Qwen3-235B-A22B-Q4_K_M.gguf\nPARAMETER num_ctx 32768"
    script = "ollama create q -f Modelfile"
    problems = check_launch(
        "ollama", script, "Qwen3-235B-A22B", 32768, 1, big, modelfile
    )
    assert problems == ["split GGUF file without llama-gguf-split --merge"]
    problems = check_launch(
        "vllm",
        "vllm serve x --max-model-len 1010000",
        "Qwen3-235B-A22B-Instruct-2507",
        1010000,
        1,
        1,
    )
    assert any("does not start" in p for p in problems)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: context_route("Qwen3-235B-A22B", 0), "tokens"),
        (lambda: context_route("nope", 10), "nope"),
        (lambda: launch.usable_bytes("tgi", 1, 24), "engine"),
        (lambda: launch.usable_bytes("vllm", 0, 24), "gpus"),
        (lambda: launch.usable_bytes("vllm", 1, float("nan")), "gpu_memory_gb"),
    ],
)
def test_clear_errors(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
