"""The from-scratch Qwen3-MoE layer computes what transformers' Qwen3MoeDecoderLayer computes."""

from __future__ import annotations

import json

import pytest
import torch
from safetensors.torch import save_file

from qwen3_handbook import reference_layer
from qwen3_handbook.reference_layer import (
    LayerConfig,
    Qwen3MoeLayer,
    load_layer_weights,
    route_tokens,
    split_experts,
)

SMALL = {
    "hidden_size": 32,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "head_dim": 8,
    "num_experts": 16,
    "num_experts_per_tok": 4,
    "moe_intermediate_size": 12,
}


def _hf_layer(norm_topk_prob: bool):
    from transformers import Qwen3MoeConfig
    from transformers.models.qwen3_moe.modeling_qwen3_moe import Qwen3MoeDecoderLayer

    config = Qwen3MoeConfig(
        **SMALL,
        norm_topk_prob=norm_topk_prob,
        rope_theta=1_000_000.0,
        vocab_size=64,
        num_hidden_layers=1,
    )
    config._attn_implementation = "eager"
    torch.manual_seed(0)
    layer = Qwen3MoeDecoderLayer(config, 0)
    with torch.no_grad():
        for parameter in layer.parameters():  # ones/zeros at init would hide mistakes
            parameter.normal_(std=0.3)
    return config, layer.eval()


def _hf_forward(config, layer, x):
    from transformers.models.qwen3_moe.modeling_qwen3_moe import Qwen3MoeRotaryEmbedding

    seq = x.shape[1]
    positions = torch.arange(seq)[None].expand(x.shape[0], -1)
    cos_sin = Qwen3MoeRotaryEmbedding(config)(x, positions)
    mask = (
        torch.full((seq, seq), float("-inf"))
        .triu(1)[None, None]
        .expand(x.shape[0], 1, -1, -1)
    )
    out = layer(
        x, attention_mask=mask, position_ids=positions, position_embeddings=cos_sin
    )
    return out[0] if isinstance(out, tuple) else out


@pytest.mark.parametrize("norm_topk_prob", [True, False])
def test_matches_transformers_on_random_input(norm_topk_prob):
    config, theirs = _hf_layer(norm_topk_prob)
    ours = Qwen3MoeLayer(LayerConfig.from_hf_config(config))
    ours.load_state_dict(theirs.state_dict())  # same parameter names, strict
    x = torch.randn(
        2, 9, SMALL["hidden_size"], generator=torch.Generator().manual_seed(1)
    )
    with torch.no_grad():
        expected = _hf_forward(config, theirs, x)
        actual = ours(x)
    assert torch.allclose(actual, expected, atol=1e-5, rtol=1e-5)
    assert (actual - expected).abs().max() < 1e-5


def test_layer_config_from_hf_reads_rope_theta_and_routing():
    config, _ = _hf_layer(True)
    layer_config = LayerConfig.from_hf_config(config)
    assert layer_config.rope_theta == 1_000_000.0
    assert (layer_config.num_experts, layer_config.num_experts_per_tok) == (16, 4)
    assert layer_config.norm_topk_prob is True


def test_default_layer_config_is_the_flagship():
    from qwen3_handbook.architecture import config_for

    assert LayerConfig.from_hf_config(config_for("Qwen3-235B-A22B")) == LayerConfig()


def test_routing_renormalises_the_top_k():
    logits = torch.randn(5, 16, generator=torch.Generator().manual_seed(2))
    weights, experts = route_tokens(logits, top_k=4)
    assert torch.allclose(weights.sum(-1), torch.ones(5))
    assert experts.shape == (5, 4)
    raw, same = route_tokens(logits, top_k=4, norm_topk_prob=False)
    assert torch.equal(same, experts)
    assert (raw.sum(-1) < 1).all()  # the other 12 experts keep some probability mass
    assert torch.allclose(raw / raw.sum(-1, keepdim=True), weights)


@pytest.mark.parametrize("top_k", [0, 17, 2.0, True])
def test_routing_rejects_bad_top_k(top_k):
    with pytest.raises(ValueError, match=r"top_k must be an integer in 1\.\.16"):
        route_tokens(torch.zeros(3, 16), top_k=top_k)


def test_routing_rejects_bad_logits_shape():
    with pytest.raises(ValueError, match=r"router_logits must be \[tokens, experts\]"):
        route_tokens(torch.zeros(2, 3, 16), top_k=2)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hidden_size": 0}, "hidden_size must be a positive integer"),
        ({"num_key_value_heads": 3}, "must be a multiple of num_key_value_heads"),
        ({"num_experts_per_tok": 17}, "cannot exceed num_experts"),
        ({"head_dim": 7}, "head_dim must be even"),
        ({"rope_theta": 0.0}, "must be positive"),
        ({"num_experts": 2.5}, "num_experts must be a positive integer"),
    ],
)
def test_layer_config_rejects_bad_shapes(change, message):
    with pytest.raises(ValueError, match=message):
        LayerConfig(**{**SMALL, **change})


def test_from_hf_config_rejects_other_models():
    from transformers import Qwen3Config

    with pytest.raises(ValueError, match="expected a qwen3_moe config, got 'qwen3'"):
        LayerConfig.from_hf_config(Qwen3Config())


def test_layer_rejects_wrong_hidden_size():
    layer = Qwen3MoeLayer(LayerConfig(**SMALL))
    with pytest.raises(ValueError, match=r"expected hidden states \[batch, seq, 32\]"):
        layer(torch.zeros(1, 3, 31))


