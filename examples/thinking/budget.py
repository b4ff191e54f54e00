"""Cap Qwen3's thinking at a token budget with the Qwen team's two-stage recipe."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.budget import EARLY_STOP_TEXT, generate_with_thinking_budget

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# --8<-- [start:prompt]
messages = [{"role": "user", "content": "What is 17 × 23?"}]
inputs = tokenizer.apply_chat_template(
    messages, add_generation_prompt=True, return_dict=True, return_tensors="pt"
).to(model.device)
# --8<-- [end:prompt]

# --8<-- [start:early-stop]
print(len(tokenizer(EARLY_STOP_TEXT, add_special_tokens=False).input_ids))
#> 24
# --8<-- [end:early-stop]

# --8<-- [start:cut]
# 16 tokens only to show the cut, as the Qwen docs do; in practice use more than 1024.
reply = generate_with_thinking_budget(
    model, tokenizer, inputs, thinking_budget=16, max_new_tokens=32768
)
print(f"budget reached: {reply.budget_reached}")
#> budget reached: True
print(f"thinking: {reply.thinking_tokens} tokens")
#> thinking: 16 tokens
print(reply.thinking)
"""
I need 17 × 23. 17 ×

Considering the limited time by the user, I have to give the solution based on the ↩
thinking directly now.
"""
# --8<-- [end:cut]

# --8<-- [start:within]
# A budget the thinking fits in: one ordinary reply, nothing inserted.
reply = generate_with_thinking_budget(
    model, tokenizer, inputs, thinking_budget=1024, max_new_tokens=32768
)
print(f"budget reached: {reply.budget_reached}")
#> budget reached: False
print(f"thinking: {reply.thinking_tokens} tokens")
#> thinking: 52 tokens
print(f"finish reason: {reply.finish_reason}")
#> finish reason: stop
print(reply.answer)
#> 17 × 23 = 391.
# --8<-- [end:within]
