"""Multi-GPU layouts for Qwen3: which (TP, PP, DP, EP) splits a model allows, and the
memory each GPU then holds.

The rules are arithmetic on the model's ``config.json`` and the quantisation's block
size:

* **Attention heads** split over tensor parallel (TP):
  ``num_attention_heads % TP == 0``.
* **KV heads**: with TP up to the KV-head count, ``num_key_value_heads % TP == 0``; with
  a larger TP every rank keeps one KV head, replicated ``TP / num_key_value_heads``
  times, and ``TP % num_key_value_heads == 0`` (vLLM's ``QKVParallelLinear``).
* **MoE experts without expert parallel**: every expert's ``moe_intermediate_size`` is
  split over the MoE tensor-parallel group. In vLLM that group is ``DP x TP`` ("By
  default, expert layers form a tensor parallel group of size DP x TP",
  <https://docs.vllm.ai/en/latest/serving/data_parallel_deployment/>).
* **MoE experts with expert parallel** (``--enable-expert-parallel``): whole experts are
  spread over ``EP = DP x TP`` ranks, so ``num_experts % EP == 0`` and the intermediate
  size is not split.
* **FP8** checkpoints (Qwen's ``-FP8`` models) store 128 x 128 blocks: every split
  output and input dimension must be a multiple of 128. Qwen3-235B-A22B: 1536 / 8 = 192
  fails at TP 8 (vllm#17569); Qwen3-30B-A3B: 768 / 4 = 192 fails at TP 4 (vllm#25292).
* **GPTQ / AWQ** (``int4``, ``int8``) quantise groups of 128 input weights: the per-rank
  input dimension of the row-parallel layers (``o_proj``, ``down_proj``) must be a
  multiple of 128 (vLLM: "input_size_per_partition ... is not divisible by min_thread_k
  = 128", vllm#13640; the Qwen docs pad ``intermediate_size`` for this,
  <https://qwen.readthedocs.io/en/latest/quantization/gptq.html>). For MoE experts
  vLLM's ``check_moe_marlin_supports_layer`` needs the per-rank intermediate size to be
  a multiple of ``max(64, group_size)``; otherwise it falls back to a slower kernel, so
  the MoE case is a warning, not a load failure.
* **Pipeline parallel** (PP) gives each stage ``ceil(layers / PP)`` layers at most.

Memory per GPU counts the fullest pipeline stage: its decoder layers (attention split by
TP with replicated KV heads, experts split by the MoE group or spread by EP, norms and
routers replicated), the embedding (first stage) or output head (last stage) split by
TP, the KV cache of ``ceil(batch / DP)`` sequences for the stage's layers and the rank's
KV heads, and the same overhead fraction as `qwen3_handbook.memory.estimate`.

Examples:
    >>> from qwen3_handbook.parallel import Layout, check_layout
    >>> check_layout("Qwen3-235B-A22B", "fp8", Layout(tp=8)).problems[0]
    'FP8: moe_intermediate_size 1536 / 8 = 192, not a multiple of 128'
    >>> check_layout("Qwen3-235B-A22B", "fp8", Layout(tp=8, ep=8)).problems
    ()
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from qwen3_handbook._checks import (
    MAX_BATCH_SIZE,
    MAX_CONTEXT_TOKENS,
    ArgumentTypeError,
    checked_cache,
    finite_float,
    positive_int,
    text,
)
from qwen3_handbook.architecture import MODEL_CONFIGS
from qwen3_handbook.memory import (
    DEFAULT_OVERHEAD_FRACTION,
    DEFAULT_USABLE_FRACTION,
    MAX_GPU_MEMORY_GB,
    tensor_storage,
)

__all__ = [
    "GGUF_FORMATS",
    "LAYOUT_FORMATS",
    "QUANT_BLOCK",
    "Layout",
    "LayoutCheck",
    "check_layout",
    "divisibility_problems",
    "expert_bytes_by_layer",
    "layout_rank",
    "layouts",
    "max_sequences",
    "model_shape",
    "moe_tp_crosses_nodes",
    "n_cpu_moe",
    "tp_alternatives",
    "weight_parts",
]

QUANT_BLOCK: dict[str, tuple[str, int]] = {
    "fp8": ("FP8", 128),
    "int8": ("GPTQ/AWQ", 128),
    "int4": ("GPTQ/AWQ", 128),
    "nvfp4": ("NVFP4", 16),
    "mxfp4": ("MXFP4", 32),
}
"""Block or group size each quantised format imposes on tensor-parallel shards."""

LAYOUT_FORMATS = ("bf16", "fp16", "fp8", "int8", "int4", "nvfp4", "mxfp4")
"""Weight formats vLLM and SGLang split with TP/EP (GGUF is llama.cpp's layer split)."""

# tensor name (memory.tensor_storage) -> how it is split
_PART_OF = {
    "token_embd": "embed",
    "output": "output",
    "attn_q": "attn",
    "attn_output": "attn",
    "attn_k": "kv_proj",
    "attn_v": "kv_proj",
    "ffn_gate_inp": "replicated",
    "ffn_gate_exps": "experts",
    "ffn_up_exps": "experts",
    "ffn_down_exps": "experts",
    "ffn_gate": "mlp",
    "ffn_up": "mlp",
    "ffn_down": "mlp",
}


MAX_GPUS = 4096
"""Most GPUs (and most ranks of any one kind) a layout may use."""


@checked_cache
def model_shape(name: str) -> dict[str, Any]:
    """The config fields the layout rules use, from the architecture registry.

    Raises:
        ValueError: On an unknown model.

    Examples:
        >>> model_shape("Qwen3-30B-A3B")["moe_intermediate_size"]
        768
    """
    text("name", name)
    if name not in MODEL_CONFIGS:  # every registered model: original, 2507, Coder
        known = ", ".join(MODEL_CONFIGS)
        raise ValueError(f"unknown Qwen3 model {name!r}; known models: {known}")
    from qwen3_handbook.architecture import config_for

    config = config_for(name)
    moe = MODEL_CONFIGS[name]["architecture"] == "moe"
    return {
        "moe": moe,
        "layers": config.num_hidden_layers,
        "hidden_size": config.hidden_size,
        "attention_heads": config.num_attention_heads,
        "kv_heads": config.num_key_value_heads,
        "head_dim": config.head_dim,
        "experts": config.num_experts if moe else 0,
        "moe_intermediate_size": config.moe_intermediate_size if moe else 0,
        "intermediate_size": 0 if moe else config.intermediate_size,
    }


@checked_cache
def weight_parts(name: str, fmt: str) -> dict[str, float]:
    """Bytes of the weights by how a layout splits them.

    ``embed`` and ``output`` are whole tensors; ``attn`` (q and o projections),
    ``kv_proj`` (k and v projections), ``experts``, ``mlp`` (dense models) and
    ``replicated`` (norms, MoE router) are per decoder layer.

    Raises:
        ValueError: On an unknown model, or a format outside `LAYOUT_FORMATS`.

    Examples:
        >>> parts = weight_parts("Qwen3-235B-A22B", "bf16")
        >>> parts["experts"] / 1e9  # one layer's 128 experts
        4.831838208
    """
    if not isinstance(fmt, str) or fmt not in LAYOUT_FORMATS:
        error = ValueError if isinstance(fmt, str) else ArgumentTypeError
        raise error(
            f"fmt must be one of {', '.join(LAYOUT_FORMATS)} for a TP/EP layout, got "
            f"{fmt!r} (GGUF files are split by layer in llama.cpp)"
        )
    layers = model_shape(name)["layers"]
    parts = dict.fromkeys(
        ("embed", "output", "attn", "kv_proj", "experts", "mlp", "replicated"), 0.0
    )
    for tensor in tensor_storage(name, fmt):
        part = _PART_OF.get(tensor.name, "replicated")
        per_layer = part not in ("embed", "output")
        parts[part] += tensor.nbytes / layers if per_layer else tensor.nbytes
    return parts


@dataclass(frozen=True)
class Layout:
    """A parallel layout. GPUs used: ``tp x pp x dp``.

    Attributes:
        tp: Tensor-parallel size (attention, dense MLP; MoE too unless ``ep > 1``).
        pp: Pipeline-parallel stages.
        dp: Data-parallel replicas of attention (vLLM ``--data-parallel-size``).
        ep: Expert-parallel size: 1 (off) or ``tp x dp`` (vLLM
            ``--enable-expert-parallel``).
    """

    tp: int = 1
    pp: int = 1
    dp: int = 1
    ep: int = 1

    def __post_init__(self) -> None:
        for name in ("tp", "pp", "dp", "ep"):
            value = positive_int(name, getattr(self, name), maximum=MAX_GPUS)
            object.__setattr__(self, name, value)  # a plain int: numpy ints overflow
        if self.gpus > MAX_GPUS:
            raise ValueError(
                f"tp x pp x dp must be at most {MAX_GPUS} GPUs, got {self.gpus}"
            )
        if self.ep not in (1, self.tp * self.dp):
            raise ValueError(
                f"ep must be 1 (off) or tp x dp = {self.tp * self.dp}, got {self.ep}"
            )

    @property
    def gpus(self) -> int:
        """GPUs the layout uses."""
        return self.tp * self.pp * self.dp

    def __str__(self) -> str:
        text = f"TP {self.tp}"
        for label, value in (("PP", self.pp), ("DP", self.dp), ("EP", self.ep)):
            if value > 1:
                text += f" x {label} {value}"
        return text


@dataclass(frozen=True)
class LayoutCheck:
    """One layout checked for one model, format and load.

    Attributes:
        model: Model name.
        fmt: Weight format.
        layout: The layout.
        problems: Divisibility rules the layout breaks (empty when it loads).
        warnings: Rules that cost speed, not loading (GPTQ/AWQ experts off Marlin).
        kv_replication: How many ranks hold a copy of each KV head (1 = none).
        weights_per_gpu: Bytes of weights on the fullest GPU.
        kv_per_gpu: Bytes of KV cache on it.
        overhead_per_gpu: ``overhead_fraction x (weights + KV)``.
        usable_per_gpu: Bytes a server may fill (GPU memory x usable fraction), or None.
    """

    model: str
    fmt: str
    layout: Layout
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    kv_replication: int
    weights_per_gpu: int
    kv_per_gpu: int
    overhead_per_gpu: int
    usable_per_gpu: int | None = field(default=None)

    @property
    def total_per_gpu(self) -> int:
        """Weights + KV cache + overhead on the fullest GPU, in bytes."""
        return self.weights_per_gpu + self.kv_per_gpu + self.overhead_per_gpu

    @property
    def fits(self) -> bool | None:
        """Whether the fullest GPU holds it (None when no GPU size was given)."""
        if self.usable_per_gpu is None:
            return None
        return self.total_per_gpu <= self.usable_per_gpu

    @property
    def ok(self) -> bool:
        """No divisibility problem, and it fits (when a GPU size was given)."""
        return not self.problems and self.fits is not False


def _split(problems: list[str], what: str, size: int, parts: int, block: Any) -> int:
    """Note a problem if ``size`` does not split into ``parts`` shards of blocks."""
    if size % parts:
        problems.append(f"{what} {size} does not split into {parts} equal parts")
        return 0
    shard = size // parts
    if block and shard % block[1]:
        problems.append(
            f"{block[0]}: {what} {size} / {parts} = {shard}, "
            f"not a multiple of {block[1]}"
        )
    return shard


def divisibility_problems(name: str, fmt: str, layout: Layout) -> list[str]:
    """Every divisibility rule a layout breaks for a model in a format (empty if none).

    A rule that only slows it down (GPTQ/AWQ experts) is prefixed ``"warning: "``.

    Raises:
        ValueError: On an unknown model or a format outside `LAYOUT_FORMATS`.

    Examples:
        >>> divisibility_problems("Qwen3-30B-A3B", "fp8", Layout(tp=4))
        ['FP8: moe_intermediate_size 768 / 4 = 192, not a multiple of 128']
    """
    if not isinstance(layout, Layout):
        raise TypeError(f"layout must be a Layout, got {type(layout).__name__}")
    weight_parts(name, fmt)  # checks the format
    shape = model_shape(name)
    block = QUANT_BLOCK.get(fmt)
    out_block = block if fmt == "fp8" else None  # FP8 blocks run along both dimensions
    problems: list[str] = []
    tp, heads, kv = layout.tp, shape["attention_heads"], shape["kv_heads"]
    if heads % tp:
        problems.append(f"{heads} attention heads do not split over TP {tp}")
    if (kv % tp if tp <= kv else tp % kv) != 0:
        problems.append(f"{kv} KV heads neither split over nor replicate to TP {tp}")
    if shape["moe"]:
        if layout.ep > 1:
            if shape["experts"] % layout.ep:
                problems.append(
                    f"{shape['experts']} experts do not split over EP {layout.ep}"
                )
        else:
            moe_tp = tp * layout.dp
            found: list[str] = []
            _split(
                found,
                "moe_intermediate_size",
                shape["moe_intermediate_size"],
                moe_tp,
                block if block else None,
            )
            if fmt in ("int4", "int8"):
                found = [
                    f"warning: {p} (vLLM leaves Marlin for a slower kernel)"
                    if p.startswith("GPTQ")
                    else p
                    for p in found
                ]
            problems += found
    else:
        _split(
            problems,
            "intermediate_size",
            shape["intermediate_size"],
            tp,
            block if block else None,
        )
    if not problems and out_block and (heads // tp * shape["head_dim"]) % 128:
        problems.append(f"{out_block[0]}: the attention shard is not a multiple of 128")
    if layout.pp > shape["layers"]:
        problems.append(f"PP {layout.pp} exceeds the {shape['layers']} layers")
    return problems


def check_layout(
    name: str,
    fmt: str,
    layout: Layout,
    context_tokens: int = 32768,
    batch_size: int = 1,
    kv_bytes_per_value: float = 2,
    gpu_memory_gb: float | None = None,
    usable_fraction: float = DEFAULT_USABLE_FRACTION,
    overhead_fraction: float = DEFAULT_OVERHEAD_FRACTION,
) -> LayoutCheck:
    """Check one layout: divisibility, and weights, KV cache and overhead per GPU.

    Args:
        name: A model name such as ``"Qwen3-235B-A22B"``.
        fmt: One of `LAYOUT_FORMATS`.
        layout: The `Layout`.
        context_tokens: Tokens per sequence.
        batch_size: Concurrent sequences over all replicas; each DP replica holds
            ``ceil(batch_size / dp)``.
        kv_bytes_per_value: 2 for a bf16 KV cache, 1 for fp8.
        gpu_memory_gb: Memory of one GPU in GB, or None to skip the fit check.
        usable_fraction: Share of each GPU a server may fill.
        overhead_fraction: As in `qwen3_handbook.memory.estimate`.

    Raises:
        ValueError: On an unknown model or format, or a non-positive number.

    Examples:
        >>> check = check_layout("Qwen3-235B-A22B", "bf16", Layout(tp=8, pp=2),
        ...                      gpu_memory_gb=40)
        >>> round(check.weights_per_gpu / 1e9, 1), check.kv_replication, check.fits
        (29.5, 2, True)
    """
    load = _checked_load(
        context_tokens,
        batch_size,
        kv_bytes_per_value,
        gpu_memory_gb,
        usable_fraction,
        overhead_fraction,
    )
    return _check(name, fmt, layout, *load)


def _checked_load(
    context_tokens: Any,
    batch_size: Any,
    kv_bytes_per_value: Any,
    gpu_memory_gb: Any,
    usable_fraction: Any,
    overhead_fraction: Any,
) -> tuple[int, int, float, float | None, float, float]:
    """The load arguments, checked, as plain ints and floats (as in `memory.estimate`)."""
    return (
        positive_int("context_tokens", context_tokens, maximum=MAX_CONTEXT_TOKENS),
        positive_int("batch_size", batch_size, maximum=MAX_BATCH_SIZE),
        finite_float(
            "kv_bytes_per_value",
            kv_bytes_per_value,
            minimum=0.125,
            requirement="positive and at least 0.125 (one bit per value)",
        ),
        None if gpu_memory_gb is None else _gpu_gb("gpu_memory_gb", gpu_memory_gb),
        _usable(usable_fraction),
        finite_float(
            "overhead_fraction",
            overhead_fraction,
            minimum=0,
            maximum=1,
            requirement="between 0 and 1",
        ),
    )


def _gpu_gb(name: str, value: Any, maximum: float = MAX_GPU_MEMORY_GB) -> float:
    return finite_float(
        name,
        value,
        minimum=0,
        include_minimum=False,
        maximum=maximum,
        requirement=f"a positive number of GB below {maximum:,.0f}",
    )


def _usable(value: Any) -> float:
    return finite_float(
        "usable_fraction", value, minimum=0, include_minimum=False, maximum=1
    )


def _check(
    name: str,
    fmt: str,
    layout: Layout,
    context_tokens: int,
    batch_size: int,
    kv_bytes_per_value: float,
    gpu_memory_gb: float | None,
    usable_fraction: float,
    overhead_fraction: float,
) -> LayoutCheck:
    """`check_layout` on arguments already checked by `_checked_load`."""
    found = divisibility_problems(name, fmt, layout)
    problems = [p for p in found if not p.startswith("warning: ")]
    warnings = [p.removeprefix("warning: ") for p in found if p.startswith("warning: ")]
    shape, parts = model_shape(name), weight_parts(name, fmt)
    tp, kv = layout.tp, shape["kv_heads"]
    kv_heads_per_rank = max(kv // tp, 1)
    replication = max(tp // kv, 1)
    stage_layers = math.ceil(shape["layers"] / layout.pp)
    moe_share = layout.ep if layout.ep > 1 else tp * layout.dp
    per_layer = (
        parts["attn"] / tp
        + parts["kv_proj"] * kv_heads_per_rank / kv
        + parts["experts"] / moe_share
        + parts["mlp"] / tp
        + parts["replicated"]
    )
    if layout.pp == 1:
        ends = (parts["embed"] + parts["output"]) / tp
    else:
        ends = max(parts["embed"], parts["output"]) / tp
    weights = per_layer * stage_layers + ends
    sequences = math.ceil(batch_size / layout.dp)
    kv_bytes = (
        stage_layers
        * 2
        * kv_heads_per_rank
        * shape["head_dim"]
        * kv_bytes_per_value
        * context_tokens
        * sequences
    )
    overhead = overhead_fraction * (weights + kv_bytes)
    usable = (
        None if gpu_memory_gb is None else round(gpu_memory_gb * 1e9 * usable_fraction)
    )
    return LayoutCheck(
        model=name,
        fmt=fmt,
        layout=layout,
        problems=tuple(problems),
        warnings=tuple(warnings),
        kv_replication=replication,
        weights_per_gpu=round(weights),
        kv_per_gpu=round(kv_bytes),
        overhead_per_gpu=round(overhead),
        usable_per_gpu=usable,
    )


def _divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


def layouts(
    name: str,
    fmt: str,
    nodes: int,
    gpus_per_node: int,
    gpu_memory_gb: float,
    context_tokens: int = 32768,
    batch_size: int = 1,
    kv_bytes_per_value: float = 2,
    usable_fraction: float = DEFAULT_USABLE_FRACTION,
    overhead_fraction: float = DEFAULT_OVERHEAD_FRACTION,
) -> list[LayoutCheck]:
    """Every layout that uses all ``nodes x gpus_per_node`` GPUs, checked.

    TP stays within a node (``tp`` divides ``gpus_per_node``); PP and DP take the rest.
    MoE models get each layout with and without expert parallel. Ranked by
    `layout_rank`: loadable layouts that fit first, no MoE tensor parallel across nodes,
    TP = GPUs per node and PP = nodes, then fewest pipeline stages and DP replicas.

    Raises:
        ValueError: On an unknown model or format, or a non-positive count or size.

    Examples:
        >>> found = layouts("Qwen3-235B-A22B", "fp8", 1, 8, 80)
        >>> [str(c.layout) for c in found if c.ok][:2]
        ['TP 8 x EP 8', 'TP 4 x DP 2 x EP 8']
        >>> [c.problems for c in found if str(c.layout) == "TP 8"]
        [('FP8: moe_intermediate_size 1536 / 8 = 192, not a multiple of 128',)]
    """
    nodes = positive_int("nodes", nodes, maximum=MAX_GPUS)
    gpus_per_node = positive_int("gpus_per_node", gpus_per_node, maximum=MAX_GPUS)
    total = nodes * gpus_per_node
    if total > MAX_GPUS:
        raise ValueError(
            f"nodes x gpus_per_node must be at most {MAX_GPUS}, got {total}"
        )
    load = _checked_load(
        context_tokens,
        batch_size,
        kv_bytes_per_value,
        gpu_memory_gb,
        usable_fraction,
        overhead_fraction,
    )
    moe = model_shape(name)["moe"]
    found = []
    for tp in _divisors(gpus_per_node):
        for pp in _divisors(total // tp):
            dp = total // tp // pp
            for ep in (1, tp * dp) if moe and tp * dp > 1 else (1,):
                found.append(_check(name, fmt, Layout(tp, pp, dp, ep), *load))
    found.sort(key=lambda c: layout_rank(c, nodes, gpus_per_node))
    return found


def moe_tp_crosses_nodes(
    name: str, layout: Layout, nodes: int, gpus_per_node: int
) -> bool:
    """Whether a layout splits each expert (MoE tensor parallel, no EP) over more GPUs
    than one node holds: vLLM's DP x TP expert group then spans the nodes."""
    moe = model_shape(name)["moe"]
    return (
        moe and nodes > 1 and layout.ep == 1 and layout.tp * layout.dp > gpus_per_node
    )


def layout_rank(check: LayoutCheck, nodes: int, gpus_per_node: int) -> tuple:
    """The order the Scale-out page advises (``docs/deployment/scale-out.md``).

    Layouts that load and fit first; then no MoE tensor parallel across nodes; then TP
    over a node's GPUs with one pipeline stage per node (vLLM: "TP = GPUs per node,
    PP = nodes"); then fewest pipeline stages, DP replicas and EP.
    """
    layout = check.layout
    return (
        not check.ok,
        moe_tp_crosses_nodes(check.model, layout, nodes, gpus_per_node),
        (layout.tp, layout.pp) != (gpus_per_node, nodes),
        layout.pp,
        layout.dp,
        layout.ep,
    )


def max_sequences(
    name: str,
    fmt: str,
    layout: Layout,
    gpu_memory_gb: float,
    context_tokens: int = 32768,
    kv_bytes_per_value: float = 2,
    usable_fraction: float = DEFAULT_USABLE_FRACTION,
    overhead_fraction: float = DEFAULT_OVERHEAD_FRACTION,
) -> int:
    """How many concurrent sequences of ``context_tokens`` a layout holds (0 if none).

    Counts over all DP replicas: ``dp x`` the sequences one replica's fullest GPU holds.

    Raises:
        ValueError: As `check_layout`.

    Examples:
        >>> max_sequences("Qwen3-235B-A22B", "fp8", Layout(tp=8, ep=8), 80)
        22
    """
    if not isinstance(layout, Layout):
        raise ArgumentTypeError(f"layout must be a Layout, got {type(layout).__name__}")
    if gpu_memory_gb is None:
        raise ArgumentTypeError(
            "gpu_memory_gb must be a positive number of GB, got None"
        )
    context_tokens, _, kv_bytes_per_value, gpu_memory_gb, usable, overhead = (
        _checked_load(
            context_tokens,
            1,
            kv_bytes_per_value,
            gpu_memory_gb,
            usable_fraction,
            overhead_fraction,
        )
    )

    def fits(per_replica: int) -> bool:
        return bool(
            _check(
                name,
                fmt,
                layout,
                context_tokens,
                per_replica * layout.dp,
                kv_bytes_per_value,
                gpu_memory_gb,
                usable,
                overhead,
            ).fits
        )

    if not fits(1):
        return 0
    # The KV cache grows by the same bytes with every sequence, so the count that fits
    # is bounded by usable memory / one sequence's cache; bisect up to that bound
    # (a few dozen checks whatever the sizes, where stepping by one could take billions).
    one = _check(
        name, fmt, layout, context_tokens, layout.dp, kv_bytes_per_value,
        gpu_memory_gb, usable, overhead,
    )  # fmt: skip
    fitting, too_many = 1, one.usable_per_gpu // max(one.kv_per_gpu, 1) + 2
    while too_many - fitting > 1:
        middle = (fitting + too_many) // 2
        if fits(middle):
            fitting = middle
        else:
            too_many = middle
    return fitting * layout.dp


GGUF_FORMATS = ("q8_0", "q6_K", "q5_K_M", "q5_0", "q4_K_M")
"""The llama.cpp formats `n_cpu_moe` accepts."""

_EXPERT_TENSORS = ("ffn_gate_exps", "ffn_up_exps", "ffn_down_exps")


@checked_cache
def expert_bytes_by_layer(name: str, fmt: str) -> tuple[int, ...]:
    """Bytes of one layer's expert tensors in a GGUF format, layer by layer.

    The ``_M`` mixes store some layers' ``ffn_down_exps`` in ``q6_K``, so layers differ.

    Raises:
        ValueError: On a dense model, or a format outside `GGUF_FORMATS`.

    Examples:
        >>> sizes = expert_bytes_by_layer("Qwen3-235B-A22B", "q4_K_M")
        >>> len(sizes), round(sizes[0] / 1e9, 3), round(sizes[20] / 1e9, 3)
        (94, 1.567, 1.359)
    """
    from qwen3_handbook.memory import GGML_TYPES, _gguf_type

    if fmt not in GGUF_FORMATS:
        raise ValueError(
            f"fmt must be a GGUF format ({', '.join(GGUF_FORMATS)}), got {fmt!r}"
        )
    shape = model_shape(name)
    if not shape["moe"]:
        raise ValueError(f"{name} is a dense model: it has no expert layers")
    layers, hidden, inter = (
        shape["layers"],
        shape["hidden_size"],
        shape["moe_intermediate_size"],
    )
    experts = shape["experts"]
    categories = {
        "ffn_gate_exps": "linear",
        "ffn_up_exps": "linear",
        "ffn_down_exps": "ffn_down",
    }
    sizes = []
    for layer in range(layers):
        total = 0
        for tensor in _EXPERT_TENSORS:
            rows, cols = (
                (experts * hidden, inter)
                if tensor == "ffn_down_exps"
                else (experts * inter, hidden)
            )
            dtype = _gguf_type(fmt, categories[tensor], layer, layers, cols, False)
            block_bytes, block_weights = GGML_TYPES[dtype]
            total += rows * math.ceil(cols / block_weights) * block_bytes
        sizes.append(total)
    return tuple(sizes)


def n_cpu_moe(
    name: str,
    fmt: str,
    vram_gb: float,
    context_tokens: int = 32768,
    batch_size: int = 1,
    kv_bytes_per_value: float = 2,
    usable_fraction: float = DEFAULT_USABLE_FRACTION,
    overhead_fraction: float = DEFAULT_OVERHEAD_FRACTION,
) -> tuple[int, int] | None:
    """llama.cpp's ``--n-cpu-moe N`` for a VRAM size, and the system RAM it then needs.

    ``--n-cpu-moe N`` keeps the expert weights of the first N layers in system RAM
    (``common/arg.cpp`` in llama.cpp). The GPUs hold the rest of the weights and the KV
    cache, plus ``overhead_fraction`` of both, within ``usable_fraction`` of ``vram_gb``
    (all GPUs of the machine together).

    Returns:
        ``(N, bytes of expert weights in system RAM)`` for the smallest N that fits, or
        None if even every expert in RAM leaves too little VRAM.

    Raises:
        ValueError: On a dense model, a non-GGUF format or a non-positive number.

    Examples:
        >>> n, ram = n_cpu_moe("Qwen3-235B-A22B", "q4_K_M", vram_gb=48)
        >>> n, round(ram / 1e9, 1)
        (76, 109.9)
    """
    from qwen3_handbook.memory import estimate

    sizes = expert_bytes_by_layer(name, fmt)
    vram_gb = _gpu_gb("vram_gb", vram_gb, maximum=10 * MAX_GPU_MEMORY_GB)
    plan = estimate(
        name, fmt, context_tokens, batch_size, kv_bytes_per_value, overhead_fraction
    )
    usable = vram_gb * 1e9 * _usable(usable_fraction)
    overhead_fraction = plan.overhead_fraction
    on_cpu = 0
    for layers_on_cpu in range(len(sizes) + 1):
        if layers_on_cpu:
            on_cpu += sizes[layers_on_cpu - 1]
        on_gpu = plan.weights - on_cpu + plan.kv_cache
        if on_gpu + round(overhead_fraction * on_gpu) <= usable:
            return layers_on_cpu, on_cpu
    return None


def tp_alternatives(
    name: str,
    fmt: str,
    tp: int,
    context_tokens: int = 32768,
    batch_size: int = 1,
    kv_bytes_per_value: float = 2,
    gpu_memory_gb: float | None = None,
    usable_fraction: float = DEFAULT_USABLE_FRACTION,
    overhead_fraction: float = DEFAULT_OVERHEAD_FRACTION,
) -> list[LayoutCheck]:
    """What to use instead when plain tensor parallel ``tp`` breaks a rule.

    Returns the same GPUs with expert parallel, then the largest smaller TP that loads,
    each only if it passes (and fits, when a GPU size is given); empty if TP ``tp``
    loads.

    Examples:
        >>> found = tp_alternatives("Qwen3-235B-A22B", "fp8", 8, gpu_memory_gb=80)
        >>> [str(check.layout) for check in found]
        ['TP 8 x EP 8', 'TP 4']
    """
    tp = positive_int("tp", tp, maximum=MAX_GPUS)
    load = _checked_load(
        context_tokens,
        batch_size,
        kv_bytes_per_value,
        gpu_memory_gb,
        usable_fraction,
        overhead_fraction,
    )
    if not [
        p for p in divisibility_problems(name, fmt, Layout(tp)) if "warning" not in p
    ]:
        return []
    found = []
    if model_shape(name)["moe"] and tp > 1:
        with_ep = _check(name, fmt, Layout(tp, ep=tp), *load)
        if with_ep.ok:
            found.append(with_ep)
    # A TP that loads divides the attention heads, so none above their count can.
    heads = model_shape(name)["attention_heads"]
    for smaller in range(min(tp - 1, heads), 0, -1):
        if tp % smaller == 0:
            candidate = _check(name, fmt, Layout(smaller), *load)
            if candidate.ok:
                found.append(candidate)
                break
    return found
