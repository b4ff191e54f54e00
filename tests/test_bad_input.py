"""Bad input to the public helpers gives a clear TypeError/ValueError naming the argument.

One test per finding of issue 10, item 6: never a raw library error, an OverflowError, a
``@cache`` error, or a silently wrong number.
"""

from __future__ import annotations

import contextlib
import math
import signal

import numpy as np
import pytest
import torch

from qwen3_handbook import (
    architecture,
    engines,
    memory,
    routing,
    sampling,
    serving,
    thinking,
)
from qwen3_handbook._checks import (
    ArgumentTypeError,
    boolean,
    checked_cache,
    finite_float,
    positive_float,
    positive_int,
)

INF, NAN = math.inf, math.nan


# --- the shared checkers ----------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 7, np.int64(3), np.int32(1), np.uint8(200)])
def test_positive_int_accepts_integers_of_any_kind(value):
    result = positive_int("n", value)
    assert result == int(value) and type(result) is int


@pytest.mark.parametrize("value", [None, "2", 2.0, 2.5, True, np.float64(2.0), [2]])
def test_positive_int_rejects_other_types_with_a_type_error(value):
    with pytest.raises(TypeError, match=r"^n must be a positive integer, got"):
        positive_int("n", value)


@pytest.mark.parametrize("value", [0, -1, np.int64(-3)])
def test_positive_int_rejects_small_values_with_a_value_error(value):
    with pytest.raises(
        ValueError, match=r"^n must be a positive integer, got"
    ) as error:
        positive_int("n", value)
    assert not isinstance(error.value, TypeError)


def test_type_errors_are_also_value_errors_for_older_callers():
    with pytest.raises(ValueError):
        positive_int("n", None)
    assert issubclass(ArgumentTypeError, TypeError) and issubclass(
        ArgumentTypeError, ValueError
    )


@pytest.mark.parametrize("value", [INF, -INF, NAN, np.float32("nan")])
def test_finite_float_rejects_inf_and_nan(value):
    with pytest.raises(
        ValueError, match=r"x must be a positive number; got .* not finite"
    ):
        positive_float("x", value)


def test_finite_float_bounds_and_types():
    assert finite_float("f", np.float32(0.5), minimum=0, maximum=1) == 0.5
    assert positive_float("x", 3) == 3.0
    with pytest.raises(ValueError, match=r"f must be a number in \(0, 1\], got 0"):
        finite_float("f", 0, minimum=0, maximum=1, include_minimum=False)
    with pytest.raises(TypeError, match="x must be a positive number, got '1'"):
        positive_float("x", "1")
    with pytest.raises(TypeError, match="x must be a positive number, got True"):
        positive_float("x", True)


@pytest.mark.parametrize("value", [None, "no", "False", 0, 1])
def test_boolean_refuses_truthy_stand_ins(value):
    with pytest.raises(TypeError, match="flag must be True or False"):
        boolean("flag", value)
    assert boolean("flag", np.bool_(False)) is False


def test_checked_cache_names_the_unhashable_argument():
    @checked_cache
    def double(name, times=2):
        return name * times

    assert double("ab") == "abab"
    with pytest.raises(
        TypeError, match="name must be a string or another hashable value"
    ):
        double(["a"])
    assert double.__name__ == "double"


# --- architecture -----------------------------------------------------------------------


def test_numpy_integers_are_integers():
    assert architecture.kv_cache_bytes("Qwen3-8B", np.int64(1024), np.int32(2)) == (
        architecture.kv_cache_bytes("Qwen3-8B", 1024, 2)
    )
    config = architecture.config_for("Qwen3-8B", num_hidden_layers=np.int64(2))
    assert config.num_hidden_layers == 2 and type(config.num_hidden_layers) is int
    plan = memory.estimate("Qwen3-8B", "bf16", np.int64(1024), batch_size=np.int16(2))
    assert (
        plan.kv_cache
        == memory.estimate("Qwen3-8B", "bf16", 1024, batch_size=2).kv_cache
    )


@pytest.mark.parametrize("value", [None, "2", [2]])
def test_kv_cache_bytes_per_token_bad_precision_type(value):
    with pytest.raises(TypeError, match="bytes_per_value must be positive"):
        architecture.kv_cache_bytes_per_token("Qwen3-8B", value)


