"""The whole tool-calling loop by hand with transformers: call, run, send the result,
answer."""

import json
import os

from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.toolcalls import parse_reply

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)


# --8<-- [start:tools]
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
functions = {"get_weather": get_weather}  # tool name -> the Python function to run
# --8<-- [end:tools]


# --8<-- [start:generate]
def generate(messages: list[dict]) -> str:
    inputs = tokenizer.apply_chat_template(
        messages,
        tools=tools,
        add_generation_prompt=True,
        return_dict=True,
        return_tensors="pt",
    ).to(model.device)
    output = model.generate(**inputs, max_new_tokens=32768)
    # <tool_call> and <think> are not special tokens: skip_special_tokens keeps them.
    return tokenizer.decode(
        output[0, inputs.input_ids.shape[1] :], skip_special_tokens=True
    )


# --8<-- [end:generate]


# --8<-- [start:loop]
messages = [{"role": "user", "content": "What's the weather like in Paris today?"}]

reply = parse_reply(generate(messages))  # thinking, visible content, tool calls
print(reply.tool_calls)
#> [ToolCall(name='get_weather', arguments={'city': 'Paris'})]

# 1. Keep the call in the history (without the thinking, as the template expects).
messages.append(reply.to_message())
# 2. Run each call and send its result back as a "tool" message, in the same order.
for call in reply.tool_calls:
    result = functions[call.name](**call.arguments)
    messages.append({"role": "tool", "content": result})
# 3. Ask again: the model now answers from the tool's result.
final = parse_reply(generate(messages))
print(final.tool_calls, final.content)
#> [] It is 18 °C and sunny in Paris today.
# --8<-- [end:loop]
