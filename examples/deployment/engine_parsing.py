"""How each server splits Qwen3 output: transformers serve, vLLM, SGLang, this package.

The vLLM and SGLang rows are what their released parser code returned when the test
suite ran it (data/engine_parsing.json); the parsers of transformers serve and of
qwen3_handbook run here, on the same texts.
"""

# handbook: requires transformers>=5.24 (runs transformers.cli.serving, absent in 4.x)

from qwen3_handbook.engine_parsing import engine_fields, parser_table, parsing_table
from qwen3_handbook.report import Table

# --8<-- [start:fields]
rows = [
    [server, ", ".join(f["message"]), ", ".join(f["delta"])]
    for server, f in engine_fields().items()
]
print(Table(["server", "message field", "stream delta field"], rows))
"""
server              message field      stream delta field
------------------  -----------------  ------------------
vLLM 0.34.0         reasoning          reasoning
SGLang 0.5.23       reasoning_content  reasoning_content
transformers serve  reasoning_content  reasoning_content
"""
# --8<-- [end:fields]

# --8<-- [start:history]
rows = [
    [server, sent, ", ".join(kept) or "dropped"]
    for server, f in engine_fields().items()
    if "history" in f
    for sent, kept in f["history"].items()
]
print(Table(["server", "assistant message sends", "request keeps"], rows))
"""
server         assistant message sends  request keeps
-------------  -----------------------  -----------------
vLLM 0.34.0    reasoning_content        reasoning
vLLM 0.34.0    reasoning                reasoning
SGLang 0.5.23  reasoning_content        reasoning_content
SGLang 0.5.23  reasoning                dropped
"""
# --8<-- [end:history]

# --8<-- [start:thinking]
tables = [
    parsing_table(case)
    for case in [
        "thinking-on",
        "thinking-off",
        "soft-switch",
        "no-tags",
        "cut-off",
    ]
]
print(*tables, sep="\n\n")
"""
thinking-on         field              text
------------------  -----------------  ----------------------------------------
transformers serve  reasoning_content  "I need 17 × 23. 17 × 20 = 340 and 17 ×…
transformers serve  content            "17 × 23 = 391."
↳ 1 tok/step        reasoning_content  "\nI need 17 × 23. 17 × 20 = 340 and 17…
↳ 1 tok/step        content            "\n\n17 × 23 = 391."
↳ 4 tok/step        reasoning_content  "\nI need 17 × 23. 17 × 20 = 340 and 17…
↳ 4 tok/step        content            "\n\n17 × 23 = 391."
vLLM 0.34.0         reasoning          "\nI need 17 × 23. 17 × 20 = 340 and 17…
vLLM 0.34.0         content            "\n\n17 × 23 = 391."
SGLang 0.5.23       reasoning_content  "\nI need 17 × 23. 17 × 20 = 340 and 17…
SGLang 0.5.23       content            "\n\n17 × 23 = 391."
qwen3_handbook      thinking           "I need 17 × 23. 17 × 20 = 340 and 17 ×…
qwen3_handbook      content            "17 × 23 = 391."


thinking-off        field              text
------------------  -----------------  --------------------
transformers serve  content            "17 × 23 = 391."
↳ 1 tok/step        reasoning_content  "\n\n"
↳ 1 tok/step        content            "\n\n17 × 23 = 391."
↳ 4 tok/step        reasoning_content  "\n\n"
↳ 4 tok/step        content            "\n\n17 × 23 = 391."
vLLM 0.34.0         content            "17 × 23 = 391."
SGLang 0.5.23       content            "17 × 23 = 391."
qwen3_handbook      content            "17 × 23 = 391."


soft-switch         field              text
------------------  -----------------  --------------------
transformers serve  content            "17 × 23 = 391."
↳ 1 tok/step        reasoning_content  "\n\n"
↳ 1 tok/step        content            "\n\n17 × 23 = 391."
↳ 4 tok/step        reasoning_content  "\n\n"
↳ 4 tok/step        content            "\n\n17 × 23 = 391."
vLLM 0.34.0         reasoning          "\n\n"
vLLM 0.34.0         content            "\n\n17 × 23 = 391."
SGLang 0.5.23       reasoning_content  "\n\n"
SGLang 0.5.23       content            "\n\n17 × 23 = 391."
qwen3_handbook      content            "17 × 23 = 391."


no-tags             field              text
------------------  -----------------  ----------------
transformers serve  content            "17 × 23 = 391."
vLLM 0.34.0         reasoning          "17 × 23 = 391."
SGLang 0.5.23       reasoning_content  "17 × 23 = 391."
qwen3_handbook      content            "17 × 23 = 391."


cut-off             field              text
------------------  -----------------  -------------------------------------
transformers serve  reasoning_content  "I need 17 × 23. 17 × 20 = 340 and"
↳ 1 tok/step        reasoning_content  "\nI need 17 × 23. 17 × 20 = 340 and"
↳ 4 tok/step        reasoning_content  "\nI need 17 × 23. 17 × 20 = 340 and"
vLLM 0.34.0         reasoning          "\nI need 17 × 23. 17 × 20 = 340 and"
SGLang 0.5.23       reasoning_content  "\nI need 17 × 23. 17 × 20 = 340 and"
qwen3_handbook      thinking           "I need 17 × 23. 17 × 20 = 340 and"
"""
# --8<-- [end:thinking]

