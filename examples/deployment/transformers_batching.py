"""Generate replies to several conversations at once: left padding and one generate()
call."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")

# --8<-- [start:batch]
# Decoder-only models continue the last token of each row, so pad on the left.
tokenizer = AutoTokenizer.from_pretrained(model_name, padding_side="left")
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# (conversation, thinking?) pairs: each prompt gets its own enable_thinking.
requests = [
    ([{"role": "user", "content": "What is 17 × 23?"}], True),
    ([{"role": "user", "content": "What is 17 × 23?"}], False),
    (
        [
            {"role": "user", "content": "What is 17 × 23?"},
            {"role": "assistant", "content": "17 × 23 = 391."},
            {"role": "user", "content": "Now add 9. /no_think"},
        ],
        True,
    ),
]
prompts = [
    tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, enable_thinking=thinking, tokenize=False
    )
    for messages, thinking in requests
]
batch = tokenizer(prompts, padding=True, return_tensors="pt").to(model.device)

generated = model.generate(**batch, max_new_tokens=32768)
replies = tokenizer.batch_decode(
    # every row's prompt ends at the same column
    generated[:, batch.input_ids.shape[1] :],
    skip_special_tokens=True,
)
# --8<-- [end:batch]

# --8<-- [start:show]
print("padding tokens per row:", (batch.attention_mask == 0).sum(dim=1).tolist())
#> padding tokens per row: [31, 27, 0]
print("\n".join(repr(reply) for reply in replies))
"""
'<think>\nI need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = ↩
391.\n</think>\n\n17 × 23 = 391.'
'17 × 23 = 391.'
'<think>\n\n</think>\n\n391 + 9 = 400.'
"""
# --8<-- [end:show]
