"""Tutorial 2: what the chat template does with system prompts, soft switches, formats,
shots."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)


# --8<-- [start:render]
def render(messages, **template_options):
    """The exact text the model reads: the conversation after the chat template."""
    return tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, tokenize=False, **template_options
    )


def reply(messages, max_new_tokens=32768, **template_options):
    """Generate one reply to ``messages`` and return its raw text."""
    inputs = tokenizer.apply_chat_template(
        messages,
        add_generation_prompt=True,
        return_dict=True,
        return_tensors="pt",
        **template_options,
    ).to(model.device)
    output = model.generate(**inputs, max_new_tokens=max_new_tokens)
    return tokenizer.decode(
        output[0][inputs.input_ids.shape[1] :], skip_special_tokens=True
    )


question = {"role": "user", "content": "What is 17 × 23?"}
print(render([question]))
"""
<|im_start|>user
What is 17 × 23?<|im_end|>
<|im_start|>assistant
"""
# --8<-- [end:render]

# --8<-- [start:system]
system = {
    "role": "system",
    "content": "You are a concise math tutor. Answer in one line.",
}
print(render([system, question]))
"""
<|im_start|>system
You are a concise math tutor. Answer in one line.<|im_end|>
<|im_start|>user
What is 17 × 23?<|im_end|>
<|im_start|>assistant
"""
# --8<-- [end:system]

# --8<-- [start:hard-switch]
print(render([question], enable_thinking=False))
"""
<|im_start|>user
What is 17 × 23?<|im_end|>
<|im_start|>assistant
<think>

</think>
"""
# --8<-- [end:hard-switch]

# --8<-- [start:soft-switch]
no_think = {"role": "user", "content": "What is 17 × 23? /no_think"}
print(reply([no_think]))
"""
<think>

</think>

17 × 23 = 391.
"""
# --8<-- [end:soft-switch]

# --8<-- [start:multi-turn]
conversation = [
    question,
    # a full reply, <think> included
    {"role": "assistant", "content": reply([question])},
    {"role": "user", "content": "Now add 9. /no_think"},
]
print(render(conversation))
"""
<|im_start|>user
What is 17 × 23?<|im_end|>
<|im_start|>assistant
17 × 23 = 391.<|im_end|>
<|im_start|>user
Now add 9. /no_think<|im_end|>
<|im_start|>assistant
"""
print(reply(conversation))
"""
<think>

</think>

391 + 9 = 400.
"""
# --8<-- [end:multi-turn]

# --8<-- [start:formats]
# Prompts from the model card's "Best Practices" that standardise the answer's format.
MATH_FORMAT = "Please reason step by step, and put your final answer within \\boxed{}."
CHOICE_FORMAT = (
    "Please show your choice in the `answer` field with only the choice letter, "
    'e.g., `"answer": "C"`.'
)

math_question = {"role": "user", "content": f"What is 17 × 23? {MATH_FORMAT}"}
answer = reply([math_question]).rpartition("</think>")[2].strip()
print(answer)
#> 17 × 23 = 340 + 51 = \boxed{391}
# --8<-- [end:formats]

# --8<-- [start:few-shot]
# Few-shot: worked examples as earlier turns, so the model sees the format it must copy.
shots = [
    ("Classify the sentiment: 'The battery lasts all day.'", "positive"),
    ("Classify the sentiment: 'The screen cracked in a week.'", "negative"),
]
few_shot = [{"role": "system", "content": "Reply with one word: positive or negative."}]
for example_question, example_answer in shots:
    few_shot.append({"role": "user", "content": example_question})
    few_shot.append({"role": "assistant", "content": example_answer})
few_shot.append(
    {"role": "user", "content": "Classify the sentiment: 'Setup took two minutes.'"}
)
print(render(few_shot, enable_thinking=False))
"""
<|im_start|>system
Reply with one word: positive or negative.<|im_end|>
<|im_start|>user
Classify the sentiment: 'The battery lasts all day.'<|im_end|>
<|im_start|>assistant
positive<|im_end|>
<|im_start|>user
Classify the sentiment: 'The screen cracked in a week.'<|im_end|>
<|im_start|>assistant
negative<|im_end|>
<|im_start|>user
Classify the sentiment: 'Setup took two minutes.'<|im_end|>
<|im_start|>assistant
<think>

</think>
"""
# --8<-- [end:few-shot]
