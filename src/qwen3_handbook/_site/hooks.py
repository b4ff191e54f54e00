"""MkDocs hooks: give executed notebooks a model, and publish notebooks kept in examples/.

Registered in ``mkdocs.yml`` under ``hooks:``. Not part of the helper library's API.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.qwen3_handbook")
ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
NOTEBOOKS = EXAMPLES / "notebooks"
FIGURE_MARK = "# handbook: figures"
FIGURE_SUFFIXES = (".svg", ".png")
FIGURE_CACHE = ROOT / ".cache" / "figures"


def on_config(config):
    """Point executed notebooks at the tiny offline model unless QWEN3_MODEL is set."""
    if not os.environ.get("QWEN3_MODEL"):
        from qwen3_handbook.tiny import ensure_tiny_model

        os.environ["QWEN3_MODEL"] = str(ensure_tiny_model())
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        log.info("notebooks run on the tiny test model at %s", os.environ["QWEN3_MODEL"])
    return config


@event_priority(100)  # before mkdocs-jupyter turns .py notebooks into pages
def on_files(files: Files, config) -> Files:
    """Add ``examples/notebooks/*.py`` (jupytext percent format) as ``notebooks/*`` pages."""
    for source in sorted(NOTEBOOKS.glob("*.py")):
        files.append(
            File(
                f"notebooks/{source.name}",
                src_dir=str(NOTEBOOKS.parent),
                dest_dir=config["site_dir"],
                use_directory_urls=config["use_directory_urls"],
            )
        )
    for example in sorted(EXAMPLES.rglob("*.py")):
        if FIGURE_MARK in example.read_text():
            for figure in _render_figures(example):
                files.append(File.generated(config, f"figures/{figure.name}", abs_src_path=figure))
    return files


def _render_figures(example: Path) -> list[Path]:
    """Run an example marked ``# handbook: figures`` and return the images it wrote.

    Pages show them as ``figures/<name>``. Results are cached under .cache/figures, keyed by
    the example, the helper package and the model, so a warm build does not rerun them.
    """
    library = sorted((ROOT / "src" / "qwen3_handbook").rglob("*.py"))
    key = hashlib.sha256(example.read_bytes())
    for path in library:
        key.update(path.read_bytes())
    key.update(os.environ.get("QWEN3_MODEL", "").encode())
    cached = FIGURE_CACHE / f"{example.stem}-{key.hexdigest()[:16]}"
    if not cached.is_dir():
        with tempfile.TemporaryDirectory() as scratch:
            result = subprocess.run(
                [sys.executable, str(example)], cwd=scratch, capture_output=True, text=True
            )
            if result.returncode != 0:
                raise RuntimeError(f"figure example {example} failed:\n{result.stderr[-4000:]}")
            images = [p for p in Path(scratch).iterdir() if p.suffix in FIGURE_SUFFIXES]
            if not images:
                raise RuntimeError(f"figure example {example} wrote no .svg or .png file")
            FIGURE_CACHE.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=FIGURE_CACHE, prefix=".staging-"))
            for image in images:
                shutil.copy(image, staging / image.name)
            staging.rename(cached)
        log.info("rendered figures of %s", example.relative_to(ROOT))
    return sorted(cached.iterdir())
