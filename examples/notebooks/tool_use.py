# %% [markdown]
# # Tool use by hand: one function-calling round trip
#
# **What a server's tool-call parser does for you, done step by step with plain
# `transformers`: describe a tool, let Qwen3 call it, run the function, hand the result
# back and get the final answer.**
#
# Qwen3 writes tool calls in the hermes format its chat template defines: a JSON object
# `{"name": ..., "arguments": {...}}` between `<tool_call>` and `</tool_call>`. Servers
# parse it for you (vLLM `--enable-auto-tool-choice --tool-call-parser hermes`, see
# [Qwen's function-calling
# guide](https://qwen.readthedocs.io/en/latest/framework/function_call.html)).
#
# > **Executed on a tiny test model.** This notebook runs at build time on a 2-layer
# > Qwen3-MoE trained on exactly this `get_weather` conversation, so its calls and
# > answers are real outputs of that model. Any other question would get nonsense from
# > it; a real Qwen3 handles arbitrary tools.

# %%
import json
import os
import re

from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.thinking import split_thinking_text

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# %% [markdown]
# ## 1. Describe the tool
#
# Tools are JSON Schemas in the OpenAI format. The chat template writes them into the
# system prompt, between `<tools>` tags, with instructions on how to call them:

# %%
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
messages = [{"role": "user", "content": "What's the weather like in Paris today?"}]
prompt = tokenizer.apply_chat_template(
    messages, tools=[weather_tool], add_generation_prompt=True, tokenize=False
)
print(prompt)

# %% [markdown]
# ## 2. Let the model call it


# %%
def generate(messages):
    inputs = tokenizer.apply_chat_template(
        messages,
        tools=[weather_tool],
        add_generation_prompt=True,
        return_dict=True,
        return_tensors="pt",
    ).to(model.device)
    output = model.generate(**inputs, max_new_tokens=512)
    # Keep special tokens: <tool_call> is one, and we need to see it.
    text = tokenizer.decode(
        output[0, inputs["input_ids"].shape[1] :], skip_special_tokens=False
    )
    return text.removesuffix("<|im_end|>")


reply = generate(messages)
print(reply)

# %% [markdown]
# ## 3. Parse the call
#
# Look for calls only after the thinking: a `<tool_call>` inside `<think>` is reasoning.

# %%
thinking, answer = split_thinking_text(reply)
calls = [
    json.loads(block)
    for block in re.findall(r"<tool_call>\s*(.*?)\s*</tool_call>", answer, re.S)
]
print(calls)

# %% [markdown]
# ## 4. Run the function and send the result back
#
# The assistant turn goes into the history as an OpenAI-style `tool_calls` message, the
# result as a `tool` message. The template renders them as `<tool_call>` and
# `<tool_response>` blocks.


# %%
def get_weather(city: str) -> dict:
    """A stand-in for a real weather API."""
    return {"city": city, "temperature_c": 18, "condition": "sunny"}


tools = {"get_weather": get_weather}

messages.append(
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [{"type": "function", "function": call} for call in calls],
    }
)
for call in calls:
    result = tools[call["name"]](**call["arguments"])
    messages.append({"role": "tool", "content": json.dumps(result)})
print(json.dumps(messages[1:], indent=2))

# %% [markdown]
# ## 5. The final answer

# %%
thinking, answer = split_thinking_text(generate(messages))
print("thinking:", thinking)
print("answer:  ", answer)
