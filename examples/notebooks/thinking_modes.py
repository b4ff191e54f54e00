# %% [markdown]
# # Thinking and non-thinking modes
#
# **One Qwen3 checkpoint answers in two modes: with a `<think>` block of reasoning
# first, or directly. This notebook switches between them three ways — the
# `enable_thinking` flag of the chat template, the `/think` and `/no_think` soft
# switches, and multi-turn history — and splits each reply into its thinking and its
# answer.**
#
# Sources: the Qwen3 model card ("Switching Between Thinking and Non-Thinking Mode",
# [Qwen/Qwen3-235B-A22B](https://huggingface.co/Qwen/Qwen3-235B-A22B)) and the
# [Qwen3 Technical Report](https://arxiv.org/abs/2505.09388), section 4.3.
#
# > **Executed on a tiny test model.** The site runs this notebook when it is built, on
# > a 2-layer Qwen3-MoE with the real tokenizer and chat template that was trained on
# > exactly these prompts. The replies below are that model's. On a real Qwen3 set
# > `QWEN3_MODEL` or leave the default: the code is the same, and the thinking will be
# > longer.

# %%
import os

from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.thinking import split_thinking_ids

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)


def chat(messages, enable_thinking=True, max_new_tokens=1024):
    """Generate one reply; return (thinking, answer) as text."""
    inputs = tokenizer.apply_chat_template(
        messages,
        add_generation_prompt=True,
        enable_thinking=enable_thinking,
        return_dict=True,
        return_tensors="pt",
    ).to(model.device)
    output = model.generate(**inputs, max_new_tokens=max_new_tokens)
    new_ids = output[0, inputs["input_ids"].shape[1] :].tolist()
    thinking_ids, answer_ids = split_thinking_ids(new_ids)
    thinking = tokenizer.decode(thinking_ids, skip_special_tokens=True).strip()
    answer = tokenizer.decode(answer_ids, skip_special_tokens=True).strip()
    return thinking, answer


# %% [markdown]
# ## What the switch changes in the prompt
#
# `enable_thinking` is a variable of the chat template, not of the model. With `False`
# the template ends the prompt with an empty thinking block, so the model starts with
# its answer:

# %%
messages = [{"role": "user", "content": "What is 17 × 23?"}]
for enable_thinking in (True, False):
    prompt = tokenizer.apply_chat_template(
        messages,
        add_generation_prompt=True,
        enable_thinking=enable_thinking,
        tokenize=False,
    )
    print(f"enable_thinking={enable_thinking}:\n{prompt!r}\n")

# %% [markdown]
# ## Thinking on (the default)
#
# The reply opens with `<think>`; the reasoning ends at `</think>` (token id 151668),
# and `split_thinking_ids` cuts the generated ids there.

# %%
thinking, answer = chat(messages, enable_thinking=True)
print("thinking:", thinking)
print("answer:  ", answer)

# %% [markdown]
# ## Thinking off

# %%
thinking, answer = chat(messages, enable_thinking=False)
print("thinking:", repr(thinking))
print("answer:  ", answer)

# %% [markdown]
# ## Soft switches in the conversation
#
# With thinking enabled, `/no_think` (or `/think`) at the end of a user or system
# message switches the mode for that turn; in a multi-turn chat the latest switch wins.
# The model still writes a `<think>` block, but leaves it empty. The template drops
# earlier turns' thinking from the history, so only answers are sent back.

# %%
thinking, answer = chat([{"role": "user", "content": "What is 17 × 23? /no_think"}])
print("thinking:", repr(thinking), "| answer:", answer)

history = [
    {"role": "user", "content": "What is 17 × 23?"},
    # the answer only, no <think> block
    {"role": "assistant", "content": "17 × 23 = 391."},
    {"role": "user", "content": "Now add 9. /no_think"},
]
thinking, answer = chat(history)
print("thinking:", repr(thinking), "| answer:", answer)

# %% [markdown]
# ## Sampling settings per mode
#
# The model card recommends different sampling for the two modes, and warns against
# greedy decoding in thinking mode (it can repeat endlessly). `qwen3_handbook.sampling`
# holds the presets; pass one to `generate(..., generation_config=...)` on a real model.

# %%
from qwen3_handbook.sampling import generation_config

for thinking_mode in (True, False):
    config = generation_config(thinking=thinking_mode)
    print(
        f"thinking={thinking_mode!s:5}  temperature={config.temperature}"
        f"  top_p={config.top_p}  top_k={config.top_k}  min_p={config.min_p}"
    )
