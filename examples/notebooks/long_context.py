# %% [markdown]
# # Long context: YaRN to 131,072 tokens, and what the KV cache costs
#
# **Qwen3 reads 32,768 tokens natively and 131,072 with YaRN rope scaling. This notebook
# turns YaRN on in a transformers 5 config, shows what it does to the rotary
# frequencies, and computes how the KV cache of Qwen3-235B-A22B grows with the
# context.**
#
# Sources: the model card's "Processing Long Texts" section
# ([Qwen/Qwen3-235B-A22B][card]),
# the `config.json` values in `qwen3_handbook.architecture`, and the YaRN paper ([Peng
# et al., 2023](https://arxiv.org/abs/2309.00071)).
#
# > **No generation here.** The configs are the real models' (built from their
# > `config.json` values); the KV-cache sizes are computed, not measured. Nothing on
# > this page comes from the tiny test model.
#
# [card]: https://huggingface.co/Qwen/Qwen3-235B-A22B#processing-long-texts

# %%
import matplotlib.pyplot as plt
import torch
from transformers.modeling_rope_utils import ROPE_INIT_FUNCTIONS

from qwen3_handbook.architecture import (
    config_for,
    kv_cache_bytes,
    kv_cache_bytes_per_token,
)
from qwen3_handbook.report import Table

# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## Turn YaRN on
#
# The model card's setting is `"rope_scaling": {"rope_type": "yarn", "factor": 4.0,
# "original_max_position_embeddings": 32768}` in `config.json`. transformers 5 stores
# RoPE settings as `rope_parameters` (with `rope_theta` inside) and accepts the old key:

# %%
yarn = {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}
native = config_for("Qwen3-235B-A22B")
scaled = config_for(
    "Qwen3-235B-A22B", rope_scaling=yarn, max_position_embeddings=131072
)
print("native:", native.rope_parameters)
print("YaRN:  ", scaled.rope_parameters)

# %% [markdown]
# `max_position_embeddings=131072` (factor x original) keeps transformers from warning
# that the factor and the context length disagree; YaRN uses the explicit `factor`
# either way.
#
# > **Static scaling applies to every input.** The model card notes that the common
# > open-source frameworks implement *static* YaRN: the factor applies whatever the
# > input length, which may hurt performance on shorter texts. Enable it only when you
# > need more than 32,768 tokens, and use factor 2.0 if about 65,536 are enough.

# %% [markdown]
# ## What YaRN does to the rotary frequencies
#
# RoPE rotates each pair of query/key dimensions at its own frequency. YaRN leaves the
# fast (high-frequency) pairs alone, divides the slow ones by the factor, blends in
# between, and scales attention logits by `0.1 ln(factor) + 1`:

# %%
theta, head_dim = native.rope_parameters["rope_theta"], native.head_dim
native_frequencies = 1.0 / theta ** (
    torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim
)
yarn_frequencies, attention_factor = ROPE_INIT_FUNCTIONS["yarn"](scaled, "cpu")
ratio = (yarn_frequencies.double() / native_frequencies).float()
print(f"{len(native_frequencies)} frequency pairs (head_dim {head_dim} / 2)")
print(f"unchanged pairs: {int(torch.isclose(ratio, torch.tensor(1.0)).sum())}")
quartered = int(torch.isclose(ratio, torch.tensor(0.25)).sum())
print(f"divided by the full factor 4: {quartered}")
print(f"attention scaling: {attention_factor:.4f}")

figure, axis = plt.subplots(figsize=(7, 3))
axis.plot(ratio.numpy(), marker=".", color="#673ab7")
axis.set_xlabel("rotary pair (fast → slow)")
axis.set_ylabel("YaRN / native frequency")
axis.set_title("YaRN, factor 4, on Qwen3's RoPE (theta 1,000,000)")
figure.tight_layout()
plt.show()

# %% [markdown]
# ## KV cache growth
#
# Each token stores a key and a value per layer for every KV head: `layers x 2 x KV
# heads x head_dim x bytes`. Grouped-query attention (4 KV heads for 64 query heads in
# Qwen3-235B-A22B) keeps this small for the model's size:

# %%
for name in ("Qwen3-235B-A22B", "Qwen3-30B-A3B", "Qwen3-8B"):
    print(f"{name:<16} {kv_cache_bytes_per_token(name):>8,} bytes per token (bf16)")

contexts = [4096, 8192, 16384, 32768, 65536, 131072]
rows = [
    [
        context,
        kv_cache_bytes("Qwen3-235B-A22B", context) / 1e9,
        kv_cache_bytes("Qwen3-235B-A22B", context, bytes_per_value=1) / 1e9,
        kv_cache_bytes("Qwen3-30B-A3B", context) / 1e9,
    ]
    for context in contexts
]
columns = ["context", "235B bf16 (GB)", "235B fp8 (GB)", "30B-A3B bf16 (GB)"]
Table(columns, rows, float_format="{:,.2f}")

# %%
figure, axis = plt.subplots(figsize=(7, 3.5))
for name, bytes_per_value, label in [
    ("Qwen3-235B-A22B", 2, "235B-A22B, bf16 cache"),
    ("Qwen3-235B-A22B", 1, "235B-A22B, fp8 cache"),
    ("Qwen3-30B-A3B", 2, "30B-A3B, bf16 cache"),
]:
    sizes = [
        kv_cache_bytes(name, c, bytes_per_value=bytes_per_value) / 1e9 for c in contexts
    ]
    axis.plot(contexts, sizes, marker="o", label=label)
axis.axvline(32768, color="grey", linestyle=":", label="native context")
axis.set_xscale("log", base=2)
axis.set_xticks(contexts, [f"{c // 1024}K" for c in contexts])
axis.set_xlabel("tokens in one sequence")
axis.set_ylabel("KV cache (GB)")
axis.set_title("KV cache of one sequence (computed)")
axis.legend()
figure.tight_layout()
plt.show()

# %% [markdown]
# The cache grows linearly: one 131,072-token sequence of Qwen3-235B-A22B needs about 25
# GB in bf16 on top of the weights, and a server holding several such sequences
# multiplies that. An fp8 KV cache halves it.
