# %% [markdown]
# # One sentence, many scripts: the Qwen3 tokenizer across languages
#
# **How many tokens the same sentence costs in 19 languages, computed with the real
# Qwen3 tokenizer. Tokens are what the context window, the KV cache and API bills count,
# so a language that needs twice the tokens gets half the effective context.**
#
# Qwen3 was pre-trained on 119 languages and dialects (up from 29 in Qwen2.5), and uses
# Qwen's byte-level BPE tokenizer with 151,669 tokens ([Qwen3 Technical
# Report](https://arxiv.org/abs/2505.09388), sections 2 and 3.1). Every Qwen3 model,
# dense or MoE, shares this tokenizer, so the counts below hold for all.
#
# > **No model needed.** Only the tokenizer runs here, and it is the real one (the test
# > model ships it), so every number on this page is what Qwen3-235B-A22B sees. The
# > translations were written for this page and say the same thing, not word for word.

# %%
import os

import matplotlib.pyplot as plt
from transformers import AutoTokenizer

from qwen3_handbook.report import Table

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
print(f"{len(tokenizer):,} tokens in the vocabulary")

# %config InlineBackend.figure_formats = ["svg"]

# %%
sentences = {
    "English": "The weather is nice today, so let's go for a walk in the park.",
    "German": "Das Wetter ist heute schön, also lass uns im Park spazieren gehen.",
    "French": "Il fait beau aujourd'hui, alors allons nous promener dans le parc.",
    "Spanish": "Hoy hace buen tiempo, así que vamos a dar un paseo por el parque.",
    "Polish": "Dzisiaj jest ładna pogoda, więc chodźmy na spacer do parku.",
    "Turkish": "Bugün hava güzel, hadi parkta yürüyüşe çıkalım.",
    "Indonesian": "Cuacanya bagus hari ini, jadi ayo jalan-jalan di taman.",
    "Swahili": "Hali ya hewa ni nzuri leo, kwa hiyo twende tukatembee kwenye bustani.",
    "Vietnamese": "Hôm nay thời tiết đẹp, chúng ta hãy đi dạo trong công viên.",
    "Russian": "Сегодня хорошая погода, так что давай погуляем в парке.",
    "Ukrainian": "Сьогодні гарна погода, тож ходімо погуляємо в парку.",
    "Greek": "Ο καιρός είναι ωραίος σήμερα, οπότε ας πάμε μια βόλτα στο πάρκο.",
    "Hebrew": "מזג האוויר נעים היום, אז בוא נטייל בפארק.",
    "Arabic": "الطقس جميل اليوم، فلنذهب للتنزه في الحديقة.",
    "Hindi": "आज मौसम अच्छा है, तो चलो पार्क में टहलने चलते हैं।",
    "Thai": "วันนี้อากาศดี ไปเดินเล่นที่สวนสาธารณะกันเถอะ",
    "Chinese": "今天天气很好，我们去公园散步吧。",
    "Japanese": "今日は天気がいいので、公園を散歩しましょう。",
    "Korean": "오늘은 날씨가 좋으니까 공원에 산책하러 가자.",
}

rows = []
for language, sentence in sentences.items():
    tokens = len(tokenizer(sentence, add_special_tokens=False)["input_ids"])
    rows.append((language, tokens, len(sentence), len(sentence.encode("utf-8"))))
english_tokens = rows[0][1]

# The last column: how many times the sentence fits in the native 32,768-token context.
table = []
for language, tokens, characters, utf8_bytes in sorted(rows, key=lambda row: row[1]):
    ratio = f"{tokens / english_tokens:.2f}×"
    table.append([language, tokens, characters, utf8_bytes, ratio, 32768 // tokens])
Table(["language", "tokens", "chars", "bytes", "vs English", "per 32K"], table)

# %%
ordered = sorted(rows, key=lambda row: row[1])
figure, axis = plt.subplots(figsize=(7, 5.5))
axis.barh([row[0] for row in ordered], [row[1] for row in ordered], color="#673ab7")
axis.axvline(english_tokens, color="grey", linestyle="--", label="English")
axis.set_xlabel("Qwen3 tokens for the same sentence")
axis.legend(loc="lower right")
axis.set_title("Token count by language (computed with the Qwen3 tokenizer)")
figure.tight_layout()
plt.show()

# %% [markdown]
# ## How words split
#
# Byte-level BPE never fails on unseen text: anything falls back to bytes. Frequent
# words are single tokens; rarer ones split into pieces, sometimes in the middle of a
# character's UTF-8 bytes (shown as `�` when such a piece is decoded alone).

# %%
for text in ["weather", " weather", "天气", "погода", " Wetter", "날씨", "สวนสาธารณะ"]:
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    pieces = [tokenizer.decode([token_id]) for token_id in ids]
    print(f"{text!r:>16} -> {len(ids)} token(s): {pieces}")
