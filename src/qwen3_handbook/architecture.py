"""Exact architecture numbers for the Qwen3 family, computed rather than typed.

The configurations below are copied from the `config.json` of each model on the
Hugging Face hub (for example
<https://huggingface.co/Qwen/Qwen3-235B-A22B/blob/main/config.json>). The full-size
models are instantiated on PyTorch's ``meta`` device, which allocates no memory, so
parameter counts are the ones `transformers` really builds.

Examples:
    >>> from qwen3_handbook.architecture import count_parameters
    >>> counts = count_parameters("Qwen3-235B-A22B")
    >>> f"{counts.total:,}"
    '235,093,634,560'
    >>> f"{counts.active:,}"
    '22,190,763,520'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from qwen3_handbook._checks import (
    MAX_BATCH_SIZE,
    MAX_CONTEXT_TOKENS,
    finite_float,
    positive_float,
    positive_int,
    text,
)

if TYPE_CHECKING:
    from transformers import PretrainedConfig

__all__ = [
    "CONTEXT_LENGTHS",
    "GENERATIONS",
    "MODEL_CONFIGS",
    "ParameterCounts",
    "config_for",
    "context_lengths",
    "count_parameters",
    "generation",
    "kv_cache_bytes",
    "kv_cache_bytes_per_token",
    "model_names",
]

# Shared by every Qwen3 model (config.json of each checkpoint).
_COMMON: dict[str, Any] = {
    "vocab_size": 151936,
    "head_dim": 128,
    "hidden_act": "silu",
    "rms_norm_eps": 1e-6,
    "rope_theta": 1_000_000.0,
    "max_position_embeddings": 40960,
    "attention_bias": False,
}

# Values from each model's config.json on the Hugging Face hub
# (https://huggingface.co/Qwen/<name>/blob/main/config.json). Layers and Q/KV heads also match
# Tables 1 and 2 of the Qwen3 Technical Report (arXiv 2505.09388), and the parameter counts
# built from these shapes round to the figures on each model card (tests/test_architecture.py).
# The -2507 checkpoints are not listed: they have a 256K native context (QwenLM/Qwen3 README),
# so their config.json differs from the models below in more than the name.
MODEL_CONFIGS: dict[str, dict[str, Any]] = {
    "Qwen3-235B-A22B": {
        "architecture": "moe",
        "hidden_size": 4096,
        "num_hidden_layers": 94,
        "num_attention_heads": 64,
        "num_key_value_heads": 4,
        "num_experts": 128,
        "num_experts_per_tok": 8,
        "moe_intermediate_size": 1536,
        "intermediate_size": 12288,
        "norm_topk_prob": True,
        "router_aux_loss_coef": 0.001,
        "tie_word_embeddings": False,
    },
    "Qwen3-30B-A3B": {
        "architecture": "moe",
        "hidden_size": 2048,
        "num_hidden_layers": 48,
        "num_attention_heads": 32,
        "num_key_value_heads": 4,
        "num_experts": 128,
        "num_experts_per_tok": 8,
        "moe_intermediate_size": 768,
        "intermediate_size": 6144,
        "norm_topk_prob": True,
        "router_aux_loss_coef": 0.001,
        "tie_word_embeddings": False,
    },
    "Qwen3-32B": {
        "architecture": "dense",
        "hidden_size": 5120,
        "num_hidden_layers": 64,
        "num_attention_heads": 64,
        "num_key_value_heads": 8,
        "intermediate_size": 25600,
        "tie_word_embeddings": False,
    },
    "Qwen3-14B": {
        "architecture": "dense",
        "hidden_size": 5120,
        "num_hidden_layers": 40,
        "num_attention_heads": 40,
        "num_key_value_heads": 8,
        "intermediate_size": 17408,
        "tie_word_embeddings": False,
    },
    "Qwen3-8B": {
        "architecture": "dense",
        "hidden_size": 4096,
        "num_hidden_layers": 36,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "intermediate_size": 12288,
        "tie_word_embeddings": False,
    },
    "Qwen3-4B": {
        "architecture": "dense",
        "hidden_size": 2560,
        "num_hidden_layers": 36,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "intermediate_size": 9728,
        "tie_word_embeddings": True,
    },
    "Qwen3-1.7B": {
        "architecture": "dense",
        "hidden_size": 2048,
        "num_hidden_layers": 28,
        "num_attention_heads": 16,
        "num_key_value_heads": 8,
        "intermediate_size": 6144,
        "tie_word_embeddings": True,
    },
    "Qwen3-0.6B": {
        "architecture": "dense",
        "hidden_size": 1024,
        "num_hidden_layers": 28,
        "num_attention_heads": 16,
        "num_key_value_heads": 8,
        "intermediate_size": 3072,
        "tie_word_embeddings": True,
    },
}


# The July 2025 updates (Qwen3-2507) and Qwen3-Coder. Shapes from each model card's
# "Model Overview" (layers, Q/KV heads, experts) and config.json
# (https://huggingface.co/Qwen/<name>/blob/main/config.json); the 2507 models keep the
# shapes of the April models they update, with a 262,144-token native context
# (max_position_embeddings). rope_theta is set only where a copy of config.json was read
# (see the facts list of issue 12); it changes no count below. No copy of the
# 30B-A3B-2507 config.json was read: config_for keeps the family's 1,000,000 there.
_MOE_235B = {k: v for k, v in MODEL_CONFIGS["Qwen3-235B-A22B"].items()}
_MOE_30B = {k: v for k, v in MODEL_CONFIGS["Qwen3-30B-A3B"].items()}
_DENSE_4B = {k: v for k, v in MODEL_CONFIGS["Qwen3-4B"].items()}
_NATIVE_256K = {"max_position_embeddings": 262144}
MODEL_CONFIGS.update(
    {
        "Qwen3-235B-A22B-Instruct-2507": {
            **_MOE_235B,
            **_NATIVE_256K,
            "rope_theta": 5_000_000.0,
        },
        "Qwen3-235B-A22B-Thinking-2507": {
            **_MOE_235B,
            **_NATIVE_256K,
            "rope_theta": 5_000_000.0,
        },
        "Qwen3-30B-A3B-Instruct-2507": {**_MOE_30B, **_NATIVE_256K},
        "Qwen3-30B-A3B-Thinking-2507": {**_MOE_30B, **_NATIVE_256K},
        "Qwen3-4B-Instruct-2507": {
            **_DENSE_4B,
            **_NATIVE_256K,
            "rope_theta": 5_000_000.0,
        },
        "Qwen3-4B-Thinking-2507": {
            **_DENSE_4B,
            **_NATIVE_256K,
            "rope_theta": 5_000_000.0,
        },
        # https://huggingface.co/Qwen/Qwen3-Coder-480B-A35B-Instruct/blob/main/config.json
        "Qwen3-Coder-480B-A35B-Instruct": {
            "architecture": "moe",
            "hidden_size": 6144,
            "num_hidden_layers": 62,
            "num_attention_heads": 96,
            "num_key_value_heads": 8,
            "num_experts": 160,
            "num_experts_per_tok": 8,
            "moe_intermediate_size": 2560,
            "intermediate_size": 8192,
            "norm_topk_prob": True,
            "tie_word_embeddings": False,
            "rope_theta": 10_000_000.0,
            **_NATIVE_256K,
        },
        # https://huggingface.co/Qwen/Qwen3-Coder-30B-A3B-Instruct/blob/main/config.json
        "Qwen3-Coder-30B-A3B-Instruct": {
            **_MOE_30B,
            "intermediate_size": 5472,
            "rope_theta": 10_000_000.0,
            **_NATIVE_256K,
        },
    }
)

GENERATIONS: dict[str, str] = {
    name: (
        "coder"
        if name.startswith("Qwen3-Coder-")
        else "2507"
        if name.endswith("-2507")
        else "original"
    )
    for name in MODEL_CONFIGS
}
"""Release of each model: ``"original"`` (the hybrid thinking models of April 2025),
``"2507"`` (the single-mode Instruct-2507 / Thinking-2507 updates of July 2025) or
``"coder"`` (Qwen3-Coder)."""


# Context length in tokens: (native, maximum with static YaRN scaling). From the model cards
# ("32,768 natively and 131,072 tokens with YaRN"; 0.6B and 1.7B: "Context Length: 32,768")
# and Tables 1 and 2 of the technical report (32K and 128K).
CONTEXT_LENGTHS: dict[str, tuple[int, int]] = {
    "Qwen3-235B-A22B": (32768, 131072),
    "Qwen3-30B-A3B": (32768, 131072),
    "Qwen3-32B": (32768, 131072),
    "Qwen3-14B": (32768, 131072),
    "Qwen3-8B": (32768, 131072),
    "Qwen3-4B": (32768, 131072),
    "Qwen3-1.7B": (32768, 32768),
    "Qwen3-0.6B": (32768, 32768),
    # 2507: 262,144 natively; the 235B and 30B models reach 1,010,000 with config_1m.json
    # (Dual Chunk Attention + sparse attention, not YaRN): "--max-model-len 1010000" on
    # their cards; the 4B-2507 cards describe no 1M route.
    "Qwen3-235B-A22B-Instruct-2507": (262144, 1010000),
    "Qwen3-235B-A22B-Thinking-2507": (262144, 1010000),
    "Qwen3-30B-A3B-Instruct-2507": (262144, 1010000),
    "Qwen3-30B-A3B-Thinking-2507": (262144, 1010000),
    "Qwen3-4B-Instruct-2507": (262144, 262144),
    "Qwen3-4B-Thinking-2507": (262144, 262144),
    # Coder: 262,144 natively, "extendable up to 1M tokens using Yarn" (cards); the
    # tokenizer_config.json of Qwen3-Coder-30B-A3B-Instruct sets model_max_length 1048576.
    "Qwen3-Coder-480B-A35B-Instruct": (262144, 1048576),
    "Qwen3-Coder-30B-A3B-Instruct": (262144, 1048576),
}

_KINDS = ("moe", "dense")

MIN_BYTES_PER_VALUE = 0.125
"""The smallest KV-cache precision the helpers accept: one bit per value."""


_GENERATION_CHOICES = ("original", "2507", "coder", "all")


def model_names(kind: str | None = None, generation: str = "original") -> list[str]:
    """Return the model names this module knows, MoE models first, then dense by size.

    Args:
        kind: ``"moe"`` or ``"dense"`` to list only that kind; ``None`` for all.
        generation: ``"original"`` (default: the April 2025 hybrid models), ``"2507"``,
            ``"coder"``, or ``"all"`` for every model (see `GENERATIONS`).

    Raises:
        ValueError: If ``kind`` is neither ``"moe"``, ``"dense"`` nor ``None``, or
            ``generation`` is not one of the choices above.

    Examples:
        >>> model_names("moe")
        ['Qwen3-235B-A22B', 'Qwen3-30B-A3B']
        >>> model_names("moe", generation="coder")
        ['Qwen3-Coder-480B-A35B-Instruct', 'Qwen3-Coder-30B-A3B-Instruct']
    """
    if kind is not None and kind not in _KINDS:
        raise ValueError(f"kind must be 'moe', 'dense' or None, got {kind!r}")
    if generation not in _GENERATION_CHOICES:
        choices = ", ".join(repr(choice) for choice in _GENERATION_CHOICES)
        raise ValueError(f"generation must be one of {choices}, got {generation!r}")
    return [
        name
        for name, spec in MODEL_CONFIGS.items()
        if (kind is None or spec["architecture"] == kind)
        and (generation == "all" or GENERATIONS[name] == generation)
    ]


def generation(name: str) -> str:
    """The release a model belongs to: ``"original"``, ``"2507"`` or ``"coder"``.

    Raises:
        ValueError: If the name is not a known Qwen3 model.

    Examples:
        >>> generation("Qwen3-235B-A22B-Thinking-2507")
        '2507'
    """
    _spec(name)
    return GENERATIONS[name]


def context_lengths(name: str) -> tuple[int, int]:
    """Native context length and the documented maximum, in tokens.

    Args:
        name: A model name such as ``"Qwen3-235B-A22B"``.

    Returns:
        ``(native, extended)``. For the original models ``extended`` is the static-YaRN
        maximum (both are 32,768 for models without a YaRN extension); for the 235B and
        30B 2507 models it is the 1M route of ``config_1m.json`` (1,010,000); for
        Qwen3-Coder the YaRN maximum its tokenizer config allows (1,048,576).

    Raises:
        ValueError: If the name is not a known Qwen3 model.

    Examples:
        >>> context_lengths("Qwen3-235B-A22B")
        (32768, 131072)
    """
    _spec(name)
    return CONTEXT_LENGTHS[name]


def _spec(name: str) -> dict[str, Any]:
    text("name", name)
    try:
        return MODEL_CONFIGS[name]
    except KeyError:
        known = ", ".join(MODEL_CONFIGS)
        raise ValueError(
            f"unknown Qwen3 model {name!r}; known models: {known}"
        ) from None


def config_for(name: str, **overrides: Any) -> PretrainedConfig:
    """Build the `transformers` config of a Qwen3 model by name.

    Args:
        name: A model name such as ``"Qwen3-235B-A22B"`` (see `model_names`).
        **overrides: Config fields to change, for example ``num_hidden_layers=2``.

    Returns:
        A ``Qwen3MoeConfig`` for MoE models, a ``Qwen3Config`` for dense ones.

    Raises:
        ValueError: If the name is not a known Qwen3 model, or an override of a size,
            count or float field is out of range (``num_hidden_layers=-1``).
        TypeError: If an override of such a field has the wrong type.

    Examples:
        >>> config_for("Qwen3-30B-A3B").num_hidden_layers
        48
    """
    from transformers import Qwen3Config, Qwen3MoeConfig

    spec = dict(_spec(name))
    overrides = _check_overrides({**_COMMON, **spec}, overrides)
    architecture = spec.pop("architecture")
    config_class = Qwen3MoeConfig if architecture == "moe" else Qwen3Config
    return config_class(**{**_COMMON, **spec, **overrides})


def _check_overrides(
    defaults: dict[str, Any], overrides: dict[str, Any]
) -> dict[str, Any]:
    """Check overrides of numeric fields here, with the field's name in the message.

    Returns the overrides with numpy and other number types turned into int and float.
    """
    checked = dict(overrides)
    for key, value in overrides.items():
        default = defaults.get(key)
        if isinstance(default, bool) or default is None:
            continue
        if isinstance(default, int):
            checked[key] = positive_int(key, value)
        elif isinstance(default, float):
            checked[key] = positive_float(key, value)
    return checked


@dataclass(frozen=True)
class ParameterCounts:
    """Parameter counts of one model, as built by `transformers`.

    Attributes:
        total: Every parameter stored in the checkpoint.
        active: Parameters used for one token (all but the unrouted experts).
        embedding: Input embedding parameters.
        lm_head: Output projection parameters (0 when tied to the embedding).
            `non_embedding` (a property) is ``total - embedding - lm_head``.
        attention_per_layer: q/k/v/o projections plus the q/k RMSNorm weights.
        expert: One expert's SwiGLU MLP (gate, up and down projections); 0 for dense.
        experts_per_layer: Number of routed experts in each layer; 0 for dense.
        active_experts_per_token: Experts a token is routed to in each layer.
        layers: Number of decoder layers.
    """

    total: int
    active: int
    embedding: int
    lm_head: int
    attention_per_layer: int
    expert: int
    experts_per_layer: int
    active_experts_per_token: int
    layers: int

    @property
    def non_embedding(self) -> int:
        """Parameters outside the input embedding and the output head.

        This is the "Non-Embedding" figure the Qwen3 model cards quote.
        """
        return self.total - self.embedding - self.lm_head


def count_parameters(name: str) -> ParameterCounts:
    """Count the parameters of a Qwen3 model exactly, without allocating its weights.

    The model is instantiated on ``torch.device("meta")``; shapes are real, storage is not.

    Args:
        name: A model name such as ``"Qwen3-235B-A22B"``.

    Raises:
        ValueError: If the name is not a known Qwen3 model.

    Examples:
        >>> f"{count_parameters('Qwen3-30B-A3B').active:,}"
        '3,353,032,704'
    """
    _spec(name)  # a clear error before the cache sees an unhashable or unknown name
    return _count_parameters(name)


@cache
def _count_parameters(name: str) -> ParameterCounts:
    import torch
    from transformers import AutoModelForCausalLM

    config = config_for(name)
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config)

    total = sum(p.numel() for p in model.parameters())
    layer = model.model.layers[0]
    attention = sum(p.numel() for p in layer.self_attn.parameters())
    embedding = model.model.embed_tokens.weight.numel()
    lm_head = 0 if config.tie_word_embeddings else model.lm_head.weight.numel()

    if _spec(name)["architecture"] == "moe":
        experts = config.num_experts
        active_experts = config.num_experts_per_tok
        expert = sum(p.numel() for p in layer.mlp.experts.parameters()) // experts
    else:
        experts = active_experts = expert = 0
    unrouted = config.num_hidden_layers * (experts - active_experts) * expert
    return ParameterCounts(
        total=total,
        active=total - unrouted,
        embedding=embedding,
        lm_head=lm_head,
        attention_per_layer=attention,
        expert=expert,
        experts_per_layer=experts,
        active_experts_per_token=active_experts,
        layers=config.num_hidden_layers,
    )


def kv_cache_bytes_per_token(name: str, bytes_per_value: float = 2) -> int:
    """Bytes of key/value cache one token occupies across all layers.

    ``layers x 2 (key and value) x KV heads x head_dim x bytes per value``.

    Args:
        name: A model name such as ``"Qwen3-235B-A22B"``.
        bytes_per_value: 2 for bf16/fp16, 1 for an fp8 KV cache.

    Raises:
        ValueError: On an unknown model, or a ``bytes_per_value`` below 1/8 (one bit) or
            not finite.
        TypeError: If ``name`` is not a string or ``bytes_per_value`` not a number.

    Examples:
        >>> kv_cache_bytes_per_token("Qwen3-235B-A22B")
        192512
    """
    bytes_per_value = finite_float(
        "bytes_per_value",
        bytes_per_value,
        minimum=MIN_BYTES_PER_VALUE,
        requirement="positive and at least 0.125 (one bit per value)",
    )
    spec = _spec(name)
    values = (
        spec["num_hidden_layers"]
        * 2
        * spec["num_key_value_heads"]
        * _COMMON["head_dim"]
    )
    return int(values * bytes_per_value)


def kv_cache_bytes(
    name: str, context_tokens: int, batch_size: int = 1, bytes_per_value: float = 2
) -> int:
    """Bytes of key/value cache for ``batch_size`` sequences of ``context_tokens`` each.

    Args:
        name: A model name such as ``"Qwen3-235B-A22B"``.
        context_tokens: Tokens per sequence (prompt plus generated), at least 1.
        batch_size: Sequences held at once, at least 1.
        bytes_per_value: 2 for bf16/fp16, 1 for an fp8 KV cache.

    Raises:
        ValueError: On an unknown model or a context or batch size below 1.

    Examples:
        >>> kv_cache_bytes("Qwen3-235B-A22B", 32768) / 1e9
        6.308233216
    """
    context_tokens = positive_int(
        "context_tokens", context_tokens, maximum=MAX_CONTEXT_TOKENS
    )
    batch_size = positive_int("batch_size", batch_size, maximum=MAX_BATCH_SIZE)
    return kv_cache_bytes_per_token(name, bytes_per_value) * context_tokens * batch_size
