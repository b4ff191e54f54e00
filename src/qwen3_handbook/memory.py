"""How much GPU memory a Qwen3 model needs: weights by format, KV cache, overhead, GPU count.

Weights are counted tensor by tensor from the model's configuration (the same shapes
`qwen3_handbook.architecture.count_parameters` builds), so mixed formats such as llama.cpp's
``q4_K_M`` — mostly ``q4_K`` blocks, some tensors in ``q6_K`` — are computed, not guessed.

Storage per format (see `QUANT_FORMATS` for every figure and its source):

* ``bf16`` / ``fp16``: 16 bits for every tensor, as in the published checkpoints.
* ``fp8``, ``int8``, ``int4``, ``nvfp4``, ``mxfp4``: the linear layers inside the decoder
  blocks (attention projections, experts or MLP) are quantized; embeddings, output head,
  norms and MoE routers stay in bf16, as quantized checkpoints usually keep them. ``fp8`` is fine-grained FP8 with
  one float32 scale per 128 x 128 block; ``int4`` is AWQ/GPTQ with group size 128 (one fp16
  scale and one 4-bit zero point per 128 weights); ``int8`` is GPTQ int8 with group size 128.
  ``nvfp4`` and ``mxfp4`` are computed from their block layouts (`FP4_BLOCKS`).
* GGUF types follow llama.cpp: block sizes from ``ggml/src/ggml-common.h``, the per-tensor
  choice of type from ``llama_tensor_get_type`` in ``src/llama-quant.cpp`` (no importance
  matrix, no ``--tensor-type`` overrides). Norms and MoE routers stay in F32.

Examples:
    >>> from qwen3_handbook.memory import estimate, gpus_needed
    >>> plan = estimate("Qwen3-235B-A22B", "fp8", context_tokens=32768)
    >>> round(plan.weights / 1e9, 1), round(plan.kv_cache / 1e9, 2)
    (236.4, 6.31)
    >>> gpus_needed(plan, 80)
    4
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from qwen3_handbook._checks import (
    MAX_BATCH_SIZE,
    MAX_CONTEXT_TOKENS,
    ArgumentTypeError,
    boolean,
    checked_cache,
    finite_float,
    positive_int,
    text,
)
from qwen3_handbook.architecture import count_parameters, kv_cache_bytes, model_names

__all__ = [
    "DEFAULT_OVERHEAD_FRACTION",
    "DEFAULT_USABLE_FRACTION",
    "FP4_BLOCKS",
    "GGML_TYPES",
    "GPU_MEMORY_GB",
    "MAX_GPU_MEMORY_GB",
    "QUANT_FORMATS",
    "MemoryEstimate",
    "QuantFormat",
    "TensorStorage",
    "estimate",
    "gpus_needed",
    "tensor_storage",
    "weight_bytes",
]

GGML_COMMON_H = (
    "https://github.com/ggml-org/llama.cpp/blob/master/ggml/src/ggml-common.h"
)
LLAMA_QUANT_CPP = (
    "https://github.com/ggml-org/llama.cpp/blob/master/src/llama-quant.cpp"
)

# ggml type -> (bytes per block, weights per block), from the block structs and their
# static_asserts in ggml/src/ggml-common.h (QK_K = 256 for the k-quants).
GGML_TYPES: dict[str, tuple[int, int]] = {
    "f32": (4, 1),
    "f16": (2, 1),
    "bf16": (2, 1),
    "q8_0": (34, 32),  # fp16 scale + 32 int8 -> 8.5 bits per weight
    "q6_K": (210, 256),  # 128 + 64 bytes of quants, 16 int8 scales, fp16 d -> 6.5625
    "q5_1": (24, 32),  # fp16 d and m, 4 high-bit bytes, 16 nibble bytes -> 6.0
    "q5_K": (176, 256),  # fp16 d and dmin, 12 scale bytes, 32 + 128 quant bytes -> 5.5
    "q5_0": (22, 32),  # fp16 d, 4 high-bit bytes, 16 nibble bytes -> 5.5
    "q4_K": (144, 256),  # fp16 d and dmin, 12 scale bytes, 128 nibble bytes -> 4.5
}
"""ggml tensor types: ``(bytes per block, weights per block)`` from ``ggml-common.h``."""

# llama.cpp's fallback when a row length is not a multiple of the block size
# (tensor_type_fallback in src/llama-quant.cpp).
_GGML_FALLBACK = {"q4_K": "q5_0", "q5_K": "q5_1", "q6_K": "q8_0"}


@dataclass(frozen=True)
class QuantFormat:
    """A storage format for the weights.

    Attributes:
        name: The key in `QUANT_FORMATS`.
        bits_per_weight: Bits per weight of the format's main tensor type, including its
            scales (for a llama.cpp mix such as ``q4_K_M``: its base type, ``q4_K``). The
            effective figure for a model is `MemoryEstimate.bits_per_weight`.
        kind: ``"float"`` (every tensor in this type), ``"linear"`` (decoder linear layers
            quantized, the rest bf16) or ``"gguf"`` (llama.cpp's per-tensor recipe).
        description: What is assumed, in a sentence.
        source: Where the figure comes from.
    """

    name: str
    bits_per_weight: float
    kind: str
    description: str
    source: str


def _ggml_bits(ggml_type: str) -> float:
    block_bytes, block_weights = GGML_TYPES[ggml_type]
    return block_bytes * 8 / block_weights


_FP8_DOCS = "https://huggingface.co/docs/transformers/quantization/finegrained_fp8"
_AWQ_DOCS = "https://huggingface.co/docs/transformers/quantization/awq"
NVFP4_DOCS = (
    "https://developer.nvidia.com/blog/"
    "introducing-nvfp4-for-efficient-and-accurate-low-precision-inference/"
)
MX_SPEC = "https://www.opencompute.org/documents/ocp-microscaling-formats-mx-v1-0-spec-final-pdf"

# FP4 block layouts: (values per block, bits of the block's scale, bytes of the
# per-tensor scale). NVFP4: E2M1 values, one FP8 E4M3 scale per 16 values and one FP32
# scale per tensor (NVIDIA's NVFP4 blog). MXFP4: E2M1 values, one E8M0 scale per 32
# values (OCP Microscaling Formats v1.0, section 5).
FP4_BLOCKS: dict[str, tuple[int, int, int]] = {
    "nvfp4": (16, 8, 4),
    "mxfp4": (32, 8, 0),
}
"""FP4 formats: ``(values per block, scale bits per block, per-tensor scale bytes)``."""

QUANT_FORMATS: dict[str, QuantFormat] = {
    fmt.name: fmt
    for fmt in [
        QuantFormat(
            "bf16",
            16.0,
            "float",
            "bfloat16, as the published checkpoints",
            "https://huggingface.co/Qwen/Qwen3-235B-A22B/blob/main/config.json",
        ),
        QuantFormat("fp16", 16.0, "float", "float16", "IEEE 754 binary16"),
        QuantFormat(
            "fp8",
            8 + 32 / (128 * 128),
            "linear",
            "FP8 (e4m3), a float32 scale per 128 x 128 block",
            _FP8_DOCS,
        ),
        QuantFormat(
            "int8",
            8 + (16 + 8) / 128,
            "linear",
            "GPTQ int8, groups of 128: fp16 scale + 8-bit zero point",
            _AWQ_DOCS,
        ),
        QuantFormat(
            "int4",
            4 + (16 + 4) / 128,
            "linear",
            "AWQ/GPTQ int4, groups of 128: fp16 scale + 4-bit zero point",
            _AWQ_DOCS,
        ),
        QuantFormat(
            "nvfp4",
            4 + 8 / 16,
            "linear",
            "NVFP4: E2M1, FP8 scale per 16 values + FP32 per tensor",
            NVFP4_DOCS,
        ),
        QuantFormat(
            "mxfp4",
            4 + 8 / 32,
            "linear",
            "MXFP4 (OCP MX): E2M1, E8M0 scale per 32 values",
            MX_SPEC,
        ),
        QuantFormat(
            "q8_0",
            _ggml_bits("q8_0"),
            "gguf",
            "GGUF q8_0 for every tensor",
            GGML_COMMON_H,
        ),
        QuantFormat(
            "q6_K",
            _ggml_bits("q6_K"),
            "gguf",
            "GGUF q6_K for every tensor",
            GGML_COMMON_H,
        ),
        QuantFormat(
            "q5_K_M",
            _ggml_bits("q5_K"),
            "gguf",
            "GGUF q5_K; q6_K for the output and ~half of attn_v, ffn_down",
            LLAMA_QUANT_CPP,
        ),
        QuantFormat(
            "q5_0",
            _ggml_bits("q5_0"),
            "gguf",
            "GGUF q5_0; output head q6_K",
            LLAMA_QUANT_CPP,
        ),
        QuantFormat(
            "q4_K_M",
            _ggml_bits("q4_K"),
            "gguf",
            "GGUF q4_K; q6_K for the output and ~half of attn_v, ffn_down",
            LLAMA_QUANT_CPP,
        ),
    ]
}
"""Weight formats by name. ``bits_per_weight`` is the main type's figure, scales included."""

DEFAULT_OVERHEAD_FRACTION = 0.10
"""Assumed extra memory on top of weights plus KV cache: activations, CUDA context and
graphs, communication buffers, fragmentation. A planning margin, not a measurement."""

MAX_GPU_MEMORY_GB = 1e5
"""Largest GPU size the helpers accept, in GB: far above any GPU, far below overflow."""

DEFAULT_USABLE_FRACTION = 0.90
"""Share of each GPU's memory the plans let a server fill: a 10% margin for what the
engine does not measure (other processes, CUDA context). Not vLLM's default: vLLM 0.34
leaves ``--gpu-memory-utilization`` unset, meaning 1.0 with its extensible KV cache (the
default on CUDA and ROCm) and 0.92 otherwise (``vllm/config/cache.py``)."""

GPU_MEMORY_GB: dict[str, float] = {
    "24 GB (RTX 4090, L4)": 24,
    "48 GB (L40S, RTX 6000 Ada)": 48,
    "80 GB (A100 80GB, H100)": 80,
    "96 GB (RTX PRO 6000)": 96,
    "141 GB (H200)": 141,
    "192 GB (MI300X)": 192,
    "256 GB (MI325X)": 256,
    "288 GB (MI355X)": 288,
}
"""GPU memory sizes the handbook's tables use, in GB (1e9 bytes)."""


@dataclass(frozen=True)
class TensorStorage:
    """One group of identical tensors and how a format stores them.

    Attributes:
        name: llama.cpp-style tensor name (``blk.N.`` prefix dropped), e.g. ``ffn_down_exps``.
        layers: How many layers hold this tensor with this storage (1 for global tensors).
        shape: ``(rows, columns)``; columns are the input dimension that blocks run along.
            Expert tensors have the expert count folded into rows.
        dtype: The storage type, e.g. ``"q6_K"``, ``"bf16"``, ``"int4-g128"``.
        nbytes: Bytes for all ``layers`` copies.
    """

    name: str
    layers: int
    shape: tuple[int, int]
    dtype: str
    nbytes: int

    @property
    def parameters(self) -> int:
        """Weights in all ``layers`` copies."""
        return self.layers * self.shape[0] * self.shape[1]


def _format(fmt: str) -> QuantFormat:
    try:
        return QUANT_FORMATS[fmt]
    except (KeyError, TypeError):
        known = ", ".join(QUANT_FORMATS)
        if not isinstance(fmt, str):
            raise ArgumentTypeError(
                f"fmt must be a string, got {fmt!r}: unknown weight format; known formats: {known}"
            ) from None
        raise ValueError(
            f"unknown weight format {fmt!r}; known formats: {known}"
        ) from None


def _check_model(name: str) -> None:
    text("name", name)
    if name not in model_names(generation="all"):
        known = ", ".join(model_names(generation="all"))
        raise ValueError(f"unknown Qwen3 model {name!r}; known models: {known}")


@cache
def _tensors(name: str) -> tuple[tuple[str, str, bool, int, int], ...]:
    """``(tensor, category, per_layer, rows, cols)`` for every tensor, in llama.cpp's naming."""
    return tuple(_iter_tensors(name))


def _iter_tensors(name: str) -> Iterator[tuple[str, str, bool, int, int]]:
    from qwen3_handbook.architecture import config_for

    config = config_for(name)
    hidden, vocab = config.hidden_size, config.vocab_size
    head_dim = config.head_dim
    q_dim = config.num_attention_heads * head_dim
    kv_dim = config.num_key_value_heads * head_dim
    yield "token_embd", "token_embd", False, vocab, hidden
    if not config.tie_word_embeddings:
        yield "output", "output", False, vocab, hidden
    yield "output_norm", "norm", False, 1, hidden
    yield "attn_norm", "norm", True, 1, hidden
    yield "ffn_norm", "norm", True, 1, hidden
    yield "attn_q_norm", "norm", True, 1, head_dim
    yield "attn_k_norm", "norm", True, 1, head_dim
    yield "attn_q", "linear", True, q_dim, hidden
    yield "attn_k", "linear", True, kv_dim, hidden
    yield "attn_v", "attn_v", True, kv_dim, hidden
    yield "attn_output", "linear", True, hidden, q_dim
    experts = getattr(config, "num_experts", None)
    if experts:
        inter = config.moe_intermediate_size
        yield "ffn_gate_inp", "router", True, experts, hidden
        yield "ffn_gate_exps", "linear", True, experts * inter, hidden
        yield "ffn_up_exps", "linear", True, experts * inter, hidden
        yield "ffn_down_exps", "ffn_down", True, experts * hidden, inter
    else:
        inter = config.intermediate_size
        yield "ffn_gate", "linear", True, inter, hidden
        yield "ffn_up", "linear", True, inter, hidden
        yield "ffn_down", "ffn_down", True, hidden, inter


def _num_layers(name: str) -> int:
    return count_parameters(name).layers


def _use_more_bits(layer: int, layers: int) -> bool:
    # use_more_bits() in llama_tensor_get_type_impl (src/llama-quant.cpp), C integer division.
    return (
        layer < layers // 8
        or layer >= 7 * layers // 8
        or (layer - layers // 8) % 3 == 2
    )


def _gguf_type(
    fmt: str, category: str, layer: int, layers: int, cols: int, tied: bool
) -> str:
    """llama.cpp's type for one tensor (Q4_K_M, Q5_K_M, Q5_0, Q6_K, Q8_0; no imatrix)."""
    if category in ("norm", "router"):
        return "f32"  # convert_hf_to_gguf.py keeps norms and ffn_gate_inp in F32
    base = {"q4_K_M": "q4_K", "q5_K_M": "q5_K"}.get(fmt, fmt)
    chosen = base
    if category == "output" or (category == "token_embd" and tied):
        chosen = "q8_0" if base == "q8_0" else "q6_K"
    elif category in ("attn_v", "ffn_down") and fmt in ("q4_K_M", "q5_K_M"):
        if _use_more_bits(layer, layers):
            chosen = "q6_K"
    block = GGML_TYPES[chosen][1]
    if cols % block:
        chosen = _GGML_FALLBACK.get(chosen, "f16")
    return chosen


def _linear_bytes(
    fmt: QuantFormat, rows: int, cols: int, matrices: int = 1
) -> tuple[str, int]:
    """Bytes of ``rows x cols`` quantized weights; ``matrices``: how many weight
    matrices they are (the experts folded into rows), each with its per-tensor scale."""
    if fmt.name in FP4_BLOCKS:
        block, scale_bits, tensor_scale = FP4_BLOCKS[fmt.name]
        values = rows * cols * 4 // 8  # two E2M1 values per byte
        scales = rows * math.ceil(cols / block) * scale_bits // 8
        return f"{fmt.name}-g{block}", values + scales + matrices * tensor_scale
    if fmt.name == "fp8":
        scales = math.ceil(rows / 128) * math.ceil(cols / 128) * 4  # float32 per block
        return "fp8-block128", rows * cols + scales
    bits = 8 if fmt.name == "int8" else 4
    groups = rows * math.ceil(cols / 128)
    zero_bits = bits
    return f"{fmt.name}-g128", (rows * cols * bits + groups * (16 + zero_bits)) // 8


@checked_cache
def tensor_storage(name: str, fmt: str) -> tuple[TensorStorage, ...]:
    """How a format stores every tensor of a model, grouped by tensor and storage type.

    Args:
        name: A model name such as ``"Qwen3-235B-A22B"``.
        fmt: A key of `QUANT_FORMATS`, e.g. ``"q4_K_M"``.

    Raises:
        ValueError: On an unknown model or format.

    Examples:
        >>> rows = tensor_storage("Qwen3-235B-A22B", "q4_K_M")
        >>> {t.dtype: t.layers for t in rows if t.name == "ffn_down_exps"}
        {'q6_K': 46, 'q4_K': 48}
    """
    quant = _format(fmt)
    _check_model(name)
    layers = _num_layers(name)
    tied = not any(t[0] == "output" for t in _tensors(name))
    from qwen3_handbook.architecture import MODEL_CONFIGS

    experts = MODEL_CONFIGS[name].get("num_experts") or 1
    result: list[TensorStorage] = []
    for tensor, category, per_layer, rows, cols in _tensors(name):
        counts: dict[str, int] = {}
        for layer in range(layers if per_layer else 1):
            if quant.kind == "float":
                dtype = quant.name
            elif quant.kind == "gguf":
                dtype = _gguf_type(fmt, category, layer, layers, cols, tied)
            elif category in ("linear", "attn_v", "ffn_down"):
                dtype = "quantized"
            else:
                dtype = "bf16"
            counts[dtype] = counts.get(dtype, 0) + 1
        for dtype, count in counts.items():
            if dtype == "quantized":
                matrices = experts if tensor.endswith("_exps") else 1
                label, nbytes = _linear_bytes(quant, rows, cols, matrices)
            else:
                label = dtype
                block_bytes, block_weights = GGML_TYPES[
                    "f16" if dtype == "fp16" else dtype
                ]
                nbytes = rows * math.ceil(cols / block_weights) * block_bytes
            result.append(
                TensorStorage(tensor, count, (rows, cols), label, nbytes * count)
            )
    return tuple(result)


def weight_bytes(name: str, fmt: str) -> int:
    """Bytes the weights of a model occupy in a format.

    Args:
        name: A model name such as ``"Qwen3-235B-A22B"`` (see
            `qwen3_handbook.architecture.model_names`).
        fmt: A key of `QUANT_FORMATS`: ``bf16``, ``fp16``, ``fp8``, ``int8``, ``int4``,
            ``nvfp4``, ``mxfp4``,
            ``q8_0``, ``q6_K``, ``q5_K_M``, ``q5_0`` or ``q4_K_M``.

    Raises:
        ValueError: On an unknown model or format.

    Examples:
        >>> weight_bytes("Qwen3-235B-A22B", "bf16")
        470187269120
        >>> round(weight_bytes("Qwen3-235B-A22B", "q4_K_M") / 1e9, 1)
        142.1
    """
    return sum(t.nbytes for t in tensor_storage(name, fmt))


@dataclass(frozen=True)
class MemoryEstimate:
    """Memory one serving configuration needs, in bytes.

    Attributes:
        model: The model name.
        fmt: The weight format.
        context_tokens: Tokens per sequence the KV cache holds.
        batch_size: Sequences held at once.
        kv_bytes_per_value: Bytes per cached key/value element (2 bf16, 1 fp8).
        overhead_fraction: The overhead assumption, as a share of weights plus KV cache.
        parameters: Parameters in the model.
        weights: Bytes of weights.
        kv_cache: Bytes of KV cache.
        overhead: ``overhead_fraction x (weights + kv_cache)``.
    """

    model: str
    fmt: str
    context_tokens: int
    batch_size: int
    kv_bytes_per_value: float
    overhead_fraction: float
    parameters: int
    weights: int
    kv_cache: int
    overhead: int

    @property
    def total(self) -> int:
        """Weights + KV cache + overhead, in bytes."""
        return self.weights + self.kv_cache + self.overhead

    @property
    def bits_per_weight(self) -> float:
        """Effective bits per parameter of the weights, all tensors included."""
        return self.weights * 8 / self.parameters

    @property
    def total_gb(self) -> float:
        """`total` in GB (1e9 bytes)."""
        return self.total / 1e9


def estimate(
    name: str,
    fmt: str,
    context_tokens: int,
    batch_size: int = 1,
    kv_bytes_per_value: float = 2,
    overhead_fraction: float = DEFAULT_OVERHEAD_FRACTION,
) -> MemoryEstimate:
    """Estimate the memory to serve ``batch_size`` sequences of ``context_tokens`` each.

    Args:
        name: A model name such as ``"Qwen3-235B-A22B"``.
        fmt: A key of `QUANT_FORMATS`.
        context_tokens: Tokens per sequence (prompt plus output), at least 1.
        batch_size: Sequences in flight at once, at least 1.
        kv_bytes_per_value: 2 for a bf16/fp16 KV cache, 1 for fp8; llama.cpp's q8_0 cache
            is 1.0625.
        overhead_fraction: Extra memory as a share of weights plus KV cache, 0 to 1.

    Raises:
        ValueError: On an unknown model or format, a context or batch size below 1,
            a non-positive ``kv_bytes_per_value`` or an overhead outside [0, 1].

    Examples:
        >>> plan = estimate("Qwen3-30B-A3B", "bf16", context_tokens=32768, batch_size=4)
        >>> round(plan.kv_cache / 1e9, 2), round(plan.total_gb, 1)
        (12.88, 81.3)
    """
    quant = _format(fmt)
    _check_model(name)
    overhead_fraction = finite_float(
        "overhead_fraction",
        overhead_fraction,
        minimum=0,
        maximum=1,
        requirement="between 0 and 1",
    )
    kv_bytes_per_value = finite_float(
        "kv_bytes_per_value",
        kv_bytes_per_value,
        minimum=0.125,
        requirement="positive and at least 0.125 (one bit per value)",
    )
    context_tokens = positive_int(
        "context_tokens", context_tokens, maximum=MAX_CONTEXT_TOKENS
    )
    batch_size = positive_int("batch_size", batch_size, maximum=MAX_BATCH_SIZE)
    kv = kv_cache_bytes(name, context_tokens, batch_size, kv_bytes_per_value)
    weights = weight_bytes(name, quant.name)
    return MemoryEstimate(
        model=name,
        fmt=quant.name,
        context_tokens=context_tokens,
        batch_size=batch_size,
        kv_bytes_per_value=kv_bytes_per_value,
        overhead_fraction=overhead_fraction,
        parameters=count_parameters(name).total,
        weights=weights,
        kv_cache=kv,
        overhead=round(overhead_fraction * (weights + kv)),
    )


def gpus_needed(
    plan: MemoryEstimate,
    gpu_memory_gb: float,
    usable_fraction: float = DEFAULT_USABLE_FRACTION,
    power_of_two: bool = True,
) -> int:
    """How many GPUs of one size hold a configuration.

    Args:
        plan: The result of `estimate`.
        gpu_memory_gb: Memory of one GPU in GB (1e9 bytes), e.g. 24, 48, 80, 96, 141.
        usable_fraction: Share of each GPU the server may fill (a planning margin).
        power_of_two: Round up to 1, 2, 4, 8, ... GPUs, as tensor parallelism needs a
            size that divides the attention heads. ``False`` gives the bare minimum, e.g. for
            llama.cpp's layer split.

    Raises:
        TypeError: If ``plan`` is not a `MemoryEstimate`.
        ValueError: On a non-positive GPU size or a usable fraction outside (0, 1].

    Examples:
        >>> plan = estimate("Qwen3-235B-A22B", "bf16", context_tokens=32768)
        >>> gpus_needed(plan, 80), gpus_needed(plan, 141)
        (8, 8)
        >>> gpus_needed(plan, 141, power_of_two=False)
        5
    """
    if not isinstance(plan, MemoryEstimate):
        raise TypeError(
            f"plan must be a MemoryEstimate from estimate(), got {type(plan).__name__}"
        )
    gpu_memory_gb = finite_float(
        "gpu_memory_gb",
        gpu_memory_gb,
        minimum=0,
        include_minimum=False,
        maximum=MAX_GPU_MEMORY_GB,
        requirement=f"a positive number of GB below {MAX_GPU_MEMORY_GB:,.0f}",
    )
    usable_fraction = finite_float(
        "usable_fraction", usable_fraction, minimum=0, maximum=1, include_minimum=False
    )
    power_of_two = boolean("power_of_two", power_of_two)
    # Bytes to GB first: GB x 1e9 overflows to inf for a huge GPU, and 0 GPUs would
    # then round up to a "power of two" of 2.
    count = max(1, math.ceil(plan.total / 1e9 / gpu_memory_gb / usable_fraction))
    if power_of_two:
        count = 1 << (count - 1).bit_length()
    return count
