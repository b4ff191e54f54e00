"""Ask for Qwen3's standardized answer formats, and read the answer back out.

The Qwen3 model card ("Best Practices", point 3) recommends two prompts for benchmarking:

* math: `MATH_INSTRUCTION`, answer in ``\\boxed{...}``, read with `extract_boxed`;
* multiple choice: `CHOICE_INSTRUCTION`, answer as ``"answer": "C"``, read with
  `extract_choice`.

Both readers look only at the answer part of a reply, split as
`qwen3_handbook.thinking.split_thinking_text` splits it (after the first ``</think>``; a
reply cut off while thinking has no answer), and return ``None`` when the reply holds no
answer in the requested format — the case an evaluation counts as wrong. They raise only
for input that is not text, or choices that are not letters. Both take time linear in
the length of the text, whatever it holds.

Examples:
    >>> extract_boxed("<think>\\nMaybe \\\\boxed{390}?\\n</think>\\n\\nIt is \\\\boxed{391}.")
    '391'
    >>> extract_choice('{"answer": "C"}')
    'C'
"""

from __future__ import annotations

import re

from qwen3_handbook._checks import boolean
from qwen3_handbook.thinking import split_thinking_text

__all__ = ["CHOICE_INSTRUCTION", "MATH_INSTRUCTION", "extract_boxed", "extract_choice"]

MATH_INSTRUCTION = (
    "Please reason step by step, and put your final answer within \\boxed{}."
)
"""Append to a math question (model card, Best Practices 3)."""

CHOICE_INSTRUCTION = (
    "Please show your choice in the `answer` field with only the choice letter, "
    'e.g., `"answer": "C"`.'
)
"""Append to a multiple-choice question (model card, Best Practices 3)."""

_BOXED = re.compile(r"\\boxed\s*\{")
# Inside a box: a nested box, an escaped character (\{ \} \\), or a brace.
_IN_BOX = re.compile(r"\\boxed\s*\{|\\.|[{}]", re.DOTALL)
_ANSWER_FIELD = re.compile(r"""["']answer["']\s*:\s*(?:"([^"]*)"|'([^']*)')""")


def _answer_part(text: str, answer_only: bool) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if boolean("answer_only", answer_only):
        return split_thinking_text(text)[1]
    return text


def extract_boxed(text: str, *, answer_only: bool = True) -> str | None:
    """The content of the last complete, non-empty ``\\boxed{...}``.

    Braces nest (``\\boxed{\\frac{1}{2}}`` gives ``\\frac{1}{2}``) and escaped braces
    ``\\{`` ``\\}`` do not count. A box cut off by the length limit (no closing brace) and
    an empty ``\\boxed{}`` (the placeholder of the instruction, echoed) are skipped.

    Args:
        text: A reply, with or without its thinking.
        answer_only: Look only at the answer (after the first ``</think>``), so a box
            the model tried while thinking does not count, nor does one in a reply cut
            off before its thinking ended.

    Returns:
        The box content, stripped; ``None`` if there is no such box.

    Raises:
        TypeError: If ``text`` is not a string.

    Examples:
        >>> extract_boxed("First \\\\boxed{1}, finally \\\\boxed{\\\\frac{1}{2}}")
        '\\\\frac{1}{2}'
        >>> extract_boxed("The answer is 391.") is None
        True
        >>> extract_boxed("<think>\\nMaybe \\\\boxed{390}? Let me") is None  # cut off
        True
    """
    text = _answer_part(text, answer_only)
    # One pass with a stack of open braces; an entry is the start of a box's content, or
    # -1 for a plain brace. The box that wins is the complete one that starts last.
    found, found_at = None, -1
    stack: list[int] = []
    pos = 0
    while True:
        match = (_IN_BOX if stack else _BOXED).search(text, pos)
        if match is None:
            break
        pos = match.end()
        token = match[0]
        if token.startswith("\\boxed"):
            stack.append(pos)
        elif token == "{":
            stack.append(-1)
        elif token == "}":
            start = stack.pop()
            if start > found_at:
                content = text[start : pos - 1].strip()
                if content:
                    found, found_at = content, start
        # else an escaped character: skipped
    return found


def extract_choice(
    text: str, choices: str = "ABCD", *, answer_only: bool = True
) -> str | None:
    """The letter in the last ``"answer"`` field of a reply, if it is one of ``choices``.

    Accepts the JSON the instruction asks for (``{"answer": "C"}``, also inside a code
    block or prose) and single quotes. The value may be ``"c"``, ``" C "``, ``"(C)"`` or
    ``"C."``; it is upper-cased.

    Args:
        text: A reply, with or without its thinking.
        choices: The valid letters, e.g. ``"ABCD"`` or ``"ABCDEFGHIJ"``.
        answer_only: Look only at the answer (after the first ``</think>``).

    Returns:
        The letter; ``None`` if there is no answer field or its value is not one of the
        choices.

    Raises:
        TypeError: If ``text`` is not a string.
        ValueError: If ``choices`` is not a non-empty string of distinct letters.

    Examples:
        >>> extract_choice('I pick this. ```json\\n{"answer": "b"}\\n```')
        'B'
        >>> extract_choice('{"answer": "E"}') is None
        True
    """
    if (
        not isinstance(choices, str)
        or not choices.isalpha()
        or len(set(choices.upper())) != len(choices)
    ):
        raise ValueError(
            f"choices must be a string of distinct letters, got {choices!r}"
        )
    text = _answer_part(text, answer_only)
    fields = _ANSWER_FIELD.findall(text)
    if not fields:
        return None
    double, single = fields[-1]
    value = (double or single).strip().strip("().").strip().upper()
    return value if len(value) == 1 and value in choices.upper() else None