@pytest.mark.parametrize("value", [INF, NAN, 0, -1, 1e-12])
def test_kv_cache_bytes_per_token_bad_precision_value(value):
    with pytest.raises(ValueError, match="bytes_per_value must be positive"):
        architecture.kv_cache_bytes_per_token("Qwen3-8B", value)


@pytest.mark.parametrize("context", [None, "1024"])
def test_kv_cache_bytes_context_type(context):
    with pytest.raises(TypeError, match="context_tokens must be a positive integer"):
        architecture.kv_cache_bytes("Qwen3-8B", context)


@pytest.mark.parametrize("name", [None, 3, ["Qwen3-8B"], {"Qwen3-8B": 1}])
@pytest.mark.parametrize(
    "call",
    [
        architecture.count_parameters,
        architecture.kv_cache_bytes_per_token,
        architecture.config_for,
        architecture.context_lengths,
    ],
)
def test_model_name_must_be_a_string(call, name):
    with pytest.raises(TypeError, match="name must be a string"):
        call(name)


@pytest.mark.parametrize(
    ("override", "error", "message"),
    [
        (
            {"num_hidden_layers": -1},
            ValueError,
            "num_hidden_layers must be a positive integer",
        ),
        (
            {"num_hidden_layers": 0},
            ValueError,
            "num_hidden_layers must be a positive integer",
        ),
        ({"hidden_size": "4096"}, TypeError, "hidden_size must be a positive integer"),
        ({"num_experts": 2.5}, TypeError, "num_experts must be a positive integer"),
        ({"rope_theta": -1.0}, ValueError, "rope_theta must be a positive number"),
        ({"rope_theta": INF}, ValueError, "rope_theta must be a positive number"),
    ],
)
def test_config_for_checks_numeric_overrides(override, error, message):
    with pytest.raises(error, match=message):
        architecture.config_for("Qwen3-30B-A3B", **override)


# --- memory -----------------------------------------------------------------------------


def test_tiny_kv_precision_is_refused_instead_of_a_zero_cache():
    with pytest.raises(
        ValueError, match="kv_bytes_per_value must be positive and at least"
    ):
        memory.estimate("Qwen3-8B", "bf16", 1024, kv_bytes_per_value=1e-12)


@pytest.mark.parametrize("value", [INF, NAN])
def test_kv_precision_must_be_finite(value):
    with pytest.raises(ValueError, match="kv_bytes_per_value"):
        memory.estimate("Qwen3-8B", "bf16", 1024, kv_bytes_per_value=value)


@pytest.mark.parametrize("value", [INF, NAN])
def test_overhead_must_be_finite(value):
    with pytest.raises(ValueError, match="overhead_fraction must be between 0 and 1"):
        memory.estimate("Qwen3-8B", "bf16", 1024, overhead_fraction=value)


@pytest.mark.parametrize("context", [None, "1024", 1e30, INF])
def test_estimate_context_type(context):
    with pytest.raises(TypeError, match="context_tokens must be a positive integer"):
        memory.estimate("Qwen3-8B", "bf16", context)


@pytest.mark.parametrize("gpu", [INF, NAN, -INF])
def test_infinite_gpu_is_refused(gpu):
    plan = memory.estimate("Qwen3-235B-A22B", "bf16", 32768)
    with pytest.raises(ValueError, match="gpu_memory_gb must be a positive number"):
        memory.gpus_needed(plan, gpu)


@pytest.mark.parametrize("gpu", [None, "80"])
def test_gpu_size_type(gpu):
    plan = memory.estimate("Qwen3-8B", "bf16", 1024)
    with pytest.raises(TypeError, match="gpu_memory_gb must be a positive number"):
        memory.gpus_needed(plan, gpu)


def test_gpus_needed_accepts_numpy_numbers():
    plan = memory.estimate("Qwen3-235B-A22B", "bf16", 32768)
    assert memory.gpus_needed(
        plan, np.float32(80), np.float64(0.9)
    ) == memory.gpus_needed(plan, 80, 0.9)


@pytest.mark.parametrize("name", [["Qwen3-8B"], {"a": 1}])
def test_unhashable_arguments_are_named_before_the_cache(name):
    with pytest.raises(TypeError, match="name must be a string"):
        memory.tensor_storage(name, "bf16")
    with pytest.raises(TypeError, match="fmt must be a string"):
        memory.tensor_storage("Qwen3-8B", name)


