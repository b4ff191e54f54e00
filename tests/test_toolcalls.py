"""The tool-call parser: real template output, the scripted model's call, and broken input."""

from __future__ import annotations

import pytest
from transformers import AutoTokenizer

from qwen3_handbook.tiny import WEATHER_TOOL, tokenizer_dir
from qwen3_handbook.toolcalls import (
    AssistantReply,
    ReplyStreamParser,
    ToolCall,
    ToolCallError,
    parse_reply,
    parse_tool_calls,
)

CALLS = [
    ToolCall("get_weather", {"city": "Paris"}),
    ToolCall(
        "get_weather", {"city": "Tokyo", "units": ["celsius"], "note": "naïve, 東京"}
    ),
]


@pytest.fixture(scope="module")
def tokenizer():
    return AutoTokenizer.from_pretrained(tokenizer_dir())


def _rendered_assistant_turn(tokenizer, message: dict) -> str:
    """The text the real chat template writes for one assistant message."""
    conversation = [{"role": "user", "content": "weather?"}, message]
    text = tokenizer.apply_chat_template(
        conversation, tools=[WEATHER_TOOL], tokenize=False
    )
    start = text.rindex("<|im_start|>assistant\n") + len("<|im_start|>assistant\n")
    return text[start : text.index("<|im_end|>", start)]


def test_round_trip_through_the_real_chat_template(tokenizer):
    reply = AssistantReply(thinking="", content="Let me check.", tool_calls=CALLS)
    turn = _rendered_assistant_turn(tokenizer, reply.to_message())
    assert turn.count("<tool_call>") == 2
    parsed = parse_reply(turn)
    assert parsed.tool_calls == CALLS
    assert parsed.content == "Let me check."


def test_string_arguments_render_and_parse_like_objects(tokenizer):
    message = {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "type": "function",
                "function": {"name": "f", "arguments": '{"a": [1, 2]}'},
            }
        ],
    }
    assert parse_tool_calls(_rendered_assistant_turn(tokenizer, message)) == [
        ToolCall("f", {"a": [1, 2]})
    ]


def test_scripted_model_call(tiny_model):
    from transformers import AutoModelForCausalLM

    tok = AutoTokenizer.from_pretrained(tiny_model)
    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    messages = [{"role": "user", "content": "What's the weather like in Paris today?"}]
    inputs = tok.apply_chat_template(
        messages, tools=[WEATHER_TOOL], add_generation_prompt=True, return_dict=True,
        return_tensors="pt",
    )  # fmt: skip
    output = model.generate(**inputs, max_new_tokens=80)
    text = tok.decode(output[0, inputs.input_ids.shape[1] :], skip_special_tokens=True)
    reply = parse_reply(text)
    assert reply.tool_calls == [ToolCall("get_weather", {"city": "Paris"})]
    assert "get_weather" in reply.thinking
    assert reply.content == ""
    assert reply.to_message() == {
        "role": "assistant",
        "content": "",
        "tool_calls": [ToolCall("get_weather", {"city": "Paris"}).to_openai()],
    }


def test_no_call_and_call_inside_thinking():
    assert parse_tool_calls("It is sunny.") == []
    reply = parse_reply(
        '<think>\n<tool_call>\n{"name": "x"}\n</tool_call>\n</think>\n\nNo.'
    )
    assert reply.tool_calls == []
    assert reply.content == "No."
    assert "tool_calls" not in reply.to_message()


def test_missing_arguments_mean_none():
    assert parse_tool_calls('<tool_call>{"name": "now"}</tool_call>') == [
        ToolCall("now", {})
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"name": "f", "arguments": {"a": 1}', "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"arguments": {}}', "has no function name"),
        ('{"name": "", "arguments": {}}', "has no function name"),
        (
            '{"name": "f", "arguments": "{oops"}',
            r"arguments of tool call 1 \(f\) are not",
        ),
        ('{"name": "f", "arguments": [1]}', "must be a JSON object, got list"),
    ],
)
def test_broken_calls_are_named(body, message):
    with pytest.raises(ToolCallError, match=message):
        parse_reply(f"<tool_call>\n{body}\n</tool_call>")


