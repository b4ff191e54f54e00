"""Qwen3-Coder's XML tool calls: write one, read it back, compare with the engines."""

import json
from importlib.resources import files

from qwen3_handbook.coder import (
    CoderToolCallError,
    format_coder_tool_call,
    parse_coder_reply,
)
from qwen3_handbook.report import Table

# --8<-- [start:format]
tools = [
    {
        "type": "function",
        "function": {
            "name": "set_timer",
            "description": "Start a timer.",
            "parameters": {
                "type": "object",
                "properties": {
                    "minutes": {"type": "integer"},
                    "label": {"type": "string"},
                },
                "required": ["minutes"],
            },
        },
    }
]
# What the model writes (and what the chat template writes back into the history):
reply = "I'll start it now.\n\n" + format_coder_tool_call(
    "set_timer", {"minutes": "5", "label": "tea"}
)
print(reply)
"""
I'll start it now.

<tool_call>
<function=set_timer>
<parameter=minutes>
5
</parameter>
<parameter=label>
tea
</parameter>
</function>
</tool_call>
"""
# --8<-- [end:format]

# --8<-- [start:parse]
parsed = parse_coder_reply(reply, tools)
print(repr(parsed.content))
#> "I'll start it now.\n\n"
for call in parsed.tool_calls:
    print(call.name, call.arguments)  # "5" became 5: the schema says integer
    #> set_timer {'minutes': 5, 'label': 'tea'}
print(parsed.tool_calls[0].to_openai()["function"]["arguments"])
#> {"minutes": 5, "label": "tea"}
# --8<-- [end:parse]

# --8<-- [start:errors]
cut_off = "<tool_call>\n<function=set_timer>\n<parameter=minutes>\n5"
try:
    parse_coder_reply(cut_off, tools)
except CoderToolCallError as error:
    print(error)
    #> tool call 1 is not closed by '</tool_call>' (cut off by max_tokens?)
# --8<-- [end:errors]

# --8<-- [start:engines]
# vLLM's and SGLang's own qwen3_coder parsers, run on the same replies (CPU, their
# released wheels); recorded by tests/record_coder_engines.py.
record = json.loads(
    files("qwen3_handbook").joinpath("data/coder_engine_results.json").read_text()
)
print(record["engines"])
#> {'vllm': '0.34.0', 'sglang': '0.5.23'}

rows = []
for case in record["cases"]:
    ours = parse_coder_reply(case["text"], case["tools"] or None).tool_calls
    vllm, sglang = case["vllm"], case["sglang"]
    calls = f"{len(vllm['tool_calls'])} / {len(sglang['tool_calls'])} / {len(ours)}"
    ours = [{"name": c.name, "arguments": c.arguments} for c in ours]
    agree = ours == vllm["tool_calls"] == sglang["tool_calls"]
    rows.append([case["id"], calls, agree])
# calls: vLLM / SGLang / parse_coder_reply; same: identical names and typed arguments
print(Table(["reply", "calls", "same"], rows))
"""
reply                    calls  same
-------------------  ---------  ----
single               1 / 1 / 1  yes
text-before          1 / 1 / 1  yes
two-calls            2 / 2 / 2  yes
typed                1 / 1 / 1  yes
multiline-string     1 / 1 / 1  yes
null-value           1 / 1 / 1  yes
number-integral      1 / 1 / 1  yes
no-tools-in-request  0 / 0 / 1  no
plain-text           0 / 0 / 0  yes
"""

# The text before the call: vLLM strips it (and sends null for none), SGLang keeps it.
cases = {case["id"]: case for case in record["cases"]}
print(json.dumps(cases["text-before"]["vllm"]["content"]))
#> "I'll check the weather."
print(json.dumps(cases["text-before"]["sglang"]["content"]))
#> "I'll check the weather.\n\n"
# --8<-- [end:engines]