# --- thinking and sampling --------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "no", "false", 0, 1])
def test_wants_thinking_hard_switch_must_be_a_bool(value):
    with pytest.raises(TypeError, match="enable_thinking must be True or False"):
        thinking.wants_thinking(
            [{"role": "user", "content": "Hi"}], enable_thinking=value
        )


def test_soft_switch_in_content_parts_is_honoured():
    parts = [
        {"type": "text", "text": "What is 17 × 23?"},
        {"type": "text", "text": "/no_think"},
    ]
    assert thinking.wants_thinking([{"role": "user", "content": parts}]) is False
    image = {"type": "image_url", "image_url": {"url": "data:,"}}
    later = [
        {"role": "user", "content": parts},
        {"role": "user", "content": [image, "/think"]},
    ]
    assert thinking.wants_thinking(later) is True


@pytest.mark.parametrize("ids", [None, 5, 2.5])
def test_split_thinking_ids_needs_a_sequence(ids):
    with pytest.raises(TypeError, match="output_ids must be a sequence of token ids"):
        thinking.split_thinking_ids(ids)


@pytest.mark.parametrize("value", ["no", None, 0, "False"])
def test_generation_config_thinking_must_be_a_bool(value):
    with pytest.raises(TypeError, match="thinking must be True or False"):
        sampling.generation_config(thinking=value)
    with pytest.raises(TypeError, match="thinking must be True or False"):
        sampling.openai_request(thinking=value)


def test_generation_config_accepts_numpy_values():
    config = sampling.generation_config(
        thinking=np.bool_(True), max_new_tokens=np.int64(64)
    )
    assert config.max_new_tokens == 64 and config.temperature == 0.6


@pytest.mark.parametrize("penalty", [INF, NAN])
def test_presence_penalty_must_be_finite(penalty):
    with pytest.raises(
        ValueError, match="presence_penalty must be a number from 0 to 2"
    ):
        sampling.openai_request(thinking=True, presence_penalty=penalty)


@pytest.mark.parametrize("max_tokens", [None, "512"])
def test_max_tokens_type(max_tokens):
    with pytest.raises(TypeError, match="max_tokens must be a positive integer"):
        sampling.openai_request(thinking=True, max_tokens=max_tokens)


# --- routing ----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [NAN, INF])
def test_route_refuses_non_finite_logits(bad):
    logits = torch.zeros(3, 8)
    logits[1, 2] = bad
    with pytest.raises(ValueError, match="router_logits must be finite"):
        routing.route(logits, top_k=2)
    with pytest.raises(ValueError, match=r"router_logits\[0\] must be finite"):
        routing.load_balancing_loss([logits], top_k=2)


def test_route_accepts_a_numpy_top_k():
    _, experts = routing.route(torch.randn(4, 8), top_k=np.int64(2))
    assert experts.shape == (4, 2)


@pytest.mark.parametrize("top_k", [None, "2", 2.0])
def test_route_top_k_type(top_k):
    with pytest.raises(TypeError, match="top_k must be an integer from 1 to 8"):
        routing.route(torch.zeros(2, 8), top_k=top_k)


@pytest.mark.parametrize(
    "mask", [torch.tensor([2, 2, 2, 2]), [1, 0, 1, 2], [0.5, 1, 1, 1]]
)
def test_load_balancing_mask_of_other_values_is_refused(mask):
    with pytest.raises(ValueError, match="attention_mask must hold only 0"):
        routing.load_balancing_loss([torch.randn(4, 8)], top_k=2, attention_mask=mask)


def test_load_balancing_mask_as_a_list_or_array_is_accepted():
    logits = torch.randn(4, 8)
    expected = routing.load_balancing_loss(
        [logits], top_k=2, attention_mask=torch.tensor([[1, 1], [1, 0]])
    )
    for mask in ([[1, 1], [1, 0]], np.array([1, 1, 1, 0]), [True, True, True, False]):
        got = routing.load_balancing_loss([logits], top_k=2, attention_mask=mask)
        assert torch.allclose(got, expected)


@pytest.mark.parametrize("mask", ["1101", object()])
def test_load_balancing_mask_of_another_type_is_named(mask):
    with pytest.raises(TypeError, match="attention_mask must be a tensor"):
        routing.load_balancing_loss([torch.randn(4, 8)], top_k=2, attention_mask=mask)


