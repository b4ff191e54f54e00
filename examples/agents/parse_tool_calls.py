"""Parse Qwen3's <tool_call> blocks: several calls in one reply, and a clear error when
broken."""

from qwen3_handbook.toolcalls import ToolCallError, parse_reply

# --8<-- [start:parallel]
# Qwen3 may call several tools in one turn: one <tool_call> block per call.
text = """<think>
Two cities, so two calls.
</think>

<tool_call>
{"name": "get_weather", "arguments": {"city": "Paris"}}
</tool_call>
<tool_call>
{"name": "get_weather", "arguments": {"city": "Tokyo"}}
</tool_call>"""
reply = parse_reply(text)
print(reply.thinking)
#> Two cities, so two calls.
for call in reply.tool_calls:
    print(call.name, call.arguments)
    #> get_weather {'city': 'Paris'}
    #> get_weather {'city': 'Tokyo'}
# --8<-- [end:parallel]

# --8<-- [start:errors]
# A call with broken JSON (a missing closing brace) or one cut off by max_new_tokens
# must not be skipped silently: the parser says what is wrong.
broken_json = (
    '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}\n</tool_call>'
)
cut_off = '<tool_call>\n{"name": "get_weather", "argu'
try:
    parse_reply(broken_json)
except ToolCallError as error:
    print(error)
    """
    tool call 1 is not valid JSON (Expecting ',' delimiter at character 54): '{"name": ↩
    "get_weather", "arguments": {"city": "Paris"}'
    """
try:
    parse_reply(cut_off)
except ToolCallError as error:
    print(error)
    """
    a <tool_call> block is never closed with </tool_call>: the generation was probably ↩
    cut off (raise max_new_tokens)
    """
# --8<-- [end:errors]
