"""MkDocs hooks: give executed notebooks a model, and publish notebooks kept in examples/.

Registered in ``mkdocs.yml`` under ``hooks:``. Not part of the helper library's API.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.qwen3_handbook")
ROOT = Path(__file__).resolve().parents[3]
NOTEBOOKS = ROOT / "examples" / "notebooks"


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
    return files
