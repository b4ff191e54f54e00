"""Family-wide numbers of qwen3_handbook.architecture against published first-party figures."""

from __future__ import annotations

import pytest

from qwen3_handbook import architecture

# (total, non-embedding) as printed on each Hugging Face model card, https://huggingface.co/Qwen/
MODEL_CARDS = {
    "Qwen3-235B-A22B": ("235B", "234B"),
    "Qwen3-30B-A3B": ("30.5B", "29.9B"),
    "Qwen3-32B": ("32.8B", "31.2B"),
    "Qwen3-14B": ("14.8B", "13.2B"),
    "Qwen3-8B": ("8.2B", "6.95B"),
    "Qwen3-4B": ("4.0B", "3.6B"),
    "Qwen3-1.7B": ("1.7B", "1.4B"),
    "Qwen3-0.6B": ("0.6B", "0.44B"),
}

# Layers, query heads, KV heads, tied embeddings: Tables 1 and 2 of the technical report.
REPORT_TABLES = {
    "Qwen3-0.6B": (28, 16, 8, True),
    "Qwen3-1.7B": (28, 16, 8, True),
    "Qwen3-4B": (36, 32, 8, True),
    "Qwen3-8B": (36, 32, 8, False),
    "Qwen3-14B": (40, 40, 8, False),
    "Qwen3-32B": (64, 64, 8, False),
    "Qwen3-30B-A3B": (48, 32, 4, False),
    "Qwen3-235B-A22B": (94, 64, 4, False),
}


def _rounded_like(text: str, value: int) -> str:
    """Round ``value`` (parameters) to as many decimals as the model card's ``text`` has."""
    decimals = len(text[:-1].split(".")[1]) if "." in text else 0
    return f"{value / 1e9:.{decimals}f}B"


def test_every_model_is_known():
    assert set(architecture.model_names()) == set(MODEL_CARDS) == set(REPORT_TABLES)


@pytest.mark.parametrize("name", list(MODEL_CARDS))
def test_counts_round_to_the_model_card(name):
    counts = architecture.count_parameters(name)
    total, non_embedding = MODEL_CARDS[name]
    assert _rounded_like(total, counts.total) == total
    assert _rounded_like(non_embedding, counts.non_embedding) == non_embedding


@pytest.mark.parametrize("name", list(REPORT_TABLES))
def test_shapes_match_the_technical_report(name):
    config = architecture.config_for(name)
    layers, q_heads, kv_heads, tied = REPORT_TABLES[name]
    assert config.num_hidden_layers == layers
    assert (config.num_attention_heads, config.num_key_value_heads) == (
        q_heads,
        kv_heads,
    )
    assert config.tie_word_embeddings is tied
    assert config.head_dim == 128


def test_tied_embeddings_have_no_separate_head():
    assert architecture.count_parameters("Qwen3-4B").lm_head == 0
    counts = architecture.count_parameters("Qwen3-8B")
    assert counts.lm_head == counts.embedding == 151936 * 4096


def test_dense_models_use_every_parameter():
    for name in architecture.model_names("dense"):
        counts = architecture.count_parameters(name)
        assert counts.active == counts.total
        assert counts.expert == counts.experts_per_layer == 0


def test_model_names_by_kind():
    assert architecture.model_names("moe") == ["Qwen3-235B-A22B", "Qwen3-30B-A3B"]
    assert len(architecture.model_names("dense")) == 6
    with pytest.raises(ValueError, match="kind must be 'moe', 'dense' or None"):
        architecture.model_names("sparse")


def test_context_lengths():
    assert architecture.context_lengths("Qwen3-235B-A22B") == (32768, 131072)
    assert architecture.context_lengths("Qwen3-0.6B") == (32768, 32768)
    with pytest.raises(
        ValueError, match="unknown Qwen3 model 'Qwen3-8B-Instruct-2507'"
    ):
        architecture.context_lengths("Qwen3-8B-Instruct-2507")


def test_kv_cache_per_token_across_the_family():
    # layers x 2 x KV heads x 128 x 2 bytes
    assert architecture.kv_cache_bytes_per_token("Qwen3-32B") == 64 * 2 * 8 * 128 * 2
    assert (
        architecture.kv_cache_bytes_per_token("Qwen3-30B-A3B") == 48 * 2 * 4 * 128 * 2
    )
    fp8 = architecture.kv_cache_bytes_per_token("Qwen3-235B-A22B", bytes_per_value=1)
    assert fp8 * 2 == architecture.kv_cache_bytes_per_token("Qwen3-235B-A22B")
