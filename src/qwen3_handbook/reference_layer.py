"""One Qwen3-MoE decoder layer written from scratch, small enough to read in one sitting.

Every Qwen3-MoE layer does the same two things, each wrapped in a residual connection:

1. **Attention.** RMSNorm, then grouped-query attention: 64 query heads share 4 key/value
   heads (Qwen3-235B-A22B). Queries and keys get their own RMSNorm per head (QK-norm) and
   rotary position embeddings (RoPE, theta 1,000,000) before the dot product.
2. **Mixture of experts.** RMSNorm, then a router scores all 128 experts, a softmax turns the
   scores into probabilities, the 8 largest are kept and (``norm_topk_prob``) rescaled to sum
   to 1, and the token's output is the weighted sum of those 8 SwiGLU experts.

The module mirrors ``Qwen3MoeDecoderLayer`` in ``transformers``
(``models/qwen3_moe/modeling_qwen3_moe.py``) with plain PyTorch and no caching, kernels or
parallelism, in the spirit of nanoGPT. Its weights use the layout ``transformers`` 5 keeps in
memory: fused expert tensors ``mlp.experts.gate_up_proj`` ``[E, 2I, H]`` and
``mlp.experts.down_proj`` ``[E, H, I]``, router ``mlp.gate.weight`` ``[E, H]``.
`load_layer_weights` reads one layer of a checkpoint (either layout) without loading the rest.

Examples:
    >>> import torch
    >>> from qwen3_handbook.reference_layer import LayerConfig, Qwen3MoeLayer
    >>> config = LayerConfig(hidden_size=32, num_attention_heads=4, num_key_value_heads=2,
    ...                      head_dim=8, num_experts=16, num_experts_per_tok=4,
    ...                      moe_intermediate_size=12)
    >>> layer = Qwen3MoeLayer(config)
    >>> layer(torch.randn(1, 5, 32)).shape
    torch.Size([1, 5, 32])
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from qwen3_handbook._checks import boolean, positive_int

__all__ = [
    "Attention",
    "Experts",
    "LayerConfig",
    "Qwen3MoeLayer",
    "RMSNorm",
    "Router",
    "SparseMoeBlock",
    "apply_rope",
    "load_layer_weights",
    "rope_cos_sin",
    "route_tokens",
    "split_experts",
]


@dataclass(frozen=True)
class LayerConfig:
    """The shapes and constants one decoder layer needs (a subset of ``config.json``).

    The defaults are those of Qwen3-235B-A22B.

    Attributes:
        hidden_size: Width of the residual stream.
        num_attention_heads: Query heads.
        num_key_value_heads: Key/value heads; each is shared by
            ``num_attention_heads // num_key_value_heads`` query heads.
        head_dim: Width of one head (128 in every Qwen3 model, independent of hidden_size).
        num_experts: Routed experts per layer.
        num_experts_per_tok: Experts each token is sent to (top-k).
        moe_intermediate_size: Hidden width of one expert's SwiGLU MLP.
        norm_topk_prob: Rescale the top-k probabilities to sum to 1.
        rms_norm_eps: Epsilon inside every RMSNorm.
        rope_theta: RoPE base frequency.
    """

    hidden_size: int = 4096
    num_attention_heads: int = 64
    num_key_value_heads: int = 4
    head_dim: int = 128
    num_experts: int = 128
    num_experts_per_tok: int = 8
    moe_intermediate_size: int = 1536
    norm_topk_prob: bool = True
    rms_norm_eps: float = 1e-6
    rope_theta: float = 1_000_000.0

    def __post_init__(self) -> None:
        for name in (
            "hidden_size",
            "num_attention_heads",
            "num_key_value_heads",
            "head_dim",
            "num_experts",
            "num_experts_per_tok",
            "moe_intermediate_size",
        ):
            positive_int(name, getattr(self, name))
        if self.num_attention_heads % self.num_key_value_heads:
            raise ValueError(
                f"num_attention_heads ({self.num_attention_heads}) must be a multiple of "
                f"num_key_value_heads ({self.num_key_value_heads})"
            )
        if self.head_dim % 2:
            raise ValueError(f"head_dim must be even for RoPE, got {self.head_dim}")
        if self.num_experts_per_tok > self.num_experts:
            raise ValueError(
                f"num_experts_per_tok ({self.num_experts_per_tok}) cannot exceed "
                f"num_experts ({self.num_experts})"
            )
        if not self.rms_norm_eps > 0 or not self.rope_theta > 0:
            raise ValueError("rms_norm_eps and rope_theta must be positive")

    @classmethod
    def from_hf_config(cls, config: Any) -> LayerConfig:
        """Take the fields from a ``transformers`` ``Qwen3MoeConfig`` (4.x or 5.x).

        Raises:
            ValueError: If the config is not a Qwen3-MoE config.
        """
        if getattr(config, "model_type", None) != "qwen3_moe":
            found = getattr(config, "model_type", type(config).__name__)
            raise ValueError(f"expected a qwen3_moe config, got {found!r}")
        # transformers 5 keeps rope_theta inside rope_parameters; 4.x has the attribute.
        rope = getattr(config, "rope_parameters", None) or {}
        theta = rope.get("rope_theta", getattr(config, "rope_theta", None))
        return cls(
            hidden_size=config.hidden_size,
            num_attention_heads=config.num_attention_heads,
            num_key_value_heads=config.num_key_value_heads,
            head_dim=getattr(config, "head_dim", None)
            or config.hidden_size // config.num_attention_heads,
            num_experts=config.num_experts,
            num_experts_per_tok=config.num_experts_per_tok,
            moe_intermediate_size=config.moe_intermediate_size,
            norm_topk_prob=bool(config.norm_topk_prob),
            rms_norm_eps=config.rms_norm_eps,
            rope_theta=float(theta),
        )


class RMSNorm(nn.Module):
    """Root-mean-square norm: ``x / sqrt(mean(x**2) + eps) * weight``.

    Unlike LayerNorm it subtracts no mean and adds no bias. The statistics are computed in
    float32 even for bf16 inputs, as in the reference implementation.
    """

    def __init__(self, size: int, eps: float = 1e-6) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x32 = x.float()
        normed = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * normed.to(x.dtype)


def rope_cos_sin(
    positions: torch.Tensor, head_dim: int, theta: float = 1_000_000.0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Cosines and sines of the rotary embedding for the given token positions.

    Pair ``i`` of a head's dimensions turns at frequency ``theta ** (-2i / head_dim)``; a large
    theta makes the slowest pairs turn very slowly, which keeps distant positions apart.

    Args:
        positions: Integer positions, shape ``[seq]``.
        head_dim: Width of one attention head (even).
        theta: RoPE base; 1,000,000 for Qwen3.

    Returns:
        ``(cos, sin)``, each ``[seq, head_dim]`` in float32.
    """
    inv_freq = 1.0 / theta ** (
        torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim
    )
    angles = positions.float()[:, None] * inv_freq[None, :]  # [seq, head_dim / 2]
    angles = torch.cat((angles, angles), dim=-1)  # the two halves share a frequency
    return angles.cos(), angles.sin()


