"""Parse Qwen3's tool calls out of the text the model generates.

Qwen3 uses the hermes-style format of its chat template: each call is one JSON object
``{"name": ..., "arguments": {...}}`` between ``<tool_call>`` and ``</tool_call>`` (token id
151657 and 151658), one block per call, after the thinking block if there is one. Servers do
this parsing for you (vLLM ``--tool-call-parser hermes``, SGLang ``--tool-call-parser
qwen``, ``transformers serve``); with plain ``generate`` you do it yourself.

A block ends at the first ``</tool_call>`` that is not inside a JSON string, so an
argument value may contain the tag. A ``<tool_call>`` inside ``<think>…</think>`` is part
of the reasoning, not a call, so `parse_reply` looks for calls only after the thinking
(vLLM 0.34.0 and SGLang 0.5.23 end the thinking there and run the call). Text around the
calls stays in the content (the two servers drop text after the calls). `ReplyStreamParser`
does the same while the reply streams. All of it takes time linear in the length of the
text.

Examples:
    >>> reply = parse_reply(
    ...     '<think>\\nI should look it up.\\n</think>\\n\\n'
    ...     '<tool_call>\\n{"name": "get_weather", "arguments": {"city": "Paris"}}\\n</tool_call>'
    ... )
    >>> reply.tool_calls
    [ToolCall(name='get_weather', arguments={'city': 'Paris'})]
    >>> reply.content
    ''
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from qwen3_handbook._checks import boolean
from qwen3_handbook.thinking import (
    Delta,
    ThinkingStreamParser,
    _joined,
    split_thinking_text,
)

__all__ = [
    "TOOL_CALL_END",
    "TOOL_CALL_START",
    "AssistantReply",
    "ReplyStreamParser",
    "ToolCall",
    "ToolCallError",
    "parse_reply",
    "parse_tool_calls",
]

TOOL_CALL_START = "<tool_call>"
"""Opens a call (token id 151657)."""
TOOL_CALL_END = "</tool_call>"
"""Closes a call (token id 151658)."""

_OUTSIDE_STRING = re.compile(r'"|</tool_call>')
_INSIDE_STRING = re.compile(r'\\.|"', re.DOTALL)


class ToolCallError(ValueError):
    """The model's text has a tool-call block that cannot be executed as written."""


@dataclass(frozen=True)
class ToolCall:
    """One function call the model asked for.

    Attributes:
        name: The function's name, as in the tool schema.
        arguments: The arguments, already decoded from JSON.
    """

    name: str
    arguments: dict[str, Any]

    def to_openai(self) -> dict[str, Any]:
        """The call as an entry of an assistant message's ``tool_calls`` list.

        Qwen3's chat template renders it back into the same ``<tool_call>`` block.
        """
        return {
            "type": "function",
            "function": {"name": self.name, "arguments": self.arguments},
        }


@dataclass(frozen=True)
class AssistantReply:
    """A generated reply split into its parts.

    Attributes:
        thinking: The reasoning between ``<think>`` and ``</think>`` (may be empty).
        content: The visible answer, with the tool-call blocks removed.
        tool_calls: The calls, in the order the model wrote them.
    """

    thinking: str
    content: str
    tool_calls: list[ToolCall] = field(default_factory=list)

    def to_message(self) -> dict[str, Any]:
        """The assistant message to append to the conversation before the tool results.

        The thinking is left out. To keep it, add ``"reasoning_content": reply.thinking``:
        Qwen3's template renders it for assistant turns after the last user message (the
        steps of a tool loop) and drops it for earlier turns.
        """
        message: dict[str, Any] = {"role": "assistant", "content": self.content}
        if self.tool_calls:
            message["tool_calls"] = [call.to_openai() for call in self.tool_calls]
        return message


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _loads(text: str) -> Any:
    """`json.loads` without Python's NaN/Infinity extension."""
    return json.loads(text, parse_constant=_no_constant)


