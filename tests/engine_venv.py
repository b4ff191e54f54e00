"""Build (once) the side venv in which vLLM's and SGLang's released code runs.

`engine_venv()` creates ``.cache/engine-venv-<hash>`` keyed by the Python version and
``requirements/engines.txt``; a later session reuses it. The venv sees the main environment
(torch 2.13 CPU, transformers, pydantic, fastapi, ...: see `see_main_environment`) and adds
only the pinned wheels, all with ``--no-deps`` (the engines' declared dependencies pin CUDA
torch builds). pip comes from the main environment (``pip --python``), so the venv has none.
The cost of the build (seconds, megabytes) is written next to it in ``cost.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import site
import subprocess
import sys
import tempfile
import threading
import time
import venv
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements" / "engines.txt"
EVAL_PINS = ROOT / "requirements" / "evaluation.txt"
GUIDELLM_PINS = ROOT / "requirements" / "guidellm.txt"
CACHE = ROOT / ".cache"
# pip's messages when the index cannot be reached: then the group skips, as the browser
# group does without Chromium. Any other install failure fails the tests.
OFFLINE = re.compile(
    r"NewConnectionError|Network is unreachable|Temporary failure in name resolution|"
    r"Could not find a version that satisfies|No matching distribution found|"
    r"Max retries exceeded|ConnectTimeoutError"
)


MAIN_MARKER = "main-environment.txt"
"""Names the main environment (``sys.prefix``) a side venv was built on top of."""


class EngineVenvUnavailable(RuntimeError):
    """The venv cannot be built here (no package index); the tests skip with this reason."""


def pins_of(path: Path) -> list[str]:
    """The requirement lines of a pins file, comments and blank lines dropped."""
    lines = path.read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def requirements() -> list[str]:
    return pins_of(REQUIREMENTS)


def python_of(environment: Path) -> Path:
    return environment / "bin" / "python"


def _size_mb(path: Path) -> float:
    total = sum(
        p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()
    )
    return total / 1e6


def main_site_packages() -> list[str]:
    """The site-packages directories of the interpreter running this code.

    In a virtualenv these are the venv's own (and the base interpreter's only if the venv
    was made with ``--system-site-packages``); on a system or conda Python, that Python's.
    """
    folders = list(site.getsitepackages())
    if site.ENABLE_USER_SITE and Path(site.getusersitepackages()).is_dir():
        folders.append(site.getusersitepackages())
    return [folder for folder in folders if Path(folder).is_dir()]


def see_main_environment(environment: Path) -> Path:
    """Make ``environment`` see the running interpreter's packages, behind its own.

    ``venv --system-site-packages`` would expose the *base* interpreter's site-packages,
    which inside a virtualenv is not where torch and transformers were installed. A
    ``.pth`` file that calls `site.addsitedir` on the running interpreter's own folders
    works from a venv, a system Python or conda alike, and processes their ``.pth`` files
    too (editable installs). The side venv's own site-packages stay first on ``sys.path``.
    """
    result = subprocess.run(
        [
            str(python_of(environment)),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    own = Path(result.stdout.strip())
    lines = [
        f"import site; site.addsitedir({folder!r})" for folder in main_site_packages()
    ]
    pth = own / "_handbook_main_environment.pth"
    pth.write_text("\n".join(lines) + "\n")
    return pth


def cached_venv(
    prefix: str, pins: list[str], install: Callable[[Path, list[str]], dict]
) -> Path:
    """``.cache/<prefix>-<hash>``, built once on top of the main environment.

    The hash covers the Python version, the running environment's prefix and ``pins``.
    ``install(staging, pins)`` fills a fresh venv (no pip of its own, the running
    interpreter's packages visible through `see_main_environment`) and returns its cost
    figures, written to ``cost.json``; the venv is built aside and moved into place, so a
    concurrent session or a killed build never leaves a half-built one. Older venvs of
    the same prefix are removed (each is hundreds of MB).
    """
    with _BUILDING[prefix]:  # a prefetch (tests/background.py) may be building it now
        return _cached_venv(prefix, pins, install)


# One lock per venv prefix: the session's prefetch thread and a test may ask at once.
_BUILDING: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)


def _cached_venv(
    prefix: str, pins: list[str], install: Callable[[Path, list[str]], dict]
) -> Path:
    key = hashlib.sha256(
        "\n".join([sys.version, sys.prefix, *main_site_packages(), *pins]).encode()
    ).hexdigest()[:12]
    target = CACHE / f"{prefix}-{key}"
    if (target / "cost.json").exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=CACHE, prefix=f".{prefix}-staging-"))
    try:
        venv.EnvBuilder(system_site_packages=False, with_pip=False).create(staging)
        see_main_environment(staging)
        (staging / MAIN_MARKER).write_text(sys.prefix + "\n")
        figures = install(staging, pins)
        (staging / "cost.json").write_text(json.dumps(figures, indent=2) + "\n")
        try:
            staging.rename(target)
        except OSError:  # another session finished first
            if not (target / "cost.json").exists():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    # Older venvs of this prefix built for this same main environment: a venv built on
    # top of another interpreter (the system Python beside a virtualenv) may be in use.
    for stale in CACHE.glob(f"{prefix}-*"):
        marker = stale / MAIN_MARKER
        if stale != target and (
            not marker.exists() or marker.read_text().strip() == sys.prefix
        ):
            shutil.rmtree(stale, ignore_errors=True)
    return target


def _install_engines(staging: Path, pins: list[str]) -> dict:
    """Download the pinned wheels, then install them offline, timing each step."""
    started = time.monotonic()
    downloads = staging / "downloads"
    download = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--dest",
            str(downloads),
            *pins,
        ],
        capture_output=True,
        text=True,
    )
    downloaded = time.monotonic()
    if download.returncode != 0:
        if OFFLINE.search(download.stderr):
            raise EngineVenvUnavailable(
                "cannot download the engines' wheels (no package index?): "
                + download.stderr.strip().splitlines()[-1]
            )
        raise RuntimeError(f"pip download failed:\n{download.stderr[-3000:]}")
    wheels_mb = _size_mb(downloads)
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python_of(staging)),
            "install",
            "--quiet",
            "--no-deps",
            "--no-compile",
            "--no-index",
            "--find-links",
            str(downloads),
            *pins,
        ],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0:
        raise RuntimeError(f"pip install failed:\n{install.stderr[-3000:]}")
    shutil.rmtree(downloads)
    finished = time.monotonic()
    return {
        "download_s": round(downloaded - started, 1),
        "install_s": round(finished - downloaded, 1),
        "wheels_mb": round(wheels_mb),
        "venv_mb": round(_size_mb(staging)),
        "requirements": pins,
    }


def engine_venv() -> Path:
    """The venv's directory, built if missing. Raises `EngineVenvUnavailable` offline."""
    return cached_venv("engine-venv", requirements(), _install_engines)


def install_pins(staging: Path, pins: list[str]) -> dict:
    started = time.monotonic()
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python_of(staging)), "install",
         "--quiet", "--no-deps", *pins],
        capture_output=True, text=True,
    )  # fmt: skip
    if install.returncode != 0:
        if OFFLINE.search(install.stderr):
            raise EngineVenvUnavailable(
                f"cannot install {pins[0]} (no package index?): {install.stderr}"
            )
        raise RuntimeError(f"pip install failed:\n{install.stderr[-3000:]}")
    return {
        "install_s": round(time.monotonic() - started, 1),
        "venv_mb": round(sum(p.stat().st_size for p in staging.rglob("*") if p.is_file()) / 1e6),
    }  # fmt: skip


