"""The sampling settings the Qwen3 model card recommends, for transformers and for servers.

Source: "Best Practices" in the model card,
<https://huggingface.co/Qwen/Qwen3-235B-A22B#best-practices>.

* `generation_config`: the preset of a mode as a transformers `GenerationConfig`.
* `PresencePenaltyLogitsProcessor`: OpenAI-style ``presence_penalty`` for transformers,
  which has only the multiplicative ``repetition_penalty``.
* `openai_request`: the same preset as keyword arguments for an OpenAI-compatible server
  (vLLM, SGLang), ``presence_penalty`` and ``enable_thinking`` included.

Examples:
    >>> config = generation_config(thinking=True)
    >>> config.temperature, config.top_p, config.top_k
    (0.6, 0.95, 20)
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any

from transformers import LogitsProcessor

from qwen3_handbook._checks import (
    ArgumentTypeError,
    boolean,
    finite_float,
    positive_int,
)

if TYPE_CHECKING:
    import torch
    from transformers import GenerationConfig

__all__ = [
    "NON_THINKING",
    "OUTPUT_LENGTH",
    "OUTPUT_LENGTH_COMPETITION",
    "QUANTIZED_PRESENCE_PENALTY",
    "THINKING",
    "PresencePenaltyLogitsProcessor",
    "generation_config",
    "openai_request",
]

THINKING = {"temperature": 0.6, "top_p": 0.95, "top_k": 20, "min_p": 0.0}
"""Thinking mode: never greedy, which the model card warns leads to endless repetition."""
NON_THINKING = {"temperature": 0.7, "top_p": 0.8, "top_k": 20, "min_p": 0.0}
"""Non-thinking mode."""
OUTPUT_LENGTH = 32768
"""Output length the model card recommends for most queries."""
OUTPUT_LENGTH_COMPETITION = 38912
"""Output length for benchmarking competition-level math and programming."""
QUANTIZED_PRESENCE_PENALTY = 1.5
"""``presence_penalty`` the quantized checkpoints' model cards (e.g. Qwen3-235B-A22B-GGUF)
recommend against repetitive output; the allowed range is 0 to 2."""


def _check_penalty(penalty: Any) -> float:
    return finite_float(
        "presence_penalty",
        penalty,
        minimum=0,
        maximum=2,
        requirement="a number from 0 to 2",
    )


def generation_config(
    *, thinking: bool, max_new_tokens: int = 32768
) -> GenerationConfig:
    """A sampling `transformers.GenerationConfig` for thinking or non-thinking mode.

    Args:
        thinking: Pick the thinking-mode preset (True) or the non-thinking one (False).
        max_new_tokens: The model card suggests 32,768, or 38,912 for competition math
            and code.

    Raises:
        ValueError: If ``max_new_tokens`` is not a positive integer.
        TypeError: If ``thinking`` is not True or False (``"no"`` is truthy and would
            silently pick the thinking preset).
    """
    from transformers import GenerationConfig

    thinking = boolean("thinking", thinking)
    max_new_tokens = positive_int("max_new_tokens", max_new_tokens)
    preset = THINKING if thinking else NON_THINKING
    return GenerationConfig(do_sample=True, max_new_tokens=max_new_tokens, **preset)


class PresencePenaltyLogitsProcessor(LogitsProcessor):
    """OpenAI-style ``presence_penalty`` for transformers' ``generate``.

    Subtracts ``penalty`` once from the logit of every token that already occurs in the
    *generated* text, however often it occurs — the definition vLLM and SGLang use for the
    OpenAI API's ``presence_penalty``. Prompt tokens are not penalized. transformers'
    own ``repetition_penalty`` is different: it divides positive logits (multiplies
    negative ones) by the penalty, for tokens of the prompt *and* the output.

    Args:
        penalty: From 0 to 2; the model card suggests 1.5 for quantized models.
        prompt_length: Length of the (padded) prompt, so that only later tokens count.

    Raises:
        ValueError: If ``penalty`` is outside 0-2 or ``prompt_length`` is negative.

    Examples:
        >>> import torch
        >>> processor = PresencePenaltyLogitsProcessor(1.5, prompt_length=2)
        >>> ids = torch.tensor([[0, 1, 2, 2]])  # prompt 0 1, generated 2 2
        >>> processor(ids, torch.zeros(1, 4)).tolist()
        [[0.0, 0.0, -1.5, 0.0]]
    """

    def __init__(self, penalty: float, *, prompt_length: int) -> None:
        self.penalty = _check_penalty(penalty)
        if isinstance(prompt_length, bool) or not isinstance(
            prompt_length, numbers.Integral
        ):
            raise ArgumentTypeError(
                f"prompt_length must be an integer, got {prompt_length!r}"
            )
        if prompt_length < 0:
            raise ValueError(f"prompt_length must not be negative, got {prompt_length}")
        self.prompt_length = int(prompt_length)

    def __call__(
        self, input_ids: torch.LongTensor, scores: torch.FloatTensor
    ) -> torch.Tensor:
        import torch

        generated = input_ids[:, self.prompt_length :]
        if generated.shape[1] == 0 or self.penalty == 0:
            return scores
        seen = torch.zeros_like(scores, dtype=torch.bool)
        seen.scatter_(1, generated.clamp(max=scores.shape[1] - 1), True)
        return scores - self.penalty * seen.to(scores.dtype)


def openai_request(
    *,
    thinking: bool,
    max_tokens: int = OUTPUT_LENGTH,
    presence_penalty: float | None = None,
) -> dict[str, Any]:
    """Keyword arguments for ``client.chat.completions.create`` against vLLM or SGLang.

    ``top_k``, ``min_p`` and ``chat_template_kwargs`` are not OpenAI API fields, so they go
    in ``extra_body``, which the openai client merges into the request JSON (the Qwen
    docs' vLLM and SGLang pages do the same).

    Args:
        thinking: Thinking mode (sets ``enable_thinking`` and picks the preset).
        max_tokens: Output length; 32,768, or 38,912 for competition math and code.
        presence_penalty: 0 to 2, left out when None; 1.5 for quantized models.

    Raises:
        ValueError: If ``max_tokens`` is not a positive integer or the penalty is out of
            range.

    Examples:
        >>> request = openai_request(thinking=False, presence_penalty=1.5)
        >>> extra = request["extra_body"]
        >>> request["temperature"], request["presence_penalty"], extra["top_k"]
        (0.7, 1.5, 20)
    """
    thinking = boolean("thinking", thinking)
    max_tokens = positive_int("max_tokens", max_tokens)
    preset = THINKING if thinking else NON_THINKING
    request: dict[str, Any] = {
        "max_tokens": max_tokens,
        "temperature": preset["temperature"],
        "top_p": preset["top_p"],
    }
    if presence_penalty is not None:
        request["presence_penalty"] = _check_penalty(presence_penalty)
    request["extra_body"] = {
        "top_k": preset["top_k"],
        "min_p": preset["min_p"],
        "chat_template_kwargs": {"enable_thinking": thinking},
    }
    return request
