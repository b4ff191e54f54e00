"""Parse Qwen3's tool calls out of the text the model generates.

Qwen3 uses the hermes-style format of its chat template: each call is one JSON object
``{"name": ..., "arguments": {...}}`` between ``<tool_call>`` and ``</tool_call>`` (token id
151657 and 151658), one block per call, after the thinking block if there is one. Servers do
this parsing for you (vLLM ``--tool-call-parser hermes``, SGLang ``--tool-call-parser
qwen25``, ``transformers serve``); with plain ``generate`` you do it yourself.

A ``<tool_call>`` inside ``<think>…</think>`` is part of the reasoning, not a call, so
`parse_reply` looks for calls only after the thinking.

Example:
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

from qwen3_handbook.thinking import split_thinking_text

__all__ = [
    "TOOL_CALL_END",
    "TOOL_CALL_START",
    "AssistantReply",
    "ToolCall",
    "ToolCallError",
    "parse_reply",
    "parse_tool_calls",
]

TOOL_CALL_START = "<tool_call>"
"""Opens a call (token id 151657)."""
TOOL_CALL_END = "</tool_call>"
"""Closes a call (token id 151658)."""

_BLOCK = re.compile(r"<tool_call>(.*?)</tool_call>", re.DOTALL)


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
        return {"type": "function", "function": {"name": self.name, "arguments": self.arguments}}


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


def _decode_call(body: str, number: int) -> ToolCall:
    body = body.strip()
    try:
        data = json.loads(body)
    except json.JSONDecodeError as error:
        raise ToolCallError(
            f"tool call {number} is not valid JSON ({error.msg} at character {error.pos}): {body!r}"
        ) from None
    if not isinstance(data, dict):
        raise ToolCallError(f"tool call {number} must be a JSON object, got {body!r}")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ToolCallError(f"tool call {number} has no function name: {body!r}")
    arguments = data.get("arguments", {})
    if isinstance(arguments, str):  # some models encode the arguments a second time
        try:
            arguments = json.loads(arguments)
        except json.JSONDecodeError as error:
            raise ToolCallError(
                f"the arguments of tool call {number} ({name}) are not valid JSON: {error.msg}"
            ) from None
    if not isinstance(arguments, dict):
        raise ToolCallError(
            f"the arguments of tool call {number} ({name}) must be a JSON object, "
            f"got {type(arguments).__name__}"
        )
    return ToolCall(name=name, arguments=arguments)


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
            ``arguments``, or a ``<tool_call>`` is never closed (generation cut off by
            ``max_new_tokens``).

    Example:
        >>> parse_tool_calls(
        ...     '<tool_call>\\n{"name": "a", "arguments": {}}\\n</tool_call>\\n'
        ...     '<tool_call>\\n{"name": "b", "arguments": {"x": 1}}\\n</tool_call>'
        ... )
        [ToolCall(name='a', arguments={}), ToolCall(name='b', arguments={'x': 1})]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    calls = [_decode_call(m[1], n) for n, m in enumerate(_BLOCK.finditer(text), start=1)]
    remainder = _BLOCK.sub("", text)
    if TOOL_CALL_START in remainder:
        raise ToolCallError(
            f"a {TOOL_CALL_START} block is never closed with {TOOL_CALL_END}: the generation "
            "was probably cut off (raise max_new_tokens)"
        )
    return calls


def parse_reply(text: str) -> AssistantReply:
    """Split a generated reply into thinking, visible content and tool calls.

    Args:
        text: The decoded reply (prompt excluded), with or without a ``<think>`` block.

    Raises:
        TypeError: If ``text`` is not a string.
        ToolCallError: As in `parse_tool_calls`.

    Example:
        >>> parse_reply("<think>\\n\\n</think>\\n\\nIt is 18 °C.")
        AssistantReply(thinking='', content='It is 18 °C.', tool_calls=[])
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    thinking, answer = split_thinking_text(text)
    calls = parse_tool_calls(answer)
    content = _BLOCK.sub("", answer).strip()
    return AssistantReply(thinking=thinking, content=content, tool_calls=calls)