def _per_expert_layout(
    state: dict[str, torch.Tensor], prefix: str
) -> dict[str, torch.Tensor]:
    """Write a fused layer state dict the way hub checkpoints store it: one tensor per expert."""
    out = {}
    size = SMALL["moe_intermediate_size"]
    for key, value in state.items():
        if key == "mlp.experts.gate_up_proj":
            for e, fused in enumerate(value):
                out[f"{prefix}mlp.experts.{e}.gate_proj.weight"] = fused[
                    :size
                ].contiguous()
                out[f"{prefix}mlp.experts.{e}.up_proj.weight"] = fused[
                    size:
                ].contiguous()
        elif key == "mlp.experts.down_proj":
            for e, down in enumerate(value):
                out[f"{prefix}mlp.experts.{e}.down_proj.weight"] = down.contiguous()
        else:
            out[prefix + key] = value.contiguous()
    return out


def test_load_layer_weights_from_a_sharded_per_expert_checkpoint(tmp_path):
    _, layer = _hf_layer(True)
    state = {key: value.detach() for key, value in layer.state_dict().items()}
    shard_a = _per_expert_layout(state, "model.layers.0.")
    shard_b = {
        "model.layers.1.input_layernorm.weight": torch.ones(SMALL["hidden_size"])
    }
    save_file(shard_a, str(tmp_path / "a.safetensors"))
    save_file(shard_b, str(tmp_path / "b.safetensors"))
    weight_map = {
        **dict.fromkeys(shard_a, "a.safetensors"),
        **dict.fromkeys(shard_b, "b.safetensors"),
    }
    index = {"metadata": {}, "weight_map": weight_map}
    (tmp_path / "model.safetensors.index.json").write_text(json.dumps(index))

    loaded = load_layer_weights(tmp_path, 0)
    assert loaded.keys() == state.keys()
    for key, value in state.items():
        assert torch.equal(loaded[key], value), key
    assert list(load_layer_weights(tmp_path, 1)) == ["input_layernorm.weight"]
    with pytest.raises(ValueError, match="layer 2 is not in the checkpoint"):
        load_layer_weights(tmp_path, 2)


def test_load_layer_weights_from_a_single_fused_file(tmp_path):
    _, layer = _hf_layer(True)
    state = {
        f"model.layers.0.{k}": v.detach().contiguous()
        for k, v in layer.state_dict().items()
    }
    save_file(state, str(tmp_path / "model.safetensors"))
    loaded = load_layer_weights(tmp_path, 0)
    assert loaded["mlp.experts.gate_up_proj"].shape == (16, 24, 32)


def test_load_layer_weights_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no model\.safetensors"):
        load_layer_weights(tmp_path, 0)
    with pytest.raises(ValueError, match="layer_index must be a non-negative integer"):
        load_layer_weights(tmp_path, -1)
    index = {
        "weight_map": {"model.layers.0.input_layernorm.weight": "gone.safetensors"}
    }
    (tmp_path / "model.safetensors.index.json").write_text(json.dumps(index))
    with pytest.raises(
        FileNotFoundError, match=r"gone\.safetensors is listed in the shard index"
    ):
        load_layer_weights(tmp_path, 0)


def test_hub_ids_download_only_the_needed_shards(tmp_path, monkeypatch):
    """A hub id goes through hf_hub_download, one file at a time (faked here, offline)."""
    from huggingface_hub.errors import EntryNotFoundError

    save_file(
        {"model.layers.0.input_layernorm.weight": torch.ones(4)}, str(tmp_path / "m.st")
    )
    save_file(
        {"model.layers.5.input_layernorm.weight": torch.ones(4)}, str(tmp_path / "n.st")
    )
    index = {
        "weight_map": {
            "model.layers.0.input_layernorm.weight": "m.st",
            "model.layers.5.input_layernorm.weight": "n.st",
        }
    }
    (tmp_path / "model.safetensors.index.json").write_text(json.dumps(index))
    requested = []

    def fake_download(repo_id, filename):
        requested.append((repo_id, filename))
        if not (tmp_path / filename).is_file():
            raise EntryNotFoundError(filename)
        return str(tmp_path / filename)

    monkeypatch.setattr("huggingface_hub.hf_hub_download", fake_download)
    loaded = load_layer_weights("Qwen/Qwen3-235B-A22B", 0)
    assert list(loaded) == ["input_layernorm.weight"]
    assert requested == [
        ("Qwen/Qwen3-235B-A22B", "model.safetensors.index.json"),
        ("Qwen/Qwen3-235B-A22B", "m.st"),
    ]
    assert reference_layer._hub_file("x/y", "absent.json") is None


def test_split_experts_inverts_the_fusing():
    _, layer = _hf_layer(True)
    state = {key: value.detach() for key, value in layer.state_dict().items()}
    per_expert = split_experts(state)
    assert "mlp.experts.15.up_proj.weight" in per_expert
    assert not any(key.startswith("mlp.experts.gate_up") for key in per_expert)
    prefixed = {f"model.layers.0.{key}": value for key, value in per_expert.items()}
    fused = reference_layer._fuse_experts({k[15:]: v for k, v in prefixed.items()})
    for key, value in state.items():
        assert torch.equal(fused[key], value), key
    with pytest.raises(KeyError, match="no fused expert tensors"):
        split_experts({"mlp.gate.weight": torch.zeros(2, 2)})
