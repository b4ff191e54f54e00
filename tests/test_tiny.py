"""The tiny test model: bit-for-bit repeatable builds, a cache key that changes only when
the checkpoint would, and no staging directories left behind by killed builds."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qwen3_handbook import tiny

BUILD = """
import sys
from qwen3_handbook.tiny import build_tiny_model
build_tiny_model(sys.argv[1], steps=5, verify=False)
"""


def _tensor_hashes(directory: Path) -> dict[str, str]:
    from safetensors import safe_open

    hashes = {}
    for path in sorted(directory.glob("*.safetensors")):
        with safe_open(str(path), framework="pt") as weights:
            for name in weights.keys():
                tensor = weights.get_tensor(name).contiguous()
                data = (
                    f"{tensor.dtype}{tuple(tensor.shape)}".encode()
                    + tensor.numpy().tobytes()
                )
                hashes[name] = hashlib.sha256(data).hexdigest()
    return hashes


def test_two_builds_are_identical(tmp_path):
    """Two builds in separate processes give the same tensors, whatever the thread
    settings and HF_HUB_OFFLINE (5 training steps instead of 100, to stay cheap)."""
    environments = [
        {**os.environ, "OMP_NUM_THREADS": "2", "HF_HUB_OFFLINE": "1"},
        {
            **{k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"},
            "OMP_NUM_THREADS": "1",
        },
    ]
    folders = []
    for index, env in enumerate(environments):
        folder = tmp_path / f"build{index}"
        subprocess.run(
            [sys.executable, "-c", BUILD, str(folder)],
            env=env,
            check=True,
            capture_output=True,
        )
        folders.append(folder)
    first, second = (_tensor_hashes(folder) for folder in folders)
    assert len(first) > 700  # every tensor of the model, not an empty shard
    differing = sorted(name for name in first if first[name] != second.get(name))
    assert first.keys() == second.keys()
    assert not differing, (
        f"{len(differing)} of {len(first)} tensors differ: {differing[:5]}"
    )
    for name in ("config.json", "tokenizer_config.json", "generation_config.json"):
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), (
            name
        )
    assert "local_files_only" not in json.loads(
        (folders[0] / "tokenizer_config.json").read_text()
    )


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

    monkeypatch.setattr(tiny, "build_tiny_model", fake_build)
    path = tiny.ensure_tiny_model()
    assert path == tmp_path / name and (path / "config.json").is_file()
    assert not leftover.exists()
    assert capsys.readouterr().err.strip() == tiny.BUILD_MESSAGE
    assert tiny.BUILD_MESSAGE == "building the tiny test model (about 2 minutes)…"
    assert tiny.ensure_tiny_model() == path  # cached: no second build, no message
    assert len(built) == 1 and capsys.readouterr().err == ""
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [name]


def test_bad_steps_type(tmp_path):
    for steps in (None, "5", 2.5, True):
        with pytest.raises(ValueError, match="steps must be a positive integer"):
            tiny.build_tiny_model(tmp_path, steps=steps)
