"""Qwen3-2507 and Qwen3-Coder: counts against their model cards, registry, prompts."""

from __future__ import annotations

import math

import pytest

from qwen3_handbook import architecture, memory

# (total, active, non-embedding) as the model cards print them, "Model Overview"
# https://huggingface.co/Qwen/<name>; None where the card gives no such figure.
MODEL_CARDS = {
    "Qwen3-235B-A22B-Instruct-2507": ("235B", "22B", "234B"),
    "Qwen3-235B-A22B-Thinking-2507": ("235B", "22B", "234B"),
    "Qwen3-30B-A3B-Instruct-2507": ("30.5B", "3.3B", "29.9B"),
    "Qwen3-30B-A3B-Thinking-2507": ("30.5B", "3.3B", "29.9B"),
    "Qwen3-4B-Thinking-2507": ("4.0B", "4.0B", "3.6B"),
    "Qwen3-Coder-480B-A35B-Instruct": ("480B", "35B", None),
    "Qwen3-Coder-30B-A3B-Instruct": ("30.5B", "3.3B", None),
}

# Layers, Q heads, KV heads, experts, active experts: "Model Overview" of each card.
CARD_SHAPES = {
    "Qwen3-235B-A22B-Instruct-2507": (94, 64, 4, 128, 8),
    "Qwen3-235B-A22B-Thinking-2507": (94, 64, 4, 128, 8),
    "Qwen3-30B-A3B-Instruct-2507": (48, 32, 4, 128, 8),
    "Qwen3-30B-A3B-Thinking-2507": (48, 32, 4, 128, 8),
    "Qwen3-Coder-480B-A35B-Instruct": (62, 96, 8, 160, 8),
    "Qwen3-Coder-30B-A3B-Instruct": (48, 32, 4, 128, 8),
}


def _rounded_like(text: str, value: int) -> str:
    decimals = len(text[:-1].split(".")[1]) if "." in text else 0
    return f"{value / 1e9:.{decimals}f}B"


def _truncated_like(text: str, value: int) -> str:
    """The cards cut the active count off rather than round it (3,353,032,704 -> 3.3B)."""
    decimals = len(text[:-1].split(".")[1]) if "." in text else 0
    scale = 10**decimals
    return f"{math.floor(value / 1e9 * scale) / scale:.{decimals}f}B"


@pytest.mark.parametrize("name", list(MODEL_CARDS))
def test_counts_round_to_the_model_card(name):
    counts = architecture.count_parameters(name)
    total, active, non_embedding = MODEL_CARDS[name]
    assert _rounded_like(total, counts.total) == total
    assert _truncated_like(active, counts.active) == active
    if non_embedding is not None:
        assert _rounded_like(non_embedding, counts.non_embedding) == non_embedding


@pytest.mark.parametrize("name", list(CARD_SHAPES))
def test_shapes_match_the_model_card(name):
    config = architecture.config_for(name)
    layers, q_heads, kv_heads, experts, active = CARD_SHAPES[name]
    assert config.num_hidden_layers == layers
    assert (config.num_attention_heads, config.num_key_value_heads) == (
        q_heads,
        kv_heads,
    )
    assert (config.num_experts, config.num_experts_per_tok) == (experts, active)
    assert config.max_position_embeddings == 262144


def test_2507_updates_keep_the_shapes_of_the_april_models():
    for old, new in [
        ("Qwen3-235B-A22B", "Qwen3-235B-A22B-Instruct-2507"),
        ("Qwen3-235B-A22B", "Qwen3-235B-A22B-Thinking-2507"),
        ("Qwen3-30B-A3B", "Qwen3-30B-A3B-Instruct-2507"),
        ("Qwen3-4B", "Qwen3-4B-Thinking-2507"),
    ]:
        assert architecture.count_parameters(old) == architecture.count_parameters(new)
        assert architecture.kv_cache_bytes_per_token(
            old
        ) == architecture.kv_cache_bytes_per_token(new)


def test_exact_counts():
    coder = architecture.count_parameters("Qwen3-Coder-480B-A35B-Instruct")
    assert (coder.total, coder.active) == (480_154_875_392, 35_474_765_312)
    # 62 layers x 2 x 8 KV heads x 128 x 2 bytes
    assert (
        architecture.kv_cache_bytes_per_token("Qwen3-Coder-480B-A35B-Instruct")
        == 253_952
    )
    big = architecture.kv_cache_bytes("Qwen3-235B-A22B-Thinking-2507", 262144)
    assert big == 94 * 2 * 4 * 128 * 2 * 262144


def test_registry_by_generation():
    assert architecture.model_names("moe") == ["Qwen3-235B-A22B", "Qwen3-30B-A3B"]
    assert architecture.model_names(generation="coder") == [
        "Qwen3-Coder-480B-A35B-Instruct",
        "Qwen3-Coder-30B-A3B-Instruct",
    ]
    assert len(architecture.model_names(generation="2507")) == 6
    assert architecture.model_names("dense", generation="2507") == [
        "Qwen3-4B-Instruct-2507",
        "Qwen3-4B-Thinking-2507",
    ]
    every = architecture.model_names(generation="all")
    assert (
        set(every)
        == set(architecture.MODEL_CONFIGS)
        == set(architecture.CONTEXT_LENGTHS)
    )
    assert architecture.generation("Qwen3-235B-A22B") == "original"
    assert architecture.generation("Qwen3-Coder-30B-A3B-Instruct") == "coder"
    with pytest.raises(ValueError, match="generation must be one of"):
        architecture.model_names(generation="2504")
    with pytest.raises(ValueError, match="kind must be"):
        architecture.model_names("sparse", generation="all")
    with pytest.raises(
        ValueError, match="unknown Qwen3 model 'Qwen3-8B-Thinking-2507'"
    ):
        architecture.generation("Qwen3-8B-Thinking-2507")


