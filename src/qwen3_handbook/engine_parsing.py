"""How each server splits Qwen3 output into reasoning, content and tool calls.

The vLLM and SGLang results come from ``data/engine_parsing.json``: the test suite ran the
engines' own released parser code (vLLM 0.34.0, SGLang 0.5.23) on each case in a side venv
and recorded what they returned (``tests/test_engine_contracts.py``). transformers serve's
parser (``ResponseParser`` with the Qwen3 response template) and this package's
`~qwen3_handbook.toolcalls.parse_reply` / `~qwen3_handbook.toolcalls.ReplyStreamParser`
run here, on the same texts.

Examples:
    >>> [case["id"] for case in cases()][:3]
    ['thinking-on', 'thinking-off', 'soft-switch']
    >>> print(parsing_table("thinking-off"))  # doctest: +NORMALIZE_WHITESPACE
    server              reasoning  content               tool calls
    ------------------  ---------  --------------------  ----------
    transformers serve             "17 × 23 = 391."
    vLLM 0.34.0                    "17 × 23 = 391."
    SGLang 0.5.23                  "17 × 23 = 391."
    qwen3_handbook                 "17 × 23 = 391."
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from qwen3_handbook.report import Table

__all__ = ["cases", "engine_fields", "parsed", "parsing_table", "record"]

# The parser configuration each engine's column shows (as passed to the server).
DEFAULT = {"vllm": "qwen3+hermes", "sglang": "qwen3+qwen"}
CODER = {"vllm": "qwen3+qwen3_coder", "sglang": "qwen3+qwen3_coder"}
_REASONING = ("reasoning", "reasoning_content", "thinking")
_WIDTH = 40  # characters of text shown per cell


@cache
def record() -> dict[str, Any]:
    """The recorded engine runs (``data/engine_parsing.json``)."""
    text = (
        resources.files("qwen3_handbook")
        .joinpath("data/engine_parsing.json")
        .read_text()
    )
    return json.loads(text)


def cases() -> list[dict[str, Any]]:
    """Every case: ``id``, ``title``, ``source`` (tiny model or crafted), ``text``, ..."""
    return record()["cases"]


def _case(case_id: str) -> dict[str, Any]:
    for case in cases():
        if case["id"] == case_id:
            return case
    known = ", ".join(c["id"] for c in cases())
    raise ValueError(f"unknown case_id {case_id!r}; known cases: {known}")


def engine_fields() -> dict[str, dict[str, Any]]:
    """The reasoning field of each engine's response message, stream delta and request
    history, read from the engines' own protocol classes."""
    engines = record()["engines"]
    fields = {name: dict(engines[key]["fields"]) for name, key in _names().items()}
    fields["transformers serve"] = {
        "message": ["reasoning_content"],
        "delta": ["reasoning_content"],
    }
    return fields


def _names() -> dict[str, str]:
    engines = record()["engines"]
    return {
        f"vLLM {engines['vllm']['version']}": "vllm",
        f"SGLang {engines['sglang']['version']}": "sglang",
    }


@cache
def _tokenizer():
    from transformers import AutoTokenizer

    from qwen3_handbook.tiny import tokenizer_dir

    return AutoTokenizer.from_pretrained(tokenizer_dir())


def _transformers_serve(case: dict[str, Any], stream: int | None) -> dict[str, Any]:
    """transformers serve's own parsing (``transformers.cli.serving.utils``)."""
    from types import SimpleNamespace

    from transformers.cli.serving import utils

    tokenizer = _tokenizer()
    model = SimpleNamespace(config=SimpleNamespace(model_type="qwen3_moe"))
    prompt = tokenizer.encode(case["prompt"], add_special_tokens=False)
    # The server decodes the generated ids with the stop token (<|im_end|>) unless the
    # reply was cut off.
    text = case["text"] + ("<|im_end|>" if case["finished"] else "")
    ids = tokenizer.encode(text, add_special_tokens=False)
    tools = case["tools"] or None
    if stream is None:
        try:
            content, reasoning, calls = utils.parse_assistant_message(
                tokenizer, model, ids, [prompt], tools=tools
            )
        except ValueError as error:  # the request fails
            return {"error": f"{type(error).__name__}: {error}"}
        out = {"reasoning_content": reasoning, "content": content}
        if calls:
            out["tool_calls"] = [
                {"name": c.name, "arguments": c.arguments} for c in calls
            ]
        return {k: v for k, v in out.items() if v}
    parser = utils.build_response_parser(tokenizer, model, [prompt], tools=tools)
    items = list(utils.response_events_to_chunks(parser.initial_events))
    sent = ""
    try:
        for start in range(0, len(ids), stream):
            decoded = tokenizer.decode(ids[: start + stream])
            if decoded.endswith("\ufffd") and start + stream < len(ids):
                continue
            items += utils.response_events_to_chunks(parser.feed(decoded[len(sent) :]))
            sent = decoded
        items += utils.response_events_to_chunks(parser.finalize()[1])
    except ValueError as error:  # the stream ends with an error
        return {"error": f"{type(error).__name__}: {error}"}
    out: dict[str, Any] = {}
    for item in items:
        if isinstance(item, utils.ToolCall):
            out.setdefault("tool_calls", []).append(
                {"name": item.name, "arguments": item.arguments}
            )
        elif isinstance(item, utils.ReasoningText):
            out["reasoning_content"] = out.get("reasoning_content", "") + item
        else:
            out["content"] = out.get("content", "") + item
    return {k: v for k, v in out.items() if v}


