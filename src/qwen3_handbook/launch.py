"""The rules a launch command must follow, shared by the pages and the planner.

One home for what the pages teach about starting a server, as data and functions; the
planner's JavaScript reads the same rules from ``planner-data.json`` (`rules_data`), and
`check_launch` holds every command it prints to them:

* **Context** per generation (`context_route`): the original models read 32,768 tokens
  natively and reach 131,072 with static YaRN (factor 2 up to 65,536, factor 4 above,
  ``docs/guides/long-context.md``); the 2507 and Coder models read 262,144 natively. The
  235B and 30B 2507 models' 1M route (``config_1m.json``, dual-chunk attention) needs an
  engine build of August 2025: the released vLLM 0.34.0 and SGLang 0.5.23 have no
  dual-chunk backend (``docs/guides/model-generations.md#the-1m-route``). The Coder
  models' 1M is YaRN over 262,144, with no checked override on the pages.
* **YaRN overrides** per engine (`yarn_arguments`), exactly as the long-context
  snippets write them.
* **Split GGUF files** (`gguf_split`): a file above the Hugging Face Hub's 50 GB
  per-file limit is published in parts; Ollama imports one file, so the parts are
  merged with ``llama-gguf-split --merge`` first.
* **Memory per engine** (`ENGINE_MEMORY`, `engine_fits`, `cpu_offload`): vLLM and
  SGLang fill 90% of each GPU with weights, KV cache and 10% overhead; llama.cpp and
  Ollama are judged by their own rules, the weights and KV cache against each GPU less
  the margin they keep free (1,024 MiB for llama.cpp's ``--fit``, 457 MiB for Ollama).
* **Shell quoting** (`shell_quote`): every value put into a command is quoted as
  ``shlex.quote`` does.

Examples:
    >>> route = context_route("Qwen3-235B-A22B", 131072)
    >>> route.kind, route.factor
    ('yarn', 4.0)
    >>> yarn_arguments("llama.cpp", route)
    ['--rope-scaling', 'yarn', '--rope-scale', '4', '--yarn-orig-ctx', '32768']
    >>> context_route("Qwen3-235B-A22B-Instruct-2507", 1010000).kind
    '1m-route'
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass

from qwen3_handbook._checks import positive_float, positive_int, text
from qwen3_handbook.architecture import MODEL_CONFIGS, context_lengths
from qwen3_handbook.memory import DEFAULT_OVERHEAD_FRACTION, MemoryEstimate, estimate

__all__ = [
    "ENGINE_MEMORY",
    "GGUF_FILE_LIMIT_BYTES",
    "ContextRoute",
    "EngineMemory",
    "check_launch",
    "context_route",
    "cpu_offload",
    "engine_estimate",
    "engine_fits",
    "gguf_split",
    "rules_data",
    "shell_quote",
    "usable_bytes",
    "yarn_arguments",
]

LONG_CONTEXT_PAGE = "guides/long-context.md"
ONE_M_PAGE = "guides/model-generations.md#the-1m-route"

# The Qwen docs: factor 2.0 "for 65,536 tokens", factor 4.0 for 131,072 (long-context
# page, "Turn it on").
_YARN_STEPS = ((65536, 2.0), (131072, 4.0))
_ORIGINAL_NATIVE = 32768
_ROPE_THETA = 1000000  # the original models' config.json

# The 1M route's requirements, from the 235B and 30B 2507 cards (the 1M-route section).
ONE_M_MEMORY_GB = {"235B": 1000, "30B": 240}


@dataclass(frozen=True)
class ContextRoute:
    """How a model reaches a context length.

    Attributes:
        model: The model name.
        tokens: The context asked for.
        kind: ``"native"``, ``"yarn"`` (static YaRN, overrides needed), ``"1m-route"``
            (``config_1m.json``: not with current releases), ``"coder-yarn"`` (the
            Coder cards' YaRN to 1M: no checked override) or ``"too-long"``.
        native: The model's native context.
        factor: The YaRN factor (``"yarn"`` only).
        original: ``original_max_position_embeddings`` of the YaRN setting.
        maximum: The longest context the model reaches at all.
        startable: Whether a current engine release starts with it.
        suggestion: The longest context that starts, when ``startable`` is False.
        reason: One sentence for the reader.
    """

    model: str
    tokens: int
    kind: str
    native: int
    factor: float | None
    original: int | None
    maximum: int
    startable: bool
    suggestion: int | None
    reason: str


def _generation(name: str) -> str:
    if "Coder" in name:
        return "coder"
    return "2507" if "2507" in name else "hybrid"


def _checked(engine: str) -> str:
    from qwen3_handbook.engines import engine as engine_entry

    return str(engine_entry(engine).checked)


def context_route(name: str, tokens: int) -> ContextRoute:
    """What a context of ``tokens`` needs for a model, by the rules the pages teach.

    Raises:
        ValueError: On an unknown model or a context below 1.
    """
    text("name", name)
    tokens = positive_int("tokens", tokens)
    native, maximum = context_lengths(name)
    generation = _generation(name)

    def route(kind, startable, reason, factor=None, original=None, suggestion=None):
        return ContextRoute(
            name,
            tokens,
            kind,
            native,
            factor,
            original,
            maximum,
            startable,
            suggestion,
            reason,
        )

    if tokens <= native:
        return route("native", True, f"{native:,} tokens native")
    if generation == "hybrid":
        if maximum == native:
            return route(
                "too-long",
                False,
                f"{name} stays at {native:,} tokens (no YaRN extension)",
                suggestion=native,
            )
        for limit, factor in _YARN_STEPS:
            if tokens <= limit:
                return route(
                    "yarn",
                    True,
                    f"static YaRN, factor {factor:g} over {_ORIGINAL_NATIVE:,} tokens",
                    factor,
                    _ORIGINAL_NATIVE,
                )
        return route(
            "too-long",
            False,
            f"{name} reaches {maximum:,} tokens at most (YaRN factor 4)",
            suggestion=maximum,
        )
    if generation == "2507" and maximum > native and tokens <= maximum:
        size = "235B" if "235B" in name else "30B"
        return route(
            "1m-route",
            False,
            f"above {native:,} tokens {name} needs the 1M route: config_1m.json, "
            f"dual-chunk attention and about {ONE_M_MEMORY_GB[size]:,} GB of GPU "
            f"memory, on an engine build of August 2025; vLLM {_checked('vllm')} and "
            f"SGLang {_checked('sglang')} have no dual-chunk backend (not with current "
            "releases)",
            suggestion=native,
        )
    if generation == "coder" and tokens <= maximum:
        return route(
            "coder-yarn",
            False,
            f"above {native:,} tokens the Coder card extends with YaRN to 1M; the "
            "pages give no checked override for it",
            suggestion=native,
        )
    return route(
        "too-long",
        False,
        f"{name} reaches {maximum:,} tokens at most",
        suggestion=native if generation != "hybrid" else maximum,
    )


def yarn_arguments(engine: str, route: ContextRoute) -> list[str]:
    """The engine arguments a ``"yarn"`` route adds (empty for any other route).

    As ``snippets/long-context/{vllm,sglang,llama-cpp}.sh`` write them: vLLM's
    ``--hf-overrides`` with the transformers-5 key ``rope_parameters`` (rope_theta
    inside), SGLang's ``--json-model-override-args`` with ``rope_scaling``, llama.cpp's
    rope flags. Ollama and transformers serve take no YaRN flag.
    """
    if route.kind != "yarn":
        return []
    scaling = {
        "rope_type": "yarn",
        "factor": route.factor,
        "original_max_position_embeddings": route.original,
    }
    if engine == "vllm":
        value = {"rope_parameters": {**scaling, "rope_theta": _ROPE_THETA}}
        return ["--hf-overrides", json.dumps(value)]
    if engine == "sglang":
        return ["--json-model-override-args", json.dumps({"rope_scaling": scaling})]
    if engine == "llama.cpp":
        return [
            "--rope-scaling",
            "yarn",
            "--rope-scale",
            f"{route.factor:g}",
            "--yarn-orig-ctx",
            str(route.original),
        ]
    return []


# Engines that can apply a static YaRN setting from the command line.
YARN_ENGINES = ("vllm", "sglang", "llama.cpp")

GGUF_FILE_LIMIT_BYTES = 50_000_000_000
"""The Hugging Face Hub's per-file limit ("Per file: 50GB max",
https://huggingface.co/docs/hub/storage-limits): larger GGUF files come in parts."""


def gguf_split(weight_bytes: int) -> bool:
    """Whether a GGUF file of this size is published in parts (``-00001-of-0000N``)."""
    return weight_bytes > GGUF_FILE_LIMIT_BYTES


@dataclass(frozen=True)
class EngineMemory:
    """How much of each GPU an engine fills, and what the planner counts against it.

    Attributes:
        usable_fraction: Share of each GPU's memory the engine may fill.
        reserve_bytes: Bytes per GPU it keeps free on top.
        overhead_fraction: Extra memory counted on top of weights plus KV cache.
        rule: The rule in a sentence.
        source: Where the rule is stated.
    """

    usable_fraction: float
    reserve_bytes: int
    overhead_fraction: float
    rule: str
    source: str


MIB = 1024 * 1024
_VLLM_ARGS = "https://docs.vllm.ai/en/latest/configuration/engine_args.html"
ENGINE_MEMORY: dict[str, EngineMemory] = {
    "vllm": EngineMemory(
        0.9,
        0,
        DEFAULT_OVERHEAD_FRACTION,
        "weights, KV cache and 10% overhead within 90% of each GPU "
        "(--gpu-memory-utilization 0.9)",
        _VLLM_ARGS,
    ),
    "sglang": EngineMemory(
        0.9,
        0,
        DEFAULT_OVERHEAD_FRACTION,
        "weights, KV cache and 10% overhead within 90% of each GPU, as for vLLM "
        "(SGLang sizes its pool with --mem-fraction-static)",
        "https://docs.sglang.ai/advanced_features/server_arguments.html",
    ),
    "llama.cpp": EngineMemory(
        1.0,
        1024 * MIB,
        0.0,
        "weights and KV cache within each GPU less 1,024 MiB, the margin llama.cpp's "
        "--fit keeps free per device (its compute buffers come out of what is left; "
        "the log's memory breakdown shows them)",
        "https://github.com/ggml-org/llama.cpp/blob/master/common/arg.cpp",
    ),
    "ollama": EngineMemory(
        1.0,
        457 * MIB,
        0.0,
        "weights and KV cache within each GPU less 457 MiB, the minimum Ollama leaves "
        "free per CUDA or ROCm GPU (OLLAMA_GPU_OVERHEAD adds more)",
        "https://github.com/ollama/ollama/blob/main/discover/gpu.go",
    ),
    "transformers": EngineMemory(
        0.9,
        0,
        DEFAULT_OVERHEAD_FRACTION,
        "weights, KV cache and 10% overhead within 90% of each GPU (the handbook's "
        "planning margin)",
        "https://huggingface.co/docs/transformers/main/en/serving",
    ),
}
"""Memory rule per engine key."""


def _engine_memory(engine: str) -> EngineMemory:
    if engine not in ENGINE_MEMORY:
        raise ValueError(
            f"engine must be one of {sorted(ENGINE_MEMORY)}, got {engine!r}"
        )
    return ENGINE_MEMORY[engine]


def usable_bytes(engine: str, gpus: int, gpu_memory_gb: float) -> int:
    """Bytes an engine may fill on ``gpus`` GPUs of ``gpu_memory_gb`` each.

    Examples:
        >>> usable_bytes("llama.cpp", 1, 24) / 1e9
        22.926258176
    """
    rule = _engine_memory(engine)
    gpus = positive_int("gpus", gpus)
    gpu_memory_gb = positive_float("gpu_memory_gb", gpu_memory_gb)
    per_gpu = round(gpu_memory_gb * 1e9 * rule.usable_fraction) - rule.reserve_bytes
    return gpus * max(per_gpu, 0)


def engine_estimate(
    engine: str, name: str, fmt: str, context_tokens: int, sequences: int, kv: float
) -> MemoryEstimate:
    """`qwen3_handbook.memory.estimate` with the engine's overhead (`ENGINE_MEMORY`)."""
    rule = _engine_memory(engine)
    return estimate(name, fmt, context_tokens, sequences, kv, rule.overhead_fraction)


def engine_fits(
    engine: str,
    name: str,
    fmt: str,
    context_tokens: int,
    sequences: int,
    kv: float,
    gpus: int,
    gpu_memory_gb: float,
) -> bool:
    """Whether the model fits one machine of ``gpus`` GPUs by the engine's own rule.

    Examples:
        >>> engine_fits("llama.cpp", "Qwen3-30B-A3B", "q4_K_M", 32768, 1, 2, 1, 24)
        True
        >>> engine_fits("vllm", "Qwen3-30B-A3B", "q4_K_M", 32768, 1, 2, 1, 24)
        False
    """
    plan = engine_estimate(engine, name, fmt, context_tokens, sequences, kv)
    return plan.total <= usable_bytes(engine, gpus, gpu_memory_gb)


def cpu_offload(
    engine: str,
    name: str,
    fmt: str,
    context_tokens: int,
    sequences: int,
    kv: float,
    gpus: int,
    gpu_memory_gb: float,
) -> tuple[int, int] | None:
    """llama.cpp's ``--n-cpu-moe N`` by the engine's memory rule, and the system RAM
    the experts of those N layers then take (`qwen3_handbook.parallel.n_cpu_moe` with
    the rule of `ENGINE_MEMORY`). None if even every expert in RAM leaves too little.

    Examples:
        >>> cpu_offload("llama.cpp", "Qwen3-235B-A22B", "q4_K_M", 32768, 1, 2, 2, 24)[0]
        71
    """
    from qwen3_handbook.parallel import expert_bytes_by_layer

    rule = _engine_memory(engine)
    sizes = expert_bytes_by_layer(name, fmt)
    plan = engine_estimate(engine, name, fmt, context_tokens, sequences, kv)
    usable = usable_bytes(engine, gpus, gpu_memory_gb)
    on_cpu = 0
    for layers in range(len(sizes) + 1):
        if layers:
            on_cpu += sizes[layers - 1]
        on_gpu = plan.weights - on_cpu + plan.kv_cache
        if on_gpu + round(rule.overhead_fraction * on_gpu) <= usable:
            return layers, on_cpu
    return None


def shell_quote(value: object) -> str:
    """One shell word for ``value``: ``shlex.quote`` of its text.

    Examples:
        >>> shell_quote("Qwen3-EVIL; rm -rf ~")
        "'Qwen3-EVIL; rm -rf ~'"
    """
    return shlex.quote(str(value))


def rules_data() -> dict:
    """The rules as JSON-ready data for the planner's JavaScript."""
    contexts = {}
    for name in MODEL_CONFIGS:
        native, maximum = context_lengths(name)
        contexts[name] = {
            "generation": _generation(name),
            "native": native,
            "maximum": maximum,
            "oneMillionGb": ONE_M_MEMORY_GB.get(
                "235B" if "235B" in name else "30B" if "30B" in name else "", None
            ),
        }
    return {
        "contexts": contexts,
        "yarnSteps": [list(step) for step in _YARN_STEPS],
        "yarnOriginal": _ORIGINAL_NATIVE,
        "ropeTheta": _ROPE_THETA,
        "yarnEngines": list(YARN_ENGINES),
        "ggufFileLimit": GGUF_FILE_LIMIT_BYTES,
        "memory": {
            key: {
                "usable": rule.usable_fraction,
                "reserve": rule.reserve_bytes,
                "overhead": rule.overhead_fraction,
                "rule": rule.rule,
                "source": rule.source,
            }
            for key, rule in ENGINE_MEMORY.items()
        },
        "pages": {"longContext": LONG_CONTEXT_PAGE, "oneMillion": ONE_M_PAGE},
    }


_CONTEXT_FLAG = {"vllm": "--max-model-len", "sglang": "--context-length"}
_YARN_FLAG = {"vllm": "--hf-overrides", "sglang": "--json-model-override-args"}


def _values(args: list[str], flag: str) -> list[str]:
    return [args[i + 1] for i, a in enumerate(args[:-1]) if a == flag]


def check_launch(
    engine: str,
    script: str,
    name: str,
    context_tokens: int,
    sequences: int,
    weight_bytes: int,
    modelfile: str | None = None,
) -> list[str]:
    """Problems of a printed launch script against the rules (empty when it follows
    them): the engine's flags (`qwen3_handbook.engines.check_script`), the context
    and its YaRN override, the merge step for split GGUF files, and one shell word
    for every value."""
    from qwen3_handbook.engines import check_modelfile, check_script, find_invocations

    problems = list(check_script(script))
    route = context_route(name, context_tokens)
    if not route.startable:
        return [
            *problems,
            f"printed a command for a route that does not start: {route}",
        ]
    invocations = [i for i in find_invocations(script) if i.engine.key == engine]
    if engine == "ollama":
        if modelfile is None:
            return [*problems, "Ollama without a Modelfile"]
        problems += check_modelfile(modelfile)
        wanted = f"PARAMETER num_ctx {context_tokens}"
        if wanted not in modelfile.splitlines():
            problems.append(f"Modelfile lacks {wanted!r}")
    elif engine != "transformers" and not invocations:
        return [*problems, f"no {engine} command in {script!r}"]
    args = list(invocations[0].args) if invocations else []
    if engine in _CONTEXT_FLAG:
        got = _values(args, _CONTEXT_FLAG[engine])
        if got != [str(context_tokens)]:
            problems.append(f"{_CONTEXT_FLAG[engine]} {got}, wanted {context_tokens}")
        overrides = _values(args, _YARN_FLAG[engine])
        expected = yarn_arguments(engine, route)
        if expected[1:] != overrides:  # the same JSON text, byte for byte
            problems.append(f"YaRN override {overrides}, wanted {expected[1:]}")
    if engine == "llama.cpp":
        if _values(args, "-c") != [str(context_tokens * sequences)]:
            problems.append(f"-c {_values(args, '-c')}, wanted {context_tokens} x n")
        expected = yarn_arguments(engine, route)
        got = []
        for flag in ("--rope-scaling", "--rope-scale", "--yarn-orig-ctx"):
            got += [flag, *_values(args, flag)] if flag in args else []
        if got != expected:
            problems.append(f"rope flags {got}, wanted {expected}")
    if engine in ("ollama", "llama.cpp") and gguf_split(weight_bytes):
        merges = [
            i for i in find_invocations(script) if i.command == "llama-gguf-split"
        ]
        if not merges or "--merge" not in merges[0].args:
            problems.append("split GGUF file without llama-gguf-split --merge")
    if engine in ("ollama", "transformers") and route.kind == "yarn":
        problems.append(f"{engine} has no YaRN flag; printed anyway")
    return problems
