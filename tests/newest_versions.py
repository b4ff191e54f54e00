"""Run the examples and unit tests on the newest releases, and report what breaks.

    python tests/newest_versions.py              # about 5-10 minutes on 2 cores
    python tests/newest_versions.py --with-site  # also the strict build, links, offline
    python tests/newest_versions.py --venv DIR   # put the side venv elsewhere

Run it before refreshing the lock file (``requirements/lock.txt``). It creates a side
venv (default ``/work/venvs/newest``, outside the repository) with the *latest* release
of every dependency the package declares (its version ranges ignored; torch pinned to
the CPU wheel of ``LOWEST["torch"]``), installs the working tree without dependencies,
runs the tests there on the main run's tiny checkpoint, and writes
``src/qwen3_handbook/data/newest_versions.json``: the date, the versions, and every
failing test with the first line of its error. The "Tested with" page shows it next to
the locked and the lowest versions. Not a test: CI does not run it (the newest releases
change every day).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import venv
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from qwen3_handbook._site.versions import LOWEST, PACKAGES  # noqa: E402

REPORT = ROOT / "src" / "qwen3_handbook" / "data" / "newest_versions.json"
DEFAULT_VENV = Path("/work/venvs/newest")
# Tests that need Chromium, a second venv or a llama.cpp build; site tests on request.
# test_lock.py checks the environment against the lock: it cannot pass here; the engine
# contracts run pinned engine releases in a venv of their own.
NOT_RUN = [
    "test_browser.py",
    "test_version_matrix.py",
    "test_gguf.py",
    "test_lock.py",
    "test_engine_contracts.py",
]
SITE_TESTS = ["test_site.py", "test_links.py", "test_offline.py", "test_notebooks.py"]
NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?")
FINGERPRINT = (
    "import torch, transformers; from qwen3_handbook.tiny import _fingerprint; "
    "print(_fingerprint(True))"
)


def declared() -> list[str]:
    """Every dependency of ``.[test]`` (docs included), by name, without versions."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    own = project["name"]
    requirements = list(project["dependencies"])
    for extra in ("test", "docs"):
        requirements += project.get("optional-dependencies", {}).get(extra, [])
    names = {}
    for requirement in requirements:
        match = NAME.match(requirement)
        name = match[1].lower().replace("_", "-")
        if name != own:
            names[name] = name + (match[2] or "")  # keep extras such as qwen-agent[mcp]
    names["torch"] = f"torch=={LOWEST['torch']}"  # the CPU wheel, as in the main env
    return [names[name] for name in sorted(names)]


def python_of(environment: Path) -> str:
    return str(environment / "bin" / "python")


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