def _handbook(case: dict[str, Any], stream: int | None) -> dict[str, Any]:
    """This package: `ReplyStreamParser` (equal to `parse_reply` on a whole reply)."""
    from qwen3_handbook.toolcalls import Delta, ReplyStreamParser, ToolCallError

    parser = ReplyStreamParser(starts_in_thinking=case["template"] == "thinking-2507")
    text = case["text"]
    if stream is None:
        chunks = [text]
    else:
        chunks = [text[i : i + stream] for i in range(0, len(text), stream)]
    out: dict[str, Any] = {}
    try:
        events = [e for chunk in chunks for e in parser.feed(chunk)] + parser.finish()
    except ToolCallError as error:
        return {"error": f"ToolCallError: {error}"}
    for event in events:
        if isinstance(event, Delta):
            key = "thinking" if event.kind == "thinking" else "content"
            out[key] = out.get(key, "") + event.text
        else:
            out.setdefault("tool_calls", []).append(
                {"name": event.name, "arguments": json.dumps(event.arguments)}
            )
    return {k: v for k, v in out.items() if v}


def parsed(case_id: str) -> dict[str, dict[str, Any]]:
    """What each server returns for a case, as ``{server: {mode: fields}}``.

    Modes are ``"whole"`` (a non-streaming response) and ``"stream-N"`` (the reply
    streamed N tokens per step; this package is fed N characters per step).

    Raises:
        ValueError: If ``case_id`` is not a recorded case.
    """
    case = _case(case_id)
    steps = record()["steps"]
    coder = any("qwen3_coder" in config for config in case["vllm"])
    configs = CODER if coder else DEFAULT
    result = {
        "transformers serve": {
            "whole": _transformers_serve(case, None),
            **{f"stream-{s}": _transformers_serve(case, s) for s in steps},
        }
    }
    for name, key in _names().items():
        result[name] = case[key][configs[key]]
    result["qwen3_handbook"] = {
        "whole": _handbook(case, None),
        **{f"stream-{s}": _handbook(case, s) for s in steps},
    }
    return result


def _show(text: str) -> str:
    shown = json.dumps(text, ensure_ascii=False)
    # Never end a cut inside an escape such as \" (the table shows the text as JSON).
    return shown if len(shown) <= _WIDTH else shown[: _WIDTH - 1].rstrip("\\") + "…"


def _lines(fields: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, text) pairs of one response, in the order a reader looks at them."""
    out = [
        (key, _show(fields[key])) for key in (*_REASONING, "content") if fields.get(key)
    ]
    for call in fields.get("tool_calls") or []:
        text = f"{call['name']}({call['arguments']})"
        out.append(
            ("tool_calls", text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…")
        )
    if fields.get("error"):
        out.append(("error", fields["error"].split(":")[0]))
    return out or [("(nothing)", "")]


def parsing_table(case_id: str) -> Table:
    """The fields each server returns for a case, one row per field. A server whose
    streamed result differs from its whole response gets rows for each streaming mode
    that differs (``↳ N tok/step``: N tokens per step).

    Raises:
        ValueError: If ``case_id`` is not a recorded case.
    """
    rows = []
    for server, modes in parsed(case_id).items():
        whole = modes["whole"]
        variants = [(server, whole)]
        for mode, fields in modes.items():
            if mode.startswith("stream-") and fields != whole:
                variants.append((f"↳ {mode[7:]} tok/step", fields))
        for label, fields in variants:
            rows += [[label, field, text] for field, text in _lines(fields)]
    return Table([case_id, "field", "text"], rows)


def parser_table(case_id: str) -> Table:
    """What every recorded parser configuration of vLLM and SGLang returns for a case
    (non-streaming), one row per field: the choice of ``--reasoning-parser``.

    Raises:
        ValueError: If ``case_id`` is not a recorded case.
    """
    case = _case(case_id)
    rows = []
    for name, key in _names().items():
        for config, modes in case[key].items():
            reasoning_parser = config.split("+")[0]
            label = f"{name.split()[0]} {reasoning_parser}"
            rows += [[label, field, text] for field, text in _lines(modes["whole"])]
    return Table([case_id, "field", "text"], rows)
