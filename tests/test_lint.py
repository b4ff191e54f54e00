"""ruff lint and format checks over the code readers copy and the code that tests it."""

import re
import subprocess
import sys
from pathlib import Path

from example_checker import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
OUTPUT_COMMENT = re.compile(r"^(\s*)#>", re.MULTILINE)


def _ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
    )


def test_ruff_check():
    result = _ruff("check", "--no-cache", "examples", "src", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_library_and_tests():
    result = _ruff("format", "--check", "--no-cache", "src", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_examples():
    """ruff would turn ``#>`` into ``# >``; mask those lines, then require no other change."""
    unformatted = []
    for path in sorted(EXAMPLES.rglob("*.py")):
        masked = OUTPUT_COMMENT.sub(r"\1# >", path.read_text())
        name = path.relative_to(ROOT).as_posix()
        result = _ruff(
            "format",
            "--no-cache",
            "--stdin-filename",
            f"check/{name}",
            "-",
            stdin=masked,
        )
        assert result.returncode == 0, result.stderr
        if result.stdout != masked:
            unformatted.append(name)
    assert not unformatted, (
        "run ruff format on these (then restore their #> lines):\n"
        + "\n".join(unformatted)
    )
