# %% [markdown]
# # Creative writing and role-play: sampling settings that keep text fresh
#
# **The settings Qwen3 was evaluated with on writing benchmarks, a role-play persona in
# the system prompt, and a presence penalty for `transformers` — which has none built in
# — in a dozen lines.**
#
# For its writing benchmarks (Creative Writing v3, WritingBench) the [Qwen3 Technical
# Report](https://arxiv.org/abs/2505.09388) (section 4.6) samples with temperature 0.6,
# top-p 0.95, top-k 20 in thinking mode, temperature 0.7, top-p 0.8, top-k 20 in
# non-thinking mode, and adds a **presence penalty of 1.5** "to encourage the generation
# of more diverse content". Qwen3-235B-A22B scores 84.6 (thinking) and 80.4
# (non-thinking) on Creative Writing v3, 8.03 and 7.70 on WritingBench (report, tables
# 11 and 12).
#
# > **Executed on a tiny test model.** This notebook runs at build time on a 2-layer
# > Qwen3-MoE that was trained only on a few arithmetic and weather prompts. **Its
# > "stories" below are nonsense**; they show the mechanics (prompt, sampling, penalty),
# > not writing quality. Set `QWEN3_MODEL` to a real Qwen3 to get prose.

# %%
import json
import os

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.sampling import (
    PresencePenaltyLogitsProcessor,
    generation_config,
    openai_request,
)

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# %% [markdown]
# ## A role-play persona
#
# A persona goes into the system message; the template puts it first, before any tools.
# Non-thinking mode suits fast, in-character dialogue; thinking mode suits planned
# stories.

# %%
messages = [
    {
        "role": "system",
        "content": "You are Captain Mira Vance of the airship Kestrel: dry-humoured, "
        "brave, and fond of nautical metaphors. Stay in character.",
    },
    {"role": "user", "content": "Captain, a storm is coming. What do we do?"},
]
prompt = tokenizer.apply_chat_template(
    messages, add_generation_prompt=True, enable_thinking=False, tokenize=False
)
print(prompt)

# %% [markdown]
# ## A presence penalty for transformers
#
# vLLM and SGLang accept `presence_penalty` per request; vLLM defines it as a penalty on
# tokens "based on whether they appear in the generated text so far" ([vLLM sampling
# parameters](https://docs.vllm.ai/en/latest/dev/sampling_params.html)): subtract it
# once from the logit of every token already generated, however often. The
# `repetition_penalty` of `transformers` is a different, multiplicative penalty that
# also counts the prompt. `qwen3_handbook.sampling.PresencePenaltyLogitsProcessor` does
# what the servers do. Here after a one-token prompt (token 0) and the generated tokens
# 2, 3, 2:

# %%
presence = PresencePenaltyLogitsProcessor(1.5, prompt_length=1)
print(presence(torch.tensor([[0, 2, 3, 2]]), torch.zeros(1, 5)))

# %% [markdown]
# ## Generate with the writing settings

# %%
inputs = tokenizer.apply_chat_template(
    messages,
    add_generation_prompt=True,
    enable_thinking=False,
    return_dict=True,
    return_tensors="pt",
).to(model.device)
prompt_length = inputs["input_ids"].shape[1]

torch.manual_seed(0)  # reproducible sampling for this page
for penalty in (0.0, 1.5):
    output = model.generate(
        **inputs,
        generation_config=generation_config(thinking=False, max_new_tokens=60),
        logits_processor=[
            PresencePenaltyLogitsProcessor(penalty, prompt_length=prompt_length)
        ],
    )
    new_ids = output[0, prompt_length:].tolist()
    distinct = len(set(new_ids)) / len(new_ids)
    print(f"presence_penalty={penalty}: {len(new_ids)} tokens, {distinct:.0%} distinct")
    print(repr(tokenizer.decode(new_ids, skip_special_tokens=True)[:200]), "\n")

# %% [markdown]
# ## The same settings for an OpenAI-compatible server
#
# `presence_penalty` is a standard OpenAI parameter; `top_k` and the chat-template
# switch are vLLM/SGLang extensions that the `openai` client passes through
# `extra_body`. `qwen3_handbook.sampling.openai_request` builds the keyword arguments:

# %%
request = openai_request(thinking=False, presence_penalty=1.5)
print(json.dumps(request, indent=2))
# client.chat.completions.create(model=..., messages=messages, **request)
# with client = openai.OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")
