"""Case study: short creative writing — prompt design, settings, length control, quality
checks."""

import itertools
import os
import re
from pathlib import Path

import torch
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    GenerationConfig,
    LogitsProcessor,
    LogitsProcessorList,
    set_seed,
)

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# --8<-- [start:prompt]
WORDS = 70  # the length the reader wants
system = (
    "You are a literary fiction writer. Write in plain, concrete language; "
    "no titles, no lists, no explanations before or after the story."
)
brief = (
    f"Write a story of about {WORDS} words about a lighthouse keeper. End on an image."
)
messages = [{"role": "system", "content": system}, {"role": "user", "content": brief}]
# --8<-- [end:prompt]

# --8<-- [start:budget]
# A hard cap in tokens backs up the soft limit in words. Measure tokens per word on text
# like the one you want (an illustrative story written for this handbook, not model
# output).
sample = (Path(__file__).parent / "data" / "illustrative_story.txt").read_text()
words_in_sample = len(sample.split())
tokens_in_sample = len(tokenizer(sample)["input_ids"])
tokens_per_word = tokens_in_sample / words_in_sample
# 50% headroom: never cut a good ending
max_new_tokens = round(WORDS * tokens_per_word * 1.5)
print(words_in_sample, tokens_in_sample, f"{tokens_per_word:.2f}", max_new_tokens)
#> 68 84 1.24 130
# --8<-- [end:budget]


# --8<-- [start:settings]
class PresencePenalty(LogitsProcessor):
    """Subtract ``penalty`` from every token already generated (OpenAI-style
    presence)."""

    def __init__(self, penalty, prompt_length):
        self.penalty, self.prompt_length = penalty, prompt_length

    def __call__(self, input_ids, scores):
        generated = input_ids[:, self.prompt_length :]
        seen = torch.zeros_like(scores, dtype=torch.bool).scatter_(1, generated, True)
        return scores - self.penalty * seen


# Non-thinking preset from the model card; the presence penalty is the handbook's
# suggestion for varied wording (the card allows 0 to 2; higher values can cause
# language mixing).
settings = GenerationConfig(
    do_sample=True,
    temperature=0.7,
    top_p=0.8,
    top_k=20,
    min_p=0.0,
    max_new_tokens=max_new_tokens,
)
inputs = tokenizer.apply_chat_template(
    messages,
    add_generation_prompt=True,
    enable_thinking=False,
    return_dict=True,
    return_tensors="pt",
).to(model.device)
prompt_length = inputs.input_ids.shape[1]
set_seed(0)
output = model.generate(
    **inputs,
    generation_config=settings,
    logits_processor=LogitsProcessorList([PresencePenalty(1.5, prompt_length)]),
)
new_tokens = output[0][prompt_length:]
story = tokenizer.decode(new_tokens, skip_special_tokens=True).strip()
print(f"{len(new_tokens)} new tokens, cap {max_new_tokens}")
#> 9 new tokens, cap 130
# --8<-- [end:settings]


# --8<-- [start:checks]
def trim_to_sentence(text):
    """Drop a sentence cut off by the token cap: keep up to the last . ! ? or closing
    quote."""
    ends = [match.end() for match in re.finditer(r"[.!?…][\"”’)]?", text)]
    return text[: ends[-1]] if ends else text


def distinct_bigrams(text):
    """Share of word pairs that occur once: 1.0 is no repetition, low values mean
    loops."""
    words = re.findall(r"\w+", text.lower())
    pairs = list(itertools.pairwise(words))
    return len(set(pairs)) / len(pairs) if pairs else 0.0


def review(text, target_words):
    """The checks to run on every story before showing it."""
    text = trim_to_sentence(text)
    return {
        "words": len(text.split()),
        "within 25% of target": abs(len(text.split()) - target_words)
        <= 0.25 * target_words,
        "distinct bigrams": round(distinct_bigrams(text), 2),
    }


print(review(sample, WORDS))
#> {'words': 68, 'within 25% of target': True, 'distinct bigrams': 0.96}
looping = "The sea was calm. The sea was calm. The sea was calm. The sea was"
print(review(looping, WORDS))
#> {'words': 12, 'within 25% of target': False, 'distinct bigrams': 0.36}
# --8<-- [end:checks]
