"""Split a Qwen3 reply into its thinking and its final answer, whole or while it streams.

Qwen3 writes its reasoning between ``<think>`` (token id 151667) and ``</think>``
(token id 151668), then the answer. The ids are those of the Qwen3 tokenizer
(`tokenizer_config.json` of every Qwen3 checkpoint).

* `split_thinking_ids` / `split_thinking_text`: split a finished reply.
* `ThinkingStreamParser`: route streamed text chunks to thinking or answer as they arrive,
  even when a chunk boundary falls inside a tag.
* `wants_thinking`: which mode the model is asked for (hard switch and ``/think`` /
  ``/no_think`` soft switches), e.g. to pick the matching sampling preset.

Examples:
    >>> split_thinking_text("<think>\\n2 + 2 = 4.\\n</think>\\n\\nIt is 4.")
    ('2 + 2 = 4.', 'It is 4.')
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, NamedTuple

from qwen3_handbook._checks import boolean

__all__ = [
    "THINK_END",
    "THINK_END_ID",
    "THINK_START",
    "THINK_START_ID",
    "Delta",
    "ThinkingStreamParser",
    "split_thinking_ids",
    "split_thinking_text",
    "wants_thinking",
]

THINK_START_ID = 151667
"""Token id of ``<think>``."""
THINK_END_ID = 151668
"""Token id of ``</think>``."""
THINK_START = "<think>"
"""Text of the tag that opens the thinking."""
THINK_END = "</think>"
"""Text of the tag that closes the thinking."""


def split_thinking_ids(
    output_ids: Sequence[int], *, starts_in_thinking: bool = False
) -> tuple[list[int], list[int]]:
    """Split generated token ids at the first ``</think>``.

    The rules are those of `split_thinking_text` (see there for why the *first* tag).

    Args:
        output_ids: The generated ids only (without the prompt).
        starts_in_thinking: True when the prompt already opened the thinking
            (Qwen3-*-Thinking-2507), so ids without any tag are all thinking.

    Returns:
        ``(thinking_ids, answer_ids)``; the thinking part keeps its tags. Without
        ``</think>`` the ids are all thinking if they start with ``<think>`` (a reply cut
        off by the length limit while thinking) or ``starts_in_thinking`` is set, and all
        answer otherwise.

    Raises:
        TypeError: If ``output_ids`` is a string or holds something other than integers.

    Examples:
        >>> split_thinking_ids([151667, 10, 151668, 20, 21])
        ([151667, 10, 151668], [20, 21])
        >>> split_thinking_ids([151667, 10, 11])  # cut off while thinking
        ([151667, 10, 11], [])
    """
    starts_in_thinking = boolean("starts_in_thinking", starts_in_thinking)
    if isinstance(output_ids, (str, bytes)):
        raise TypeError("output_ids must be a sequence of token ids, not text")
    if not isinstance(output_ids, Iterable):
        raise TypeError(
            f"output_ids must be a sequence of token ids, got {type(output_ids).__name__}"
        )
    try:
        # ints, numpy ints, 0-d int tensors
        ids = [operator.index(i) for i in output_ids]
    except TypeError:
        raise TypeError(
            f"token ids must be integers, got {list(output_ids)[:5]!r}..."
        ) from None
    if THINK_END_ID in ids:
        cut = ids.index(THINK_END_ID) + 1
    elif starts_in_thinking or ids[:1] == [THINK_START_ID]:
        cut = len(ids)
    else:
        cut = 0
    return ids[:cut], ids[cut:]


def split_thinking_text(
    text: str, *, starts_in_thinking: bool = False
) -> tuple[str, str]:
    """Split a finished reply at the first ``</think>``; both parts are stripped.

    The same rules as vLLM 0.34.0 and SGLang 0.5.23 (their ``qwen3`` reasoning parsers,
    measured) and as `ThinkingStreamParser`, so a reply splits the same way whether a
    server, a stream or this function does it:

    * the thinking ends at the *first* ``</think>``; any later one is answer text. A
      Qwen3 reply has one, so this differs from the model card's snippet (which cuts at
      the last ``</think>``) only for a reply that writes the tag twice;
    * a reply that opens ``<think>`` and never closes it (cut off by the length limit
      while thinking) is all thinking, and the answer is empty;
    * a reply with neither tag is all answer (thinking off, or a server that already
      took the reasoning out), unless ``starts_in_thinking`` says the prompt opened the
      thinking. The two servers call it reasoning when the request has thinking on.

    A leading ``<think>`` is removed; ``</think>`` without it is accepted (the output of
    Qwen3-*-Thinking-2507, whose prompt opens the thinking).

    Args:
        text: The decoded reply (prompt excluded).
        starts_in_thinking: True when the prompt already opened the thinking, as in
            `ThinkingStreamParser`.

    Raises:
        TypeError: If ``text`` is not a string.

    Examples:
        >>> split_thinking_text("no tags here")
        ('', 'no tags here')
        >>> split_thinking_text("<think>\\nMaybe 390? Let me")  # cut off while thinking
        ('Maybe 390? Let me', '')
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    starts_in_thinking = boolean("starts_in_thinking", starts_in_thinking)
    head, sep, answer = text.partition(THINK_END)
    opened = head.lstrip().startswith(THINK_START)
    if not sep and not (opened or starts_in_thinking):
        return "", text.strip()
    thinking = head.strip()
    if opened and not starts_in_thinking:
        thinking = thinking[len(THINK_START) :]
    return thinking.strip(), answer.strip()


