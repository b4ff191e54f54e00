"""Multi-GPU layout arithmetic: divisibility rules, per-GPU memory, the known traps."""

from __future__ import annotations

import doctest
import math

import pytest

from qwen3_handbook import parallel
from qwen3_handbook.architecture import MODEL_CONFIGS, kv_cache_bytes
from qwen3_handbook.memory import estimate, weight_bytes
from qwen3_handbook.parallel import Layout, check_layout, divisibility_problems, layouts

FLAGSHIP = "Qwen3-235B-A22B"
ALL_MODELS = list(MODEL_CONFIGS)  # original, 2507 and Coder models alike
MOE_MODELS = [n for n in ALL_MODELS if MODEL_CONFIGS[n]["architecture"] == "moe"]


def test_docstring_examples():
    result = doctest.testmod(parallel)
    assert result.attempted >= 6
    assert result.failed == 0


def test_235b_fp8_tp8_fails_because_1536_over_8_is_192():
    (problem,) = divisibility_problems(FLAGSHIP, "fp8", Layout(tp=8))
    assert "1536 / 8 = 192" in problem and "multiple of 128" in problem


def test_235b_fp8_tp4_and_tp8_with_ep_load():
    assert divisibility_problems(FLAGSHIP, "fp8", Layout(tp=4)) == []
    assert divisibility_problems(FLAGSHIP, "fp8", Layout(tp=8, ep=8)) == []


def test_30b_fp8_tp4_fails_because_768_over_4_is_192():
    (problem,) = divisibility_problems("Qwen3-30B-A3B", "fp8", Layout(tp=4))
    assert "768 / 4 = 192" in problem
    assert divisibility_problems("Qwen3-30B-A3B", "fp8", Layout(tp=2)) == []
    assert divisibility_problems("Qwen3-30B-A3B", "fp8", Layout(tp=4, ep=4)) == []


def test_data_parallel_without_ep_splits_experts_dp_x_tp_ways():
    # vLLM: "expert layers form a tensor parallel group of size DP x TP"
    (problem,) = divisibility_problems(FLAGSHIP, "fp8", Layout(tp=4, dp=2))
    assert "1536 / 8 = 192" in problem
    assert divisibility_problems(FLAGSHIP, "fp8", Layout(tp=4, dp=2, ep=8)) == []


def test_bf16_has_no_block_rule():
    assert divisibility_problems(FLAGSHIP, "bf16", Layout(tp=8)) == []


def test_gptq_experts_off_marlin_is_a_warning_not_a_failure():
    check = check_layout(FLAGSHIP, "int4", Layout(tp=8))
    assert check.problems == ()
    assert "1536 / 8 = 192" in check.warnings[0]
    # dense GPTQ layers fail: Qwen3-4B intermediate 9728 / 8 = 1216
    (problem,) = divisibility_problems("Qwen3-4B", "int4", Layout(tp=8))
    assert "9728 / 8 = 1216" in problem


@pytest.mark.parametrize(
    ("tp", "expected"), [(3, "attention heads"), (16, None), (32, None), (128, "heads")]
)
def test_heads_and_kv_heads(tp, expected):
    problems = divisibility_problems(FLAGSHIP, "bf16", Layout(tp=tp))
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p for p in problems)


def test_kv_replication_when_tp_exceeds_kv_heads():
    assert check_layout(FLAGSHIP, "bf16", Layout(tp=8)).kv_replication == 2
    assert check_layout(FLAGSHIP, "bf16", Layout(tp=4)).kv_replication == 1
    assert check_layout("Qwen3-8B", "bf16", Layout(tp=8)).kv_replication == 1
    # 4 KV heads split over TP 2
    assert divisibility_problems(FLAGSHIP, "bf16", Layout(tp=2)) == []


def test_experts_must_split_over_ep():
    problems = divisibility_problems(FLAGSHIP, "bf16", Layout(tp=1, dp=3, ep=3))
    assert any("128 experts" in p for p in problems)


@pytest.mark.parametrize("name", ALL_MODELS)
@pytest.mark.parametrize("fmt", ["bf16", "fp8", "int4"])
def test_one_gpu_holds_exactly_the_estimate(name, fmt):
    single = check_layout(name, fmt, Layout(), context_tokens=4096, batch_size=3)
    plan = estimate(name, fmt, 4096, batch_size=3)
    assert abs(single.weights_per_gpu - plan.weights) <= 2
    assert single.kv_per_gpu == plan.kv_cache
    assert abs(single.overhead_per_gpu - plan.overhead) <= 2


