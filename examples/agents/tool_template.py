"""How Qwen3's chat template shows tools to the model, and how it writes calls and
results."""

import os

from transformers import AutoTokenizer

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)

# --8<-- [start:schema]
# An OpenAI-style tool schema: a name, a description and JSON-Schema parameters.
weather_tool = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string", "description": "The city name"}},
            "required": ["city"],
        },
    },
}
# --8<-- [end:schema]

# --8<-- [start:render-tools]
messages = [{"role": "user", "content": "What's the weather like in Paris today?"}]
prompt = tokenizer.apply_chat_template(
    messages, tools=[weather_tool], add_generation_prompt=True, tokenize=False
)
print(prompt)
"""
<|im_start|>system
# Tools

You may call one or more functions to assist with the user query.

You are provided with function signatures within <tools></tools> XML tags:
<tools>
{"type": "function", "function": {"name": "get_weather", "description": "Get the ↩
current weather in a city.", "parameters": {"type": "object", "properties": {"city": ↩
{"type": "string", "description": "The city name"}}, "required": ["city"]}}}
</tools>

For each function call, return a json object with function name and arguments within ↩
<tool_call></tool_call> XML tags:
<tool_call>
{"name": <function-name>, "arguments": <args-json-object>}
</tool_call><|im_end|>
<|im_start|>user
What's the weather like in Paris today?<|im_end|>
<|im_start|>assistant
"""
# --8<-- [end:render-tools]

# --8<-- [start:render-history]
# The model's call goes back as an assistant message with tool_calls, the result as a
# "tool" message; the template turns them into <tool_call> and <tool_response> blocks.
messages += [
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "type": "function",
                "function": {"name": "get_weather", "arguments": {"city": "Paris"}},
            }
        ],
    },
    {
        "role": "tool",
        "content": '{"city": "Paris", "temperature_c": 18, "condition": "sunny"}',
    },
]
history = tokenizer.apply_chat_template(
    messages, tools=[weather_tool], add_generation_prompt=True, tokenize=False
)
print(history[len(prompt) :])  # only what the two new messages added
"""
<tool_call>
{"name": "get_weather", "arguments": {"city": "Paris"}}
</tool_call><|im_end|>
<|im_start|>user
<tool_response>
{"city": "Paris", "temperature_c": 18, "condition": "sunny"}
</tool_response><|im_end|>
<|im_start|>assistant
"""
# --8<-- [end:render-history]