# --- engines ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, 3, ["vllm"]])
def test_engine_name_type(value):
    with pytest.raises(TypeError, match="name must be a string"):
        engines.engine(value)


@pytest.mark.parametrize("value", [None, b"vllm serve x", ["vllm serve x"]])
def test_check_script_type(value):
    with pytest.raises(TypeError, match="script must be a string"):
        engines.check_script(value)


def test_check_script_reads_the_vllm_api_server_module():
    problems = engines.check_script(
        "python -m vllm.entrypoints.openai.api_server --model Qwen/Qwen3-8B --bogus"
    )
    checked = engines.engine("vllm").checked
    assert problems == [f"line 1: vLLM flag --bogus is unknown to vLLM {checked}"]
    assert (
        engines.check_script(
            "python -m vllm.entrypoints.openai.api_server --model Qwen/Qwen3-8B --port 8000"
        )
        == []
    )


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_check_modelfile_refuses_non_finite_numbers(value):
    problems = engines.check_modelfile(f"FROM ./q.gguf\nPARAMETER temperature {value}")
    assert problems == [f"line 2: temperature needs a number, got {value}"]


def test_check_modelfile_type():
    with pytest.raises(TypeError, match="text must be a string"):
        engines.check_modelfile(None)


# --- serving ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"startup_timeout": None}, TypeError, "startup_timeout must be positive"),
        ({"startup_timeout": "60"}, TypeError, "startup_timeout must be positive"),
        ({"startup_timeout": INF}, ValueError, "startup_timeout must be positive"),
        ({"startup_timeout": NAN}, ValueError, "startup_timeout must be positive"),
        ({"port": "8000"}, TypeError, "port must be an integer"),
        ({"port": 2.5}, TypeError, "port must be an integer"),
        (
            {"extra_args": "--dtype bfloat16"},
            TypeError,
            "extra_args must be a tuple of strings",
        ),
        (
            {"extra_args": ("--port", 8000)},
            TypeError,
            "extra_args must be a tuple of strings",
        ),
    ],
)
def test_local_server_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        with serving.local_server("/tmp", **kwargs):
            pass


def test_local_server_model_type():
    with pytest.raises(TypeError, match="model must be a path or a model id"):
        with serving.local_server(None):
            pass


# --- issue 21: hangs, silent wrong answers and obscure errors ----------------------------

from qwen3_handbook import answers, parallel, toolcalls  # noqa: E402
from qwen3_handbook.parallel import Layout  # noqa: E402

FLAGSHIP = "Qwen3-235B-A22B"
EP8 = Layout(tp=8, ep=8)


class _TookTooLong(Exception):
    pass


@contextlib.contextmanager
def cpu_limit(seconds: float = 20):
    """Fail, instead of hanging the suite, once the call has used this much CPU time.

    A guard far above the call's cost (milliseconds), counted in CPU time, not wall
    clock: the search loops of issue 21 ran for ever.
    """

    def stop(signum, frame):
        raise _TookTooLong(f"still running after {seconds} s of CPU time")

    previous = signal.signal(signal.SIGVTALRM, stop)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def test_numpy_int32_context_does_not_overflow():
    # np.int32(32768) x 2 sequences once wrapped to a negative KV cache that "fit".
    check = parallel.check_layout(
        FLAGSHIP, "fp8", EP8, np.int32(32768), np.int32(2), gpu_memory_gb=80
    )
    assert check == parallel.check_layout(
        FLAGSHIP, "fp8", EP8, 32768, 2, gpu_memory_gb=80
    )
    with cpu_limit():
        found = parallel.max_sequences(
            FLAGSHIP, "fp8", EP8, 80, context_tokens=np.int32(32768)
        )
    assert found == parallel.max_sequences(FLAGSHIP, "fp8", EP8, 80) == 22
    layout = Layout(tp=np.int64(8), ep=np.int32(8))
    assert layout == EP8 and type(layout.tp) is int


def _max_sequences_by_stepping(name, fmt, layout, gpu, **load):
    """The definition: the largest count per replica that fits, found one by one."""
    per_replica = 0
    while parallel.check_layout(
        name, fmt, layout, batch_size=(per_replica + 1) * layout.dp,
        gpu_memory_gb=gpu, **load,
    ).fits:  # fmt: skip
        per_replica += 1
    return per_replica * layout.dp


