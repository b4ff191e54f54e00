"""Qwen3-Coder's XML tool calls: split a reply into text and calls, with clear errors.

Qwen3-Coder does not write the JSON tool calls of the other Qwen3 models. Its chat
template (``tokenizer_config.json`` of ``Qwen/Qwen3-Coder-30B-A3B-Instruct``) asks for,
and renders, this format::

    <tool_call>
    <function=get_weather>
    <parameter=city>
    Paris
    </parameter>
    </function>
    </tool_call>

The rules below are the ones of the engines' own ``qwen3_coder`` parsers (vLLM 0.34.0
``vllm/parser/qwen3.py``, SGLang 0.5.23 ``sglang/srt/function_call/
qwen3_coder_detector.py``):

* the reply's text is what comes before the first ``<tool_call>``;
* one newline after ``<parameter=NAME>`` and one before ``</parameter>`` belong to the
  markup, not to the value;
* values are text; the tool's JSON schema decides what they become: ``integer`` ->
  int, ``number`` -> int or float, ``boolean`` -> ``true``/``false``, ``object`` and
  ``array`` -> parsed JSON, ``null`` (any type) -> None. A parameter the schema does not
  declare, or a call without tools, keeps its text.

Where the engines guess (a value that is not a number for an ``integer``, a call to an
undeclared tool, a missing closing tag), this parser raises `CoderToolCallError`, a
ValueError that says which call and which parameter.

Examples:
    >>> reply = parse_coder_reply(
    ...     "Let me check.\\n<tool_call>\\n<function=get_weather>\\n"
    ...     "<parameter=city>\\nParis\\n</parameter>\\n</function>\\n</tool_call>"
    ... )
    >>> reply.content, reply.tool_calls[0].name, reply.tool_calls[0].arguments
    ('Let me check.\\n', 'get_weather', {'city': 'Paris'})
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CoderReply",
    "CoderToolCall",
    "CoderToolCallError",
    "format_coder_tool_call",
    "parse_coder_reply",
]

TOOL_CALL_START = "<tool_call>"
TOOL_CALL_END = "</tool_call>"
FUNCTION_PREFIX = "<function="
FUNCTION_END = "</function>"
PARAMETER_PREFIX = "<parameter="
PARAMETER_END = "</parameter>"

_NAME = re.compile(r"[^<>\n]+")
# JSON's number grammar in ASCII digits only: no "1_000", "nan", "inf" or other scripts.
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)", re.ASCII)
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?", re.ASCII)
_SPACE = re.compile(r"\s*")  # what str.strip() strips
_MAX_DIGITS = 4000  # below Python's int-parsing limit of 4300 digits
# Tags that end a value or a call early when they appear inside a value.
_VALUE_BREAKERS = (PARAMETER_END, TOOL_CALL_END)


class CoderToolCallError(ValueError):
    """A Qwen3-Coder tool call that cannot be read without guessing."""


@dataclass(frozen=True)
class CoderToolCall:
    """One call: the function's name and its arguments, typed by the tool's schema."""

    name: str
    arguments: dict[str, Any]

    def to_openai(self) -> dict[str, Any]:
        """The call as an OpenAI ``tool_calls`` entry (arguments as a JSON string)."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "arguments": json.dumps(self.arguments, ensure_ascii=False),
            },
        }


@dataclass(frozen=True)
class CoderReply:
    """A Qwen3-Coder reply: the text before the first call, then the calls in order."""

    content: str
    tool_calls: list[CoderToolCall] = field(default_factory=list)


def _schemas(
    tools: Sequence[Mapping[str, Any]] | None,
) -> dict[str, dict[str, Any]] | None:
    """``{tool name: properties}`` from OpenAI-style tool definitions."""
    if tools is None:
        return None
    if isinstance(tools, (str, bytes, Mapping)) or not isinstance(tools, Sequence):
        raise TypeError(
            f"tools must be a list of tool definitions, got {type(tools).__name__}"
        )
    schemas: dict[str, dict[str, Any]] = {}
    for index, tool in enumerate(tools):
        function = tool.get("function", tool) if isinstance(tool, Mapping) else None
        if not isinstance(function, Mapping) or not isinstance(
            function.get("name"), str
        ):
            raise TypeError(
                f"tools[{index}] must be a tool definition with a name, got {tool!r}"
            )
        parameters = function.get("parameters") or {}
        properties = (
            parameters.get("properties") or {}
            if isinstance(parameters, Mapping)
            else None
        )
        if not isinstance(properties, Mapping) or not all(
            isinstance(schema, Mapping) for schema in properties.values()
        ):
            raise TypeError(
                f"tools[{index}] ({function['name']}): parameters must be a JSON "
                "schema object whose properties are schema objects"
            )
        schemas[function["name"]] = dict(properties)
    return schemas