@pytest.mark.parametrize("name", MOE_MODELS)
def test_shards_add_up_to_the_whole_model(name):
    # TP 4 (no KV replication for 4 KV heads), PP 1: four shards hold the model once,
    # up to the replicated norms and routers.
    check = check_layout(name, "bf16", Layout(tp=4))
    parts = parallel.weight_parts(name, "bf16")
    layers = parallel.model_shape(name)["layers"]
    replicated = parts["replicated"] * layers
    total = weight_bytes(name, "bf16")
    assert abs(4 * check.weights_per_gpu - total - 3 * replicated) <= 8


def test_pipeline_stage_holds_ceil_layers():
    check = check_layout(FLAGSHIP, "bf16", Layout(tp=8, pp=2), context_tokens=32768)
    # 47 layers, 1 KV head per rank of 4
    assert check.kv_per_gpu == kv_cache_bytes(FLAGSHIP, 32768) * 47 // 94 // 4


def test_dp_replicas_share_the_sequences():
    one = check_layout(FLAGSHIP, "bf16", Layout(tp=4, dp=2, ep=8), batch_size=5)
    assert one.kv_per_gpu == kv_cache_bytes(FLAGSHIP, 32768, math.ceil(5 / 2)) // 4


def test_layouts_use_every_gpu_and_put_loadable_fits_first():
    found = layouts(FLAGSHIP, "fp8", 1, 8, 80)
    assert all(c.layout.gpus == 8 and c.layout.tp <= 8 for c in found)
    oks = [c.ok for c in found]
    assert oks == sorted(oks, reverse=True)
    names = {str(c.layout): c for c in found}
    assert names["TP 8 x EP 8"].ok and not names["TP 8"].ok


@pytest.mark.parametrize(
    ("nodes", "gpus", "memory", "fmt", "expected"),
    [
        (2, 8, 40, "bf16", "TP 8 x PP 2"),  # 2 x 8 x A100-40GB
        (2, 8, 48, "bf16", "TP 8 x PP 2"),  # 2 x 8 x L40S
        (1, 8, 80, "fp8", "TP 8 x EP 8"),  # H100 FP8
        (1, 8, 141, "bf16", "TP 8"),  # H200
        (1, 4, 192, "bf16", "TP 4"),  # 4 x MI300X
    ],
)
def test_common_cases_fit(nodes, gpus, memory, fmt, expected):
    found = {str(c.layout): c for c in layouts(FLAGSHIP, fmt, nodes, gpus, memory)}
    assert found[expected].ok, found[expected]


def test_235b_bf16_does_not_fit_one_node_of_8x40():
    assert not any(c.ok for c in layouts(FLAGSHIP, "bf16", 1, 8, 40))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: Layout(tp=0), "tp must be a positive integer"),
        (lambda: Layout(tp=2, ep=3), "ep must be 1"),
        (lambda: check_layout(FLAGSHIP, "q4_K_M", Layout()), "fmt must be one of"),
        (lambda: check_layout("Qwen3-1T", "bf16", Layout()), "unknown Qwen3 model"),
        (lambda: check_layout(FLAGSHIP, "bf16", Layout(), 0), "context_tokens"),
        (lambda: check_layout(FLAGSHIP, "bf16", Layout(), batch_size=-1), "batch_size"),
        (
            lambda: check_layout(FLAGSHIP, "bf16", Layout(), gpu_memory_gb=0),
            "gpu_memory",
        ),
        (lambda: layouts(FLAGSHIP, "bf16", 0, 8, 80), "nodes"),
        (lambda: layouts(FLAGSHIP, "bf16", 1000, 8, 80), "at most 4096"),
    ],
)
def test_clear_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_layout_type_is_checked():
    with pytest.raises(TypeError, match="layout must be a Layout"):
        divisibility_problems(FLAGSHIP, "bf16", (8, 1))