class Delta(NamedTuple):
    """A piece of streamed text and where it belongs.

    Attributes:
        kind: ``"thinking"`` or ``"answer"``.
        text: The text, without tags.
    """

    kind: Literal["thinking", "answer"]
    text: str


def _partial_tag_suffix(text: str, tag: str) -> int:
    """Length of the longest end of ``text`` that is the start of ``tag`` (not all of it)."""
    for size in range(min(len(text), len(tag) - 1), 0, -1):
        if tag.startswith(text[-size:]):
            return size
    return 0


class ThinkingStreamParser:
    """Route streamed text to the thinking or to the answer as it arrives.

    Feed it the text chunks of a streamer (for example transformers'
    `TextIteratorStreamer`, or the ``content`` deltas of a server that does not split
    the reasoning out). It holds back only what it cannot place yet: the start of a tag
    cut by a chunk boundary (``"</thi"`` + ``"nk>"``), and whitespace at the edges of a
    section. Sections are stripped as `split_thinking_text` strips them, so for a
    finished reply the concatenated deltas equal `split_thinking_text` of the whole
    text.

    It splits as `split_thinking_text` does: at the first ``</think>``, and a reply cut
    off inside its thinking stays thinking. One difference is forced by streaming: text
    that does not start with ``<think>`` is answer from its first character on, so a
    ``</think>`` later in it stays text unless ``starts_in_thinking`` is set.
    For replies with tool calls, use `qwen3_handbook.toolcalls.ReplyStreamParser`.

    Args:
        starts_in_thinking: True when the prompt already opened the thinking, so the
            output has no ``<think>``: Qwen3-*-Thinking-2507 templates end the prompt
            with ``<think>\\n``. Hybrid Qwen3 models write ``<think>`` themselves.

    Examples:
        >>> parser = ThinkingStreamParser()
        >>> parser.feed("<think>\\nCarry the 1.\\n</thi")
        [Delta(kind='thinking', text='Carry the 1.')]
        >>> parser.feed("nk>\\n\\nIt is 42.")
        [Delta(kind='answer', text='It is 42.')]
        >>> parser.finish()
        []
        >>> parser.thinking, parser.answer
        ('Carry the 1.', 'It is 42.')
    """

    def __init__(self, *, starts_in_thinking: bool = False) -> None:
        starts_in_thinking = boolean("starts_in_thinking", starts_in_thinking)
        self._state: Literal["start", "thinking", "answer"] = (
            "thinking" if starts_in_thinking else "start"
        )
        # Held back: whitespace until text follows it (a section's trailing whitespace
        # is dropped), then what may be the start of a tag. Both are kept apart and the
        # routed text as a list of pieces, so every character is copied a bounded
        # number of times: runs of whitespace or a long reply fed a character at a time
        # cost linear time.
        self._space: list[str] = []
        self._tail = ""  # at most len("</think>") - 1 characters
        self._section_has_text = False  # leading whitespace of a section is dropped
        self._finished = False
        self._thinking: list[str] = []
        self._answer: list[str] = []

    @property
    def thinking(self) -> str:
        """All thinking text routed so far."""
        return _joined(self._thinking)

    @property
    def answer(self) -> str:
        """All answer text routed so far."""
        return _joined(self._answer)

    @property
    def in_thinking(self) -> bool:
        """True while the reply is inside its thinking."""
        return self._state == "thinking"

    def feed(self, chunk: str) -> list[Delta]:
        """Consume one chunk; return the pieces that can be placed now.

        Raises:
            TypeError: If ``chunk`` is not a string.
            RuntimeError: If called after `finish`.
        """
        if not isinstance(chunk, str):
            raise TypeError(f"chunk must be a string, got {type(chunk).__name__}")
        if self._finished:
            raise RuntimeError(
                "feed() called after finish(); create a new parser per reply"
            )
        text, self._tail = self._tail + chunk, ""
        out: list[Delta] = []
        while True:
            if self._state == "start":
                text = text.lstrip()  # dropped anyway
                if text.startswith(THINK_START):
                    text = text[len(THINK_START) :]
                    self._enter("thinking")
                    continue
                if THINK_START.startswith(text):  # "", "<", "<thi", ...: wait for more
                    self._tail = text
                    break
                self._enter("answer")
                continue
            if self._state == "thinking":
                cut = text.find(THINK_END)
                if cut >= 0:
                    self._place(out, "thinking", text[:cut], section_ends=True)
                    text = text[cut + len(THINK_END) :]
                    self._enter("answer")
                    continue
                keep = _partial_tag_suffix(text, THINK_END)
                self._place(out, "thinking", text[: len(text) - keep])
                self._tail = text[len(text) - keep :]
                break
            self._place(out, "answer", text)
            break
        return out

    def finish(self) -> list[Delta]:
        """Flush what was held back at the end of the reply.

        Raises:
            RuntimeError: If called twice.
        """
        if self._finished:
            raise RuntimeError("finish() called twice")
        self._finished = True
        out: list[Delta] = []
        kind: Literal["thinking", "answer"] = (
            "thinking" if self.in_thinking else "answer"
        )
        self._place(out, kind, self._tail, section_ends=True)  # a half tag is text
        self._tail = ""
        return out

    def _enter(self, state: Literal["thinking", "answer"]) -> None:
        self._state = state
        self._section_has_text = False
        self._space = []

    def _place(
        self,
        out: list[Delta],
        kind: Literal["thinking", "answer"],
        text: str,
        *,
        section_ends: bool = False,
    ) -> None:
        """Emit text, holding back its trailing whitespace until more text follows."""
        body = text.rstrip()
        if body:
            held = "".join(self._space) if self._section_has_text else ""
            self._emit(out, kind, held + body)
            self._space = []
        if section_ends:
            self._space = []
        elif self._section_has_text and len(body) < len(text):
            self._space.append(text[len(body) :])

    def _emit(
        self, out: list[Delta], kind: Literal["thinking", "answer"], text: str
    ) -> None:
        if not self._section_has_text:
            text = text.lstrip()
        if not text:
            return
        self._section_has_text = True
        (self._thinking if kind == "thinking" else self._answer).append(text)
        if out and out[-1].kind == kind:
            out[-1] = Delta(kind, out[-1].text + text)
        else:
            out.append(Delta(kind, text))


