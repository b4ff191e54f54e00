"""The llama.cpp defaults the site states, read from the llama.cpp tree in llama-cpp-python.

`llama_cpp_source()` downloads the pinned sdist (``requirements/llama-cpp-source.txt``,
about 77 MB, never compiled) once into ``.cache/llama-cpp-src-<version>/`` and keeps only
the files read here. `llama_cpp_defaults()` reads each default from the C++ source with one
pattern; a pattern that no longer matches raises, naming the default and the file, so a
moved or renamed default fails the test instead of keeping a stale value.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
from pathlib import Path

from engine_venv import CACHE, OFFLINE, EngineVenvUnavailable, pins_of

ROOT = Path(__file__).resolve().parents[1]
PINS = ROOT / "requirements" / "llama-cpp-source.txt"
FILES = ("common/common.h", "common/arg.cpp", "include/llama.h")

# name -> (file, pattern with one group, how the group becomes the stated value)
PATTERNS = {
    "jinja": ("common/common.h", r"\bbool use_jinja\s*=\s*(true|false);", "bool"),
    "jinja_off_for": (
        "common/arg.cpp",
        r"ex == LLAMA_EXAMPLE_(\w+)\)\s*\{\s*params\.use_jinja = false;",
        "all-lower",
    ),
    "reasoning_format": (
        "common/common.h",
        r"common_reasoning_format reasoning_format\s*=\s*COMMON_REASONING_FORMAT_(\w+);",
        "lower",
    ),
    "reasoning_budget": (
        "common/common.h",
        r"int32_t\s+reasoning_budget_tokens\s*=\s*(-?\d+);",
        "int",
    ),
    "reasoning_budget_help": (
        "common/arg.cpp",
        r'\{"--reasoning-budget"\}, "N",\s*"([^"]+)"',
        "text",
    ),
    "reasoning_budget_lowest": (
        "common/arg.cpp",
        r'\{"--reasoning-budget"\}, "N",[^;]*?if \(value < (-?\d+)\) \{ throw',
        "int",
    ),
    "reasoning_budget_message_help": (
        "common/arg.cpp",
        r'\{"--reasoning-budget-message"\}, "MESSAGE",\s*"([^"]+)"',
        "text",
    ),
    "split_mode": (
        "common/common.h",
        r"split_mode\s*=\s*LLAMA_SPLIT_MODE_(\w+);",
        "lower",
    ),
    "split_modes": (
        "common/arg.cpp",
        r'\{"-sm", "--split-mode"\}, "\{([\w,]+)\}"',
        "list",
    ),
    "context_shift": (
        "common/common.h",
        r"\bbool ctx_shift\s*=\s*(true|false);",
        "bool",
    ),
    "flash_attn": (
        "common/common.h",
        r"flash_attn_type\s*=\s*LLAMA_FLASH_ATTN_TYPE_(\w+);",
        "lower",
    ),
    "gpu_layers": (
        "common/common.h",
        r"int32_t n_gpu_layers\s*=\s*(-?\d+);\s*// number of layers to store in VRAM, -1 is auto",
        "gpu-layers",
    ),
}


def version() -> str:
    (pin,) = pins_of(PINS)
    return pin.split("==")[1]


_DOWNLOADING = (
    threading.Lock()
)  # the session's prefetch thread and a test may ask at once


def llama_cpp_source() -> Path:
    """The vendored ``llama.cpp`` folder (only `FILES`), downloaded once."""
    with _DOWNLOADING:
        return _llama_cpp_source()


def _llama_cpp_source() -> Path:
    target = CACHE / f"llama-cpp-src-{version()}"
    if all((target / name).exists() for name in FILES):
        return target
    with tempfile.TemporaryDirectory(dir=CACHE if CACHE.exists() else None) as folder:
        download = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--dest",
                folder,
                *pins_of(PINS),
            ],
            capture_output=True,
            text=True,
        )
        if download.returncode != 0:
            if OFFLINE.search(download.stderr):
                raise EngineVenvUnavailable(
                    "cannot download the llama-cpp-python sdist (no package index?)"
                )
            raise RuntimeError(f"pip download failed:\n{download.stderr[-3000:]}")
        (archive,) = Path(folder).glob("*.tar.gz")
        staging = Path(folder) / "llama.cpp"
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                parts = member.name.split("/", 1)
                inside = parts[1] if len(parts) == 2 else ""
                for name in FILES:
                    if inside == f"vendor/llama.cpp/{name}" and member.isfile():
                        handle = tar.extractfile(member)
                        out = staging / name
                        out.parent.mkdir(parents=True, exist_ok=True)
                        out.write_bytes(handle.read())
        missing = [name for name in FILES if not (staging / name).exists()]
        if missing:
            raise RuntimeError(f"not in the sdist's vendor/llama.cpp: {missing}")
        CACHE.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(staging), target)
    return target


def _convert(raw: list[str], how: str):
    if how == "bool":
        return raw[0] == "true"
    if how == "int":
        return int(raw[0])
    if how == "text":  # a flag's help text, quoted on the pages as the engine words it
        return raw[0]
    if how == "lower":
        return raw[0].lower().replace("_", "-")
    if how == "all-lower":
        return sorted(item.lower() for item in raw)
    if how == "list":
        return raw[0].split(",")
    if how == "gpu-layers":
        return {"-1": "auto"}.get(raw[0], raw[0])
    raise ValueError(how)


def llama_cpp_defaults(source: Path) -> dict:
    """Every default in `PATTERNS`, read from ``source``."""
    found = {}
    for name, (file, pattern, how) in PATTERNS.items():
        text = (source / file).read_text()
        raw = re.findall(pattern, text)
        if not raw:
            raise LookupError(
                f"llama.cpp default {name!r}: pattern no longer matches {file}: {pattern}"
            )
        found[name] = _convert(raw, how)
    return found
