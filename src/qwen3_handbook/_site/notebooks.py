"""MkDocs hooks for the executed notebooks: real ``.ipynb`` downloads and a quiet kernel.

Registered in ``mkdocs.yml`` under ``hooks:`` next to ``hooks.py`` (which publishes
``examples/notebooks/*.py`` as pages). Not part of the helper library's API.

* Each jupytext notebook is also written as ``notebooks/<name>.ipynb`` (no outputs: readers
  run it on their own model), and every notebook page gets download links at the top.
* The kernels mkdocs-jupyter starts log "Kernel is running over TCP without encryption" on
  every page; an IPython profile with ``log_level = "ERROR"`` silences that.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.qwen3_handbook.notebooks")
ROOT = Path(__file__).resolve().parents[3]
NOTEBOOKS = ROOT / "examples" / "notebooks"
CACHE = ROOT / ".cache" / "notebooks"
ARTICLE = '<article class="md-content__inner md-typeset">'
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def on_config(config):
    """Give notebook kernels an IPython profile that logs errors only."""
    profile = CACHE / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    settings = profile / "ipython_kernel_config.py"
    wanted = 'c.IPKernelApp.log_level = "ERROR"\n'
    if not settings.is_file() or settings.read_text() != wanted:
        settings.write_text(wanted)
    os.environ.setdefault("IPYTHONDIR", str(profile.parent))
    return config


def ipynb_text(source: Path) -> str:
    """The ``.ipynb`` JSON of a jupytext percent-format notebook, with a Python 3 kernelspec."""
    import jupytext

    notebook = jupytext.read(source, fmt="py:percent")
    notebook.metadata["kernelspec"] = KERNELSPEC
    notebook.metadata.pop("jupytext", None)
    return jupytext.writes(notebook, fmt="ipynb")


def on_files(files: Files, config) -> Files:
    """Publish ``notebooks/<name>.ipynb`` for every ``examples/notebooks/<name>.py``."""
    CACHE.mkdir(parents=True, exist_ok=True)
    for source in sorted(NOTEBOOKS.glob("*.py")):
        target = CACHE / f"{source.stem}.ipynb"
        text = ipynb_text(source)
        if not target.is_file() or target.read_text() != text:
            target.write_text(text)
        files.append(
            File.generated(
                config, f"notebooks/{source.stem}.ipynb", abs_src_path=str(target)
            )
        )
    return files


def on_post_page(output: str, page, config) -> str:
    """Put "download .ipynb" and "download .py" links at the top of each notebook page."""
    src = page.file.src_uri
    if (
        not (src.startswith("notebooks/") and src.endswith(".py"))
        or ARTICLE not in output
    ):
        return output
    stem = Path(src).stem
    ipynb = get_relative_url(f"notebooks/{stem}.ipynb", page.url)
    # mkdocs-jupyter's include_source copies the .py next to the page's index.html.
    script = get_relative_url(
        (Path(page.file.dest_uri).parent / f"{stem}.py").as_posix(), page.url
    )
    links = (
        '<p class="handbook-notebook-downloads">'
        f'<a class="md-button md-button--primary" href="{ipynb}" download>'
        "Download notebook (.ipynb)</a> "
        f'<a class="md-button" href="{script}" download>Download as .py (jupytext)</a></p>'
    )
    return output.replace(ARTICLE, ARTICLE + links, 1)
