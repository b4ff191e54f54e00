"""The tiny test model: bit-for-bit repeatable builds, a cache key that changes only when
the checkpoint would, and no staging directories left behind by killed builds."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qwen3_handbook import tiny
from qwen3_handbook.numerics import (
    CpuNumericsError,
    check_pinned_capability,
    pin_cpu_numerics,
    pinned_environment,
)

BUILD = """
import sys
from qwen3_handbook.numerics import check_pinned_capability
from qwen3_handbook.tiny import build_tiny_model, checkpoint_hash
check_pinned_capability()
build_tiny_model(sys.argv[1], steps=5, verify=False)
print(checkpoint_hash(sys.argv[1]))
"""


def _cpu_flags() -> set[str]:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def kernel_selections() -> dict[str, dict[str, str]]:
    """What MKL would pick on this CPU and on lesser x86-64 CPUs, as environments.

    ``MKL_ENABLE_INSTRUCTIONS`` caps MKL's dispatch at an instruction set, as on a CPU
    that has no more; ATen and oneDNN are capped at AVX2 by the pins themselves. Each
    selection also varies what must not matter: the thread count and HF_HUB_OFFLINE.
    """
    flags = _cpu_flags()
    selections = {}
    if "avx512f" in flags:
        selections["MKL AVX-512 (this CPU's own), 2 threads, offline"] = {
            "MKL_ENABLE_INSTRUCTIONS": "AVX512",
            "OMP_NUM_THREADS": "2",
            "HF_HUB_OFFLINE": "1",
        }
    if "avx2" in flags:
        selections["MKL AVX2 (an AVX2-only CPU), 1 thread, hub variable unset"] = {
            "MKL_ENABLE_INSTRUCTIONS": "AVX2",
            "OMP_NUM_THREADS": "1",
        }
    return selections


def pinned_child_environment(**changes: str) -> dict[str, str]:
    environment = pinned_environment()
    for name in ("MKL_ENABLE_INSTRUCTIONS", "OMP_NUM_THREADS", "HF_HUB_OFFLINE"):
        environment.pop(name, None)
    environment.update(changes)
    return environment


def test_every_kernel_selection_gives_the_recorded_model(tmp_path):
    """Builds under each kernel selection this CPU offers give the recorded tensors.

    5 training steps instead of 100, to stay cheap; the recorded ``steps5`` hash is the
    one the recording machine got, so a CPU whose kernels differ fails here first.
    """
    selections = kernel_selections()
    assert selections, "this CPU has no AVX2: the pinned kernels cannot run"
    expected = tiny.recorded_hash("steps5")
    assert expected, (
        f"{tiny.RECORDED_HASHES.name} records no steps5 hash for "
        f"{tiny._versions_key()}: run the build below and record it"
    )
    hashes, folders = {}, []
    for index, (label, changes) in enumerate(selections.items()):
        folder = tmp_path / f"build{index}"
        result = subprocess.run(
            [sys.executable, "-c", BUILD, str(folder)],
            env=pinned_child_environment(**changes),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{label}:\n{result.stderr[-3000:]}"
        hashes[label] = result.stdout.split()[-1]
        folders.append(folder)
    differing = {label: h[:16] for label, h in hashes.items() if h != expected}
    assert not differing, (
        f"recorded {expected[:16]}; these kernel selections built other tensors: "
        f"{differing}"
    )
    for name in ("config.json", "tokenizer_config.json", "generation_config.json"):
        contents = {(folder / name).read_bytes() for folder in folders}
        assert len(contents) == 1, name
    assert "local_files_only" not in json.loads(
        (folders[0] / "tokenizer_config.json").read_text()
    )


def test_the_cached_model_is_the_recorded_one(tiny_model):
    expected = tiny.recorded_hash("scripted")
    assert expected, f"no scripted hash recorded for {tiny._versions_key()}"
    assert tiny.checkpoint_hash(tiny_model) == expected


def test_a_differing_build_names_the_cpu(tmp_path, monkeypatch):
    monkeypatch.setattr(tiny, "checkpoint_hash", lambda directory: "0" * 64)
    monkeypatch.setattr(tiny, "recorded_hash", lambda variant: "f" * 64)
    with pytest.raises(CpuNumericsError) as raised:
        tiny.check_recorded_hash(tmp_path, "scripted")
    message = str(raised.value)
    assert "CPU: " in message and "torch CPU capability" in message
    assert "ATEN_CPU_CAPABILITY=avx2" in message and "0000000000000000" in message


def test_this_process_runs_the_pinned_kernels():
    assert check_pinned_capability() == "AVX2"


def test_pins_refused_after_torch_loaded_unpinned(monkeypatch):
    import torch  # noqa: F401  (already loaded: the point of the test)

    monkeypatch.delenv("ATEN_CPU_CAPABILITY")
    with pytest.raises(CpuNumericsError, match="before the CPU kernels were pinned"):
        pin_cpu_numerics()


def test_build_restores_the_callers_torch_settings(tmp_path):
    import torch

    threads = torch.get_num_threads()
    with tiny._deterministic_torch():
        assert torch.get_num_threads() == 1
        assert torch.are_deterministic_algorithms_enabled()
    assert torch.get_num_threads() == threads
    assert not torch.are_deterministic_algorithms_enabled()


def test_cache_key_ignores_docstrings_and_comments():
    plain = "def f(x):\n    return x + 1\n"
    documented = (
        'def f(x):\n    """Add one."""\n    # a comment\n    return x + 1  # note\n'
    )
    assert tiny._source_key(plain) == tiny._source_key(documented)
    assert tiny._source_key(plain) != tiny._source_key("def f(x):\n    return x + 2\n")


def test_cache_key_follows_script_and_config(monkeypatch):
    key = tiny._fingerprint(True)
    assert tiny._fingerprint(True) == key  # stable
    assert tiny._fingerprint(False) != key
    extra = tiny.ScriptedTurn([{"role": "user", "content": "Hi"}], "Hello.")
    monkeypatch.setattr(tiny, "SCRIPT", [*tiny.SCRIPT, extra])
    assert tiny._fingerprint(True) != key
    assert tiny._fingerprint(False) == tiny._fingerprint(False)
    monkeypatch.undo()
    original = tiny.tiny_config
    monkeypatch.setattr(tiny, "tiny_config", lambda: original(hidden_size=32))
    assert tiny._fingerprint(True) != key


def test_cache_key_covers_the_build_code():
    names = {function.__name__ for function in tiny._RECIPE}
    assert {
        "_overfit",
        "build_tiny_model",
        "tiny_config",
        "_write_portable_config",
    } <= names


def _staging(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"partial")
    return folder


def test_sweep_removes_only_abandoned_staging(tmp_path):
    target = "tiny-qwen3-moe-scripted-0123456789ab"
    abandoned = _staging(tmp_path, f".{target}.staging-abcd1234")
    busy_target = "tiny-qwen3-moe-fedcba987654"
    busy = _staging(tmp_path, f".{busy_target}.staging-efgh5678")
    old_legacy = _staging(tmp_path, ".tiny-qwen3-moe-scripted-k2j4h6g8")
    hour_ago = time.time() - 2 * 3600
    os.utime(old_legacy, (hour_ago, hour_ago))
    new_legacy = _staging(tmp_path, ".tiny-qwen3-moe-q1w2e3r4")
    finished = _staging(tmp_path, target)
    unrelated = _staging(tmp_path, ".something-else.staging-x")
    with open(tmp_path / f".{busy_target}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a build of busy_target is running
        removed = tiny._sweep_staging(tmp_path)
    assert sorted(removed) == sorted([abandoned, old_legacy])
    assert not abandoned.exists() and not old_legacy.exists()
    for kept in (busy, new_legacy, finished, unrelated):
        assert kept.exists(), kept.name


def test_ensure_sweeps_says_it_builds_and_caches(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QWEN3_HANDBOOK_CACHE", str(tmp_path))
    name = f"tiny-qwen3-moe-scripted-{tiny._fingerprint(True)}"
    leftover = _staging(tmp_path, f".{name}.staging-dead0000")
    built = []

    def fake_build(output_dir, *, scripted):
        assert scripted
        (Path(output_dir) / "config.json").write_text("{}")
        built.append(output_dir)
        return "0" * 64

    monkeypatch.setattr(tiny, "build_pinned", fake_build)
    path = tiny.ensure_tiny_model()
    assert path == tmp_path / name and (path / "config.json").is_file()
    assert not leftover.exists()
    assert capsys.readouterr().err.strip() == tiny.BUILD_MESSAGE
    assert tiny.BUILD_MESSAGE == "building the tiny test model (about 3 minutes)…"
    assert tiny.ensure_tiny_model() == path  # cached: no second build, no message
    assert len(built) == 1 and capsys.readouterr().err == ""
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [name]


def test_bad_steps_type(tmp_path):
    for steps in (None, "5", 2.5, True):
        with pytest.raises(ValueError, match="steps must be a positive integer"):
            tiny.build_tiny_model(tmp_path, steps=steps)