def test_context_lengths():
    assert architecture.context_lengths("Qwen3-235B-A22B-Instruct-2507") == (
        262144,
        1010000,
    )
    assert architecture.context_lengths("Qwen3-4B-Thinking-2507") == (262144, 262144)
    assert architecture.context_lengths("Qwen3-Coder-480B-A35B-Instruct") == (
        262144,
        1048576,
    )


def test_memory_accepts_the_new_models():
    plan = memory.estimate("Qwen3-Coder-480B-A35B-Instruct", "fp8", context_tokens=1)
    assert plan.weights > 480e9
    assert memory.weight_bytes(
        "Qwen3-30B-A3B-Thinking-2507", "bf16"
    ) == memory.weight_bytes("Qwen3-30B-A3B", "bf16")


# --- prompts and replies of each generation (qwen3_handbook.generations) ---------------

from qwen3_handbook import generations  # noqa: E402

QUESTION = [{"role": "user", "content": "What is 12 × 34?"}]


def test_2507_prompts_follow_the_documented_templates():
    instruct = generations.prompt_2507(QUESTION, "instruct-2507")
    thinking = generations.prompt_2507(QUESTION, "thinking-2507")
    assert (
        instruct
        == "<|im_start|>user\nWhat is 12 × 34?<|im_end|>\n<|im_start|>assistant\n"
    )
    assert thinking == instruct + "<think>\n"
    assert "<think>" not in instruct


def test_2507_prompt_drops_earlier_thinking():
    history = [
        *QUESTION,
        {"role": "assistant", "content": "I need 12 × 34.\n</think>\n\n12 × 34 = 408."},
        {"role": "user", "content": "Add 2."},
    ]
    prompt = generations.prompt_2507(history, "thinking-2507")
    assert "I need" not in prompt
    assert "<|im_start|>assistant\n12 × 34 = 408.<|im_end|>" in prompt


def test_2507_prompt_matches_the_hybrid_template_for_one_user_turn(tmp_path):
    """The only overlap with the original template: a single user turn, thinking on."""
    from transformers import AutoTokenizer

    from qwen3_handbook.tiny import tokenizer_dir

    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir())
    hybrid = tokenizer.apply_chat_template(
        QUESTION, add_generation_prompt=True, tokenize=False
    )
    assert hybrid == generations.prompt_2507(QUESTION, "instruct-2507")


@pytest.mark.parametrize(
    ("text", "generation", "expected"),
    [
        ("A\n</think>\n\nB", "thinking-2507", ("A", "B")),
        ("<think>\nA\n</think>\n\nB", "thinking-2507", ("A", "B")),
        ("A, cut off", "thinking-2507", ("A, cut off", "")),
        ("A\n</think>\n\nB </think> C", "thinking-2507", ("A", "B </think> C")),
        ("<think>\nA\n</think>\n\nB", "hybrid", ("A", "B")),
        ("<think>\n\n</think>\n\nB", "hybrid", ("", "B")),
        ("B", "hybrid", ("", "B")),
        ("B\n", "instruct-2507", ("", "B")),
        ("B", "coder", ("", "B")),
    ],
)
def test_split_reply(text, generation, expected):
    assert generations.split_reply(text, generation) == expected


def test_generation_helpers_reject_bad_arguments():
    with pytest.raises(ValueError, match="generation must be one of 'instruct-2507'"):
        generations.prompt_2507(QUESTION, "hybrid")
    with pytest.raises(ValueError, match="at least one message"):
        generations.prompt_2507([], "instruct-2507")
    with pytest.raises(ValueError, match="role 'tool'"):
        generations.prompt_2507([{"role": "tool", "content": "{}"}], "instruct-2507")
    with pytest.raises(TypeError, match="must be a str"):
        generations.prompt_2507([{"role": "user", "content": None}], "instruct-2507")
    with pytest.raises(TypeError, match="messages must be a list"):
        generations.prompt_2507("hi", "instruct-2507")
    with pytest.raises(TypeError, match="text must be a str"):
        generations.split_reply(None, "coder")
    with pytest.raises(ValueError, match="generation must be one of"):
        generations.split_reply("x", "2507")


def test_presets_match_the_cards():
    thinking = generations.SAMPLING["thinking-2507"]
    assert (thinking.temperature, thinking.top_p, thinking.top_k) == (0.6, 0.95, 20)
    assert (thinking.max_tokens, thinking.max_tokens_hard) == (32768, 81920)
    assert generations.SAMPLING["instruct-2507"].max_tokens == 16384
    coder = generations.SAMPLING["coder"]
    assert (coder.repetition_penalty, coder.max_tokens) == (1.05, 65536)
    assert set(generations.SAMPLING) == {
        *generations.ENGINE_FLAGS,
        "hybrid-non-thinking",
    }
    assert "--enable-reasoning" not in " ".join(
        flags.vllm for flags in generations.ENGINE_FLAGS.values()
    )


def test_engine_flags_are_accepted_by_the_recorded_engines():
    from qwen3_handbook.engines import check_script

    for name, flags in generations.ENGINE_FLAGS.items():
        script = f"vllm serve Qwen/M {flags.vllm}\n"
        script += f"python -m sglang.launch_server --model-path Qwen/M {flags.sglang}\n"
        assert check_script(script) == [], name
