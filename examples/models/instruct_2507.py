"""Qwen3-Instruct-2507: a plain ChatML prompt, no thinking block anywhere."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.generations import SAMPLING, prompt_2507, split_reply

# --8<-- [start:prompt]
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B-Instruct-2507")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

messages = [{"role": "user", "content": "What is 12 × 34?"}]
# With the real model, tokenizer.apply_chat_template(messages, tokenize=False,
# add_generation_prompt=True) renders this text (no enable_thinking argument: the
# 2507 templates have none). Built here from the documented behaviour.
prompt = prompt_2507(messages, "instruct-2507")
print(prompt)
"""
<|im_start|>user
What is 12 × 34?<|im_end|>
<|im_start|>assistant
"""
# --8<-- [end:prompt]

# --8<-- [start:generate]
inputs = tokenizer(prompt, return_tensors="pt").to(model.device)
# the card's output length for most queries: 16,384 tokens
max_new_tokens = SAMPLING["instruct-2507"].max_tokens
generated = model.generate(**inputs, max_new_tokens=max_new_tokens)
reply = tokenizer.decode(
    generated[0][inputs.input_ids.shape[1] :], skip_special_tokens=True
)
print(repr(reply))
#> '12 × 34 = 408.'
print(split_reply(reply, "instruct-2507"))  # nothing to split off
#> ('', '12 × 34 = 408.')
# --8<-- [end:generate]
