"""The thinking budget holds: the model never writes more than N thinking tokens."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch

from qwen3_handbook.budget import (
    EARLY_STOP_TEXT,
    EARLY_STOP_TEXT_REPORT,
    generate_with_thinking_budget,
)
from qwen3_handbook.thinking import THINK_END_ID, THINK_START_ID
from qwen3_handbook.tiny import QUESTION, ensure_tiny_model

EOS = 151645


@pytest.fixture(scope="module")
def tokenizer(tiny_model):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_model)


@pytest.fixture(scope="module")
def stop_ids(tokenizer):
    return tokenizer(EARLY_STOP_TEXT, add_special_tokens=False)["input_ids"]


def load(path):
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)


def prompt(tokenizer, **kwargs):
    messages = [{"role": "user", "content": QUESTION}]
    return tokenizer.apply_chat_template(
        messages,
        add_generation_prompt=True,
        return_dict=True,
        return_tensors="pt",
        **kwargs,
    )


def assert_capped(reply, budget, stop_ids, max_new_tokens):
    """The model's own thinking (before the inserted text) is at most `budget` tokens."""
    ids = reply.output_ids
    assert reply.thinking_tokens <= budget
    assert len(ids) <= max_new_tokens
    first_end = ids.index(THINK_END_ID)  # the thinking is always closed
    if reply.budget_reached:
        assert reply.thinking_tokens == budget
        assert THINK_END_ID not in ids[:budget]
        assert ids[budget : budget + len(stop_ids)] == stop_ids
        assert first_end == budget + stop_ids.index(THINK_END_ID)
    else:
        assert first_end + 1 == reply.thinking_tokens


def test_early_stop_texts(stop_ids):
    assert len(stop_ids) == 24  # "early stopping text is 24 tokens" (Qwen docs)
    assert stop_ids.count(THINK_END_ID) == 1
    assert EARLY_STOP_TEXT.strip() == EARLY_STOP_TEXT_REPORT.strip().removesuffix(".")


def test_cap_holds_when_thinking_runs_long(tokenizer, stop_ids):
    """The random-weight model never closes its thinking: every budget must cut it."""
    model = load(ensure_tiny_model(scripted=False))
    inputs = prompt(tokenizer)
    for budget in (1, 40):
        max_new_tokens = budget + len(stop_ids) + 6
        reply = generate_with_thinking_budget(
            model,
            tokenizer,
            inputs,
            thinking_budget=budget,
            max_new_tokens=max_new_tokens,
        )
        assert reply.budget_reached
        assert_capped(reply, budget, stop_ids, max_new_tokens)
        assert reply.thinking.endswith("based on the thinking directly now.")
        assert reply.finish_reason == "length"


@pytest.fixture(scope="module")
def scripted(tiny_model):
    return load(tiny_model)


def test_scripted_thinking_that_fits_is_untouched(scripted, tokenizer, stop_ids):
    inputs = prompt(tokenizer)
    plain = scripted.generate(**inputs, max_new_tokens=100, do_sample=False)
    plain = plain[0, inputs.input_ids.shape[1] :].tolist()
    think_length = (
        plain.index(THINK_END_ID) + 1
    )  # 52 tokens up to and including </think>
    budget = think_length  # exactly enough
    reply = generate_with_thinking_budget(
        scripted, tokenizer, inputs, thinking_budget=budget, max_new_tokens=1100
    )
    assert not reply.budget_reached
    assert reply.output_ids == plain
    assert reply.thinking_tokens == think_length
    assert reply.answer == "17 × 23 = 391."
    assert reply.finish_reason == "stop"
    assert_capped(reply, budget, stop_ids, 1100)


def test_scripted_thinking_one_token_short_is_cut(scripted, tokenizer, stop_ids):
    inputs = prompt(tokenizer)
    budget = 51  # one token before its </think>
    reply = generate_with_thinking_budget(
        scripted, tokenizer, inputs, thinking_budget=budget, max_new_tokens=100
    )
    assert reply.budget_reached
    assert reply.output_ids[0] == THINK_START_ID
    assert_capped(reply, budget, stop_ids, 100)
    assert reply.thinking.startswith("I need 17 × 23.")


def test_prompt_that_closed_thinking_is_one_plain_generation(scripted, tokenizer):
    reply = generate_with_thinking_budget(
        scripted, tokenizer, prompt(tokenizer, enable_thinking=False), thinking_budget=1
    )
    assert (reply.thinking_tokens, reply.budget_reached) == (0, False)
    assert (reply.thinking, reply.answer) == ("", "17 × 23 = 391.")


class FakeModel:
    """A stand-in whose reply is a pure function of what it has seen: fast edge cases."""

    device = torch.device("cpu")

    def __init__(self, prompt_length, think_length, answer=(200, 201)):
        self.prompt_length = prompt_length
        self.think = [THINK_START_ID] + [100] * think_length + [THINK_END_ID, 271]
        self.answer = [*answer, EOS]
        self.generation_config = SimpleNamespace(eos_token_id=[EOS, 151643])
        self.calls = []

    def generate(self, input_ids, attention_mask, max_new_tokens, **kwargs):
        self.calls.append((max_new_tokens, kwargs))
        seen = input_ids[0, self.prompt_length :].tolist()
        natural = self.think + self.answer
        if THINK_END_ID in seen and seen[: len(natural)] != natural[: len(seen)]:
            rest = self.answer  # the helper closed the thinking: answer now
        else:
            rest = natural[len(seen) :]
        new = torch.tensor([rest[:max_new_tokens]])
        return torch.cat([input_ids, new], dim=1)