def _schema_type(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):  # ["integer", "null"]: the first non-null type decides
        kind = next((k for k in kind if k != "null"), "string")
    if kind is None and "enum" in schema:
        return "string"
    return str(kind or "string").lower()


def _convert(value: str, schema: Mapping[str, Any] | None, where: str) -> Any:
    """Turn a parameter's text into the type its schema declares (the engines' rules)."""
    if schema is None:
        return value
    if value.lower() == "null":
        return None
    kind = _schema_type(schema)
    if kind == "string":
        return value
    if kind in ("integer", "number"):
        digits = value.strip()
        grammar = _INTEGER if kind == "integer" else _NUMBER
        if len(digits) > _MAX_DIGITS or not grammar.fullmatch(digits):
            shown = value if len(value) <= 40 else value[:40] + "..."
            article = "an integer" if kind == "integer" else "a number"
            raise CoderToolCallError(
                f"{where} must be {article}, got {shown!r} (JSON notation, ASCII digits)"
            )
        if _INTEGER.fullmatch(digits):
            return int(digits)  # exact, however many digits
        number = float(digits)
        if not math.isfinite(number):  # "1e999": JSON has no Infinity
            raise CoderToolCallError(
                f"{where} is out of the range of a float, got {value!r}"
            )
        return number
    if kind == "boolean":
        if value.strip().lower() not in ("true", "false"):
            raise CoderToolCallError(f"{where} must be true or false, got {value!r}")
        return value.strip().lower() == "true"
    if kind in ("object", "array"):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as error:
            raise CoderToolCallError(
                f"{where} must be JSON ({kind}): {error}"
            ) from None
        except RecursionError:
            raise CoderToolCallError(
                f"{where} is nested too deeply to decode ({len(value)} characters)"
            ) from None
        except ValueError as error:  # an integer of more than 4300 digits
            raise CoderToolCallError(
                f"{where} must be JSON ({kind}): {error}"
            ) from None
        expected = dict if kind == "object" else list
        if not isinstance(parsed, expected):
            raise CoderToolCallError(f"{where} must be a JSON {kind}, got {value!r}")
        return parsed
    return value  # a type the engines do not convert either


def _trim(value: str) -> str:
    """Drop one newline at each end: the template writes them around every value."""
    if value.startswith("\n"):
        value = value[1:]
    if value.endswith("\n"):
        value = value[:-1]
    return value


def _parse_call(body: str, number: int, schemas: dict[str, dict[str, Any]] | None):
    where = f"tool call {number}"
    stripped = body.strip()
    if not stripped.startswith(FUNCTION_PREFIX):
        raise CoderToolCallError(
            f"{where} must start with '<function=NAME>', got {stripped[:40]!r}"
        )
    close = stripped.find(">")
    name = stripped[len(FUNCTION_PREFIX) : close] if close != -1 else ""
    if close == -1 or not _NAME.fullmatch(name):
        raise CoderToolCallError(f"{where} has no function name closed by '>'")
    if not stripped.endswith(FUNCTION_END):
        raise CoderToolCallError(f"{where} ({name}) is not closed by '</function>'")
    properties = None
    if schemas is not None:
        if name not in schemas:
            known = ", ".join(schemas) or "none"
            raise CoderToolCallError(
                f"{where} calls {name!r}, which is not among the tools ({known})"
            )
        properties = schemas[name]
    inner = stripped[close + 1 : -len(FUNCTION_END)]
    arguments: dict[str, Any] = {}
    position = 0
    while True:
        start = inner.find(PARAMETER_PREFIX, position)
        if start == -1:
            leftover = inner[position:].strip()
            if leftover:
                raise CoderToolCallError(
                    f"{where} ({name}) has text outside any parameter: {leftover[:40]!r}"
                )
            break
        if inner[position:start].strip():
            stray = inner[position:start].strip()[:40]
            raise CoderToolCallError(
                f"{where} ({name}) has text outside any parameter: {stray!r}"
            )
        close = inner.find(">", start)
        end = inner.find(PARAMETER_END, start)
        if close == -1 or end == -1 or close > end:
            raise CoderToolCallError(
                f"{where} ({name}): a parameter is not closed by '</parameter>'"
            )
        key = inner[start + len(PARAMETER_PREFIX) : close]
        if not _NAME.fullmatch(key):
            raise CoderToolCallError(f"{where} ({name}) has a parameter without a name")
        if key in arguments:
            raise CoderToolCallError(f"{where} ({name}) repeats parameter {key!r}")
        value = _trim(inner[close + 1 : end])
        schema = None if properties is None else properties.get(key)
        arguments[key] = _convert(value, schema, f"{where} ({name}) parameter {key!r}")
        position = end + len(PARAMETER_END)
    return CoderToolCall(name, arguments)


