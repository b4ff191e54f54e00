"""What differs between the Qwen3 releases: prompt, reply, sampling, output length, parsers.

Three generations share the architecture and the tokenizer but not their chat behaviour:

* ``"hybrid"``: the original Qwen3 of April 2025 (``Qwen/Qwen3-235B-A22B`` and the
  rest of the family). One model thinks or not, switched by ``enable_thinking`` or by
  ``/think`` and ``/no_think`` in a message.
* ``"instruct-2507"``: ``Qwen3-*-Instruct-2507`` (July 2025). Never thinks; no
  ``<think>`` block in the prompt or the reply; ``enable_thinking`` is not used.
* ``"thinking-2507"``: ``Qwen3-*-Thinking-2507``. Always thinks; its chat template ends
  the prompt with ``<think>\\n``, so the reply holds the thinking and a closing
  ``</think>`` but no opening tag.
* ``"coder"``: ``Qwen3-Coder-*-Instruct``. Never thinks; XML tool calls
  (`qwen3_handbook.coder`).

`prompt_2507` builds the 2507 prompts from that documented behaviour (model cards,
QwenLM/Qwen3 README): the handbook's offline tokenizer carries the original hybrid
template, not the 2507 ones. `split_reply` splits a reply the way the model cards and
the engines' reasoning parsers do. `SAMPLING` and `ENGINE_FLAGS` hold the settings of
each generation with their sources.

Examples:
    >>> prompt_2507([{"role": "user", "content": "Hi"}], "thinking-2507")
    '<|im_start|>user\\nHi<|im_end|>\\n<|im_start|>assistant\\n<think>\\n'
    >>> split_reply("The user greets me.\\n</think>\\n\\nHello!", "thinking-2507")
    ('The user greets me.', 'Hello!')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ENGINE_FLAGS",
    "GENERATIONS",
    "SAMPLING",
    "EngineFlags",
    "SamplingPreset",
    "prompt_2507",
    "split_reply",
]

GENERATIONS = ("hybrid", "instruct-2507", "thinking-2507", "coder")

_CARD = "https://huggingface.co/Qwen/"
_README = "https://github.com/QwenLM/Qwen3/blob/main/README.md"


@dataclass(frozen=True)
class SamplingPreset:
    """A generation's recommended sampling and output length, from its model card.

    Attributes:
        temperature: The card's temperature.
        top_p: The card's top-p.
        top_k: The card's top-k.
        min_p: The card's value (None where the card gives none).
        repetition_penalty: The card's value (None where the card gives none).
        max_tokens: The output length the card recommends for most queries.
        max_tokens_hard: For the hardest tasks (competition math and code), if given.
        source: Where the figures come from.
    """

    temperature: float
    top_p: float
    top_k: int
    min_p: float | None
    repetition_penalty: float | None
    max_tokens: int
    max_tokens_hard: int | None
    source: str


SAMPLING: dict[str, SamplingPreset] = {
    # "Best Practices" of Qwen/Qwen3-235B-A22B: thinking mode, then non-thinking mode.
    "hybrid": SamplingPreset(
        0.6, 0.95, 20, 0.0, None, 32768, 38912, _CARD + "Qwen3-235B-A22B"
    ),
    "hybrid-non-thinking": SamplingPreset(
        0.7, 0.8, 20, 0.0, None, 32768, None, _CARD + "Qwen3-235B-A22B"
    ),
    "instruct-2507": SamplingPreset(
        0.7, 0.8, 20, 0.0, None, 16384, None, _CARD + "Qwen3-235B-A22B-Instruct-2507"
    ),
    "thinking-2507": SamplingPreset(
        0.6, 0.95, 20, 0.0, None, 32768, 81920, _CARD + "Qwen3-235B-A22B-Thinking-2507"
    ),
    # The Coder card gives no min_p; its generation_config.json sets the same four values.
    "coder": SamplingPreset(
        0.7, 0.8, 20, None, 1.05, 65536, None, _CARD + "Qwen3-Coder-480B-A35B-Instruct"
    ),
}
"""Recommended sampling per generation; ``"hybrid"`` is the hybrid model's thinking mode."""


@dataclass(frozen=True)
class EngineFlags:
    """The server flags a generation needs, as its card or README gives them.

    Attributes:
        vllm: Flags for ``vllm serve`` (reasoning and tool-call parsing).
        sglang: Flags for ``python -m sglang.launch_server``.
        source: Where the flags come from.
    """

    vllm: str
    sglang: str
    source: str


