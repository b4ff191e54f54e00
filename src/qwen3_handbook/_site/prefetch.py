"""MkDocs hook: execute the notebooks in the background, two at a time.

Registered in ``mkdocs.yml`` under ``hooks:``. Not part of the helper library's API.

mkdocs-jupyter executes a notebook when it renders its page, one after the other, while
the rest of the build waits. On a cold build (no cached outputs) this hook starts every
notebook whose output is not cached yet as soon as the files are known, in subprocesses
(two at a time), each writing the cache entry mkdocs-jupyter would write. The figures
and the other pages are built meanwhile; when the build reaches a notebook page it waits
for that notebook only, and mkdocs-jupyter finds its output in the cache. A notebook
that fails here is simply executed again by mkdocs-jupyter, which reports the error.
Notebooks wait for the tiny model, which may still be building (``background.py``).

Run as a module, it converts one notebook: ``python -m qwen3_handbook._site.prefetch
NOTEBOOK CACHE_FILE OPTIONS_JSON``.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.qwen3_handbook.prefetch")
ROOT = Path(__file__).resolve().parents[3]
NOTEBOOKS = ROOT / "examples" / "notebooks"
WORKERS = max(1, min(2, os.cpu_count() or 1))
MODULE = "qwen3_handbook._site.prefetch"  # mkdocs loads hooks under another name
OPTIONS = (  # what mkdocs-jupyter passes to nb2html
    "kernel_name",
    "theme",
    "allow_errors",
    "show_input",
    "no_input",
    "no_prompt",
    "remove_tag_config",
    "highlight_extra_classes",
    "include_requirejs",
    "custom_mathjax_url",
)
_pool: ThreadPoolExecutor | None = None
_jobs: dict[str, Future] = {}


def _convert(notebook: Path, cache: Path, options: dict) -> float:
    """Run this module on one notebook in a subprocess; return the seconds it took."""
    from qwen3_handbook._site.background import wait_for_model

    wait_for_model()  # the notebooks run the tiny model
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", MODULE, str(notebook), str(cache), json.dumps(options)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        log.debug("prefetch of %s failed:\n%s", notebook.name, result.stderr[-2000:])
    return time.monotonic() - started


@event_priority(150)  # before the figures are rendered (hooks.py), so both overlap
def on_files(files, config):
    """Start executing every notebook that has no cached output yet."""
    global _pool
    plugin = config["plugins"].get("mkdocs-jupyter")
    if plugin is None or not plugin.config.get("cache") or not plugin.config["execute"]:
        return files
    from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

    settings = plugin.config
    options = {key: settings[key] for key in OPTIONS}
    options.update(execute=True, toc_depth=settings["toc_depth"])
    for notebook in sorted(NOTEBOOKS.glob("*.py")):
        key = _compute_cache_key(str(notebook), settings, True)
        cache = _get_cache_path(settings["cache_dir"], key)
        if cache.exists() or notebook.name in _jobs:
            continue
        if _pool is None:
            _pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="notebook")
        _jobs[notebook.name] = _pool.submit(_convert, notebook, cache, options)
    if _jobs:
        log.info("executing %d notebooks in the background", len(_jobs))
    return files


def on_pre_page(page, config, files):
    """Wait for this page's notebook, if it is being executed in the background."""
    if page.file.src_uri.startswith("notebooks/"):
        from qwen3_handbook._site.background import wait_for_model

        wait_for_model()
    job = _jobs.pop(Path(page.file.abs_src_path or "").name, None)
    if job is not None:
        log.info("notebook %s ready after %.0f s", page.file.src_uri, job.result())
    return page


def on_post_build(config) -> None:
    """Never finish a build while the tiny model is still being built."""
    from qwen3_handbook._site.background import wait_for_model

    wait_for_model()


def on_shutdown() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
    _jobs.clear()


def main(notebook: str, cache: str, options_json: str) -> None:
    from mkdocs_jupyter import convert
    from mkdocs_jupyter.plugin import _get_nb_toc_tokens

    options = json.loads(options_json)
    toc_depth = options.pop("toc_depth")
    body = convert.nb2html(notebook, **options)
    toc_tokens, title = _get_nb_toc_tokens(notebook, toc_depth)
    target = Path(cache)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_suffix(f".{os.getpid()}.tmp")
    entry = {"content": body, "toc_tokens": toc_tokens, "title": title}
    staging.write_text(json.dumps(entry), encoding="utf-8")
    staging.replace(target)


if __name__ == "__main__":
    main(*sys.argv[1:4])