def parse_coder_reply(
    text: str, tools: Sequence[Mapping[str, Any]] | None = None
) -> CoderReply:
    """Split a Qwen3-Coder reply into its text and its tool calls.

    Args:
        text: The model's raw reply (no chat markup such as ``<|im_end|>``).
        tools: The OpenAI-style tool definitions sent with the request. With them,
            values get their schema's types and a call to another tool is an error;
            without them every value stays text, as in the engines.

    Returns:
        A `CoderReply`. Text between or after calls is not content (the engines drop
        it too); this parser rejects it instead of dropping it.

    Raises:
        TypeError: If ``text`` is not a string or ``tools`` is not a list of tools.
        CoderToolCallError: On markup that would need a guess (unclosed tags, a missing
            function name, text between calls, a value that does not fit its type).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    schemas = _schemas(tools)
    first = text.find(TOOL_CALL_START)
    if first == -1:
        if FUNCTION_PREFIX in text:
            raise CoderToolCallError(
                "the reply has '<function=' without '<tool_call>': the engines guess here"
            )
        return CoderReply(text)
    calls: list[CoderToolCall] = []
    position = first
    while position < len(text):
        if not text.startswith(TOOL_CALL_START, position):
            stray = text[position:].strip()
            if stray:
                raise CoderToolCallError(
                    f"text after tool call {len(calls)}: {stray[:40]!r} "
                    "(the engines drop it; the model should write nothing after its calls)"
                )
            break
        end = text.find(TOOL_CALL_END, position)
        if end == -1:
            raise CoderToolCallError(
                f"tool call {len(calls) + 1} is not closed by '</tool_call>' "
                "(cut off by max_tokens?)"
            )
        body = text[position + len(TOOL_CALL_START) : end]
        calls.append(_parse_call(body, len(calls) + 1, schemas))
        # Skip the whitespace between calls in place (not by copying the rest of the
        # text for each call, which made many calls cost quadratic time).
        position = _SPACE.match(text, end + len(TOOL_CALL_END)).end()
    return CoderReply(text[:first], calls)


def format_coder_tool_call(name: str, arguments: Mapping[str, Any]) -> str:
    """Write one call the way Qwen3-Coder's chat template writes it into the history.

    Strings are written as they are; other values as JSON (``true``, ``3``,
    ``{"a": 1}``). (The template of Qwen3-Coder-30B-A3B-Instruct uses Jinja's
    ``string`` filter for non-strings, which writes Python's ``True`` and ``{'a': 1}``.)

    The template writes string values as they are, escaping nothing, so a value
    holding ``</parameter>`` or ``</tool_call>`` would close the markup early and the
    rest of it would read as further calls. This function refuses such values.

    Raises:
        TypeError: If ``name`` is not a string or ``arguments`` not a mapping.
        ValueError: If ``name`` or an argument name is empty or holds ``<``, ``>`` or a
            newline, if a value holds ``</parameter>`` or ``</tool_call>``, or if a
            non-string value is not JSON (NaN, infinity, an object JSON cannot hold).
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if not isinstance(arguments, Mapping):
        raise TypeError(f"arguments must be a mapping, got {type(arguments).__name__}")
    for label, value in [
        ("name", name),
        *((f"argument name {k!r}", k) for k in arguments),
    ]:
        if not isinstance(value, str) or not _NAME.fullmatch(value):
            raise ValueError(f"{label} must be text without '<', '>' or newlines")
    lines = [TOOL_CALL_START, f"{FUNCTION_PREFIX}{name}>"]
    for key, value in arguments.items():
        try:
            text = (
                value
                if isinstance(value, str)
                else json.dumps(value, ensure_ascii=False, allow_nan=False)
            )
        except (TypeError, ValueError, RecursionError) as error:
            raise ValueError(
                f"argument {key!r} cannot be written as JSON: {error}"
            ) from None
        for tag in _VALUE_BREAKERS:
            if tag in text:
                # The template writes values unescaped: the tag would end the value
                # (or the call) here, and what follows would read as new markup.
                raise ValueError(
                    f"argument {key!r} holds {tag!r}, which would end the value early "
                    "and turn the rest into markup (a call nobody made)"
                )
        lines += [f"{PARAMETER_PREFIX}{key}>", text, PARAMETER_END]
    lines += [FUNCTION_END, TOOL_CALL_END]
    return "\n".join(lines)
