"""Load layer 0 of a Qwen3-MoE checkpoint into a from-scratch layer and into
transformers'."""

import os

import torch
from transformers import AutoConfig
from transformers.models.qwen3_moe.modeling_qwen3_moe import (
    Qwen3MoeDecoderLayer,
    Qwen3MoeRotaryEmbedding,
)

from qwen3_handbook.reference_layer import (
    LayerConfig,
    Qwen3MoeLayer,
    load_layer_weights,
    route_tokens,
    split_experts,
)

# --8<-- [start:load]
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
config = AutoConfig.from_pretrained(model_name)

# Only the shards that hold model.layers.0.* are read: for Qwen3-235B-A22B one layer of
# 94 (233.85 B non-embedding parameters / 94 ≈ 2.5 B, 10 GB in float32), not all 470 GB.
weights = load_layer_weights(model_name, layer_index=0)
# compare in float32
weights = {name: tensor.float() for name, tensor in weights.items()}
print(len(weights), "tensors")
#> 11 tensors
for name in sorted(weights):
    print(name)
    #> input_layernorm.weight
    #> mlp.experts.down_proj
    #> mlp.experts.gate_up_proj
    #> mlp.gate.weight
    #> post_attention_layernorm.weight
    #> self_attn.k_norm.weight
    #> self_attn.k_proj.weight
    #> self_attn.o_proj.weight
    #> self_attn.q_norm.weight
    #> self_attn.q_proj.weight
    #> self_attn.v_proj.weight
# --8<-- [end:load]

# --8<-- [start:shapes]
# router: [experts, hidden]; fused experts: [experts, 2 × expert width, hidden] for
# gate and up, [experts, hidden, expert width] for down
for name in ("mlp.gate.weight", "mlp.experts.gate_up_proj", "mlp.experts.down_proj"):
    print(name, tuple(weights[name].shape))
    #> mlp.gate.weight (128, 64)
    #> mlp.experts.gate_up_proj (128, 64, 64)
    #> mlp.experts.down_proj (128, 64, 32)
# --8<-- [end:shapes]

# --8<-- [start:build]
# The same weights in two implementations: ours (about 200 lines of plain PyTorch) ...
ours = Qwen3MoeLayer(LayerConfig.from_hf_config(config))
ours.load_state_dict(weights)

# ... and the one transformers runs. Eager attention: the textbook softmax(QK^T)V path.
config._attn_implementation = "eager"
theirs = Qwen3MoeDecoderLayer(config, layer_idx=0)
# transformers 5 keeps the experts fused, as loaded; 4.x builds one module per expert.
fused = hasattr(theirs.mlp.experts, "gate_up_proj")
theirs.load_state_dict(weights if fused else split_experts(weights))
# --8<-- [end:build]

# --8<-- [start:compare]
generator = torch.Generator().manual_seed(0)
hidden_states = torch.randn(1, 12, config.hidden_size, generator=generator)

# transformers passes in the rotary angles and the causal mask; our layer makes its own.
positions = torch.arange(12)[None]
position_embeddings = Qwen3MoeRotaryEmbedding(config)(hidden_states, positions)
causal_mask = torch.full((12, 12), float("-inf")).triu(1)[None, None]

with torch.no_grad():
    expected = theirs(
        hidden_states,
        attention_mask=causal_mask,
        position_ids=positions,
        position_embeddings=position_embeddings,
    )
    # 4.x returns a tuple
    expected = expected[0] if isinstance(expected, tuple) else expected
    actual = ours(hidden_states)

print("max abs difference:", round((actual - expected).abs().max().item(), 4))
#> max abs difference: 0.0
# --8<-- [end:compare]

# --8<-- [start:routing]
# What the router decided for these 12 tokens, recomputed with the same function.
with torch.no_grad():
    attention_out = ours.self_attn(ours.input_layernorm(hidden_states), positions[0])
    after_attention = hidden_states + attention_out
    router_logits = ours.mlp.gate(ours.post_attention_layernorm(after_attention))[0]
weights_per_token, chosen = route_tokens(
    router_logits, top_k=config.num_experts_per_tok
)
print("experts per token:", chosen.shape[1], "of", router_logits.shape[1])
#> experts per token: 8 of 128
mixing = [round(weight, 2) for weight in weights_per_token[0].tolist()]
print("mixing weights of token 0:", mixing)
#> mixing weights of token 0: [0.14, 0.13, 0.13, 0.13, 0.12, 0.12, 0.12, 0.12]
# --8<-- [end:routing]
