"""Cap how many tokens Qwen3 may spend thinking: the Qwen team's two-stage recipe.

The recipe is the one in the Qwen documentation, "Thinking Budget"
(<https://qwen.readthedocs.io/en/latest/getting_started/quickstart.html#thinking-budget>):

1. Generate at most ``thinking_budget`` tokens.
2. If the reply neither ended nor closed its thinking with ``</think>``, append the
   early-stopping text `EARLY_STOP_TEXT` ("Considering the limited time by the user, I have
   to give the solution based on the thinking directly now." and ``</think>``) and let the
   model continue: it writes its answer from the thinking it has so far.

So the model writes at most ``thinking_budget`` thinking tokens of its own; the helper adds
the fixed early-stopping text (24 tokens) when it cuts. Nothing here is specific to one
model class: any transformers causal LM whose tokenizer has a ``</think>`` token works.

Examples:
    >>> from qwen3_handbook.budget import EARLY_STOP_TEXT
    >>> EARLY_STOP_TEXT.strip().endswith("</think>")
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from qwen3_handbook._checks import positive_int
from qwen3_handbook.thinking import THINK_END, split_thinking_text

if TYPE_CHECKING:
    import torch

__all__ = [
    "EARLY_STOP_TEXT",
    "EARLY_STOP_TEXT_REPORT",
    "BudgetedReply",
    "generate_with_thinking_budget",
]

EARLY_STOP_TEXT = (
    "\n\nConsidering the limited time by the user, I have to give the solution based on the "
    "thinking directly now.\n</think>\n\n"
)
"""The early-stopping text of the runnable recipe in the Qwen docs (quickstart, "Thinking
Budget"): 24 tokens with the Qwen3 tokenizer."""

EARLY_STOP_TEXT_REPORT = (
    "Considering the limited time by the user, I have to give the solution based on the "
    "thinking directly now.\n</think>.\n\n"
)
"""The stop-thinking instruction as the Qwen3 Technical Report (section 4.3) prints it:
no leading blank line, and a full stop after ``</think>``."""

_RESERVED_KWARGS = ("max_length", "input_ids", "attention_mask")


@dataclass(frozen=True)
class BudgetedReply:
    """What `generate_with_thinking_budget` returns.

    Attributes:
        output_ids: Every token after the prompt: the model's thinking, the early-stopping
            text if it was inserted, and the answer.
        thinking_tokens: Tokens the model generated in its thinking, up to and including
            its own ``</think>``; never more than the budget. 0 when the prompt had already
            closed the thinking (``enable_thinking=False``).
        budget_reached: True when the thinking was cut and the early-stopping text inserted.
        finish_reason: ``"stop"`` if the model ended its reply, ``"length"`` if
            ``max_new_tokens`` ran out first.
        thinking: The decoded thinking, tags removed (includes the early-stopping sentence
            when it was inserted).
        answer: The decoded answer.
    """

    output_ids: list[int]
    thinking_tokens: int
    budget_reached: bool
    finish_reason: Literal["stop", "length"]
    thinking: str
    answer: str


def _eos_ids(
    model: Any, tokenizer: Any, generate_kwargs: Mapping[str, Any]
) -> set[int]:
    """The ids that end a reply, from the same places `generate` reads them."""
    config = generate_kwargs.get("generation_config") or getattr(
        model, "generation_config", None
    )
    eos = generate_kwargs.get("eos_token_id")
    if eos is None and config is not None:
        eos = config.eos_token_id
    if eos is None:
        eos = tokenizer.eos_token_id
    if eos is None:
        return set()
    return {int(i) for i in eos} if isinstance(eos, (list, tuple, set)) else {int(eos)}


def _prompt_ids(inputs: Any) -> torch.Tensor:
    import torch

    ids = inputs["input_ids"] if isinstance(inputs, Mapping) else inputs
    if not isinstance(ids, torch.Tensor):
        ids = torch.tensor(ids if isinstance(ids[0], (list, tuple)) else [ids])
    if ids.dim() == 1:
        ids = ids.unsqueeze(0)
    if ids.dim() != 2 or ids.shape[0] != 1:
        raise ValueError(
            f"one conversation at a time: input_ids must have shape (1, length), got "
            f"{tuple(ids.shape)}"
        )
    if isinstance(inputs, Mapping) and inputs.get("attention_mask") is not None:
        if not bool(inputs["attention_mask"].bool().all()):
            raise ValueError("the prompt must not be padded (attention_mask has zeros)")
    return ids


def _thinking_already_closed(prompt: list[int], end_id: int, tokenizer: Any) -> bool:
    """True if the prompt ends with ``</think>`` and whitespace: enable_thinking=False."""
    try:
        last = len(prompt) - 1 - prompt[::-1].index(end_id)
    except ValueError:
        return False
    return tokenizer.decode(prompt[last + 1 :]).strip() == ""


def generate_with_thinking_budget(
    model: Any,
    tokenizer: Any,
    inputs: Any,
    *,
    thinking_budget: int,
    max_new_tokens: int = 32768,
    early_stop_text: str = EARLY_STOP_TEXT,
    **generate_kwargs: Any,
) -> BudgetedReply:
    """Generate one reply whose thinking is capped at ``thinking_budget`` tokens.

    Args:
        model: A transformers causal LM (anything with ``generate``).
        tokenizer: Its tokenizer; it must know the ``</think>`` token.
        inputs: The prompt: the dict from ``apply_chat_template(..., return_dict=True,
            return_tensors="pt")``, a ``(1, length)`` tensor of ids, or a list of ids.
        thinking_budget: Most tokens the model may generate before its ``</think>``.
            The Qwen docs recommend more than 1024 for real gains; to skip thinking
            altogether use ``enable_thinking=False`` instead.
        max_new_tokens: Cap on everything generated after the prompt, the inserted
            early-stopping text included (as in the Qwen recipe).
        early_stop_text: Appended when the budget runs out; must contain ``</think>``.
        **generate_kwargs: Passed to both ``generate`` calls (``generation_config``,
            ``do_sample``, ``temperature``, ...).

    Returns:
        The reply, split into thinking and answer, with the token accounting.

    Raises:
        ValueError: For a budget or length that is not a positive integer, a
            ``max_new_tokens`` that leaves no room for an answer after the budget and the
            early-stopping text, an ``early_stop_text`` without ``</think>``, a tokenizer
            without a ``</think>`` token, or more than one prompt.
        TypeError: If ``generate_kwargs`` sets what this helper controls
            (``max_length``, ``input_ids``, ``attention_mask``).

    Examples:
        >>> reply = generate_with_thinking_budget(  # doctest: +SKIP
        ...     model, tokenizer, inputs, thinking_budget=1024, do_sample=True
        ... )
        >>> reply.thinking_tokens <= 1024  # doctest: +SKIP
        True
    """
    import torch

    thinking_budget = positive_int("thinking_budget", thinking_budget)
    max_new_tokens = positive_int("max_new_tokens", max_new_tokens)
    reserved = [name for name in _RESERVED_KWARGS if name in generate_kwargs]
    if reserved:
        raise TypeError(
            f"generate_with_thinking_budget sets {', '.join(reserved)} itself; pass the prompt "
            "as inputs and the length as max_new_tokens"
        )
    if not isinstance(early_stop_text, str) or THINK_END not in early_stop_text:
        raise ValueError(
            f"early_stop_text must contain {THINK_END!r}, got {early_stop_text!r}"
        )
    end_id = tokenizer.convert_tokens_to_ids(THINK_END)
    if not isinstance(end_id, int) or end_id == tokenizer.unk_token_id:
        raise ValueError(
            f"the tokenizer has no {THINK_END!r} token: this helper is for thinking models "
            "such as Qwen3"
        )
    stop_ids = tokenizer(early_stop_text, add_special_tokens=False)["input_ids"]
    if max_new_tokens <= thinking_budget + len(stop_ids):
        raise ValueError(
            f"max_new_tokens ({max_new_tokens}) leaves no room for an answer: it must exceed "
            f"thinking_budget ({thinking_budget}) plus the {len(stop_ids)}-token early-stopping "
            "text"
        )

    prompt = _prompt_ids(inputs).to(model.device)
    eos = _eos_ids(model, tokenizer, generate_kwargs)

    def generate(ids: torch.Tensor, budget: int) -> list[int]:
        with torch.no_grad():
            out = model.generate(
                input_ids=ids,
                attention_mask=torch.ones_like(ids),
                max_new_tokens=budget,
                **generate_kwargs,
            )
        return out[0, ids.shape[1] :].tolist()

    def finished(ids: list[int], budget: int) -> bool:
        return bool(ids) and (ids[-1] in eos or len(ids) < budget)

    if _thinking_already_closed(prompt[0].tolist(), end_id, tokenizer):
        output = generate(prompt, max_new_tokens)
        thinking_tokens, budget_reached = 0, False
    else:
        output = generate(prompt, thinking_budget)
        done = finished(output, thinking_budget)
        budget_reached = end_id not in output and not done
        thinking_tokens = output.index(end_id) + 1 if end_id in output else len(output)
        if budget_reached:
            output += stop_ids  # close the thinking for the model, then let it answer
        if not done:
            sofar = torch.tensor([output], device=prompt.device)
            output += generate(
                torch.cat([prompt, sofar], dim=1), max_new_tokens - len(output)
            )

    ended = bool(output) and output[-1] in eos
    thinking, answer = split_thinking_text(
        tokenizer.decode(output, skip_special_tokens=True)
    )
    return BudgetedReply(
        output_ids=output,
        thinking_tokens=thinking_tokens,
        budget_reached=budget_reached,
        finish_reason="stop" if ended or len(output) < max_new_tokens else "length",
        thinking=thinking,
        answer=answer,
    )