def test_expert_bytes_by_layer_add_up_to_the_tensor_storage():
    from qwen3_handbook.memory import tensor_storage

    for fmt in parallel.GGUF_FORMATS:
        sizes = parallel.expert_bytes_by_layer(FLAGSHIP, fmt)
        stored = tensor_storage(FLAGSHIP, fmt)
        assert sum(sizes) == sum(t.nbytes for t in stored if t.name.endswith("_exps"))


def test_n_cpu_moe_is_the_smallest_n_that_fits():
    n, ram = parallel.n_cpu_moe(FLAGSHIP, "q4_K_M", 48)
    sizes = parallel.expert_bytes_by_layer(FLAGSHIP, "q4_K_M")
    assert ram == sum(sizes[:n])
    plan = estimate(FLAGSHIP, "q4_K_M", 32768)
    for layers, fits in ((n, True), (n - 1, False)):
        on_gpu = plan.weights - sum(sizes[:layers]) + plan.kv_cache
        assert (on_gpu + round(0.1 * on_gpu) <= 48e9 * 0.9) is fits
    assert parallel.n_cpu_moe(FLAGSHIP, "q4_K_M", 400) == (0, 0)
    assert parallel.n_cpu_moe(FLAGSHIP, "q4_K_M", 1) is None


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("Qwen3-8B", "q4_K_M", 24), "dense model"),
        ((FLAGSHIP, "fp8", 24), "GGUF format"),
        ((FLAGSHIP, "q4_K_M", 0), "vram_gb"),
    ],
)
def test_n_cpu_moe_errors(args, match):
    with pytest.raises(ValueError, match=match):
        parallel.n_cpu_moe(*args)


@pytest.mark.skipif(
    "Qwen3-Coder-480B-A35B-Instruct" not in MODEL_CONFIGS, reason="Coder not registered"
)
def test_coder_480b_fp8_needs_ep_at_tp8():
    # moe_intermediate_size 2560 / 8 = 320 = 2.5 blocks of 128
    name = "Qwen3-Coder-480B-A35B-Instruct"
    (problem,) = divisibility_problems(name, "fp8", Layout(tp=8))
    assert "2560 / 8 = 320" in problem
    assert divisibility_problems(name, "fp8", Layout(tp=8, ep=8)) == []


# Builds vLLM's ParallelConfig (vllm==0.34.0 in the side venv of tests/engine_venv.py,
# CPU only) for each layout the Scale-out page's commands use.
VLLM_PARALLEL_CONFIG = """
import json, sys
from vllm.config import ParallelConfig
result = []
for tp, pp, dp, ep in json.loads(sys.argv[1]):
    config = ParallelConfig(
        tensor_parallel_size=tp, pipeline_parallel_size=pp, data_parallel_size=dp,
        enable_expert_parallel=ep > 1,
    )
    result.append([config.world_size, config.world_size_across_dp])
print(json.dumps(result))
"""
DOCUMENTED_LAYOUTS = [
    Layout(tp=8, pp=2),  # vllm-ray.sh
    Layout(tp=8, ep=8),  # vllm-expert-parallel.sh:one-node
    Layout(tp=4, dp=2, ep=8),  # :data-parallel
    Layout(tp=8, dp=2, ep=16),  # :multi-node
]


@pytest.mark.engines
@pytest.mark.slow
def test_vllm_parallel_config_accepts_the_documented_layouts():
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from engine_venv import EngineVenvUnavailable, engine_venv, python_of

    try:
        environment = engine_venv()
    except EngineVenvUnavailable as reason:
        pytest.skip(str(reason))
    specs = [[c.tp, c.pp, c.dp, c.ep] for c in DOCUMENTED_LAYOUTS]
    dropped = ("PYTHONPATH", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(VLLM_TARGET_DEVICE="cpu", HF_HUB_OFFLINE="1")
    result = subprocess.run(
        [str(python_of(environment)), "-c", VLLM_PARALLEL_CONFIG, json.dumps(specs)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    sizes = json.loads(result.stdout.strip().splitlines()[-1])
    for layout, (world, across_dp) in zip(DOCUMENTED_LAYOUTS, sizes, strict=True):
        assert world == layout.tp * layout.pp, layout
        assert across_dp == layout.gpus, layout
        if layout.ep > 1:  # the EP commands serve the FP8 checkpoint
            assert divisibility_problems(FLAGSHIP, "fp8", layout) == [], layout