def _decode_call(body: str, number: int) -> ToolCall:
    body = body.strip()
    try:
        data = _loads(body)
    except json.JSONDecodeError as error:
        raise ToolCallError(
            f"tool call {number} is not valid JSON ({error.msg} at character {error.pos}): {body!r}"
        ) from None
    except RecursionError:
        raise ToolCallError(
            f"tool call {number} is nested too deeply to decode ({len(body)} characters)"
        ) from None
    except ValueError as error:  # NaN/Infinity, or an int over 4300 digits
        raise ToolCallError(f"tool call {number} is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ToolCallError(f"tool call {number} must be a JSON object, got {body!r}")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ToolCallError(f"tool call {number} has no function name: {body!r}")
    arguments = data.get("arguments", {})
    if isinstance(arguments, str):  # some models encode the arguments a second time
        try:
            arguments = _loads(arguments)
        except json.JSONDecodeError as error:
            raise ToolCallError(
                f"the arguments of tool call {number} ({name}) are not valid JSON: {error.msg}"
            ) from None
        except RecursionError:
            raise ToolCallError(
                f"the arguments of tool call {number} ({name}) are nested too deeply"
            ) from None
        except ValueError as error:
            raise ToolCallError(
                f"the arguments of tool call {number} ({name}) are not valid JSON: {error}"
            ) from None
    if not isinstance(arguments, dict):
        raise ToolCallError(
            f"the arguments of tool call {number} ({name}) must be a JSON object, "
            f"got {type(arguments).__name__}"
        )
    return ToolCall(name=name, arguments=arguments)


class _BlockEnd:
    """Find the ``</tool_call>`` that closes a block, outside JSON strings, incrementally.

    Feed the block's body in pieces; each character is scanned about once and scanned
    text is set aside, so a block fed a character at a time still costs linear time.
    """

    def __init__(self) -> None:
        self._done: list[str] = []  # scanned text
        self._todo = ""  # text still to scan (at most a few characters between feeds)
        self._in_string = False

    @property
    def body(self) -> str:
        """Everything fed so far."""
        return "".join(self._done) + self._todo

    def feed(self, text: str) -> int:
        """Add text; return where ``</tool_call>`` starts in `body`, or -1 if not yet."""
        todo = self._todo + text
        pos = 0
        while True:
            if self._in_string:
                match = _INSIDE_STRING.search(todo, pos)
                if match is None:  # keep a trailing backslash: it escapes the next
                    keep = len(todo) - (pos < len(todo) and todo.endswith("\\"))
                    break
                pos = match.end()
                self._in_string = match[0] != '"'
                continue
            match = _OUTSIDE_STRING.search(todo, pos)
            if match is None:  # keep what may be the start of a split </tool_call>
                keep = max(pos, len(todo) - len(TOOL_CALL_END) + 1)
                break
            if match[0] == TOOL_CALL_END:
                self._todo = todo
                return sum(map(len, self._done)) + match.start()
            pos = match.end()
            self._in_string = True
        self._done.append(todo[:keep])
        self._todo = todo[keep:]
        return -1


def _unclosed(body: str, number: int) -> ToolCallError:
    """The error for a block with no closing tag outside a JSON string."""
    if TOOL_CALL_END in body:  # closed only inside an unterminated string: broken JSON
        try:
            _decode_call(body[: body.index(TOOL_CALL_END)], number)
        except ToolCallError as error:
            return error
    return ToolCallError(
        f"a {TOOL_CALL_START} block is never closed with {TOOL_CALL_END}: the generation "
        "was probably cut off (raise max_new_tokens)"
    )


def _block_end(text: str, pos: int) -> int:
    """Where the ``</tool_call>`` closing a block that starts at ``pos`` is, or -1.

    `_BlockEnd` on a whole text, reading it in place: no copy of the rest of the text
    per block, so a reply with many calls costs linear time.
    """
    in_string = False
    while True:
        match = (_INSIDE_STRING if in_string else _OUTSIDE_STRING).search(text, pos)
        if match is None:
            return -1
        if not in_string and match[0] == TOOL_CALL_END:
            return match.start()
        pos = match.end()
        in_string = match[0] != '"' if in_string else True


def _split_calls(text: str) -> tuple[list[ToolCall], str]:
    """The calls in ``text`` and the text around them, in one linear pass."""
    calls: list[ToolCall] = []
    outside: list[str] = []
    pos = 0
    while True:
        start = text.find(TOOL_CALL_START, pos)
        if start < 0:
            outside.append(text[pos:])
            return calls, "".join(outside)
        outside.append(text[pos:start])
        body_start = start + len(TOOL_CALL_START)
        end = _block_end(text, body_start)
        if end < 0:
            raise _unclosed(text[body_start:], len(calls) + 1)
        calls.append(_decode_call(text[body_start:end], len(calls) + 1))
        pos = end + len(TOOL_CALL_END)


def parse_tool_calls(text: str) -> list[ToolCall]:
    """Every ``<tool_call>`` block in ``text``, decoded, in order.

    Args:
        text: Decoded model output without the thinking (see `parse_reply`), e.g. from
            ``tokenizer.decode(ids, skip_special_tokens=True)``: the tags are not special
            tokens, so they survive decoding.

    Returns:
        The calls; an empty list when the model answered without calling a tool.

    Raises:
        TypeError: If ``text`` is not a string.
        ToolCallError: If a block is not a JSON object with a ``name`` and object
            ``arguments``, is nested too deeply to decode, or a ``<tool_call>`` is never
            closed (generation cut off by ``max_new_tokens``).

    Examples:
        >>> parse_tool_calls(
        ...     '<tool_call>\\n{"name": "a", "arguments": {}}\\n</tool_call>\\n'
        ...     '<tool_call>\\n{"name": "b", "arguments": {"x": 1}}\\n</tool_call>'
        ... )
        [ToolCall(name='a', arguments={}), ToolCall(name='b', arguments={'x': 1})]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return _split_calls(text)[0]


def parse_reply(text: str) -> AssistantReply:
    """Split a generated reply into thinking, visible content and tool calls.

    Args:
        text: The decoded reply (prompt excluded), with or without a ``<think>`` block.

    Raises:
        TypeError: If ``text`` is not a string.
        ToolCallError: As in `parse_tool_calls`.

    Examples:
        >>> parse_reply("<think>\\n\\n</think>\\n\\nIt is 18 °C.")
        AssistantReply(thinking='', content='It is 18 °C.', tool_calls=[])
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    thinking, answer = split_thinking_text(text)
    calls, content = _split_calls(answer)
    return AssistantReply(thinking=thinking, content=content.strip(), tool_calls=calls)


def _partial_suffix(text: str, tag: str) -> int:
    """Length of the longest end of ``text`` that is the start of ``tag`` (not all of it)."""
    for size in range(min(len(text), len(tag) - 1), 0, -1):
        if tag.startswith(text[-size:]):
            return size
    return 0


class ReplyStreamParser:
    """Route a streamed reply to thinking, answer and tool calls as it arrives.

    `ThinkingStreamParser` with tool calls: a ``<tool_call>`` block in the answer never
    reaches the answer text. It is held back until its ``</tool_call>`` arrives (outside
    any JSON string), then returned as one `ToolCall`. For a finished reply the result
    equals `parse_reply` of the whole text, however the text was cut into chunks.

    `feed` and `finish` return a list of events: `Delta` pieces (``kind`` is
    ``"thinking"`` or ``"answer"``) and `ToolCall` objects, in the order of the reply.

    Args:
        starts_in_thinking: As in `ThinkingStreamParser`.

    Examples:
        >>> parser = ReplyStreamParser()
        >>> parser.feed("<think>\\nParis.\\n</think>\\n\\n<tool_call>\\n")
        [Delta(kind='thinking', text='Paris.')]
        >>> parser.feed('{"name": "get_weather", "arguments": {"city": "Paris"}}\\n</tool')
        []
        >>> parser.feed("_call>")
        [ToolCall(name='get_weather', arguments={'city': 'Paris'})]
        >>> parser.finish()
        []
        >>> parser.tool_calls
        [ToolCall(name='get_weather', arguments={'city': 'Paris'})]
    """

    def __init__(self, *, starts_in_thinking: bool = False) -> None:
        boolean("starts_in_thinking", starts_in_thinking)  # before any state is set
        self._thinking = ThinkingStreamParser(starts_in_thinking=starts_in_thinking)
        self._pending = ""  # answer text not placed yet (may end with half a tag)
        # Whitespace held back until more content follows it, and the answer, as lists
        # of pieces: each character is copied a bounded number of times (linear time
        # for runs of whitespace or a long answer in small chunks).
        self._space: list[str] = []
        self._answer: list[str] = []
        self._block: _BlockEnd | None = None  # the open <tool_call> block, if any
        self._finished = False
        self.tool_calls: list[ToolCall] = []
        """The calls decoded so far."""

    @property
    def thinking(self) -> str:
        """All thinking text routed so far."""
        return self._thinking.thinking

    @property
    def answer(self) -> str:
        """The visible answer so far, without the tool-call blocks."""
        return _joined(self._answer)

    def feed(self, chunk: str) -> list[Delta | ToolCall]:
        """Consume one chunk; return what can be placed now.

        Raises:
            TypeError: If ``chunk`` is not a string.
            RuntimeError: If called after `finish`.
            ToolCallError: When a block closes and is not a valid call (as `parse_reply`).
        """
        if self._finished:
            raise RuntimeError(
                "feed() called after finish(); create a new parser per reply"
            )
        return self._route(self._thinking.feed(chunk), final=False)

    def finish(self) -> list[Delta | ToolCall]:
        """Flush what was held back at the end of the reply.

        Raises:
            RuntimeError: If called twice.
            ToolCallError: If a ``<tool_call>`` block was never closed.
        """
        if self._finished:
            raise RuntimeError("finish() called twice")
        self._finished = True
        return self._route(self._thinking.finish(), final=True)

    def _route(self, deltas: list[Delta], *, final: bool) -> list[Delta | ToolCall]:
        out: list[Delta | ToolCall] = []
        for delta in deltas:
            if delta.kind == "thinking":
                out.append(delta)
            else:
                self._answer_text(delta.text, out)
        if final:
            if self._block is not None:
                raise _unclosed(self._block.body, len(self.tool_calls) + 1)
            self._emit(self._pending.rstrip(), out)  # a half tag at the end is text
            self._pending = ""
        return out

    def _answer_text(self, text: str, out: list[Delta | ToolCall]) -> None:
        while text:
            if self._block is not None:
                end = self._block.feed(text)
                if end < 0:
                    return
                body = self._block.body
                call = _decode_call(body[:end], len(self.tool_calls) + 1)
                self.tool_calls.append(call)
                out.append(call)
                self._block = None
                text = body[end + len(TOOL_CALL_END) :]
                continue
            pending = self._pending + text
            start = pending.find(TOOL_CALL_START)
            if start < 0:
                keep = _partial_suffix(pending, TOOL_CALL_START)
                self._emit(pending[: len(pending) - keep], out)
                self._pending = pending[len(pending) - keep :]
                return
            self._emit(pending[:start], out)
            self._pending = ""
            self._block = _BlockEnd()
            text = pending[start + len(TOOL_CALL_START) :]

    def _emit(self, text: str, out: list[Delta | ToolCall]) -> None:
        """Emit answer text; whitespace waits until non-space text follows it."""
        body = text.rstrip()
        if not body:
            if self._answer:  # else leading whitespace of the answer: dropped
                self._space.append(text)
            return
        space = text[len(body) :]
        body = "".join(self._space) + body if self._answer else body.lstrip()
        self._space = [space] if space else []
        self._answer.append(body)
        if out and isinstance(out[-1], Delta) and out[-1].kind == "answer":
            out[-1] = Delta("answer", out[-1].text + body)
        else:
            out.append(Delta("answer", body))