# --8<-- [start:edge]
tables = [parsing_table(case) for case in ["two-closers", "thinking-2507"]]
print(*tables, sep="\n\n")
"""
two-closers         field              text
------------------  -----------------  -------------------------------------
transformers serve  reasoning_content  "First thought."
transformers serve  content            "Second thought.\n</think>\n\n391."
↳ 1 tok/step        reasoning_content  "\nFirst thought.\n"
↳ 1 tok/step        content            "\nSecond thought.\n</think>\n\n391."
↳ 4 tok/step        reasoning_content  "\nFirst thought.\n"
↳ 4 tok/step        content            "\nSecond thought.\n</think>\n\n391."
vLLM 0.34.0         reasoning          "\nFirst thought.\n"
vLLM 0.34.0         content            "\nSecond thought.\n\n\n391."
↳ 1 tok/step        reasoning          "\nFirst thought.\n"
↳ 1 tok/step        content            "\nSecond thought.\n</think>\n\n391."
↳ 4 tok/step        reasoning          "\nFirst thought.\n"
↳ 4 tok/step        content            "\nSecond thought.\n</think>\n\n391."
SGLang 0.5.23       reasoning_content  "\nFirst thought.\n"
SGLang 0.5.23       content            "\nSecond thought.\n</think>\n\n391."
qwen3_handbook      thinking           "First thought."
qwen3_handbook      content            "Second thought.\n</think>\n\n391."


thinking-2507       field              text
------------------  -----------------  ---------------------------
transformers serve  reasoning_content  "I need 17 × 23 = 391."
transformers serve  content            "17 × 23 = 391."
↳ 1 tok/step        reasoning_content  "\nI need 17 × 23 = 391.\n"
↳ 1 tok/step        content            "\n\n17 × 23 = 391."
↳ 4 tok/step        reasoning_content  "\nI need 17 × 23 = 391.\n"
↳ 4 tok/step        content            "\n\n17 × 23 = 391."
vLLM 0.34.0         reasoning          "I need 17 × 23 = 391.\n"
vLLM 0.34.0         content            "\n\n17 × 23 = 391."
SGLang 0.5.23       reasoning_content  "I need 17 × 23 = 391.\n"
SGLang 0.5.23       content            "\n\n17 × 23 = 391."
qwen3_handbook      thinking           "I need 17 × 23 = 391."
qwen3_handbook      content            "17 × 23 = 391."
"""
# --8<-- [end:edge]

# --8<-- [start:parsers]
tables = [parser_table(case) for case in ["thinking-off", "tool-call-no-thinking"]]
print(*tables, sep="\n\n")
"""
thinking-off           field              text
---------------------  -----------------  ----------------
vLLM qwen3             content            "17 × 23 = 391."
vLLM deepseek_r1       reasoning          "17 × 23 = 391."
SGLang qwen3           content            "17 × 23 = 391."
SGLang qwen3-thinking  reasoning_content  "17 × 23 = 391."
SGLang deepseek-r1     reasoning_content  "17 × 23 = 391."


tool-call-no-thinking  field              text
---------------------  -----------------  ---------------------------------------
vLLM qwen3             tool_calls         get_weather({"city": "Paris"})
vLLM deepseek_r1       reasoning          "<tool_call>\n{\"name\": \"get_weather…
SGLang qwen3           tool_calls         get_weather({"city": "Paris"})
SGLang qwen3-thinking  tool_calls         get_weather({"city": "Paris"})
SGLang deepseek-r1     reasoning_content  "<tool_call>\n{\"name\": \"get_weather…
"""
# --8<-- [end:parsers]