def apply_rope(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """Rotate ``x`` (``[..., seq, head_dim]``) by the position angles.

    Dimension ``j`` of the first half is paired with dimension ``j`` of the second half (the
    "rotate half" convention of the Qwen and Llama checkpoints, not interleaved pairs).
    """
    first, second = x.chunk(2, dim=-1)
    rotated = torch.cat((-second, first), dim=-1)
    return x * cos.to(x.dtype) + rotated * sin.to(x.dtype)


def route_tokens(
    router_logits: torch.Tensor, top_k: int, norm_topk_prob: bool = True
) -> tuple[torch.Tensor, torch.Tensor]:
    """Pick each token's experts: softmax over all experts, keep the top-k, renormalise.

    Args:
        router_logits: ``[tokens, num_experts]`` scores from the router.
        top_k: Experts per token (8 for Qwen3-MoE).
        norm_topk_prob: Rescale the kept probabilities to sum to 1 (true in every Qwen3-MoE
            ``config.json``). Without it the kept weights sum to less than 1.

    Returns:
        ``(weights, experts)``, each ``[tokens, top_k]``: the mixing weight and the index of
        each chosen expert, largest weight first.

    Raises:
        ValueError: If the logits are not 2-D or ``top_k`` is out of range.
    """
    if router_logits.dim() != 2:
        raise ValueError(
            f"router_logits must be [tokens, experts], got {router_logits.shape}"
        )
    num_experts = router_logits.shape[-1]
    if (
        isinstance(top_k, bool)
        or not isinstance(top_k, int)
        or not 1 <= top_k <= num_experts
    ):
        raise ValueError(f"top_k must be an integer in 1..{num_experts}, got {top_k!r}")
    norm_topk_prob = boolean("norm_topk_prob", norm_topk_prob)
    # The softmax runs over all experts *before* the top-k cut (not over the 8 kept ones).
    probs = torch.softmax(router_logits, dim=-1, dtype=torch.float32)
    weights, experts = torch.topk(probs, top_k, dim=-1)
    if norm_topk_prob:
        weights = weights / weights.sum(dim=-1, keepdim=True)
    return weights.to(router_logits.dtype), experts


class Qwen3MoeLayer(nn.Module):
    """A Qwen3-MoE decoder layer: pre-norm attention block, then pre-norm MoE block.

    Parameter names match the checkpoint keys under ``model.layers.N.`` in ``transformers`` 5,
    so ``layer.load_state_dict(load_layer_weights(path, N))`` loads a real layer.
    """

    def __init__(self, config: LayerConfig) -> None:
        super().__init__()
        self.config = c = config
        self.input_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.mlp = SparseMoeBlock(c)

    def forward(
        self, hidden_states: torch.Tensor, positions: torch.Tensor | None = None
    ) -> torch.Tensor:
        """Run the layer on ``[batch, seq, hidden]`` states with a causal mask.

        Args:
            hidden_states: The residual stream entering the layer.
            positions: Token positions ``[seq]``; defaults to ``0 .. seq-1``.

        Raises:
            ValueError: If the input is not ``[batch, seq, hidden_size]``.
        """
        if (
            hidden_states.dim() != 3
            or hidden_states.shape[-1] != self.config.hidden_size
        ):
            raise ValueError(
                f"expected hidden states [batch, seq, {self.config.hidden_size}], "
                f"got {tuple(hidden_states.shape)}"
            )
        if positions is None:
            positions = torch.arange(
                hidden_states.shape[1], device=hidden_states.device
            )
        # Residual connections: each block adds its output to the stream instead of replacing it.
        hidden_states = hidden_states + self.self_attn(
            self.input_layernorm(hidden_states), positions
        )
        return hidden_states + self.mlp(self.post_attention_layernorm(hidden_states))


class Attention(nn.Module):
    """Grouped-query self-attention with QK-norm and RoPE, no biases."""

    def __init__(self, c: LayerConfig) -> None:
        super().__init__()
        self.c = c
        self.q_proj = nn.Linear(
            c.hidden_size, c.num_attention_heads * c.head_dim, bias=False
        )
        # Only the few key/value heads are projected (and cached at inference): that is GQA.
        self.k_proj = nn.Linear(
            c.hidden_size, c.num_key_value_heads * c.head_dim, bias=False
        )
        self.v_proj = nn.Linear(
            c.hidden_size, c.num_key_value_heads * c.head_dim, bias=False
        )
        self.o_proj = nn.Linear(
            c.num_attention_heads * c.head_dim, c.hidden_size, bias=False
        )
        # QK-norm: one RMSNorm over head_dim, shared by all heads, keeps q.k logits bounded.
        self.q_norm = RMSNorm(c.head_dim, c.rms_norm_eps)
        self.k_norm = RMSNorm(c.head_dim, c.rms_norm_eps)

    def forward(self, x: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
        c = self.c
        batch, seq, _ = x.shape
        # [batch, seq, heads * head_dim] -> [batch, heads, seq, head_dim]
        q = self.q_proj(x).view(batch, seq, c.num_attention_heads, c.head_dim)
        k = self.k_proj(x).view(batch, seq, c.num_key_value_heads, c.head_dim)
        v = self.v_proj(x).view(batch, seq, c.num_key_value_heads, c.head_dim)
        q = self.q_norm(q).transpose(1, 2)  # the norm comes before RoPE
        k = self.k_norm(k).transpose(1, 2)
        v = v.transpose(1, 2)

        cos, sin = rope_cos_sin(positions.to(x.device), c.head_dim, c.rope_theta)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)

        # Each key/value head serves a group of query heads: repeat it for the matmul.
        group = c.num_attention_heads // c.num_key_value_heads
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)

        scores = (q @ k.transpose(-2, -1)) / math.sqrt(c.head_dim)
        causal = torch.ones(seq, seq, dtype=torch.bool, device=x.device).tril()
        scores = scores.masked_fill(~causal, float("-inf"))
        attention = torch.softmax(scores, dim=-1, dtype=torch.float32).to(q.dtype)
        out = (attention @ v).transpose(1, 2).reshape(batch, seq, -1)
        return self.o_proj(out)