@pytest.mark.parametrize(
    "body",
    [
        '{"name": "f", "arguments": {"x": NaN}}',
        '{"name": "f", "arguments": {"x": Infinity}}',
        '{"name": "f", "arguments": {"x": -Infinity}}',
        '{"name": "f", "arguments": "{\\"x\\": NaN}"}',  # arguments encoded twice
    ],
)
def test_nan_and_infinity_are_not_json(body):
    # Python's json reads them; JSON has no such numbers, and to_openai() would pass
    # them on to a client that cannot read them.
    with pytest.raises(ToolCallError, match="not a JSON number"):
        parse_reply(f"<tool_call>\n{body}\n</tool_call>")


def test_an_integer_beyond_the_digit_limit_is_a_tool_call_error():
    digits = "9" * 5000  # int() refuses more than 4300 digits with a bare ValueError
    with pytest.raises(ToolCallError, match="tool call 1 is not valid JSON"):
        parse_reply(
            f'<tool_call>{{"name": "f", "arguments": {{"x": {digits}}}}}</tool_call>'
        )
    twice = f'"{{\\"x\\": {digits}}}"'
    with pytest.raises(ToolCallError, match=r"arguments of tool call 1 \(f\)"):
        parse_reply(f'<tool_call>{{"name": "f", "arguments": {twice}}}</tool_call>')
    parser = ReplyStreamParser()
    with pytest.raises(ToolCallError, match="not valid JSON"):
        parser.feed(
            f'<tool_call>{{"name": "f", "arguments": {{"x": {digits}}}}}</tool_call>'
        )


def test_unclosed_call_is_reported():
    text = '<tool_call>{"name": "f", "arguments": {}}</tool_call>\n<tool_call>{"name": "g", "ar'
    with pytest.raises(ToolCallError, match="never closed"):
        parse_reply(text)


def test_the_second_broken_call_is_numbered():
    text = '<tool_call>{"name": "a"}</tool_call><tool_call>{"name": "b",}</tool_call>'
    with pytest.raises(ToolCallError, match="tool call 2 is not valid JSON"):
        parse_tool_calls(text)


@pytest.mark.parametrize("function", [parse_reply, parse_tool_calls])
def test_non_text_is_rejected(function):
    with pytest.raises(TypeError, match="must be a string"):
        function([151657])


def test_closing_tag_inside_an_argument_does_not_end_the_block():
    text = (
        '<tool_call>\n{"name": "write", "arguments": {"text": "end with </tool_call>\\\\"}}'
        "\n</tool_call>\nSaved."
    )
    reply = parse_reply(text)
    assert reply.tool_calls == [ToolCall("write", {"text": "end with </tool_call>\\"})]
    assert reply.content == "Saved."


def test_a_string_never_closed_is_broken_json():
    with pytest.raises(ToolCallError, match="tool call 1 is not valid JSON"):
        parse_reply('<tool_call>{"name": "f", "arguments": {"s": "x}}</tool_call>')


def test_streamed_calls_never_reach_the_answer():
    text = (
        "<think>\nTwo cities.\n</think>\n\nChecking.\n"
        '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>\n'
        '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Tokyo"}}\n</tool_call>'
    )
    for size in (1, 2, 5, 16, len(text)):
        parser = ReplyStreamParser()
        events = []
        for i in range(0, len(text), size):
            events += parser.feed(text[i : i + size])
        events += parser.finish()
        answer = [
            e.text for e in events if not isinstance(e, ToolCall) and e.kind == "answer"
        ]
        assert "".join(answer) == "Checking."
        assert [e for e in events if isinstance(e, ToolCall)] == parse_reply(
            text
        ).tool_calls
        assert parser.thinking == "Two cities."


def test_streamed_errors_match_parse_reply():
    parser = ReplyStreamParser()
    parser.feed('Sure.<tool_call>{"name": "f", "argu')
    with pytest.raises(ToolCallError, match="never closed"):
        parser.finish()
    with pytest.raises(ToolCallError, match="tool call 1 is not valid JSON"):
        ReplyStreamParser().feed("<tool_call>{oops}</tool_call>")
    with pytest.raises(TypeError, match="chunk must be a string"):
        ReplyStreamParser().feed(None)
    parser = ReplyStreamParser()
    parser.finish()
    with pytest.raises(RuntimeError, match="after finish"):
        parser.feed("x")