# --8<-- [start:tools]
tables = [
    parsing_table(case)
    for case in [
        "tool-call-thinking",
        "tool-call-no-thinking",
        "qwen-agent-call",
    ]
]
print(*tables, sep="\n\n")
"""
tool-call-thinking  field              text
------------------  -----------------  ----------------------------------------
transformers serve  reasoning_content  "The user wants today's weather in Pari…
transformers serve  tool_calls         get_weather({"city": "Paris"})
↳ 1 tok/step        reasoning_content  "\nThe user wants today's weather in Pa…
↳ 1 tok/step        tool_calls         get_weather({"city": "Paris"})
↳ 4 tok/step        reasoning_content  "\nThe user wants today's weather in Pa…
↳ 4 tok/step        tool_calls         get_weather({"city": "Paris"})
vLLM 0.34.0         reasoning          "\nThe user wants today's weather in Pa…
vLLM 0.34.0         tool_calls         get_weather({"city": "Paris"})
↳ 1 tok/step        reasoning          "\nThe user wants today's weather in Pa…
↳ 1 tok/step        content            "\n\n"
↳ 1 tok/step        tool_calls         get_weather({"city": "Paris"})
↳ 4 tok/step        reasoning          "\nThe user wants today's weather in Pa…
↳ 4 tok/step        content            "\n\n"
↳ 4 tok/step        tool_calls         get_weather({"city": "Paris"})
SGLang 0.5.23       reasoning_content  "\nThe user wants today's weather in Pa…
SGLang 0.5.23       tool_calls         get_weather({"city": "Paris"})
↳ 1 tok/step        reasoning_content  "\nThe user wants today's weather in Pa…
↳ 1 tok/step        content            "\n\n"
↳ 1 tok/step        tool_calls         get_weather({"city": "Paris"})
↳ 4 tok/step        reasoning_content  "\nThe user wants today's weather in Pa…
↳ 4 tok/step        content            "\n\n"
↳ 4 tok/step        tool_calls         get_weather({"city": "Paris"})
qwen3_handbook      thinking           "The user wants today's weather in Pari…
qwen3_handbook      tool_calls         get_weather({"city": "Paris"})


tool-call-no-thinking  field              text
---------------------  -----------------  ------------------------------
transformers serve     tool_calls         get_weather({"city": "Paris"})
↳ 1 tok/step           reasoning_content  "\n\n"
↳ 1 tok/step           tool_calls         get_weather({"city": "Paris"})
↳ 4 tok/step           reasoning_content  "\n\n"
↳ 4 tok/step           tool_calls         get_weather({"city": "Paris"})
vLLM 0.34.0            tool_calls         get_weather({"city": "Paris"})
SGLang 0.5.23          tool_calls         get_weather({"city": "Paris"})
qwen3_handbook         tool_calls         get_weather({"city": "Paris"})


qwen-agent-call     field              text
------------------  -----------------  ----------------------------------------
transformers serve  reasoning_content  "The user wants today's weather in Toky…
transformers serve  tool_calls         weather-get_weather({"city": "Tokyo"})
↳ 1 tok/step        reasoning_content  "\nThe user wants today's weather in To…
↳ 1 tok/step        tool_calls         weather-get_weather({"city": "Tokyo"})
↳ 4 tok/step        reasoning_content  "\nThe user wants today's weather in To…
↳ 4 tok/step        tool_calls         weather-get_weather({"city": "Tokyo"})
vLLM 0.34.0         reasoning          "\nThe user wants today's weather in To…
vLLM 0.34.0         tool_calls         weather-get_weather({"city": "Tokyo"})
↳ 1 tok/step        reasoning          "\nThe user wants today's weather in To…
↳ 1 tok/step        content            "\n\n"
↳ 1 tok/step        tool_calls         weather-get_weather({"city": "Tokyo"})
↳ 4 tok/step        reasoning          "\nThe user wants today's weather in To…
↳ 4 tok/step        content            "\n\n"
↳ 4 tok/step        tool_calls         weather-get_weather({"city": "Tokyo"})
SGLang 0.5.23       reasoning_content  "\nThe user wants today's weather in To…
SGLang 0.5.23       tool_calls         weather-get_weather({"city": "Tokyo"})
↳ 1 tok/step        reasoning_content  "\nThe user wants today's weather in To…
↳ 1 tok/step        content            "\n\n"
↳ 1 tok/step        tool_calls         weather-get_weather({"city": "Tokyo"})
qwen3_handbook      thinking           "The user wants today's weather in Toky…
qwen3_handbook      tool_calls         weather-get_weather({"city": "Tokyo"})
"""
# --8<-- [end:tools]

