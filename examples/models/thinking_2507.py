"""Qwen3-Thinking-2507: the prompt opens the thinking; split the reply at </think>."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.generations import SAMPLING, prompt_2507, split_reply

# --8<-- [start:prompt]
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B-Thinking-2507")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

messages = [{"role": "user", "content": "What is 12 × 34?"}]
# With the real model, tokenizer.apply_chat_template(messages, tokenize=False,
# add_generation_prompt=True) renders this text. prompt_2507 builds it from the
# documented template behaviour, because the offline test tokenizer carries the
# original Qwen3 template.
prompt = prompt_2507(messages, "thinking-2507")
print(prompt)
"""
<|im_start|>user
What is 12 × 34?<|im_end|>
<|im_start|>assistant
<think>
"""
# --8<-- [end:prompt]

# --8<-- [start:generate]
inputs = tokenizer(prompt, return_tensors="pt").to(model.device)
# 32,768 new tokens for most queries; 81,920 for competition-level math and code
max_new_tokens = SAMPLING["thinking-2507"].max_tokens
generated = model.generate(**inputs, max_new_tokens=max_new_tokens)
reply = tokenizer.decode(
    generated[0][inputs.input_ids.shape[1] :], skip_special_tokens=True
)
print(reply)  # no opening <think>: it was in the prompt
"""
I need 12 × 34. 12 × 30 = 360 and 12 × 4 = 48, so 360 + 48 = 408.
</think>

12 × 34 = 408.
"""
# --8<-- [end:generate]

# --8<-- [start:split]
thinking, answer = split_reply(reply, "thinking-2507")
print(thinking)
#> I need 12 × 34. 12 × 30 = 360 and 12 × 4 = 48, so 360 + 48 = 408.
print(answer)
#> 12 × 34 = 408.

# Cut off before </think> (max_new_tokens too small): everything is thinking.
print(split_reply("I need 12 × 34. 12 × 30 = 360", "thinking-2507"))
#> ('I need 12 × 34. 12 × 30 = 360', '')
# --8<-- [end:split]
