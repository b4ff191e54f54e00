"""Build the tiny test model in a background thread while the docs build goes on.

Used by the site hooks (``hooks.py``, ``prefetch.py``). Not part of the helper library's
API. On a cold start the model build is the longest single step; most of the site (the
Markdown pages, the API reference, the figures that read only data) does not need the
model, so the build starts it in the background and only the steps that run the model
(figure examples that read ``QWEN3_MODEL``, executed notebooks) wait for it.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import Future
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.qwen3_handbook.background")
_lock = threading.Lock()
_model: Future | None = None


def _expected_path() -> Path | None:
    """Where `ensure_tiny_model` will put the checkpoint, without building it."""
    try:
        from qwen3_handbook.tiny import _cache_root, _fingerprint

        return _cache_root() / f"tiny-qwen3-moe-scripted-{_fingerprint(True)}"
    except Exception:  # the private layout changed: build in the foreground instead
        return None


def _build(expected: Path) -> Path:
    from qwen3_handbook.tiny import ensure_tiny_model

    built = ensure_tiny_model()
    if built.resolve() != expected.resolve():
        raise RuntimeError(f"the tiny model was built at {built}, expected {expected}")
    return built


def start_model() -> None:
    """Point ``QWEN3_MODEL`` at the tiny model, building it in the background if needed.

    Does nothing when ``QWEN3_MODEL`` is already set (a real model, or a second call).
    """
    global _model
    with _lock:
        if os.environ.get("QWEN3_MODEL") or _model is not None:
            return
        expected = _expected_path()
        if expected is None or (expected / "config.json").exists():
            if expected is None:
                from qwen3_handbook.tiny import ensure_tiny_model

                expected = ensure_tiny_model()
            path = expected  # already built: computing the key twice costs seconds
            _model = Future()
            _model.set_result(path)
        else:
            path = expected
            _model = Future()

            def run(future: Future = _model) -> None:
                try:
                    future.set_result(_build(expected))
                except BaseException as error:  # re-raised by wait_for_model()
                    future.set_exception(error)

            threading.Thread(target=run, name="tiny-model", daemon=True).start()
            log.info("building the tiny test model in the background")
        os.environ["QWEN3_MODEL"] = str(path)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")


def wait_for_model() -> None:
    """Block until the tiny model exists (no-op if this build did not start one)."""
    if _model is not None:
        _model.result()
