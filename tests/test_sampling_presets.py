"""The sampling presets, the presence penalty for transformers, and the server request."""

from __future__ import annotations

import pytest
import torch

from qwen3_handbook import sampling
from qwen3_handbook.sampling import (
    PresencePenaltyLogitsProcessor,
    generation_config,
    openai_request,
)


def test_presets_are_the_model_card_values():
    thinking, non_thinking = (
        generation_config(thinking=True),
        generation_config(thinking=False),
    )
    assert (thinking.temperature, thinking.top_p, thinking.top_k, thinking.min_p) == (
        0.6,
        0.95,
        20,
        0.0,
    )
    assert (non_thinking.temperature, non_thinking.top_p, non_thinking.top_k) == (
        0.7,
        0.8,
        20,
    )
    assert thinking.do_sample and non_thinking.do_sample  # never greedy
    assert thinking.max_new_tokens == sampling.OUTPUT_LENGTH == 32768
    assert sampling.OUTPUT_LENGTH_COMPETITION == 38912
    assert sampling.QUANTIZED_PRESENCE_PENALTY == 1.5


def test_presence_penalty_matches_the_openai_definition():
    """logits -= penalty * (token occurs in the generated part), as vLLM's apply_penalties."""
    torch.manual_seed(0)
    vocab, prompt_length = 50, 7
    ids = torch.randint(0, vocab, (3, 20))
    scores = torch.randn(3, vocab)
    got = PresencePenaltyLogitsProcessor(0.8, prompt_length=prompt_length)(
        ids, scores.clone()
    )
    expected = scores.clone()
    for row in range(3):
        for token in set(ids[row, prompt_length:].tolist()):
            expected[row, token] -= 0.8  # once, however often it was generated
    torch.testing.assert_close(got, expected)


def test_presence_penalty_ignores_the_prompt_and_zero_is_neutral():
    ids, scores = torch.tensor([[4, 4, 4]]), torch.zeros(1, 6)
    assert PresencePenaltyLogitsProcessor(2, prompt_length=3)(ids, scores).eq(0).all()
    assert PresencePenaltyLogitsProcessor(0, prompt_length=0)(ids, scores).eq(0).all()
    assert PresencePenaltyLogitsProcessor(2, prompt_length=0)(ids, scores)[0, 4] == -2


def test_presence_penalty_in_generate(tiny_model):
    """Works as a transformers logits processor and changes what is penalized only."""
    from transformers import AutoModelForCausalLM, AutoTokenizer, LogitsProcessorList

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    model = AutoModelForCausalLM.from_pretrained(tiny_model, dtype=torch.float32)
    messages = [{"role": "user", "content": "What is 17 × 23?"}]
    inputs = tokenizer.apply_chat_template(
        messages,
        add_generation_prompt=True,
        enable_thinking=False,
        return_dict=True,
        return_tensors="pt",
    )
    length = inputs.input_ids.shape[1]
    processor = PresencePenaltyLogitsProcessor(1.5, prompt_length=length)
    out = model.generate(
        **inputs,
        do_sample=False,
        max_new_tokens=20,
        logits_processor=LogitsProcessorList([processor]),
    )
    text = tokenizer.decode(out[0, length:], skip_special_tokens=True)
    assert text == "17 × 23 = 391."  # the overfitted margin survives a 1.5 penalty


@pytest.mark.parametrize("penalty", [-0.1, 2.5, True, "1.5", None])
def test_bad_presence_penalty_is_named(penalty):
    with pytest.raises(
        ValueError, match="presence_penalty must be a number from 0 to 2"
    ):
        PresencePenaltyLogitsProcessor(penalty, prompt_length=0)
    with pytest.raises(
        ValueError, match="presence_penalty must be a number from 0 to 2"
    ):
        openai_request(
            thinking=True, presence_penalty=penalty if penalty is not None else -1
        )


@pytest.mark.parametrize("prompt_length", [-1, 2.0, True])
def test_bad_prompt_length_is_named(prompt_length):
    with pytest.raises(ValueError, match="prompt_length must"):
        PresencePenaltyLogitsProcessor(1.0, prompt_length=prompt_length)


def test_openai_request_fields():
    request = openai_request(thinking=True)
    assert request == {
        "max_tokens": 32768,
        "temperature": 0.6,
        "top_p": 0.95,
        "extra_body": {
            "top_k": 20,
            "min_p": 0.0,
            "chat_template_kwargs": {"enable_thinking": True},
        },
    }
    assert "presence_penalty" not in request  # left to the server unless asked for
    quantized = openai_request(thinking=False, max_tokens=38912, presence_penalty=1.5)
    assert (quantized["max_tokens"], quantized["presence_penalty"]) == (38912, 1.5)
    assert quantized["extra_body"]["chat_template_kwargs"] == {"enable_thinking": False}


@pytest.mark.parametrize("max_tokens", [0, -1, 1.5, True])
def test_bad_max_tokens_is_named(max_tokens):
    with pytest.raises(ValueError, match="max_tokens must be a positive integer"):
        openai_request(thinking=True, max_tokens=max_tokens)
