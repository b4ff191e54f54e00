"""The executed GGUF path: convert the tiny Qwen3-MoE with `gguf`, run it with llama.cpp.

llama.cpp runs through ``llama-cpp-python``, which PyPI ships as a source package: pip
compiles llama.cpp first (measured: 11.6 CPU-minutes, 40 minutes wall on 2 busy cores). The
tests marked ``gguf`` therefore skip unless it is installed (``pip install -e ".[gguf]"``);
run them with ``pytest -m gguf``.
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest
from example_checker import EXAMPLES, check_example

from qwen3_handbook.tiny import SCRIPT

GGUF = EXAMPLES / "gguf"


@pytest.fixture(scope="module")
def tiny_gguf(tmp_path_factory, tiny_model) -> Path:
    """The tiny model converted by examples/gguf/convert.py (F32, so nothing is rounded)."""
    folder = tmp_path_factory.mktemp("gguf")
    namespace = runpy.run_path(str(GGUF / "convert.py"))
    output, _ = namespace["convert"](
        Path(tiny_model), folder / "tiny-qwen3moe-f32.gguf"
    )
    return output


def _check_metadata(path: Path) -> None:
    import gguf

    fields = gguf.GGUFReader(path).fields
    assert fields["qwen3moe.block_count"].contents() == 2
    assert fields["qwen3moe.expert_count"].contents() == 128
    assert fields["qwen3moe.expert_used_count"].contents() == 8
    assert fields["qwen3moe.rope.freq_base"].contents() == 1_000_000.0
    assert fields["tokenizer.ggml.pre"].contents() == "qwen2"
    assert "enable_thinking" in fields["tokenizer.chat_template"].contents()


@pytest.mark.gguf
def test_llama_cpp_example(tiny_gguf, tmp_path, monkeypatch):
    pytest.importorskip("llama_cpp")
    _check_metadata(tiny_gguf)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QWEN3_GGUF", str(tiny_gguf))
    check_example(GGUF / "run_llama_cpp.py")


@pytest.mark.gguf
def test_llama_cpp_generates_the_same_tokens_as_transformers(tiny_gguf, tiny_model):
    """Same prompt ids (llama.cpp's tokenizer) and the same greedy reply, token for token."""
    llama_cpp = pytest.importorskip("llama_cpp")
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    llm = llama_cpp.Llama(str(tiny_gguf), n_ctx=1024, verbose=False)
    for turn in SCRIPT[:2] + SCRIPT[5:6]:  # thinking, non-thinking, a tool call
        prompt = tokenizer.apply_chat_template(
            turn.messages,
            tools=turn.tools,
            add_generation_prompt=True,
            enable_thinking=turn.enable_thinking,
            tokenize=False,
        )
        ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        assert llm.tokenize(prompt.encode(), add_bos=False, special=True) == ids
        expected = model.generate(
            torch.tensor([ids]), max_new_tokens=120, do_sample=False
        )
        expected = expected[0, len(ids) :].tolist()
        got = []
        for token in llm.generate(ids, temp=0.0, top_k=1, reset=True):
            got.append(token)
            if token == llm.token_eos() or len(got) == len(expected):
                break
        assert got == expected, tokenizer.decode(got)
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
