"""Reading the standardized answers back: \\boxed{} for math, "answer": "C" for choices."""

from __future__ import annotations

import pytest

from qwen3_handbook.answers import (
    CHOICE_INSTRUCTION,
    MATH_INSTRUCTION,
    extract_boxed,
    extract_choice,
)


def test_instructions_are_the_model_card_wording():
    assert MATH_INSTRUCTION == (
        "Please reason step by step, and put your final answer within \\boxed{}."
    )
    assert CHOICE_INSTRUCTION == (
        "Please show your choice in the `answer` field with only the choice letter, e.g., "
        '`"answer": "C"`.'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\boxed{391}", "391"),
        (r"So $17 \times 23 = \boxed{391}$.", "391"),
        (r"\boxed{ 391 }", "391"),
        (r"\boxed {391}", "391"),
        (r"\boxed{\frac{1}{2}}", r"\frac{1}{2}"),
        (r"\boxed{\sqrt{\frac{a}{b^{2}}}}", r"\sqrt{\frac{a}{b^{2}}}"),
        (r"\boxed{\{1, 2\}}", r"\{1, 2\}"),  # escaped braces are text, not grouping
        (r"\boxed{a \} b}", r"a \} b"),
        (r"first \boxed{1} then \boxed{2}", "2"),  # the last box wins
        (r"\boxed{2} and a cut-off \boxed{3", "2"),  # the unclosed one is skipped
        (r"\boxed{} echoed, then \boxed{7}", "7"),
        (r"\boxed{7} then the placeholder \boxed{}", "7"),  # empty boxes never win
        (r"\boxed{x=1, y=2}", "x=1, y=2"),
        ("\\boxed{\n  42\n}", "42"),
        ("The answer is 391.", None),
        (r"\boxed{}", None),
        (r"\boxed{39", None),
        (r"\boxed391", None),  # only the braced form
        ("", None),
    ],
)
def test_extract_boxed(text, expected):
    assert extract_boxed(text) == expected


def test_boxed_in_thinking_does_not_count():
    reply = "<think>\nMaybe \\boxed{390}?\n</think>\n\nIt is \\boxed{391}."
    assert extract_boxed(reply) == "391"
    assert extract_boxed("<think>\\boxed{390}\n</think>\n\nno box") is None
    assert (
        extract_boxed("<think>\\boxed{390}\n</think>\n\nno box", answer_only=False)
        == "390"
    )
    # The answer starts after the FIRST </think>, as vLLM and SGLang split (and the stream).
    assert extract_boxed("<think>\\boxed{0}</think>\\boxed{1}</think>") == "1"


@pytest.mark.parametrize(
    "reply",
    [
        "<think>\nMaybe \\boxed{390}? Let me",  # cut off by the length limit while thinking
        "  <think>\\boxed{390}",
        "<think>\n\\boxed{390} and the answer is",
    ],
)
def test_reply_cut_off_while_thinking_has_no_answer(reply):
    assert extract_boxed(reply) is None
    assert extract_boxed(reply, answer_only=False) == "390"
    assert extract_choice(reply.replace("\\boxed{390}", '{"answer": "A"}')) is None


def test_nested_boxes_the_last_started_wins():
    assert extract_boxed(r"\boxed{a \boxed{b}}") == "b"
    assert extract_boxed(r"\boxed{\boxed{b} c") == "b"  # the outer one is never closed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"answer": "C"}', "C"),
        ('"answer": "C"', "C"),
        ('```json\n{\n  "answer": "D"\n}\n```', "D"),
        ("{'answer': 'b'}", "B"),
        ('{"answer": " a "}', "A"),
        ('{"answer": "(C)"}', "C"),
        ('{"answer": "C."}', "C"),
        ('{"answer":"B"}', "B"),
        ('{"answer": "A"} ... on reflection {"answer": "B"}', "B"),  # the last one wins
        ('{"answer": "E"}', None),  # not an option
        ('{"answer": "AB"}', None),
        ('{"answer": ""}', None),
        ('{"answer": 3}', None),
        ('{"choice": "C"}', None),
        ("The answer is C.", None),
        ("", None),
    ],
)
def test_extract_choice(text, expected):
    assert extract_choice(text) == expected


def test_choice_options_and_thinking():
    assert extract_choice('{"answer": "E"}', choices="ABCDE") == "E"
    assert extract_choice('{"answer": "j"}', choices="ABCDEFGHIJ") == "J"
    reply = '<think>\n{"answer": "A"} no...\n</think>\n\n{"answer": "B"}'
    assert extract_choice(reply) == "B"
    assert extract_choice('<think>{"answer": "A"}</think>\n\nnone') is None
    assert (
        extract_choice('<think>{"answer": "A"}</think>\n\nnone', answer_only=False)
        == "A"
    )


@pytest.mark.parametrize("choices", ["", "AAB", "A1", "AB CD", None, 5])
def test_bad_choices_are_named(choices):
    with pytest.raises(
        ValueError, match="choices must be a string of distinct letters"
    ):
        extract_choice('{"answer": "A"}', choices=choices)


@pytest.mark.parametrize("reader", [extract_boxed, extract_choice])
@pytest.mark.parametrize("bad", [None, 391, b"\\boxed{1}", ["x"]])
def test_non_text_is_refused(reader, bad):
    with pytest.raises(TypeError, match="text must be a string"):
        reader(bad)
