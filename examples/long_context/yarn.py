"""Static YaRN in transformers: load Qwen3 with a 131,072-token context and see what
changes."""

import os

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer
from transformers.modeling_rope_utils import ROPE_INIT_FUNCTIONS

from qwen3_handbook.architecture import config_for

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")

# --8<-- [start:load]
# Static YaRN: the same rope_scaling block the Qwen docs add to config.json, passed at
# load time. factor 4.0 stretches the native 32,768 positions to 131,072; use 2.0 for
# ~65K.
yarn = {
    "rope_type": "yarn",
    "factor": 4.0,
    "original_max_position_embeddings": 32768,
    # transformers 5 keeps rope_theta in this dict and needs it here
    "rope_theta": 1_000_000.0,
}
model = AutoModelForCausalLM.from_pretrained(
    model_name,
    dtype="auto",
    device_map="auto",
    rope_scaling=yarn,
    # always factor x 32,768: see the warning about 4.51-4.55
    max_position_embeddings=131072,
)
tokenizer = AutoTokenizer.from_pretrained(model_name)

# transformers 5 stores the block as `rope_parameters`; 4.x as `rope_scaling`.
rope = getattr(model.config, "rope_parameters", None) or model.config.rope_scaling
print(rope["rope_type"], rope["factor"], rope["original_max_position_embeddings"])
#> yarn 4.0 32768
print(model.config.max_position_embeddings)
#> 131072
# --8<-- [end:load]

# --8<-- [start:frequencies]
# What YaRN changes, computed by transformers for the real Qwen3-235B-A22B config: the
# rotary frequencies of each 128-dim attention head, and a temperature on the attention
# logits.
scaled = config_for(
    "Qwen3-235B-A22B", rope_scaling=yarn, max_position_embeddings=131072
)
yarn_freq, attention_scaling = ROPE_INIT_FUNCTIONS["yarn"](scaled, "cpu")
# plain RoPE
plain_freq = 1_000_000.0 ** -(torch.arange(0, 128, 2, dtype=torch.float32) / 128)
slowdown = plain_freq / yarn_freq
print(f"rotary frequency pairs per head: {len(plain_freq)}")
#> rotary frequency pairs per head: 64
print(f"kept as they are (fast, local): {int((slowdown < 1.001).sum())}")
#> kept as they are (fast, local): 24
print(f"slowed down 4x (interpolated): {int((slowdown > 3.999).sum())}")
#> slowed down 4x (interpolated): 24
print(f"blended in between: {int(((slowdown >= 1.001) & (slowdown <= 3.999)).sum())}")
#> blended in between: 16
print(f"attention logits scaled by {attention_scaling:.4f}")
#> attention logits scaled by 1.1386
# --8<-- [end:frequencies]

# --8<-- [start:short-input]
# Static means always on: position 4,095 is far inside the native window, yet the
# slowest rotary pair already turns by a quarter of its usual angle. Short prompts see
# rescaled positions too, which is why the Qwen docs advise enabling YaRN only when it
# is needed.
print(f"slowest pair at position 4,095: {4095 * plain_freq[-1]:.5f} rad without YaRN")
#> slowest pair at position 4,095: 0.00508 rad without YaRN
print(f"slowest pair at position 4,095: {4095 * yarn_freq[-1]:.5f} rad with YaRN")
#> slowest pair at position 4,095: 0.00127 rad with YaRN

# The loaded model runs a 4,096-token input with the YaRN rotary embedding.
token_ids = torch.randint(
    0, len(tokenizer), (1, 4096), generator=torch.Generator().manual_seed(0)
)
with torch.no_grad():
    logits = model(token_ids.to(model.device)).logits
finite = bool(torch.isfinite(logits).all())
print(f"logits for {logits.shape[1]:,} positions, all finite: {finite}")
#> logits for 4,096 positions, all finite: True
scaling = model.model.rotary_emb.attention_scaling
print(f"attention scaling in the loaded model: {scaling:.4f}")
#> attention scaling in the loaded model: 1.1386
# --8<-- [end:short-input]

# --8<-- [start:factor-bug]
# transformers 4.51-4.55 ignored `factor` and used max_position_embeddings / 32,768
# instead (issue 38224). Left at the config's 40,960, that is a factor of 1.25, not the
# 2.0 asked for:
for factor in (2.0, 1.25):
    config = config_for("Qwen3-235B-A22B", rope_scaling={**yarn, "factor": factor})
    _, scaling = ROPE_INIT_FUNCTIONS["yarn"](config, "cpu")
    reach = int(32768 * factor)
    print(f"factor {factor}: reaches {reach:,} tokens, attention scaling {scaling:.4f}")
    #> factor 2.0: reaches 65,536 tokens, attention scaling 1.0693
    #> factor 1.25: reaches 40,960 tokens, attention scaling 1.0223
# --8<-- [end:factor-bug]
