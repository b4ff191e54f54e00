"""Read a Qwen3-MoE router: top-k expert choice, expert load, load-balancing loss.

Each Qwen3-MoE layer has a router (``mlp.gate``, a ``num_experts x hidden`` matrix) that
scores the 128 experts for every token. The model keeps the 8 best after a softmax over
all 128 and, because ``norm_topk_prob`` is true in every Qwen3-MoE ``config.json``,
rescales those 8 probabilities to sum to 1. The functions here take the router logits a
model returns with ``output_router_logits=True`` (one ``[tokens, num_experts]`` tensor per
layer) and reproduce what the layer computes, so that routing can be inspected.

`load_balancing_loss` is the Switch-Transformer auxiliary loss exactly as
`transformers` computes it for Qwen3-MoE (``load_balancing_loss_func`` in
``modeling_qwen3_moe.py``): ``num_experts x sum_i f_i x P_i``, where ``f_i`` is the share
of tokens that pick expert ``i`` among their top-k (so the shares add up to ``top_k``) and
``P_i`` the mean router probability of expert ``i``. A perfectly even router scores
``top_k`` (8.0 for Qwen3); a router that sends every token to the same experts scores up
to ``num_experts``.

Examples:
    >>> import torch
    >>> from qwen3_handbook.routing import load_balancing_loss, route
    >>> logits = torch.zeros(4, 128)  # 4 tokens, a router with no preference at all
    >>> weights, experts = route(logits, top_k=8)
    >>> weights.shape, round(float(weights[0].sum()), 6)
    (torch.Size([4, 8]), 1.0)
    >>> round(float(load_balancing_loss([torch.zeros(128, 128)], top_k=8)), 4)
    8.0
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qwen3_handbook._checks import ArgumentTypeError, boolean

if TYPE_CHECKING:
    import torch

__all__ = ["expert_load", "load_balancing_loss", "route"]


def _check_logits(router_logits, name: str = "router_logits") -> torch.Tensor:
    import torch

    if not isinstance(router_logits, torch.Tensor):
        raise TypeError(
            f"{name} must be a torch.Tensor, got {type(router_logits).__name__}"
        )
    if (
        router_logits.dim() != 2
        or router_logits.shape[0] == 0
        or router_logits.shape[1] == 0
    ):
        raise ValueError(
            f"{name} must have shape [tokens, num_experts] with both > 0, "
            f"got {tuple(router_logits.shape)}"
        )
    if not router_logits.is_floating_point():
        raise TypeError(
            f"{name} must hold floating-point logits, got {router_logits.dtype}"
        )
    if not bool(torch.isfinite(router_logits).all()):
        raise ValueError(f"{name} must be finite; it holds NaN or infinite values")
    return router_logits


def _check_top_k(top_k: int, num_experts: int) -> int:
    if isinstance(top_k, bool) or not isinstance(top_k, numbers.Integral):
        raise ArgumentTypeError(
            f"top_k must be an integer from 1 to {num_experts}, got {top_k!r}"
        )
    if not 1 <= top_k <= num_experts:
        raise ValueError(
            f"top_k must be an integer from 1 to {num_experts}, got {top_k!r}"
        )
    return int(top_k)


def route(
    router_logits: torch.Tensor, top_k: int = 8, norm_topk_prob: bool = True
) -> tuple[torch.Tensor, torch.Tensor]:
    """Pick each token's experts as a Qwen3-MoE layer does.

    Softmax over all experts (in float32), keep the ``top_k`` largest probabilities and, with
    ``norm_topk_prob`` (true for every Qwen3-MoE model), divide them by their sum.

    Args:
        router_logits: ``[tokens, num_experts]`` logits of one layer's router.
        top_k: Experts per token (``num_experts_per_tok``, 8 for Qwen3-MoE).
        norm_topk_prob: Renormalise the kept probabilities to sum to 1.

    Returns:
        ``(weights, experts)``, both ``[tokens, top_k]``, best expert first: the weights
        that scale each expert's output and the expert indices.

    Raises:
        TypeError: If ``router_logits`` is not a floating-point tensor.
        ValueError: If it is not 2-D, or ``top_k`` is not between 1 and the expert count.

    Examples:
        >>> import torch
        >>> weights, experts = route(torch.tensor([[2.0, 1.0, 0.0, -1.0]]), top_k=2)
        >>> experts.tolist(), [round(w, 4) for w in weights[0].tolist()]
        ([[0, 1]], [0.7311, 0.2689])
    """
    import torch

    logits = _check_logits(router_logits)
    top_k = _check_top_k(top_k, logits.shape[1])
    norm_topk_prob = boolean("norm_topk_prob", norm_topk_prob)
    probabilities = torch.softmax(logits, dim=-1, dtype=torch.float32)
    weights, experts = torch.topk(probabilities, top_k, dim=-1)
    if norm_topk_prob:
        weights = weights / weights.sum(dim=-1, keepdim=True)
    return weights, experts


def expert_load(router_logits: torch.Tensor, top_k: int = 8) -> torch.Tensor:
    """Count how many tokens each expert receives in one layer.

    Args:
        router_logits: ``[tokens, num_experts]`` logits of one layer's router.
        top_k: Experts per token.

    Returns:
        An int64 tensor ``[num_experts]``; it sums to ``tokens x top_k``.

    Raises:
        TypeError: If ``router_logits`` is not a floating-point tensor.
        ValueError: If it is not 2-D, or ``top_k`` is out of range.

    Examples:
        >>> import torch
        >>> expert_load(torch.tensor([[3.0, 2.0, 1.0], [1.0, 3.0, 2.0]]), top_k=2).tolist()
        [1, 2, 1]
    """
    import torch

    logits = _check_logits(router_logits)
    _, experts = route(logits, top_k=top_k)
    return torch.bincount(experts.reshape(-1), minlength=logits.shape[1])


def load_balancing_loss(
    router_logits: Sequence[torch.Tensor],
    top_k: int = 8,
    attention_mask: torch.Tensor | None = None,
) -> torch.Tensor:
    """The auxiliary load-balancing loss over one or more layers, as `transformers` computes it.

    All layers' tokens are pooled: ``f_i`` and ``P_i`` are averaged over every (layer, token)
    row, then ``loss = num_experts x sum_i f_i x P_i``. Even routing gives ``top_k``.
    The model adds ``router_aux_loss_coef`` (0.001 for Qwen3) times this to its loss.

    Args:
        router_logits: One ``[tokens, num_experts]`` tensor per layer, e.g. the
            ``router_logits`` of a forward pass with ``output_router_logits=True``.
        top_k: Experts per token.
        attention_mask: Optional ``[batch, sequence]`` mask; padding tokens (0) are left out.
            Its size must equal the number of tokens per layer.

    Returns:
        A 0-d float32 tensor.

    Raises:
        TypeError: If a layer's logits are not a floating-point tensor.
        ValueError: If no layer is given, layers disagree in shape, ``top_k`` is out of range
            or the mask does not match the token count.

    Examples:
        >>> import torch
        >>> collapsed = torch.zeros(16, 128)
        >>> collapsed[:, :8] = 10.0  # every token picks experts 0-7
        >>> round(float(load_balancing_loss([collapsed], top_k=8)), 2)
        127.91
    """
    import torch

    if isinstance(router_logits, torch.Tensor):
        layers = [router_logits]
    else:
        layers = list(router_logits)
    if not layers:
        raise ValueError("router_logits must hold at least one layer's logits")
    for index, layer in enumerate(layers):
        _check_logits(layer, f"router_logits[{index}]")
    shape = layers[0].shape
    if any(layer.shape != shape for layer in layers):
        raise ValueError(
            f"every layer's router logits must have the same shape, got "
            f"{sorted({tuple(layer.shape) for layer in layers})}"
        )
    tokens, num_experts = shape
    top_k = _check_top_k(top_k, num_experts)
    if attention_mask is None:
        mask = torch.ones(tokens)
    else:
        if not isinstance(attention_mask, torch.Tensor):
            try:  # a list or a numpy array of 0s and 1s
                attention_mask = torch.as_tensor(attention_mask)
            except (TypeError, ValueError, RuntimeError):
                raise ArgumentTypeError(
                    "attention_mask must be a tensor (or a list or array) of 0s and 1s, "
                    f"got {type(attention_mask).__name__}"
                ) from None
        if attention_mask.dtype.is_complex or not bool(
            ((attention_mask == 0) | (attention_mask == 1)).all()
        ):
            raise ValueError("attention_mask must hold only 0 (padding) and 1 (token)")
        if attention_mask.numel() != tokens:
            raise ValueError(
                f"attention_mask has {attention_mask.numel()} positions but the router "
                f"logits have {tokens} tokens per layer"
            )
        mask = attention_mask.reshape(-1).float()
    if not mask.sum() > 0:
        raise ValueError("attention_mask masks out every token")

    picks = torch.zeros(num_experts)
    probability_sum = torch.zeros(num_experts)
    for layer in layers:
        probabilities = torch.softmax(layer.float(), dim=-1)
        _, experts = torch.topk(probabilities, top_k, dim=-1)
        picks += torch.zeros(num_experts).scatter_add_(
            0, experts.reshape(-1), mask.repeat_interleave(top_k)
        )
        probability_sum += (probabilities * mask[:, None]).sum(dim=0)
    rows = mask.sum() * len(layers)
    share_of_tokens = picks / rows  # f_i: sums to top_k
    mean_probability = probability_sum / rows  # P_i: sums to 1
    return num_experts * torch.sum(share_of_tokens * mean_probability)
