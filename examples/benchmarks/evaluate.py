"""Score a math benchmark the way the Qwen3 report does: sampled answers, \\boxed{},
average."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer, set_seed

from qwen3_handbook.answers import MATH_INSTRUCTION, extract_boxed
from qwen3_handbook.sampling import generation_config

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# --8<-- [start:evaluate]
# A benchmark is a list of questions with reference answers (one item here; AIME has
# 30).
benchmark = [{"question": "What is 17 × 23?", "answer": "391"}]
samples_per_question = 2  # the report samples each AIME question 64 times

# Thinking-mode sampling from the model card; the report allows 38,912 new tokens on
# AIME.
config = generation_config(thinking=True, max_new_tokens=38912)

correct = 0
for item in benchmark:
    messages = [{"role": "user", "content": f"{item['question']} {MATH_INSTRUCTION}"}]
    inputs = tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, return_dict=True, return_tensors="pt"
    ).to(model.device)
    for seed in range(samples_per_question):
        set_seed(seed)
        output = model.generate(**inputs, generation_config=config)
        reply = tokenizer.decode(
            output[0, inputs.input_ids.shape[1] :], skip_special_tokens=True
        )
        # Only the answer after </think> counts; no \boxed{} at all counts as wrong.
        correct += extract_boxed(reply) == item["answer"]

accuracy = correct / (len(benchmark) * samples_per_question)
print(f"avg@{samples_per_question} accuracy: {accuracy:.1%}")
#> avg@2 accuracy: 50.0%
# --8<-- [end:evaluate]
