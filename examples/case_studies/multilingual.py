"""Case study: a multilingual assistant — token cost per script, the prompt, a language
check."""

import os
import unicodedata
from collections import Counter

from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.report import Table

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)

# --8<-- [start:vocab]
# One byte-level BPE vocabulary for every language: any UTF-8 text can be encoded.
print(len(tokenizer), tokenizer.convert_ids_to_tokens(tokenizer("é")["input_ids"]))
#> 151669 ['Ã©']
# --8<-- [end:vocab]

# --8<-- [start:tokens]
# One sentence, "The weather is nice today.", in eleven languages and eight scripts.
SENTENCES = {
    "English": "The weather is nice today.",
    "French": "Il fait beau aujourd'hui.",
    "German": "Das Wetter ist heute schön.",
    "Spanish": "Hoy hace buen tiempo.",
    "Russian": "Сегодня хорошая погода.",
    "Arabic": "الطقس جميل اليوم.",
    "Hindi": "आज मौसम अच्छा है।",
    "Thai": "วันนี้อากาศดี",
    "Chinese": "今天天气很好。",
    "Japanese": "今日は天気がいいです。",
    "Korean": "오늘은 날씨가 좋습니다.",
}
english_tokens = len(tokenizer(SENTENCES["English"])["input_ids"])
rows = []
for language, sentence in SENTENCES.items():
    tokens = len(tokenizer(sentence)["input_ids"])
    per_token, ratio = len(sentence) / tokens, tokens / english_tokens
    rows.append([language, len(sentence), tokens, per_token, f"{ratio:.2f}×"])
columns = ["language", "chars", "tokens", "chars/token", "vs English"]
print(Table(columns, rows, float_format="{:.2f}"))
"""
language  chars  tokens  chars/token  vs English
--------  -----  ------  -----------  ----------
English      26       6         4.33       1.00×
French       25       6         4.17       1.00×
German       27       7         3.86       1.17×
Spanish      21       6         3.50       1.00×
Russian      23       8         2.88       1.33×
Arabic       17       6         2.83       1.00×
Hindi        17      17         1.00       2.83×
Thai         13       7         1.86       1.17×
Chinese       7       4         1.75       0.67×
Japanese     11       6         1.83       1.00×
Korean       13      10         1.30       1.67×
"""
# --8<-- [end:tokens]


# --8<-- [start:script]
def dominant_script(text):
    """The writing system most letters of ``text`` belong to, from their Unicode
    names."""
    scripts = Counter(
        unicodedata.name(char).split()[0] for char in text if char.isalpha()
    )  # "LATIN SMALL LETTER A" -> LATIN, "CJK UNIFIED IDEOGRAPH-4ECA" -> CJK
    return scripts.most_common(1)[0][0] if scripts else None


print({language: dominant_script(text) for language, text in SENTENCES.items()})
"""
{
    "English": "LATIN",
    "French": "LATIN",
    "German": "LATIN",
    "Spanish": "LATIN",
    "Russian": "CYRILLIC",
    "Arabic": "ARABIC",
    "Hindi": "DEVANAGARI",
    "Thai": "THAI",
    "Chinese": "CJK",
    "Japanese": "HIRAGANA",
    "Korean": "HANGUL",
}
"""
# --8<-- [end:script]

# --8<-- [start:assistant]
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)
SYSTEM = "Answer in the language the user writes in."


def answer(question, system=SYSTEM):
    """Reply in the user's language; flag replies written in another script."""
    messages = [{"role": "system", "content": system}] if system else []
    messages.append({"role": "user", "content": question})
    inputs = tokenizer.apply_chat_template(
        messages,
        add_generation_prompt=True,
        enable_thinking=False,
        return_dict=True,
        return_tensors="pt",
    ).to(model.device)
    output = model.generate(**inputs, max_new_tokens=32768)
    reply = tokenizer.decode(
        output[0][inputs.input_ids.shape[1] :], skip_special_tokens=True
    )
    same_script = dominant_script(reply) in (None, dominant_script(question))
    return reply.rpartition("</think>")[2].strip(), same_script


japanese = [
    {"role": "system", "content": SYSTEM},
    {"role": "user", "content": SENTENCES["Japanese"]},
]
print(
    tokenizer.apply_chat_template(japanese, add_generation_prompt=True, tokenize=False)
)
"""
<|im_start|>system
Answer in the language the user writes in.<|im_end|>
<|im_start|>user
今日は天気がいいです。<|im_end|>
<|im_start|>assistant
"""
# --8<-- [end:assistant]

# --8<-- [start:run]
# The tiny test model knows only its scripted prompts, which have no system message.
print(answer("What is 17 × 23?", system=None))
#> ('17 × 23 = 391.', True)
# --8<-- [end:run]
