"""The sampling settings the Qwen3 model card recommends, as `GenerationConfig` objects.

Source: "Best Practices" in the model card,
<https://huggingface.co/Qwen/Qwen3-235B-A22B#best-practices>.

Example:
    >>> config = generation_config(thinking=True)
    >>> config.temperature, config.top_p, config.top_k
    (0.6, 0.95, 20)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transformers import GenerationConfig

__all__ = ["NON_THINKING", "THINKING", "generation_config"]

THINKING = {"temperature": 0.6, "top_p": 0.95, "top_k": 20, "min_p": 0.0}
"""Thinking mode: never greedy, which the model card warns leads to endless repetition."""
NON_THINKING = {"temperature": 0.7, "top_p": 0.8, "top_k": 20, "min_p": 0.0}
"""Non-thinking mode."""


def generation_config(*, thinking: bool, max_new_tokens: int = 32768) -> GenerationConfig:
    """A sampling `transformers.GenerationConfig` for thinking or non-thinking mode.

    Args:
        thinking: Pick the thinking-mode preset (True) or the non-thinking one (False).
        max_new_tokens: The model card suggests 32,768, or 38,912 for competition math
            and code.

    Raises:
        ValueError: If ``max_new_tokens`` is not a positive integer.
    """
    from transformers import GenerationConfig

    if (
        isinstance(max_new_tokens, bool)
        or not isinstance(max_new_tokens, int)
        or max_new_tokens < 1
    ):
        raise ValueError(f"max_new_tokens must be a positive integer, got {max_new_tokens!r}")
    preset = THINKING if thinking else NON_THINKING
    return GenerationConfig(do_sample=True, max_new_tokens=max_new_tokens, **preset)
