"""What a new contributor waits for: a cold strict build and a cold ``mkdocs serve``.

    python tests/cold_start.py                 # both, fully cold (model built too)
    python tests/cold_start.py --model-cached  # the tiny model already in the cache
    python tests/cold_start.py --only build    # or --only serve

Each measurement runs in a fresh copy of the working tree (tracked and untracked
files, no ``.cache/``), with an empty ``QWEN3_HANDBOOK_CACHE``, as a fresh clone on a
new machine would (pip packages excepted). ``serve`` is the time from starting
``mkdocs serve`` until the home page answers. Prints the seconds and the load average;
record idle figures in the README's Budgets table (targets: cold build < 60 s, serve
cold start < 2 min). Not a test: CI does not run it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from perf_budgets import fresh_copy  # noqa: E402
from test_browser import _site_prefix  # noqa: E402


def environment(copy: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QWEN3_MODEL",)}
    env.update(
        QWEN3_HANDBOOK_CACHE=str(cache),
        NO_MKDOCS_2_WARNING="1",
        PYTHONPATH=str(copy / "src"),  # the copy's helpers and hooks
    )
    return env


def prepare(scratch: Path, model_cached: bool) -> tuple[Path, Path]:
    copy = scratch / "copy"
    copy.mkdir()
    fresh_copy(copy)
    shutil.rmtree(copy / ".cache", ignore_errors=True)
    cache = scratch / "model-cache"
    cache.mkdir()
    if model_cached:  # link the existing checkpoint in (building it is not measured)
        sys.path.insert(0, str(ROOT / "src"))
        from qwen3_handbook.tiny import ensure_tiny_model

        model = ensure_tiny_model()
        (cache / model.name).symlink_to(model)
    return copy, cache


def cold_build(scratch: Path, model_cached: bool) -> float:
    copy, cache = prepare(scratch, model_cached)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", f"{scratch}/site"],
        cwd=copy,
        env=environment(copy, cache),
        capture_output=True,
        text=True,
    )
    elapsed = time.monotonic() - started
    if result.returncode:
        sys.exit(f"cold build failed:\n{result.stderr[-4000:]}")
    return elapsed


def cold_serve(scratch: Path, model_cached: bool, timeout: float = 1200) -> float:
    copy, cache = prepare(scratch, model_cached)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}{_site_prefix()}"
    started = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=copy,
        env=environment(copy, cache),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while time.monotonic() - started < timeout:
            if server.poll() is not None:
                sys.exit(f"mkdocs serve exited:\n{server.stderr.read()[-4000:]}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return time.monotonic() - started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(1)
        sys.exit(f"mkdocs serve did not answer within {timeout:.0f} s")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-cached", action="store_true")
    parser.add_argument("--only", choices=["build", "serve"])
    arguments = parser.parse_args()
    rows = []
    for name, measure in [("cold strict build", cold_build), ("serve", cold_serve)]:
        if arguments.only and not name.endswith(arguments.only):
            continue
        with tempfile.TemporaryDirectory(prefix="handbook-cold-") as scratch:
            seconds = measure(Path(scratch), arguments.model_cached)
        load = os.getloadavg()[0]
        rows.append((name, seconds, load))
        print(f"{name}: {seconds:.0f} s (load average {load:.1f})", flush=True)
    model = "tiny model cached" if arguments.model_cached else "tiny model built too"
    print(f"\n{os.cpu_count()} cores, {model}:")
    for name, seconds, load in rows:
        print(f"  {name:<18} {seconds:6.0f} s   load {load:.1f}")


if __name__ == "__main__":
    main()
