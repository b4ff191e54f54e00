"""The test environment is the locked one: every package in requirements/lock.txt is
installed at exactly its locked version, and every dependency the project declares is in it.

Installing without the lock (``pip install -e ".[test]"`` alone) lets pip pick whatever was
released last; outputs could then change with no change of ours. The fix is the README's
test command, which installs with ``-c requirements/lock.txt``.
"""

from __future__ import annotations

import platform
import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;#]+)")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[_canonical(match["name"])] = match["version"]
    return pins


def test_installed_versions_match_the_lock():
    wrong = []
    for name, version in sorted(locked().items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{name}: locked {version}, not installed")
            continue
        if installed != version:
            wrong.append(f"{name}: locked {version}, installed {installed}")
    assert not wrong, (
        "the environment differs from requirements/lock.txt; install with the README's test "
        "command (pip install -c requirements/lock.txt -e '.[test]'):\n"
        + "\n".join(wrong)
    )


def test_every_declared_dependency_is_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in ("docs", "test"):
        declared += project["optional-dependencies"][extra]
    names = {
        _canonical(re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0])
        for requirement in declared
    }
    names.discard("qwen3-handbook")
    missing = sorted(names - set(locked()))
    assert not missing, f"declared but not pinned in requirements/lock.txt: {missing}"


def _requires_python() -> SpecifierSet:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return SpecifierSet(project["requires-python"])


def _floor(specifiers: SpecifierSet) -> Version:
    floors = [Version(s.version) for s in specifiers if s.operator == ">="]
    assert len(floors) == 1, f"requires-python needs one >= bound, got {specifiers}"
    return floors[0]


def test_requires_python_claims_no_python_the_lock_refuses():
    """The lowest Python ``requires-python`` admits installs every locked package.

    ``>=3.10`` used to be claimed while pymdown-extensions 13 needs 3.11.5: on Debian's
    3.11.2 the README's command then failed with ResolutionImpossible instead of pip's
    clear "requires a different Python".
    """
    floor = _floor(_requires_python())
    refusing = []
    for name in sorted(locked()):
        declared = metadata.metadata(name).get("Requires-Python")
        if declared and not SpecifierSet(declared).contains(floor, prereleases=True):
            refusing.append(f"{name} {metadata.version(name)} needs Python {declared}")
    assert not refusing, (
        f"requires-python admits {floor}, which these locked packages refuse; raise the "
        "floor in pyproject.toml:\n" + "\n".join(refusing)
    )


def test_this_python_is_admitted():
    running = Version(platform.python_version())
    assert _requires_python().contains(running), (
        f"Python {running} is not admitted by requires-python {_requires_python()}"
    )
