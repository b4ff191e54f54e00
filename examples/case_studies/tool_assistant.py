"""Case study: a tool-augmented assistant — a registry of tools, a bounded loop, safe
errors."""

import json
import os

from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.toolcalls import ToolCallError, parse_reply

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)


# --8<-- [start:registry]
class ToolRegistry:
    """Python functions the model may call, with the JSON schemas the model sees."""

    def __init__(self):
        self.functions, self.schemas = {}, []

    def register(self, description, **parameters):
        """Decorator: ``parameters`` maps each argument to (JSON type, description)."""

        def add(function):
            properties = {
                name: {"type": kind, "description": text}
                for name, (kind, text) in parameters.items()
            }
            self.schemas.append(
                {
                    "type": "function",
                    "function": {
                        "name": function.__name__,
                        "description": description,
                        "parameters": {
                            "type": "object",
                            "properties": properties,
                            "required": list(parameters),
                        },
                    },
                }
            )
            self.functions[function.__name__] = function
            return function

        return add

    def run(self, name, arguments):
        """Run one call; any failure becomes an error message the model can read."""
        if name not in self.functions:
            return json.dumps({"error": f"unknown tool {name!r}"})
        try:
            return json.dumps(self.functions[name](**arguments))
        except Exception as error:  # a tool bug must not kill the conversation
            return json.dumps({"error": f"{type(error).__name__}: {error}"})


tools = ToolRegistry()


@tools.register("Get the current weather in a city.", city=("string", "The city name"))
def get_weather(city):
    # a real API here
    observations = {"Paris": {"temperature_c": 18, "condition": "sunny"}}
    return {"city": city, **observations[city]}


print(tools.run("get_weather", {"city": "Atlantis"}))
#> {"error": "KeyError: 'Atlantis'"}
print(tools.run("get_stock_price", {"ticker": "BABA"}))
#> {"error": "unknown tool 'get_stock_price'"}
# --8<-- [end:registry]


# --8<-- [start:loop]
def assistant(question, max_rounds=5, max_new_tokens=32768):
    """Answer ``question``, running tool calls until the model replies without one."""
    messages = [{"role": "user", "content": question}]
    for _ in range(max_rounds):
        inputs = tokenizer.apply_chat_template(
            messages,
            tools=tools.schemas,
            add_generation_prompt=True,
            return_dict=True,
            return_tensors="pt",
        ).to(model.device)
        output = model.generate(**inputs, max_new_tokens=max_new_tokens)
        text = tokenizer.decode(
            output[0][inputs.input_ids.shape[1] :], skip_special_tokens=True
        )
        try:
            reply = parse_reply(text)
        except ToolCallError as error:
            # malformed call: tell the model, let it try again
            messages.append(
                {"role": "assistant", "content": text.rpartition("</think>")[2]}
            )
            messages.append(
                {"role": "user", "content": f"Your tool call failed: {error}"}
            )
            continue
        # thinking left out, as the template expects
        messages.append(reply.to_message())
        if not reply.tool_calls:
            return reply.content, messages
        for call in reply.tool_calls:
            result = tools.run(call.name, call.arguments)
            messages.append({"role": "tool", "content": result})
    raise RuntimeError(f"no final answer after {max_rounds} rounds")


answer, transcript = assistant("What's the weather like in Paris today?")
print(answer)
#> It is 18 °C and sunny in Paris today.
print(
    "\n".join(f"{m['role']}: {m.get('tool_calls', m['content'])}" for m in transcript)
)
"""
user: What's the weather like in Paris today?
assistant: [{'type': 'function', 'function': {'name': 'get_weather', 'arguments': ↩
{'city': 'Paris'}}}]
tool: {"city": "Paris", "temperature_c": 18, "condition": "sunny"}
assistant: It is 18 °C and sunny in Paris today.
"""
# --8<-- [end:loop]