@pytest.mark.parametrize(
    ("layout", "gpu", "load"),
    [
        (EP8, 80, {}),
        (Layout(tp=4, dp=2, ep=8), 80, {"context_tokens": 8192}),
        (Layout(tp=8, pp=2), 40, {"kv_bytes_per_value": 1}),
        (Layout(tp=8, ep=8), 141, {"context_tokens": 131072}),
        (Layout(tp=2, ep=2), 80, {}),  # holds none
    ],
)
def test_max_sequences_is_the_largest_count_that_fits(layout, gpu, load):
    found = parallel.max_sequences(FLAGSHIP, "fp8", layout, gpu, **load)
    assert found == _max_sequences_by_stepping(FLAGSHIP, "fp8", layout, gpu, **load)


def test_max_sequences_of_a_tiny_kv_precision_is_refused_not_stepped_through():
    with cpu_limit(), pytest.raises(ValueError, match="kv_bytes_per_value must be"):
        parallel.max_sequences(FLAGSHIP, "fp8", EP8, 80, kv_bytes_per_value=1e-9)
    # the smallest allowed precision and a short context: billions of sequences fit,
    # counted by bisection in a few dozen checks
    with cpu_limit():
        many = parallel.max_sequences(
            FLAGSHIP, "fp8", EP8, 1e5, context_tokens=1, kv_bytes_per_value=0.125
        )
    assert many > 10**8


@pytest.mark.parametrize("tp", [2**63, 10**30, 4097])
def test_tp_alternatives_of_a_huge_tp_is_refused(tp):
    with cpu_limit(), pytest.raises(ValueError, match="tp must be a positive integer"):
        parallel.tp_alternatives(FLAGSHIP, "fp8", tp)


def test_tp_alternatives_start_below_the_head_count():
    # TP 4096 breaks the rules (and EP 4096 > 128 experts); 64 heads allow TP 64 at most.
    with cpu_limit():
        found = parallel.tp_alternatives(FLAGSHIP, "bf16", 4096)
    assert [str(check.layout) for check in found] == ["TP 64"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda v: Layout(tp=v), "tp must be a positive integer"),
        (lambda v: Layout(pp=v), "pp must be a positive integer"),
        (lambda v: parallel.check_layout(FLAGSHIP, "bf16", EP8, v), "context_tokens"),
        (
            lambda v: parallel.check_layout(FLAGSHIP, "bf16", EP8, batch_size=v),
            "batch_size",
        ),
        (
            lambda v: parallel.layouts(FLAGSHIP, "bf16", 1, 8, 80, context_tokens=v),
            "context_tokens",
        ),
        (
            lambda v: parallel.n_cpu_moe(FLAGSHIP, "q4_K_M", 48, batch_size=v),
            "batch_size",
        ),
        (lambda v: memory.estimate("Qwen3-8B", "bf16", v), "context_tokens"),
        (lambda v: memory.estimate("Qwen3-8B", "bf16", 1024, v), "batch_size"),
    ],
)
@pytest.mark.parametrize("value", [10**400, 10**30, 2**63])
def test_huge_integers_are_refused_by_name(call, message, value):
    with pytest.raises(ValueError, match=message):
        call(value)


@pytest.mark.parametrize("value", [10**400, 1e308, INF, 1e6])
@pytest.mark.parametrize(
    "call",
    [
        lambda v: memory.gpus_needed(memory.estimate(FLAGSHIP, "bf16", 32768), v),
        lambda v: parallel.check_layout(FLAGSHIP, "bf16", EP8, gpu_memory_gb=v),
        lambda v: parallel.max_sequences(FLAGSHIP, "fp8", EP8, v),
        lambda v: parallel.layouts(FLAGSHIP, "bf16", 1, 8, v),
    ],
)
def test_huge_gpu_sizes_are_refused_by_name(call, value):
    with pytest.raises(ValueError, match="gpu_memory_gb must be a positive number"):
        call(value)


def test_gpus_needed_of_the_largest_gpu_is_one():
    plan = memory.estimate(FLAGSHIP, "bf16", 32768)
    assert memory.gpus_needed(plan, 1e5) == 1
    assert memory.gpus_needed(plan, 1e5, power_of_two=False) == 1


