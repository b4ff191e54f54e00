# %% [markdown]
# # Reasoning on a math problem, and extracting the answer
#
# **Prompt Qwen3 the way its evaluation did, let it think, pull the final answer out of
# `\boxed{}` and check it — the loop behind every math benchmark score.**
#
# For math the model card recommends adding *"Please reason step by step, and put your
# final answer within \boxed{}."* to the prompt, thinking-mode sampling (temperature
# 0.6, top-p 0.95, top-k 20) and room to think: 32,768 output tokens, 38,912 for
# competition problems ([model card, "Best
# Practices"](https://huggingface.co/Qwen/Qwen3-235B-A22B#best-practices)).
#
# > **Executed on a tiny test model.** The site runs this notebook at build time on a
# > 2-layer Qwen3-MoE trained on exactly this prompt, with greedy decoding so the output
# > is reproducible. Use the sampling settings above on a real Qwen3: greedy decoding in
# > thinking mode can loop.

# %%
import os
import re

from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.answers import MATH_INSTRUCTION, extract_boxed
from qwen3_handbook.thinking import split_thinking_ids

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# %% [markdown]
# ## Ask

# %%
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
# `qwen3_handbook.answers.extract_boxed` takes the **last** `\boxed{...}` after
# `</think>` (the thinking may try several candidates) and matches braces, so that
# `\boxed{\frac{1}{2}}` comes out whole. No box at all returns `None`, which an
# evaluation counts as wrong.

# %%
extracted = extract_boxed(answer_text)
print("extracted:", extracted)
print("examples: ", extract_boxed(r"so \boxed{\frac{1}{2}}"), extract_boxed("no box"))

# %% [markdown]
# ## Check it
#
# Compare numbers as numbers, not strings (`391`, `391.0` and `391 ` are the same
# answer).

# %%
expected = 17 * 23
number = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*", extracted or "")
correct = number is not None and float(number[1]) == expected
print(f"expected {expected}, got {extracted!r}: {'correct' if correct else 'wrong'}")

# %% [markdown]
# ## On a real model: sample, and vote
#
# With the thinking-mode preset
# (`qwen3_handbook.sampling.generation_config(thinking=True)`) one run can be wrong
# where most runs are right. Generating several answers (`num_return_sequences`) and
# keeping the most common `extract_boxed` result — majority voting, or
# *self-consistency* ([Wang et al., 2022](https://arxiv.org/abs/2203.11171)) — trades
# compute for accuracy. The tiny model is not sampled here: its replies are scripted.
