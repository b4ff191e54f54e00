"""The examples on the oldest transformers the site claims to support, in a clean venv.

The main environment has the latest releases (the "Tested with" page lists them). This
module creates a clean virtual environment (no system site-packages) with the package's own
dependencies but torch and transformers pinned to ``LOWEST``, and runs
``tests/test_examples.py`` there against the *same* tiny checkpoint the main run built:
the ``#>`` outputs on the site must hold on both ends of the range, from one shared model
(a model built by another transformers version has different random weights).

The environment is cached in ``.cache/venvs/`` keyed by its requirements, so only the
first run pays for the install (about 40 s). The run starts with the session, beside the
other tests (``tests/background.py``); ``test_version_matrix.py`` checks its result.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import venv
from dataclasses import dataclass
from pathlib import Path

import background
import pytest

from qwen3_handbook._site.versions import FAILS_ON_LOWEST, LOWEST

TEST_NAME = "test_examples_on_lowest_transformers"
ROOT = Path(__file__).resolve().parents[1]
VENVS = ROOT / ".cache" / "venvs"
# Tools that build the site or drive the browser; the examples never import them.
SITE_TOOLS = {
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "mkdocstrings",
    "mkdocstrings-python",
    "mkdocs-jupyter",
    "jupytext",
    "ipykernel",
    "playwright",
}
# An example that needs a newer release than LOWEST says so on a line of its own, and its page
# should say so too: `# handbook: requires transformers>=5.0 (reason)`.
REQUIRES = re.compile(
    r"^# handbook: requires transformers>=(?P<version>[0-9][0-9.]*) \((?P<why>.+)\)$",
    re.MULTILINE,
)
REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _name(requirement: str) -> str:
    return REQUIREMENT_NAME.match(requirement)[1].lower().replace("_", "-")


def lowest_requirements() -> list[str]:
    """The dependencies the examples need, with the `LOWEST` pins replacing their specs."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    own = project["name"]
    requirements = list(project["dependencies"])
    extras = project.get("optional-dependencies", {})
    # What the README's test command installs (`.[test]`, which includes docs); not other
    # extras such as `gguf`, whose llama-cpp-python is a long source build.
    for extra in ("test", "docs"):
        requirements += [
            r for r in extras.get(extra, []) if _name(r) not in SITE_TOOLS | {own}
        ]
    pinned = {name: f"{name}=={version}" for name, version in LOWEST.items()}
    resolved = {}
    for requirement in requirements:
        name = _name(requirement)
        resolved[name] = pinned.get(name, requirement)
    resolved.update({name: pin for name, pin in pinned.items() if name not in resolved})
    return [resolved[name] for name in sorted(resolved)]


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def newer_than_lowest() -> dict[str, str]:
    """Examples (id as in test_examples.py) that declare a transformers newer than LOWEST."""
    examples = ROOT / "examples"
    found = {}
    for path in sorted(examples.rglob("*.py")):
        match = REQUIRES.search(path.read_text())
        if match and _release(match["version"]) > _release(LOWEST["transformers"]):
            found[path.relative_to(examples).as_posix()] = (
                f"transformers>={match['version']}: {match['why']}"
            )
    return found


def _python(environment: Path) -> Path:
    return environment / ("Scripts" if os.name == "nt" else "bin") / "python"


def _lowest_venv() -> Path:
    """Create (once) the clean venv with the lowest versions; return its directory."""
    requirements = lowest_requirements()
    key = hashlib.sha256("\n".join([sys.version, *requirements]).encode()).hexdigest()[
        :12
    ]
    target = VENVS / f"lowest-{key}"
    if _python(target).exists():
        return target
    VENVS.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=VENVS, prefix=".staging-"))
    try:
        venv.EnvBuilder(with_pip=True, system_site_packages=False).create(staging)
        result = subprocess.run(
            [str(_python(staging)), "-m", "pip", "install", "--quiet", *requirements],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            pytest.fail(
                "cannot install the lowest supported versions "
                f"({', '.join(requirements)}):\n{result.stderr[-4000:]}",
                pytrace=False,
            )
        # Scripts in bin/ hard-code the staging path; everything here runs `python -m`.
        try:
            staging.rename(target)
        except OSError:  # another run finished first
            if not _python(target).exists():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for stale in VENVS.glob("lowest-*"):  # about 1.2 GB each: keep only the current one
        if stale != target:
            shutil.rmtree(stale, ignore_errors=True)
    return target


@dataclass
class LowestRun:
    torch_version: str
    transformers_version: str
    fingerprint: str
    cache: Path
    skipped: dict[str, str]
    run: subprocess.CompletedProcess
    venv_seconds: float
    examples_seconds: float


def run_examples(tiny_model: Path, scratch: Path) -> LowestRun:
    """Run ``tests/test_examples.py`` in the lowest-versions venv on ``tiny_model``."""
    started = time.monotonic()
    environment = _lowest_venv()
    installed = time.monotonic()
    python = str(_python(environment))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
    }
    env.update(background.ONE_THREAD)
    env["PYTHONPATH"] = str(ROOT / "src")  # the working tree's helpers, not a copy
    env["PYTHONDONTWRITEBYTECODE"] = "1"

    versions = subprocess.run(
        [python, "-c", VERSIONS_AND_FINGERPRINT],
        capture_output=True,
        text=True,
        env=env,
    )
    assert versions.returncode == 0, versions.stderr[-3000:]
    torch_version, transformers_version, fingerprint = versions.stdout.split()

    # ensure_tiny_model() in the old environment must find the main run's checkpoint instead
    # of building one: put it in a cache folder under the name the old versions look for.
    cache = scratch / "model-cache"
    cache.mkdir()
    (cache / f"{tiny_model.name.rsplit('-', 1)[0]}-{fingerprint}").symlink_to(
        tiny_model
    )
    env["QWEN3_HANDBOOK_CACHE"] = str(cache)

    skipped = {**newer_than_lowest(), **FAILS_ON_LOWEST}
    deselect = [
        f"--deselect=tests/test_examples.py::test_example_output[{e}]" for e in skipped
    ]
    run = background.run(
        [
            python,
            "-m",
            "pytest",
            "tests/test_examples.py",
            *deselect,
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "-W",
            "ignore::DeprecationWarning",
        ],
        cwd=ROOT,
        env=env,
    )
    return LowestRun(
        torch_version,
        transformers_version,
        fingerprint,
        cache,
        skipped,
        run,
        installed - started,
        time.monotonic() - installed,
    )


VERSIONS_AND_FINGERPRINT = """
import torch, transformers
from qwen3_handbook.tiny import _fingerprint
print(torch.__version__, transformers.__version__, _fingerprint(True))
"""