# --8<-- [start:tool-edge]
tables = [
    parsing_table(case)
    for case in [
        "call-in-thinking",
        "text-after-call",
        "string-arguments",
        "malformed-call",
        "no-newlines",
        "undeclared-tool",
        "two-calls",
        "closer-in-argument",
        "coder-xml",
    ]
]
print(*tables, sep="\n\n")
"""
call-in-thinking    field              text
------------------  -----------------  ----------------------------------------
transformers serve  reasoning_content  "I should call <tool_call>\n{\"name\": …
transformers serve  content            "It is sunny."
↳ 1 tok/step        reasoning_content  "\nI should call <tool_call>\n{\"name\"…
↳ 1 tok/step        content            "\n\nIt is sunny."
↳ 4 tok/step        reasoning_content  "\nI should call <tool_call>\n{\"name\"…
↳ 4 tok/step        content            "\n\nIt is sunny."
vLLM 0.34.0         reasoning          "\nI should call "
vLLM 0.34.0         tool_calls         get_weather({"city": "Paris"})
SGLang 0.5.23       reasoning_content  "\nI should call <tool_call>\n{\"name\"…
SGLang 0.5.23       content            "\n\nIt is sunny."
↳ 1 tok/step        reasoning_content  "\nI should call "
↳ 1 tok/step        tool_calls         get_weather({"city": "Paris"})
↳ 4 tok/step        reasoning_content  "\nI should call "
↳ 4 tok/step        content            "\n</think>\n\nIt is sunny."
↳ 4 tok/step        tool_calls         get_weather({"city": "Paris"})
qwen3_handbook      thinking           "I should call <tool_call>\n{\"name\": …
qwen3_handbook      content            "It is sunny."


text-after-call     field              text
------------------  -----------------  ------------------------------
transformers serve  content            "I asked for the weather."
transformers serve  tool_calls         get_weather({"city": "Paris"})
↳ 1 tok/step        reasoning_content  "\n\n"
↳ 1 tok/step        content            "\nI asked for the weather."
↳ 1 tok/step        tool_calls         get_weather({"city": "Paris"})
↳ 4 tok/step        reasoning_content  "\n\n"
↳ 4 tok/step        content            "\nI asked for the weather."
↳ 4 tok/step        tool_calls         get_weather({"city": "Paris"})
vLLM 0.34.0         tool_calls         get_weather({"city": "Paris"})
SGLang 0.5.23       tool_calls         get_weather({"city": "Paris"})
qwen3_handbook      content            "I asked for the weather."
qwen3_handbook      tool_calls         get_weather({"city": "Paris"})


string-arguments    field              text
------------------  -----------------  ------------------------------------
transformers serve  tool_calls         get_weather({"city": "Paris"})
↳ 1 tok/step        reasoning_content  "\n\n"
↳ 1 tok/step        tool_calls         get_weather({"city": "Paris"})
↳ 4 tok/step        reasoning_content  "\n\n"
↳ 4 tok/step        tool_calls         get_weather({"city": "Paris"})
vLLM 0.34.0         tool_calls         get_weather("{\"city\": \"Paris\"}")
SGLang 0.5.23       tool_calls         get_weather("{\"city\": \"Paris\"}")
qwen3_handbook      tool_calls         get_weather({"city": "Paris"})


malformed-call      field       text
------------------  ----------  ---------------------------------------
transformers serve  error       ValueError
vLLM 0.34.0         content     "<tool_call>\n{\"name\": \"get_weather…
↳ 1 tok/step        tool_calls  get_weather({"city": "Paris"})
↳ 4 tok/step        tool_calls  get_weather({"city": "Paris")
SGLang 0.5.23       (nothing)
↳ 1 tok/step        tool_calls  get_weather({"city": ")
↳ 4 tok/step        tool_calls  get_weather()
qwen3_handbook      error       ToolCallError


no-newlines         field              text
------------------  -----------------  ----------------------------------------
transformers serve  tool_calls         get_weather({"city": "Paris"})
↳ 1 tok/step        reasoning_content  "\n\n"
↳ 1 tok/step        tool_calls         get_weather({"city": "Paris"})
↳ 4 tok/step        reasoning_content  "\n\n"
↳ 4 tok/step        tool_calls         get_weather({"city": "Paris"})
vLLM 0.34.0         tool_calls         get_weather({"city": "Paris"})
SGLang 0.5.23       content            "<tool_call>{\"name\": \"get_weather\",…
↳ 1 tok/step        content            "<tool_call>{\"name\": \"get_weather\",…
↳ 4 tok/step        content            "<tool_call>{\"name\": \"get_weather\",…
qwen3_handbook      tool_calls         get_weather({"city": "Paris"})


undeclared-tool     field              text
------------------  -----------------  ----------------------------------------
transformers serve  tool_calls         get_time({"city": "Paris"})
↳ 1 tok/step        reasoning_content  "\n\n"
↳ 1 tok/step        tool_calls         get_time({"city": "Paris"})
↳ 4 tok/step        reasoning_content  "\n\n"
↳ 4 tok/step        tool_calls         get_time({"city": "Paris"})
vLLM 0.34.0         tool_calls         get_time({"city": "Paris"})
SGLang 0.5.23       (nothing)
↳ 1 tok/step        content            " \"arguments\": {\"city\": \"Paris\"}}…
↳ 4 tok/step        content            " {\"city\": \"Paris\"}}"
qwen3_handbook      tool_calls         get_time({"city": "Paris"})


two-calls           field              text
------------------  -----------------  ------------------------------
transformers serve  tool_calls         get_weather({"city": "Paris"})
transformers serve  tool_calls         get_weather({"city": "Lyon"})
↳ 1 tok/step        reasoning_content  "\n\n"
↳ 1 tok/step        tool_calls         get_weather({"city": "Paris"})
↳ 1 tok/step        tool_calls         get_weather({"city": "Lyon"})
↳ 4 tok/step        reasoning_content  "\n\n"
↳ 4 tok/step        tool_calls         get_weather({"city": "Paris"})
↳ 4 tok/step        tool_calls         get_weather({"city": "Lyon"})
vLLM 0.34.0         tool_calls         get_weather({"city": "Paris"})
vLLM 0.34.0         tool_calls         get_weather({"city": "Lyon"})
SGLang 0.5.23       tool_calls         get_weather({"city": "Paris"})
SGLang 0.5.23       tool_calls         get_weather({"city": "Lyon"})
qwen3_handbook      tool_calls         get_weather({"city": "Paris"})
qwen3_handbook      tool_calls         get_weather({"city": "Lyon"})


closer-in-argument  field       text
------------------  ----------  ----------------------------------------
transformers serve  error       ValueError
vLLM 0.34.0         content     "<tool_call>\n{\"name\": \"write_note\"…
↳ 1 tok/step        tool_calls  write_note({"text": "end with)
↳ 4 tok/step        tool_calls  write_note({"text": "end with)
SGLang 0.5.23       tool_calls  write_note({"text": "end with </tool_ca…
qwen3_handbook      tool_calls  write_note({"text": "end with </tool_ca…


coder-xml           field       text
------------------  ----------  ------------------------------
transformers serve  error       ValueError
vLLM 0.34.0         tool_calls  get_weather({"city": "Paris"})
SGLang 0.5.23       tool_calls  get_weather({"city": "Paris"})
qwen3_handbook      error       ToolCallError
"""
# --8<-- [end:tool-edge]