class Router(nn.Module):
    """A bias-free linear map from the hidden state to one score per expert."""

    def __init__(self, c: LayerConfig) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(c.num_experts, c.hidden_size))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.linear(x, self.weight)


class Experts(nn.Module):
    """All experts of a layer as two stacked tensors (the ``transformers`` 5 layout).

    ``gate_up_proj[e]`` is expert ``e``'s gate projection stacked on its up projection
    (``[2I, H]``); ``down_proj[e]`` is its down projection (``[H, I]``).
    """

    def __init__(self, c: LayerConfig) -> None:
        super().__init__()
        size = c.moe_intermediate_size
        self.gate_up_proj = nn.Parameter(
            torch.zeros(c.num_experts, 2 * size, c.hidden_size)
        )
        self.down_proj = nn.Parameter(torch.zeros(c.num_experts, c.hidden_size, size))

    def expert(self, index: int, x: torch.Tensor) -> torch.Tensor:
        """SwiGLU MLP of one expert: ``down(silu(gate(x)) * up(x))``."""
        gate, up = F.linear(x, self.gate_up_proj[index]).chunk(2, dim=-1)
        return F.linear(F.silu(gate) * up, self.down_proj[index])


class SparseMoeBlock(nn.Module):
    """Route each token to its top-k experts and mix their outputs. No shared expert."""

    def __init__(self, c: LayerConfig) -> None:
        super().__init__()
        self.c = c
        self.gate = Router(c)
        self.experts = Experts(c)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens = x.reshape(
            -1, x.shape[-1]
        )  # routing is per token: flatten batch and seq
        weights, chosen = route_tokens(
            self.gate(tokens), self.c.num_experts_per_tok, self.c.norm_topk_prob
        )
        out = torch.zeros_like(tokens)
        # Loop over the experts that received tokens; idle experts cost nothing.
        for expert in chosen.unique().tolist():
            token_index, slot = torch.where(chosen == expert)
            expert_out = self.experts.expert(expert, tokens[token_index])
            out.index_add_(
                0, token_index, expert_out * weights[token_index, slot, None]
            )
        return out.reshape(x.shape)


