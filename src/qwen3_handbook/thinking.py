"""Split a Qwen3 reply into its thinking and its final answer.

Qwen3 writes its reasoning between ``<think>`` (token id 151667) and ``</think>``
(token id 151668), then the answer. The ids are those of the Qwen3 tokenizer
(`tokenizer_config.json` of every Qwen3 checkpoint).

Example:
    >>> split_thinking_text("<think>\\n2 + 2 = 4.\\n</think>\\n\\nIt is 4.")
    ('2 + 2 = 4.', 'It is 4.')
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

__all__ = ["THINK_END_ID", "THINK_START_ID", "split_thinking_ids", "split_thinking_text"]

THINK_START_ID = 151667
"""Token id of ``<think>``."""
THINK_END_ID = 151668
"""Token id of ``</think>``."""


def split_thinking_ids(output_ids: Sequence[int]) -> tuple[list[int], list[int]]:
    """Split generated token ids at the last ``</think>``.

    Args:
        output_ids: The generated ids only (without the prompt).

    Returns:
        ``(thinking_ids, answer_ids)``; the thinking part keeps its ``<think>`` tags and
        is empty when the reply has no ``</think>``.

    Raises:
        TypeError: If ``output_ids`` is a string or holds something other than integers.

    Example:
        >>> split_thinking_ids([151667, 10, 151668, 20, 21])
        ([151667, 10, 151668], [20, 21])
    """
    if isinstance(output_ids, (str, bytes)):
        raise TypeError("output_ids must be a sequence of token ids, not text")
    try:
        ids = [operator.index(i) for i in output_ids]  # ints, numpy ints, 0-d int tensors
    except TypeError:
        raise TypeError(f"token ids must be integers, got {list(output_ids)[:5]!r}...") from None
    try:
        cut = len(ids) - ids[::-1].index(THINK_END_ID)
    except ValueError:
        cut = 0
    return ids[:cut], ids[cut:]


def split_thinking_text(text: str) -> tuple[str, str]:
    """Split decoded text at the last ``</think>``; both parts are stripped.

    Text without ``</think>`` is all answer. A leading ``<think>`` is removed.

    Raises:
        TypeError: If ``text`` is not a string.

    Example:
        >>> split_thinking_text("no tags here")
        ('', 'no tags here')
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    head, sep, answer = text.rpartition("</think>")
    if not sep:
        return "", text.strip()
    thinking = head.strip()
    if thinking.startswith("<think>"):
        thinking = thinking[len("<think>") :]
    return thinking.strip(), answer.strip()
