# %% [markdown]
# # Reasoning on a math problem, and extracting the answer
#
# **Prompt Qwen3 the way its evaluation did, let it think, pull the final answer out of
# `\boxed{}` and check it — the loop behind every math benchmark score.**
#
# For math the model card recommends adding *"Please reason step by step, and put your final
# answer within \boxed{}."* to the prompt, thinking-mode sampling (temperature 0.6, top-p 0.95,
# top-k 20) and room to think: 32,768 output tokens, 38,912 for competition problems
# ([model card, "Best Practices"](https://huggingface.co/Qwen/Qwen3-235B-A22B#best-practices)).
#
# > **Executed on a tiny test model.** The site runs this notebook at build time on a 2-layer
# > Qwen3-MoE trained on exactly this prompt, with greedy decoding so the output is
# > reproducible. Use the sampling settings above on a real Qwen3: greedy decoding in thinking
# > mode can loop.

# %%
import os
import re

from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.thinking import split_thinking_ids

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(model_name, dtype="auto", device_map="auto")

# %% [markdown]
# ## Ask

# %%
MATH_INSTRUCTION = "Please reason step by step, and put your final answer within \\boxed{}."
question = "What is 17 × 23?"
messages = [{"role": "user", "content": f"{question} {MATH_INSTRUCTION}"}]

inputs = tokenizer.apply_chat_template(
    messages, add_generation_prompt=True, return_dict=True, return_tensors="pt"
).to(model.device)
output = model.generate(**inputs, max_new_tokens=2048)
new_ids = output[0, inputs["input_ids"].shape[1] :].tolist()
thinking_ids, answer_ids = split_thinking_ids(new_ids)
answer_text = tokenizer.decode(answer_ids, skip_special_tokens=True).strip()
print(f"{len(thinking_ids)} thinking tokens, {len(answer_ids)} answer tokens")
print(tokenizer.decode(thinking_ids, skip_special_tokens=True).strip())
print(answer_text)

# %% [markdown]
# ## Extract the boxed answer
#
# Take the **last** `\boxed{...}` of the answer (after `</think>`: the thinking may try several
# candidates), and match braces so that `\boxed{\frac{1}{2}}` comes out whole.


# %%
def last_boxed(text: str) -> str | None:
    """The content of the last \\boxed{...} in text, with nested braces; None if absent."""
    start = text.rfind("\\boxed{")
    if start == -1:
        return None
    depth, begin = 0, start + len("\\boxed{")
    for position in range(begin, len(text)):
        if text[position] == "{":
            depth += 1
        elif text[position] == "}":
            if depth == 0:
                return text[begin:position]
            depth -= 1
    return None  # unbalanced: the reply was cut off


extracted = last_boxed(answer_text)
print("extracted:", extracted)
print("examples: ", last_boxed(r"so \boxed{\frac{1}{2}}"), last_boxed("no box"))

# %% [markdown]
# ## Check it
#
# Compare numbers as numbers, not strings (`391`, `391.0` and `391 ` are the same answer).

# %%
expected = 17 * 23
number = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*", extracted or "")
correct = number is not None and float(number[1]) == expected
print(f"expected {expected}, got {extracted!r}: {'correct' if correct else 'wrong'}")

# %% [markdown]
# ## Sample several times, then vote
#
# With sampling, one run can be wrong where most runs are right. Generating several answers
# and taking the most common extracted one (majority voting, or *self-consistency*) trades
# compute for accuracy. Here with the thinking-mode preset of the model card:

# %%
from collections import Counter

import torch

from qwen3_handbook.sampling import generation_config

torch.manual_seed(0)  # reproducible sampling for this page
sampling = generation_config(thinking=True, max_new_tokens=2048)
sampling.num_return_sequences = 4
samples = model.generate(**inputs, generation_config=sampling)
votes = Counter()
for sample in samples:
    _, sample_answer_ids = split_thinking_ids(sample[inputs["input_ids"].shape[1] :].tolist())
    votes[last_boxed(tokenizer.decode(sample_answer_ids, skip_special_tokens=True))] += 1
print(votes.most_common())
