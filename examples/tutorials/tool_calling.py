"""Tutorial 4: function calling by hand with transformers — describe, call, parse, run,
answer."""

import json
import os
import re

from transformers import AutoModelForCausalLM, AutoTokenizer

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# --8<-- [start:tool]
# The tool the model may call, as a JSON schema (the OpenAI "tools" format).
WEATHER_TOOL = {
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


def get_weather(city):
    """Stand-in for a real weather API: returns the observation as a dict."""
    observations = {"Paris": {"temperature_c": 18, "condition": "sunny"}}
    return {"city": city, **observations[city]}


# name the model uses -> the Python function to run
TOOLS = {"get_weather": get_weather}
# --8<-- [end:tool]

# --8<-- [start:prompt]
messages = [{"role": "user", "content": "What's the weather like in Paris today?"}]
prompt = tokenizer.apply_chat_template(
    messages, tools=[WEATHER_TOOL], add_generation_prompt=True, tokenize=False
)
print(prompt[prompt.index("# Tools") : prompt.index("\n</tools>") + len("\n</tools>")])
"""
# Tools

You may call one or more functions to assist with the user query.

You are provided with function signatures within <tools></tools> XML tags:
<tools>
{"type": "function", "function": {"name": "get_weather", "description": "Get the ↩
current weather in a city.", "parameters": {"type": "object", "properties": {"city": ↩
{"type": "string", "description": "The city name"}}, "required": ["city"]}}}
</tools>
"""
# --8<-- [end:prompt]


# --8<-- [start:generate]
def generate(messages, max_new_tokens=32768):
    """One assistant turn, raw text. The tools are passed to the template every time."""
    inputs = tokenizer.apply_chat_template(
        messages,
        tools=[WEATHER_TOOL],
        add_generation_prompt=True,
        return_dict=True,
        return_tensors="pt",
    ).to(model.device)
    output = model.generate(**inputs, max_new_tokens=max_new_tokens)
    return tokenizer.decode(
        output[0][inputs.input_ids.shape[1] :], skip_special_tokens=True
    )


raw = generate(messages)
print(raw)
"""
<think>
The user wants today's weather in Paris, so I will call get_weather.
</think>

<tool_call>
{"name": "get_weather", "arguments": {"city": "Paris"}}
</tool_call>
"""
# --8<-- [end:generate]

# --8<-- [start:parse]
TOOL_CALL = re.compile(r"<tool_call>\s*(.*?)\s*</tool_call>", re.DOTALL)


def parse_tool_calls(text):
    """Return the answer text and the list of {"name", "arguments"} calls in a reply."""
    # a <tool_call> inside the thinking is no call
    answer = text.rpartition("</think>")[2]
    calls = [json.loads(body) for body in TOOL_CALL.findall(answer)]
    return TOOL_CALL.sub("", answer).strip(), calls


content, calls = parse_tool_calls(raw)
print(calls)
#> [{'name': 'get_weather', 'arguments': {'city': 'Paris'}}]
# --8<-- [end:parse]

# --8<-- [start:execute]
# Keep the call in the history (without the thinking, as the template would), then the
# result.
messages.append(
    {
        "role": "assistant",
        "content": content,
        "tool_calls": [{"type": "function", "function": call} for call in calls],
    }
)
for call in calls:
    result = TOOLS[call["name"]](**call["arguments"])
    messages.append({"role": "tool", "content": json.dumps(result)})
print(messages[-1])
"""
{
    "role": "tool",
    "content": '{"city": "Paris", "temperature_c": 18, "condition": "sunny"}',
}
"""
# --8<-- [end:execute]

# --8<-- [start:answer]
final = generate(messages)
print(parse_tool_calls(final))
#> ('It is 18 °C and sunny in Paris today.', [])
# --8<-- [end:answer]