def load_layer_weights(model: str | Path, layer_index: int) -> dict[str, torch.Tensor]:
    """Read one decoder layer's weights from a safetensors checkpoint, and nothing else.

    Only the shard files that hold ``model.layers.<layer_index>.`` are read (and, for a hub
    id, downloaded), so layer 0 of Qwen3-235B-A22B loads without the other 93 layers.
    Checkpoints published on the hub store each expert separately
    (``mlp.experts.<e>.gate_proj.weight`` ...); those are stacked into the fused
    ``transformers`` 5 layout that `Qwen3MoeLayer` and ``Qwen3MoeDecoderLayer`` use.

    Args:
        model: A local checkpoint directory (``model.safetensors`` or a sharded
            ``model.safetensors.index.json``), or a hub id such as ``"Qwen/Qwen3-235B-A22B"``.
        layer_index: Which decoder layer, from 0.

    Returns:
        A state dict with keys relative to the layer (``self_attn.q_proj.weight``, ...).

    Raises:
        FileNotFoundError: If the directory has no safetensors checkpoint.
        ValueError: If the layer index is negative or not in the checkpoint.
    """
    from safetensors import safe_open

    if (
        isinstance(layer_index, bool)
        or not isinstance(layer_index, int)
        or layer_index < 0
    ):
        raise ValueError(
            f"layer_index must be a non-negative integer, got {layer_index!r}"
        )
    prefix = f"model.layers.{layer_index}."
    fetch = _local_file if Path(model).is_dir() else _hub_file
    index_file = fetch(model, "model.safetensors.index.json")
    if index_file is not None:
        weight_map = json.loads(index_file.read_text())["weight_map"]
        files = sorted(
            {file for key, file in weight_map.items() if key.startswith(prefix)}
        )
    elif fetch(model, "model.safetensors") is not None:
        files = ["model.safetensors"]
    else:
        raise FileNotFoundError(
            f"no model.safetensors or model.safetensors.index.json in {model}"
        )

    raw: dict[str, torch.Tensor] = {}
    for file in files:
        path = fetch(model, file)
        if path is None:
            raise FileNotFoundError(
                f"{file} is listed in the shard index but missing in {model}"
            )
        with safe_open(str(path), framework="pt") as shard:
            for key in shard.keys():
                if key.startswith(prefix):
                    raw[key[len(prefix) :]] = shard.get_tensor(key)
    if not raw:
        raise ValueError(f"layer {layer_index} is not in the checkpoint {model}")
    return _fuse_experts(raw)


