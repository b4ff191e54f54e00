"""Shared fixtures: the tiny model every example runs on, one strict build of the site, and
the long jobs that start with the session (``tests/background.py``)."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

import background
import engine_venv
import llama_cpp_source
import lowest_versions
import pytest

from qwen3_handbook.numerics import CpuNumericsError, pin_cpu_numerics

# Before anything imports torch: the examples run in this process, and torch, MKL and
# oneDNN choose their CPU kernels once, at load. Unpinned, another CPU gives other floats.
try:
    pin_cpu_numerics()
except CpuNumericsError as error:
    raise pytest.UsageError(str(error)) from None

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser):
    parser.addoption(
        "--update-engine-results",
        action="store_true",
        help="rewrite src/qwen3_handbook/data/engine_parsing.json from the engines' own parsers",
    )
    parser.addoption(
        "--update-measurements",
        action="store_true",
        help="record the evaluation and benchmark runs the pages show "
        "(examples/evaluation/runs/, written by tests/test_evaluation.py)",
    )


def pytest_configure(config):
    """Turn SIGTERM (what CI's timeout sends) into an orderly pytest exit.

    The default action kills pytest on the spot, so session fixtures are never torn
    down; the server fixture's child would then rely on PR_SET_PDEATHSIG alone. With this
    handler pytest stops as on Ctrl-C: fixtures finalise, the server is stopped.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, _exit_on_sigterm)


def pytest_collection_modifyitems(session, config, items):
    """Files that read the built site run after the others, the lowest-versions check last.

    The site build starts with the session (see ``background_jobs``); run first, these files
    would wait about a minute for it. Whole files move, in their own order, so module
    fixtures are set up once.
    """
    uses_site = {item.path for item in items if "built_site" in item.fixturenames}

    def stage(item) -> int:
        if item.name == lowest_versions.TEST_NAME:
            return 2
        return 1 if item.path in uses_site else 0

    items.sort(key=stage)  # stable: the order within each stage stays


def _exit_on_sigterm(signum, frame):
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends it at once
    pytest.exit(f"terminated by signal {signum} (SIGTERM)", returncode=128 + signum)


@pytest.fixture(scope="session", autouse=True)
def tiny_model() -> Path:
    """Build (or reuse) the scripted tiny Qwen3-MoE and point ``QWEN3_MODEL`` at it."""
    from qwen3_handbook.tiny import ensure_tiny_model

    path = ensure_tiny_model()
    os.environ["QWEN3_MODEL"] = str(path)
    os.environ["HF_HUB_OFFLINE"] = "1"  # nothing may reach for the hub
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    return path


@pytest.fixture(scope="session")
def openai_server(tiny_model):
    """``transformers serve`` for the tiny model on 127.0.0.1, stopped when the session ends.

    Requested lazily (``request.getfixturevalue``) by examples marked
    ``# handbook: needs-server``, so a run without them never starts it.
    """
    from qwen3_handbook.serving import check_installed, local_server

    try:
        check_installed()
    except ImportError as missing:  # e.g. the lowest-versions run, on transformers 4.x
        pytest.skip(f"no local OpenAI-compatible server: {missing}")
    with local_server(tiny_model) as server:
        yield server


def _build_site(site: Path) -> Path:
    result = background.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, **background.ONE_THREAD, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict failed:\n{result.stderr[-6000:]}", pytrace=False
        )
    return site


@pytest.fixture(scope="session", autouse=True)
def background_jobs(request, tiny_model, tmp_path_factory) -> dict[str, background.Job]:
    """Start the site build, the lowest-versions run and the side venvs now, if needed.

    They run beside the other tests (see ``tests/background.py``); ``built_site`` and
    ``test_version_matrix.py`` wait for their results.
    """
    items = request.session.items
    jobs = {}
    if not os.environ.get("HANDBOOK_BUILT_SITE") and any(
        "built_site" in item.fixturenames for item in items
    ):
        site = tmp_path_factory.mktemp("site")
        jobs["site"] = background.Job("site build", lambda: _build_site(site))
    if any(item.name == lowest_versions.TEST_NAME for item in items):
        scratch = tmp_path_factory.mktemp("lowest")
        jobs["lowest"] = background.Job(
            "examples on the lowest versions",
            lambda: lowest_versions.run_examples(tiny_model, scratch),
        )
    test_files = {item.path.name for item in items}
    wanted = [build for users, build in SIDE_ENVIRONMENTS if users & test_files]
    if wanted:
        jobs["side venvs"] = background.Job("side venvs", lambda: _prefetch(wanted))
    yield jobs
    background.stop_all()


# Side environments (pip installs, seconds each on a fresh clone), with the test files that
# use them, in the order those files run.
SIDE_ENVIRONMENTS = [
    (
        {
            "test_engine_commands.py",
            "test_engine_contracts.py",
            "test_evaluation.py",
            "test_parallel.py",
            "test_thinking_budgets.py",
        },
        engine_venv.engine_venv,
    ),
    ({"test_engine_commands.py"}, llama_cpp_source.llama_cpp_source),
    ({"test_evaluation.py"}, engine_venv.eval_side_venv),
    ({"test_evaluation.py"}, engine_venv.guidellm_venv),
]


def _prefetch(builds) -> None:
    """Build ahead of the tests; a build that fails here fails again, reported, in its test."""
    for build in builds:
        try:
            build()
        except Exception:
            pass


@pytest.fixture(scope="session")
def built_site(background_jobs, tmp_path_factory) -> Path:
    """``mkdocs build --strict`` once per session; later site tests read its output.

    ``HANDBOOK_BUILT_SITE=<dir>`` reuses a site built beforehand (a quick loop while
    working on the browser tests); CI never sets it.
    """
    prebuilt = os.environ.get("HANDBOOK_BUILT_SITE")
    if prebuilt:
        return Path(prebuilt)
    if "site" not in background_jobs:  # asked for by name, not seen at collection
        background_jobs["site"] = background.Job(
            "site build", lambda: _build_site(tmp_path_factory.mktemp("site"))
        )
    return background_jobs["site"].result()