def _joined(pieces: list[str]) -> str:
    """The pieces as one string, kept joined so the next read costs nothing."""
    if len(pieces) > 1:
        pieces[:] = ["".join(pieces)]
    return pieces[0] if pieces else ""


_SOFT_SWITCH = re.compile(r"(?<![\w/])/(no_think|think)(?![\w/])")


def _content_text(content: Any) -> str | None:
    """The text of a message's content: a string, or the text parts of a list, joined."""
    if isinstance(content, str):
        return content
    if isinstance(content, (list, tuple)):
        texts = [
            part if isinstance(part, str) else part.get("text")
            for part in content
            if isinstance(part, str)
            or (isinstance(part, Mapping) and part.get("type") == "text")
        ]
        return "\n".join(text for text in texts if isinstance(text, str))
    return None


def wants_thinking(
    messages: Iterable[Mapping[str, Any]], *, enable_thinking: bool = True
) -> bool:
    """Whether Qwen3 is asked to think in its next reply.

    The hard switch wins: with ``enable_thinking=False`` the template pre-fills an empty
    thinking block and the soft switches are ignored. Otherwise the most recent
    ``/think`` or ``/no_think`` in a user or system message decides, and without one the
    model thinks (model card, "Switching Between Thinking and Non-Thinking Mode").

    Use it to pick the sampling preset that matches the mode the model will be in.

    Args:
        messages: The conversation, OpenAI-style message dicts.
        enable_thinking: The value passed to ``apply_chat_template``.

    A message's content may be a string or a list of OpenAI content parts; the text
    parts are read as one string (as servers do before applying the chat template).

    Raises:
        TypeError: If a message is not a mapping with a ``role``, or
            ``enable_thinking`` is not True or False (``None`` or ``"no"`` would
            otherwise pick a mode silently).

    Examples:
        >>> wants_thinking([{"role": "user", "content": "Hi /no_think"}])
        False
        >>> wants_thinking([{"role": "user", "content": "Hi /think"}], enable_thinking=False)
        False
    """
    enable_thinking = boolean("enable_thinking", enable_thinking)
    if isinstance(messages, (str, bytes, Mapping)) or not isinstance(
        messages, Iterable
    ):
        raise TypeError("messages must be a list of message dicts")
    verdict = True
    for message in messages:
        if not isinstance(message, Mapping) or "role" not in message:
            raise TypeError(
                f"each message must be a dict with a 'role', got {message!r}"
            )
        content = _content_text(message.get("content"))
        if message["role"] not in ("user", "system") or content is None:
            continue
        switches = _SOFT_SWITCH.findall(content)
        if switches:
            verdict = switches[-1] == "think"
    return enable_thinking and verdict
