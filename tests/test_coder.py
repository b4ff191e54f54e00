"""qwen3_handbook.coder against the recorded results of vLLM's and SGLang's own parsers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qwen3_handbook.coder import (
    CoderToolCall,
    CoderToolCallError,
    format_coder_tool_call,
    parse_coder_reply,
)
from qwen3_handbook.tiny import WEATHER_TOOL

RECORD = json.loads(
    (
        Path(__file__).parents[1] / "src/qwen3_handbook/data/coder_engine_results.json"
    ).read_text()
)
CASES = {case["id"]: case for case in RECORD["cases"]}
# With no tools in the request the engines do not parse calls at all (vLLM drops the
# markup, SGLang returns it as content); the parser then keeps every value as text.
WITH_TOOLS = [case_id for case_id, case in CASES.items() if case["tools"]]


def test_record_covers_both_engines():
    assert RECORD["engines"] == {"vllm": "0.34.0", "sglang": "0.5.23"}
    assert len(WITH_TOOLS) == len(CASES) - 1


@pytest.mark.parametrize("case_id", WITH_TOOLS)
def test_calls_match_both_engines(case_id):
    case = CASES[case_id]
    reply = parse_coder_reply(case["text"], case["tools"])
    calls = [{"name": c.name, "arguments": c.arguments} for c in reply.tool_calls]
    assert calls == case["vllm"]["tool_calls"] == case["sglang"]["tool_calls"]


@pytest.mark.parametrize("case_id", WITH_TOOLS)
def test_content_matches_sglang_and_stripped_vllm(case_id):
    case = CASES[case_id]
    reply = parse_coder_reply(case["text"], case["tools"])
    assert reply.content == case["sglang"]["content"]
    # vLLM strips the text before the call and sends null rather than ""
    assert (reply.content.strip() or None) == case["vllm"]["content"]


def test_without_tools_values_stay_text():
    case = CASES["no-tools-in-request"]
    reply = parse_coder_reply(case["text"])
    assert reply.tool_calls == [CoderToolCall("get_weather", {"city": "Paris"})]
    assert case["vllm"] == {"content": None, "tool_calls": []}
    assert case["sglang"] == {"content": case["text"], "tool_calls": []}


def test_format_round_trips_and_matches_the_template_layout():
    text = format_coder_tool_call("get_weather", {"city": "Paris"})
    assert text == (
        "<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n"
        "</parameter>\n</function>\n</tool_call>"
    )
    call = parse_coder_reply(text, [WEATHER_TOOL]).tool_calls[0]
    assert call.to_openai() == {
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
    }


TIMER = CASES["typed"]["tools"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "<tool_call>\n<function=set_timer>\n<parameter=minutes>\nfive\n"
            "</parameter>\n</function>\n</tool_call>",
            "parameter 'minutes' must be an integer, got 'five'",
        ),
        (
            "<tool_call>\n<function=set_timer>\n<parameter=loud>\nyes\n"
            "</parameter>\n</function>\n</tool_call>",
            "parameter 'loud' must be true or false",
        ),
        (
            "<tool_call>\n<function=set_timer>\n<parameter=meta>\n[1]\n"
            "</parameter>\n</function>\n</tool_call>",
            "parameter 'meta' must be a JSON object",
        ),
        ("<tool_call>\n<function=set_timer>\n<parameter=minutes>\n5", "not closed by"),
        ("<tool_call>\n<function=get_weather>\n</function>\n</tool_call>", "not among"),
        ('<tool_call>\n{"name": "set_timer"}\n</tool_call>', "must start with"),
        ("<function=set_timer>\n</function>", "without '<tool_call>'"),
        (
            "<tool_call>\n<function=set_timer>\n</function>\n</tool_call>\nDone!",
            "text after tool call 1",
        ),
        (
            "<tool_call>\n<function=set_timer>\n<parameter=label>\na\n</parameter>\n"
            "<parameter=label>\nb\n</parameter>\n</function>\n</tool_call>",
            "repeats parameter 'label'",
        ),
    ],
)
def test_malformed_calls_raise_clear_errors(text, message):
    with pytest.raises(CoderToolCallError, match=message):
        parse_coder_reply(text, TIMER)


def test_argument_types_are_checked():
    with pytest.raises(TypeError, match="text must be a str"):
        parse_coder_reply(b"<tool_call>")
    with pytest.raises(TypeError, match="tools must be a list"):
        parse_coder_reply("hi", WEATHER_TOOL)
    with pytest.raises(TypeError, match=r"tools\[0\] must be a tool definition"):
        parse_coder_reply("hi", [{"type": "function"}])
    with pytest.raises(ValueError, match="argument name 'a<b' must be text"):
        format_coder_tool_call("f", {"a<b": 1})
    with pytest.raises(TypeError, match="arguments must be a mapping"):
        format_coder_tool_call("f", [("a", 1)])