def eval_side_venv() -> Path:
    """lm-eval and its dependencies (``requirements/evaluation.txt``)."""
    return cached_venv("eval-venv", pins_of(EVAL_PINS), install_pins)


def guidellm_venv() -> Path:
    """guidellm (``requirements/guidellm.txt``)."""
    return cached_venv("guidellm-venv", pins_of(GUIDELLM_PINS), install_pins)


def run_engine_drivers(
    environment: Path, driver: Path, inputs: dict[str, Any], mode: str = "{engine}"
) -> dict[str, Any]:
    """Run ``driver`` once per engine in the venv, both at once; return their JSON results.

    ``inputs[engine]`` is written to ``<engine>.json`` in a scratch folder and passed as
    ``python driver <mode> <file>`` (``mode`` formatted with the engine's name); the
    driver prints its result as JSON on its last line.
    """
    # Bytecode is written (into the venv) on the first run: later runs import faster.
    dropped = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(VLLM_TARGET_DEVICE="cpu", HF_HUB_OFFLINE="1")
    with tempfile.TemporaryDirectory() as folder:

        def run(engine: str) -> Any:
            path = Path(folder) / f"{engine}.json"
            path.write_text(json.dumps(inputs[engine], ensure_ascii=False))
            command = [
                str(python_of(environment)),
                str(driver),
                mode.format(engine=engine),
            ]
            result = subprocess.run(
                [*command, str(path)],
                capture_output=True,
                text=True,
                env=env,
                cwd=folder,
            )
            if result.returncode != 0:
                raise RuntimeError(
                    f"{engine} driver failed:\n{result.stdout[-3000:]}\n"
                    f"{result.stderr[-6000:]}"
                )
            return json.loads(result.stdout.strip().splitlines()[-1])

        with ThreadPoolExecutor(len(inputs)) as pool:
            return dict(zip(inputs, pool.map(run, inputs), strict=True))


def cost(environment: Path) -> dict:
    return json.loads((environment / "cost.json").read_text())


if __name__ == "__main__":
    print(engine_venv(), json.dumps(cost(engine_venv())))