def _local_file(model_dir: str | Path, name: str) -> Path | None:
    path = Path(model_dir) / name
    return path if path.is_file() else None


def _hub_file(repo_id: str | Path, name: str) -> Path | None:
    """Download one file of a hub repository (cached by huggingface_hub), or None if absent."""
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import EntryNotFoundError, LocalEntryNotFoundError

    try:
        return Path(hf_hub_download(str(repo_id), name))
    except LocalEntryNotFoundError:
        raise  # offline and not cached: say so rather than "file not in the repository"
    except EntryNotFoundError:
        return None  # the repository has no such file (e.g. no shard index)


def split_experts(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Turn fused expert tensors back into one ``gate/up/down_proj`` tensor per expert.

    ``transformers`` 4.x builds each expert as its own module (``mlp.experts.<e>.gate_proj``);
    use this to load a `load_layer_weights` state dict into its ``Qwen3MoeDecoderLayer``.

    Args:
        state: A layer state dict with ``mlp.experts.gate_up_proj`` and
            ``mlp.experts.down_proj``.

    Raises:
        KeyError: If the state dict has no fused expert tensors.

    Examples:
        >>> import torch
        >>> fused = {"mlp.experts.gate_up_proj": torch.zeros(2, 6, 4),
        ...          "mlp.experts.down_proj": torch.zeros(2, 4, 3)}
        >>> per_expert = split_experts(fused)
        >>> len(per_expert), per_expert["mlp.experts.1.up_proj.weight"].shape
        (6, torch.Size([3, 4]))
    """
    missing = [
        k
        for k in ("mlp.experts.gate_up_proj", "mlp.experts.down_proj")
        if k not in state
    ]
    if missing:
        raise KeyError(
            f"no fused expert tensors in the state dict: {', '.join(missing)} missing"
        )
    out = {k: v for k, v in state.items() if not k.startswith("mlp.experts.")}
    gate_up, down = state["mlp.experts.gate_up_proj"], state["mlp.experts.down_proj"]
    for e in range(gate_up.shape[0]):
        gate, up = gate_up[e].chunk(2, dim=0)
        out[f"mlp.experts.{e}.gate_proj.weight"] = gate
        out[f"mlp.experts.{e}.up_proj.weight"] = up
        out[f"mlp.experts.{e}.down_proj.weight"] = down[e]
    return out


def _fuse_experts(raw: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Stack per-expert ``mlp.experts.<e>.{gate,up,down}_proj.weight`` into fused tensors."""
    per_expert = {
        key for key in raw if key.startswith("mlp.experts.") and key[12:13].isdigit()
    }
    if not per_expert:
        return raw  # already fused (a checkpoint saved by transformers 5)
    fused = {key: value for key, value in raw.items() if key not in per_expert}
    count = 1 + max(int(key.split(".")[2]) for key in per_expert)
    gate_up, down = [], []
    for e in range(count):
        base = f"mlp.experts.{e}."
        # Gate rows first, then up rows: the order Qwen3MoeExperts splits with chunk(2).
        gate_up.append(
            torch.cat((raw[base + "gate_proj.weight"], raw[base + "up_proj.weight"]))
        )
        down.append(raw[base + "down_proj.weight"])
    fused["mlp.experts.gate_up_proj"] = torch.stack(gate_up)
    fused["mlp.experts.down_proj"] = torch.stack(down)
    return fused