def create(environment: Path, requirements: list[str]) -> str | None:
    """A fresh venv with the newest releases; the pip error if the install fails."""
    shutil.rmtree(environment, ignore_errors=True)
    environment.parent.mkdir(parents=True, exist_ok=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(environment)
    python = python_of(environment)
    pip = [python, "-m", "pip", "install", "--quiet", "--upgrade"]
    result = run([*pip, "pip"])
    result = run([*pip, "--upgrade-strategy", "eager", *requirements])
    if result.returncode != 0:
        return result.stderr[-4000:]
    result = run([*pip[:-1], "--no-deps", "-e", str(ROOT)])
    return result.stderr[-4000:] if result.returncode else None


def installed(environment: Path) -> dict[str, str]:
    """``{name: version}`` of everything in the venv."""
    result = run([python_of(environment), "-m", "pip", "list", "--format", "json"])
    listed = json.loads(result.stdout or "[]")
    return {item["name"].lower().replace("_", "-"): item["version"] for item in listed}


def failures(junit: Path) -> tuple[int, list[dict[str, str]]]:
    """Number of tests run and the failing ones from a JUnit XML report."""
    if not junit.is_file():
        return 0, []
    tree = ElementTree.parse(junit)
    found, total = [], 0
    for case in tree.iter("testcase"):
        total += 1
        for kind in ("failure", "error"):
            problem = case.find(kind)
            if problem is not None:
                message = (problem.get("message") or problem.text or "").strip()
                found.append(
                    {
                        "test": f"{case.get('classname')}::{case.get('name')}",
                        "kind": kind,
                        "message": message.splitlines()[0][:300] if message else "",
                    }
                )
    return total, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV)
    parser.add_argument("--with-site", action="store_true", help="also the site tests")
    parser.add_argument("--reuse", action="store_true", help="keep an existing venv")
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="only re-run the recorded failures, in the side venv and the main environment",
    )
    arguments = parser.parse_args()
    if arguments.recheck:
        return recheck(arguments.venv.resolve())
    started = time.monotonic()
    requirements = declared()
    environment = arguments.venv.resolve()
    report = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d"),
        "python": sys.version.split()[0],
        "requirements": requirements,
    }
    error = None
    if not (arguments.reuse and Path(python_of(environment)).exists()):
        print(f"creating {environment} with the newest releases ...", flush=True)
        error = create(environment, requirements)
    installed_at = time.monotonic()
    everything = installed(environment)
    shown = {name for names in PACKAGES.values() for name in names}
    shown |= {NAME.match(r)[1].lower() for r in requirements}
    report["versions"] = {n: v for n, v in sorted(everything.items()) if n in shown}
    if error is not None:
        report.update(install_error=error, tests=0, failures=[])
        return write(report, started)

    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")
    }
    env.update(PYTHONPATH=str(ROOT / "src"), PYTHONDONTWRITEBYTECODE="1")
    env.update(NO_MKDOCS_2_WARNING="1")
    # The main run's tiny checkpoint, under the name the new versions look for: outputs
    # must hold for one shared model (another transformers builds other random weights).
    from qwen3_handbook.tiny import ensure_tiny_model

    model = ensure_tiny_model()
    fingerprint = run([python_of(environment), "-c", FINGERPRINT], env=env)
    with tempfile.TemporaryDirectory() as scratch:
        if fingerprint.returncode == 0:
            cache = Path(scratch) / "model-cache"
            cache.mkdir()
            link = f"{model.name.rsplit('-', 1)[0]}-{fingerprint.stdout.strip()}"
            (cache / link).symlink_to(model)
            env["QWEN3_HANDBOOK_CACHE"] = str(cache)
        junit = Path(scratch) / "junit.xml"
        ignored = NOT_RUN + ([] if arguments.with_site else SITE_TESTS)
        command = [python_of(environment), "-m", "pytest", "tests", "-q"]
        command += ["-p", "no:cacheprovider", "-o", "addopts=", f"--junitxml={junit}"]
        command += [
            "-m",
            "not browser and not version_matrix and not gguf and not engines",
        ]
        command += [f"--ignore=tests/{name}" for name in ignored]
        print("running:", " ".join(command[1:]), flush=True)
        result = run(command, cwd=ROOT, env=env)
        total, failed = failures(junit)
        summary = (result.stdout.strip().splitlines() or [""])[-1]
        mark_locked_failures(failed, env)
    report.update(
        command="python " + " ".join(command[1:]).replace(str(junit), "junit.xml"),
        not_run=ignored,
        tests=total,
        summary=summary,
        failures=failed,
        install_seconds=round(installed_at - started),
    )
    return write(report, started)


def node_id(test: str) -> str:
    """``tests.test_x::test_y[p]`` (JUnit) -> ``tests/test_x.py::test_y[p]`` (pytest)."""
    module, _, name = test.partition("::")
    return module.replace(".", "/") + ".py::" + name


def run_tests(python: str, tests: list[str], env: dict) -> set[str]:
    """Run ``tests`` with ``python``; return the JUnit names of those that fail."""
    with tempfile.TemporaryDirectory() as scratch:
        junit = Path(scratch) / "junit.xml"
        command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        command += ["-o", "addopts=", f"--junitxml={junit}", *map(node_id, tests)]
        run(command, cwd=ROOT, env=env)
        return {failure["test"] for failure in failures(junit)[1]}


def mark_locked_failures(failed: list[dict], env: dict) -> None:
    """Re-run each failure in the main (locked) environment: a test that fails there too
    is not broken by the newest releases (a change in the working tree, or the load)."""
    if not failed:
        return
    main_env = {k: v for k, v in env.items() if k != "QWEN3_HANDBOOK_CACHE"}
    also = run_tests(sys.executable, [f["test"] for f in failed], main_env)
    for failure in failed:
        failure["fails_on_lock_too"] = failure["test"] in also


def recheck(environment: Path) -> int:
    """Re-run the recorded failures in the side venv, then in the main environment."""
    started = time.monotonic()
    report = json.loads(REPORT.read_text())
    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")
    }
    env.update(PYTHONPATH=str(ROOT / "src"), NO_MKDOCS_2_WARNING="1")
    recorded = [
        f
        for f in report.get("failures", [])
        if not f["test"].startswith(tuple(f"tests.{name[:-3]}::" for name in NOT_RUN))
    ]
    still = run_tests(python_of(environment), [f["test"] for f in recorded], env)
    report["failures"] = [f for f in recorded if f["test"] in still]
    mark_locked_failures(report["failures"], env)
    report["rechecked"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    return write(report, started)


def write(report: dict, started: float) -> int:
    report.setdefault("seconds", round(time.monotonic() - started))
    REPORT.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    failed = report.get("failures", [])
    print(f"{report.get('tests', 0)} tests, {len(failed)} failing -> {REPORT}")
    for failure in failed:
        print(f"  {failure['test']}: {failure['message']}")
    if "install_error" in report:
        print("install failed:\n" + report["install_error"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
