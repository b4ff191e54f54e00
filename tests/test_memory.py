"""The memory calculator: exact block arithmetic, llama.cpp's mixes, and clear errors."""

from __future__ import annotations

import doctest

import pytest

from qwen3_handbook import memory
from qwen3_handbook.architecture import count_parameters, kv_cache_bytes, model_names


def test_docstring_examples():
    result = doctest.testmod(memory)
    assert result.attempted > 5
    assert result.failed == 0


@pytest.mark.parametrize(
    ("ggml_type", "bits"),
    [("q8_0", 8.5), ("q6_K", 6.5625), ("q5_K", 5.5), ("q5_0", 5.5), ("q4_K", 4.5)],
)
def test_ggml_block_sizes_give_the_documented_bits(ggml_type, bits):
    block_bytes, block_weights = memory.GGML_TYPES[ggml_type]
    assert block_bytes * 8 / block_weights == bits


@pytest.mark.parametrize("name", model_names())
def test_every_parameter_is_stored_once(name):
    for fmt in ("bf16", "q4_K_M"):
        stored = sum(t.parameters for t in memory.tensor_storage(name, fmt))
        assert stored == count_parameters(name).total


def test_flagship_weights_by_format():
    params = count_parameters("Qwen3-235B-A22B").total
    assert memory.weight_bytes("Qwen3-235B-A22B", "bf16") == 2 * params
    assert memory.weight_bytes("Qwen3-235B-A22B", "fp16") == 2 * params
    sizes = {
        fmt: memory.weight_bytes("Qwen3-235B-A22B", fmt) for fmt in memory.QUANT_FORMATS
    }
    # Smaller formats are smaller, and every quantized format stays above its base bits.
    order = ["bf16", "q8_0", "int8", "fp8", "q6_K", "q5_K_M", "q5_0", "q4_K_M", "int4"]
    assert [sizes[f] for f in order] == sorted(sizes[f] for f in order)[::-1]
    for fmt, spec in memory.QUANT_FORMATS.items():
        assert sizes[fmt] * 8 / params >= spec.bits_per_weight - 1e-9, fmt
    # q4_K_M: q4_K (4.5 bits) with q6_K for the output head and about half of attn_v/ffn_down.
    assert 4.8 < sizes["q4_K_M"] * 8 / params < 4.9


def test_q4_k_m_follows_llama_cpp_use_more_bits():
    rows = memory.tensor_storage("Qwen3-235B-A22B", "q4_K_M")
    by_type = {(t.name, t.dtype): t.layers for t in rows}
    # 94 layers: 11 first, 12 last, 23 every third in between.
    assert by_type[("ffn_down_exps", "q6_K")] == 46
    assert by_type[("attn_v", "q6_K")] == 46
    assert by_type[("output", "q6_K")] == 1
    assert by_type[("ffn_gate_inp", "f32")] == 94  # the router stays in F32
    tied = {t.name: t.dtype for t in memory.tensor_storage("Qwen3-0.6B", "q4_K_M")}
    assert (
        tied["token_embd"] == "q6_K"
    )  # tied embeddings are quantized like the output head
    assert "output" not in tied


def test_estimate_adds_up():
    plan = memory.estimate(
        "Qwen3-235B-A22B", "q4_K_M", 131072, batch_size=2, kv_bytes_per_value=1
    )
    assert plan.kv_cache == kv_cache_bytes("Qwen3-235B-A22B", 131072, 2, 1)
    assert plan.overhead == round(0.10 * (plan.weights + plan.kv_cache))
    assert plan.total == plan.weights + plan.kv_cache + plan.overhead
    no_overhead = memory.estimate("Qwen3-8B", "bf16", 1, overhead_fraction=0)
    assert no_overhead.total == no_overhead.weights + no_overhead.kv_cache


def test_gpus_needed():
    plan = memory.estimate("Qwen3-235B-A22B", "bf16", 32768)
    assert memory.gpus_needed(plan, 80) == 8
    assert memory.gpus_needed(plan, 141, power_of_two=False) == 5
    assert memory.gpus_needed(plan, 141) == 8
    small = memory.estimate("Qwen3-0.6B", "bf16", 4096)
    assert memory.gpus_needed(small, 24) == 1
    assert memory.gpus_needed(plan, 1000, usable_fraction=1.0) == 1


@pytest.mark.parametrize("fmt", ["q4_k_m", "gptq", "", None])
def test_unknown_format_is_named(fmt):
    with pytest.raises(ValueError, match="unknown weight format"):
        memory.weight_bytes("Qwen3-8B", fmt)
    with pytest.raises(ValueError, match="known formats: bf16"):
        memory.estimate("Qwen3-8B", fmt, 10)


def test_unknown_model_is_named():
    with pytest.raises(ValueError, match="unknown Qwen3 model 'Qwen3-1T'"):
        memory.estimate("Qwen3-1T", "bf16", 10)
    with pytest.raises(ValueError, match="unknown Qwen3 model"):
        memory.tensor_storage("Qwen3-1T", "bf16")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"context_tokens": -1}, "context_tokens must be a positive integer"),
        ({"context_tokens": 0}, "context_tokens must be a positive integer"),
        ({"context_tokens": 1.5}, "context_tokens must be a positive integer"),
        ({"batch_size": 0}, "batch_size must be a positive integer"),
        ({"kv_bytes_per_value": 0}, "kv_bytes_per_value must be positive"),
        ({"kv_bytes_per_value": "2"}, "kv_bytes_per_value must be positive"),
        ({"overhead_fraction": -0.1}, "overhead_fraction must be between 0 and 1"),
        ({"overhead_fraction": 1.5}, "overhead_fraction must be between 0 and 1"),
    ],
)
def test_bad_estimate_arguments(kwargs, message):
    arguments = {"context_tokens": 1024, **kwargs}
    with pytest.raises(ValueError, match=message):
        memory.estimate("Qwen3-8B", "bf16", **arguments)


def test_bad_gpu_arguments():
    plan = memory.estimate("Qwen3-8B", "bf16", 1024)
    with pytest.raises(ValueError, match="gpu_memory_gb must be a positive number"):
        memory.gpus_needed(plan, 0)
    with pytest.raises(ValueError, match="gpu_memory_gb must be a positive number"):
        memory.gpus_needed(plan, -80)
    with pytest.raises(ValueError, match="usable_fraction"):
        memory.gpus_needed(plan, 80, usable_fraction=0)
    with pytest.raises(TypeError, match="plan must be a MemoryEstimate"):
        memory.gpus_needed(123, 80)