ENGINE_FLAGS: dict[str, EngineFlags] = {
    "hybrid": EngineFlags(
        "--reasoning-parser qwen3 --enable-auto-tool-choice --tool-call-parser hermes",
        "--reasoning-parser qwen3 --tool-call-parser qwen",
        _README,
    ),
    "instruct-2507": EngineFlags(
        "--enable-auto-tool-choice --tool-call-parser hermes",
        "--tool-call-parser qwen",
        _README,
    ),
    "thinking-2507": EngineFlags(
        "--reasoning-parser deepseek_r1 --enable-auto-tool-choice --tool-call-parser hermes",
        "--reasoning-parser deepseek-r1 --tool-call-parser qwen",
        _README,
    ),
    "coder": EngineFlags(
        "--enable-auto-tool-choice --tool-call-parser qwen3_coder",
        "--tool-call-parser qwen3_coder",
        "https://github.com/QwenLM/Qwen3-Coder/blob/main/README.md",
    ),
}
"""Parser flags per generation (vLLM 0.34.0 and SGLang 0.5.23 names: the Qwen README's
SGLang ``qwen25`` is a deprecated alias of ``qwen`` there)."""

_ROLES = ("system", "user", "assistant")


def _check_generation(generation: str, allowed: Sequence[str]) -> None:
    if generation not in allowed:
        choices = ", ".join(repr(g) for g in allowed)
        raise ValueError(f"generation must be one of {choices}, got {generation!r}")


def prompt_2507(messages: Sequence[Mapping[str, Any]], generation: str) -> str:
    """The prompt a Qwen3-2507 chat template renders, built from its documented behaviour.

    ChatML turns, then ``<|im_start|>assistant\\n``; Thinking-2507 adds ``<think>\\n``
    ("the default chat template automatically includes ``<think>``", model card).
    Earlier assistant turns keep only their final answer, as the templates do. Tool
    definitions and tool messages are not covered: use the model's own template.

    Args:
        messages: OpenAI-style ``{"role", "content"}`` dicts (system, user, assistant).
        generation: ``"instruct-2507"`` or ``"thinking-2507"``.

    Raises:
        ValueError: On another generation, an empty conversation or an unsupported role.
        TypeError: If a message is not a mapping or its content is not a string.
    """
    _check_generation(generation, ("instruct-2507", "thinking-2507"))
    if isinstance(messages, (str, bytes)) or not isinstance(messages, Sequence):
        raise TypeError(
            f"messages must be a list of dicts, got {type(messages).__name__}"
        )
    if not messages:
        raise ValueError("messages must hold at least one message")
    parts = []
    for index, message in enumerate(messages):
        if not isinstance(message, Mapping):
            raise TypeError(f"messages[{index}] must be a dict, got {message!r}")
        role, content = message.get("role"), message.get("content")
        if role not in _ROLES:
            raise ValueError(
                f"messages[{index}] has role {role!r}; prompt_2507 covers "
                f"{', '.join(_ROLES)} (use the model's chat template for tools)"
            )
        if not isinstance(content, str):
            raise TypeError(
                f"messages[{index}]['content'] must be a str, got {content!r}"
            )
        if role == "assistant" and "</think>" in content:
            content = content.split("</think>")[-1].lstrip("\n")
        parts.append(f"<|im_start|>{role}\n{content}<|im_end|>\n")
    parts.append("<|im_start|>assistant\n")
    if generation == "thinking-2507":
        parts.append("<think>\n")
    return "".join(parts)


def split_reply(text: str, generation: str) -> tuple[str, str]:
    """Split a reply into ``(thinking, answer)``.

    * ``"thinking-2507"``: the thinking runs up to the first ``</think>`` (there is no
      opening tag; one is tolerated). No ``</think>`` means the reply was cut off while
      thinking: all of it is thinking and the answer is empty, as in the engines.
    * ``"hybrid"``: the ``<think>...</think>`` block the reply opens with, if any (an
      unclosed one is all thinking), then the answer.
    * ``"instruct-2507"`` and ``"coder"``: no thinking; the whole text is the answer.

    Newlines around both parts are stripped, as in the model cards' example.

    Raises:
        TypeError: If ``text`` is not a string.
        ValueError: On an unknown generation.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    _check_generation(generation, GENERATIONS)
    if generation in ("instruct-2507", "coder"):
        return "", text.strip("\n")
    if generation == "hybrid" and not text.lstrip("\n").startswith("<think>"):
        return "", text.strip("\n")  # thinking was off: no block at all
    head, sep, tail = text.partition("</think>")
    thinking = head.lstrip("\n").removeprefix("<think>")
    return thinking.strip("\n"), tail.strip("\n") if sep else ""
