"""qwen3_handbook.routing reproduces the Qwen3-MoE router and transformers' auxiliary loss."""

from __future__ import annotations

import doctest

import pytest
import torch
from transformers.models.qwen3_moe.modeling_qwen3_moe import (
    Qwen3MoeTopKRouter,
    load_balancing_loss_func,
)

from qwen3_handbook import routing
from qwen3_handbook.routing import expert_load, load_balancing_loss, route
from qwen3_handbook.tiny import tiny_config


def test_docstring_examples():
    result = doctest.testmod(routing)
    assert result.attempted >= 4 and result.failed == 0


def test_route_matches_the_transformers_router():
    torch.manual_seed(0)
    router = Qwen3MoeTopKRouter(tiny_config())
    torch.nn.init.normal_(router.weight)
    hidden = torch.randn(10, router.hidden_dim)
    logits, expected_weights, expected_experts = router(hidden)
    weights, experts = route(logits, top_k=8)
    assert torch.equal(experts, expected_experts)
    assert torch.allclose(weights, expected_weights)
    assert torch.allclose(weights.sum(dim=-1), torch.ones(10))


def test_route_without_renormalisation_keeps_softmax_probabilities():
    logits = torch.tensor([[2.0, 1.0, 0.0, -1.0]])
    weights, _ = route(logits, top_k=2, norm_topk_prob=False)
    assert torch.allclose(weights, torch.softmax(logits, dim=-1)[:, :2])


def test_expert_load_counts_every_pick():
    logits = torch.randn(50, 128, generator=torch.Generator().manual_seed(1))
    load = expert_load(logits, top_k=8)
    assert load.shape == (128,) and int(load.sum()) == 50 * 8


@pytest.mark.parametrize("masked", [False, True])
def test_loss_equals_transformers(masked):
    generator = torch.Generator().manual_seed(2)
    layers = tuple(torch.randn(24, 128, generator=generator) for _ in range(3))
    mask = None
    if masked:
        mask = torch.ones(2, 12)
        mask[1, 9:] = 0
    expected = load_balancing_loss_func(layers, 128, 8, mask)
    assert torch.allclose(load_balancing_loss(layers, 8, mask), expected)


def test_even_and_collapsed_routers_bound_the_loss():
    assert float(load_balancing_loss([torch.zeros(128, 128)])) == pytest.approx(8.0)
    collapsed = torch.zeros(32, 128)
    collapsed[:, :8] = 30.0
    assert float(load_balancing_loss([collapsed])) == pytest.approx(128.0, rel=1e-4)


def test_a_single_tensor_counts_as_one_layer():
    logits = torch.randn(8, 16, generator=torch.Generator().manual_seed(3))
    assert torch.equal(
        load_balancing_loss(logits, top_k=2), load_balancing_loss([logits], 2)
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: route([[1.0, 2.0]]), TypeError, "torch.Tensor"),
        (lambda: route(torch.zeros(3)), ValueError, "shape"),
        (
            lambda: route(torch.zeros(3, 4, dtype=torch.long)),
            TypeError,
            "floating-point",
        ),
        (lambda: route(torch.zeros(3, 4), top_k=5), ValueError, "top_k"),
        (lambda: route(torch.zeros(3, 4), top_k=0), ValueError, "top_k"),
        (lambda: expert_load(torch.zeros(0, 4)), ValueError, "shape"),
        (lambda: load_balancing_loss([]), ValueError, "at least one"),
        (
            lambda: load_balancing_loss([torch.zeros(4, 16), torch.zeros(5, 16)], 2),
            ValueError,
            "same shape",
        ),
        (
            lambda: load_balancing_loss([torch.zeros(4, 16)], 2, torch.ones(5)),
            ValueError,
            "attention_mask",
        ),
        (
            lambda: load_balancing_loss([torch.zeros(4, 16)], 2, torch.zeros(4)),
            ValueError,
            "every token",
        ),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