@pytest.mark.parametrize("value", [10**400, INF, 1e308])
def test_huge_fractions_are_refused_by_name(value):
    plan = memory.estimate(FLAGSHIP, "bf16", 32768)
    with pytest.raises(ValueError, match="usable_fraction must be"):
        memory.gpus_needed(plan, 80, value)
    with pytest.raises(ValueError, match="usable_fraction must be"):
        parallel.n_cpu_moe(FLAGSHIP, "q4_K_M", 48, usable_fraction=value)


def test_parallel_accepts_the_numpy_numbers_memory_accepts():
    plain = parallel.check_layout(FLAGSHIP, "fp8", EP8, 32768, 4, 2, 80, 0.9, 0.1)
    numpy_args = parallel.check_layout(
        FLAGSHIP, "fp8", EP8, np.int64(32768), np.int64(4), np.float32(2.0),
        np.float32(80), np.float64(0.9), np.float64(0.1),
    )  # fmt: skip
    assert numpy_args == plain
    assert parallel.max_sequences(FLAGSHIP, "fp8", EP8, np.float32(80)) == (
        parallel.max_sequences(FLAGSHIP, "fp8", EP8, 80)
    )
    assert parallel.n_cpu_moe(FLAGSHIP, "q4_K_M", np.float32(48)) == (
        parallel.n_cpu_moe(FLAGSHIP, "q4_K_M", 48)
    )
    assert parallel.layouts(
        FLAGSHIP, "fp8", np.int64(1), np.int64(8), np.int64(80)
    ) == (parallel.layouts(FLAGSHIP, "fp8", 1, 8, 80))


@pytest.mark.parametrize(
    "call",
    [
        lambda v: parallel.model_shape(v),
        lambda v: parallel.weight_parts(v, "bf16"),
        lambda v: parallel.weight_parts(FLAGSHIP, v),
        lambda v: parallel.expert_bytes_by_layer(v, "q4_K_M"),
        lambda v: parallel.check_layout(v, "bf16", EP8),
        lambda v: parallel.layouts(FLAGSHIP, v, 1, 8, 80),
    ],
)
@pytest.mark.parametrize("value", [["Qwen3-8B"], {"a": 1}, None])
def test_parallel_names_unhashable_and_missing_names(call, value):
    with pytest.raises(TypeError, match=r"(name|fmt) must be"):
        call(value)


@pytest.mark.parametrize("layout", [(8, 1), None, "TP 8", 8])
def test_max_sequences_names_a_layout_that_is_not_one(layout):
    with pytest.raises(TypeError, match="layout must be a Layout"):
        parallel.max_sequences(FLAGSHIP, "fp8", layout, 80)
    with pytest.raises(TypeError, match="layout must be a Layout"):
        parallel.check_layout(FLAGSHIP, "fp8", layout)


TRUTHY_STAND_INS = [None, "no", "False", "0", "", 0, 1, 2.5, [], NAN]


@pytest.mark.parametrize("value", TRUTHY_STAND_INS)
@pytest.mark.parametrize(
    "call",
    [
        lambda v: thinking.split_thinking_text("a", starts_in_thinking=v),
        lambda v: thinking.split_thinking_ids([1], starts_in_thinking=v),
        lambda v: thinking.ThinkingStreamParser(starts_in_thinking=v),
        lambda v: toolcalls.ReplyStreamParser(starts_in_thinking=v),
    ],
)
def test_starts_in_thinking_must_be_a_bool(call, value):
    with pytest.raises(TypeError, match="starts_in_thinking must be True or False"):
        call(value)


@pytest.mark.parametrize("value", TRUTHY_STAND_INS)
def test_answer_only_and_power_of_two_must_be_bools(value):
    with pytest.raises(TypeError, match="answer_only must be True or False"):
        answers.extract_boxed("\\boxed{1}", answer_only=value)
    with pytest.raises(TypeError, match="answer_only must be True or False"):
        answers.extract_choice('"answer": "A"', answer_only=value)
    plan = memory.estimate("Qwen3-8B", "bf16", 1024)
    with pytest.raises(TypeError, match="power_of_two must be True or False"):
        memory.gpus_needed(plan, 80, power_of_two=value)


def test_numpy_bools_are_bools():
    assert thinking.split_thinking_text("a", starts_in_thinking=np.bool_(True)) == (
        "a",
        "",
    )
    assert answers.extract_boxed("\\boxed{1}", answer_only=np.bool_(False)) == "1"
