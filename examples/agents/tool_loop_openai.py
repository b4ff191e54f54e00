"""The tool-calling loop through an OpenAI-compatible server that parses Qwen3's
calls."""

# handbook: needs-server
import json
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1"),
    api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"),
)
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")


def get_weather(city: str) -> str:
    """The Python function behind the tool; a real one would call a weather service."""
    return json.dumps({"city": city, "temperature_c": 18, "condition": "sunny"})


tools = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the current weather in a city.",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string", "description": "The city name"}
                },
                "required": ["city"],
            },
        },
    }
]
functions = {"get_weather": get_weather}

# --8<-- [start:call]
messages = [{"role": "user", "content": "What's the weather like in Paris today?"}]
response = client.chat.completions.create(
    model=model_name, messages=messages, tools=tools, max_tokens=32768
)
choice = response.choices[0]
print(choice.finish_reason)
#> tool_calls
for call in choice.message.tool_calls:  # parsed by the server from <tool_call> blocks
    print(call.function.name, call.function.arguments)  # arguments: a JSON string
    #> get_weather {"city": "Paris"}
# --8<-- [end:call]

# --8<-- [start:answer]
# Send the call back (without the reasoning) and one "tool" message per call.
messages.append(
    {
        "role": "assistant",
        "content": choice.message.content or "",
        "tool_calls": [call.model_dump() for call in choice.message.tool_calls],
    }
)
for call in choice.message.tool_calls:
    result = functions[call.function.name](**json.loads(call.function.arguments))
    messages.append({"role": "tool", "tool_call_id": call.id, "content": result})

response = client.chat.completions.create(
    model=model_name, messages=messages, tools=tools, max_tokens=32768
)
print(response.choices[0].message.content)
#> It is 18 °C and sunny in Paris today.
# --8<-- [end:answer]
