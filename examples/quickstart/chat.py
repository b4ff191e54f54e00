"""Chat with Qwen3 in transformers: thinking on, thinking off, and splitting the two."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer

# --8<-- [start:load]
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")

tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)
# --8<-- [end:load]

# --8<-- [start:thinking]
messages = [{"role": "user", "content": "What is 17 × 23?"}]
inputs = tokenizer.apply_chat_template(
    messages,
    add_generation_prompt=True,
    enable_thinking=True,  # the default: the model reasons in <think>...</think> first
    return_dict=True,
    return_tensors="pt",
).to(model.device)

generated = model.generate(**inputs, max_new_tokens=32768)
output_ids = generated[0][len(inputs.input_ids[0]) :].tolist()
# --8<-- [end:thinking]

# --8<-- [start:split]
# The reply ends its thinking with </think>, token id 151668: split at its last
# occurrence.
try:
    index = len(output_ids) - output_ids[::-1].index(151668)
except ValueError:  # no </think>: the whole reply is the answer
    index = 0

thinking = tokenizer.decode(output_ids[:index], skip_special_tokens=True).strip()
answer = tokenizer.decode(output_ids[index:], skip_special_tokens=True).strip()
print(thinking)
"""
<think>
I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
</think>
"""
print(answer)
#> 17 × 23 = 391.
# --8<-- [end:split]

# --8<-- [start:no-thinking]
inputs = tokenizer.apply_chat_template(
    messages,
    add_generation_prompt=True,
    enable_thinking=False,  # the template pre-fills an empty <think></think> block
    return_dict=True,
    return_tensors="pt",
).to(model.device)

generated = model.generate(**inputs, max_new_tokens=8192)
reply = tokenizer.decode(
    generated[0][len(inputs.input_ids[0]) :], skip_special_tokens=True
)
print(reply)
#> 17 × 23 = 391.
# --8<-- [end:no-thinking]