def fake_reply(tokenizer, think_length, budget, max_new_tokens=100, **kwargs):
    inputs = prompt(tokenizer)
    model = FakeModel(inputs.input_ids.shape[1], think_length)
    reply = generate_with_thinking_budget(
        model,
        tokenizer,
        inputs,
        thinking_budget=budget,
        max_new_tokens=max_new_tokens,
        **kwargs,
    )
    return model, reply


@pytest.mark.parametrize("think_length", [0, 5, 8, 9, 10, 30])
def test_budget_boundaries_with_a_fake_model(tokenizer, stop_ids, think_length):
    budget = 10  # <think> + n thinking tokens + </think> = n + 2 tokens
    model, reply = fake_reply(tokenizer, think_length, budget)
    assert reply.budget_reached == (think_length + 2 > budget)
    assert_capped(reply, budget, stop_ids, 100)
    assert reply.output_ids[-3:] == [200, 201, EOS]
    assert reply.finish_reason == "stop"
    assert model.calls[0][0] == budget


def test_reply_that_ends_inside_the_budget_makes_one_call(tokenizer):
    model, reply = fake_reply(tokenizer, 2, budget=50)
    assert len(model.calls) == 1
    assert reply.thinking_tokens == 4
    assert reply.output_ids[-1] == EOS


def test_length_accounting_includes_the_inserted_text(tokenizer, stop_ids):
    budget, max_new = 10, 10 + len(stop_ids) + 1  # room for exactly one answer token
    model, reply = fake_reply(tokenizer, 30, budget, max_new_tokens=max_new)
    assert model.calls[1][0] == 1
    assert len(reply.output_ids) == max_new
    assert reply.finish_reason == "length"


def test_generate_kwargs_reach_both_calls(tokenizer):
    model, _ = fake_reply(tokenizer, 30, 10, do_sample=True, temperature=0.6)
    assert [kwargs for _, kwargs in model.calls] == [
        {"do_sample": True, "temperature": 0.6}
    ] * 2


def test_other_early_stop_text(tokenizer):
    _, reply = fake_reply(tokenizer, 30, 10, early_stop_text=EARLY_STOP_TEXT_REPORT)
    assert reply.budget_reached and reply.thinking.endswith("directly now.")


@pytest.mark.parametrize("budget", [0, -5, 2.5, True, "16", None])
def test_bad_budget_is_named(tokenizer, budget):
    with pytest.raises(ValueError, match="thinking_budget must be a positive integer"):
        fake_reply(tokenizer, 5, budget)


@pytest.mark.parametrize("max_new_tokens", [0, -1, 1.5])
def test_bad_length_is_named(tokenizer, max_new_tokens):
    with pytest.raises(ValueError, match="max_new_tokens must be a positive integer"):
        fake_reply(tokenizer, 5, 10, max_new_tokens=max_new_tokens)


def test_length_without_room_for_an_answer(tokenizer, stop_ids):
    with pytest.raises(ValueError, match=r"leaves no room for an answer.*24-token"):
        fake_reply(tokenizer, 5, 10, max_new_tokens=10 + len(stop_ids))


def test_early_stop_text_must_close_the_thinking(tokenizer):
    with pytest.raises(ValueError, match="early_stop_text must contain '</think>'"):
        fake_reply(tokenizer, 5, 10, early_stop_text="Stop thinking now.")


@pytest.mark.parametrize("name", ["max_length", "input_ids", "attention_mask"])
def test_reserved_generate_kwargs(tokenizer, name):
    inputs = prompt(tokenizer)
    model = FakeModel(inputs.input_ids.shape[1], 5)
    with pytest.raises(TypeError, match=f"sets {name} itself"):
        generate_with_thinking_budget(
            model, tokenizer, inputs, thinking_budget=10, **{name: inputs.input_ids}
        )


def test_one_prompt_at_a_time(tokenizer):
    inputs = prompt(tokenizer)
    batch = inputs.input_ids.repeat(2, 1)
    with pytest.raises(ValueError, match=r"one conversation at a time.*\(2, "):
        generate_with_thinking_budget(
            FakeModel(0, 5), tokenizer, batch, thinking_budget=10
        )
    padded = {
        "input_ids": inputs.input_ids,
        "attention_mask": torch.zeros_like(inputs.input_ids),
    }
    with pytest.raises(ValueError, match="must not be padded"):
        generate_with_thinking_budget(
            FakeModel(0, 5), tokenizer, padded, thinking_budget=10
        )


def test_plain_id_lists_are_accepted(tokenizer):
    ids = prompt(tokenizer).input_ids[0].tolist()
    reply = generate_with_thinking_budget(
        FakeModel(len(ids), 3), tokenizer, ids, thinking_budget=20
    )
    assert reply.thinking_tokens == 5 and not reply.budget_reached


def test_tokenizer_without_think_tag(tokenizer):
    class NoThink:
        unk_token_id = 0

        def convert_tokens_to_ids(self, token):
            return 0

    with pytest.raises(ValueError, match="no '</think>' token"):
        generate_with_thinking_budget(
            FakeModel(0, 5), NoThink(), [1, 2], thinking_budget=10
        )
