"""ruff lint and format checks over the code readers copy and the code that tests it."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
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


LINE_LENGTH = 88  # the site's code column; ruff's line-length (pyproject.toml)
TEXT_SUFFIXES = {".py", ".sh", ".json", ".txt", ".toml", ".yaml", ".yml", ".md", ""}
URL_ONLY = re.compile(r"\s*(?:#\s*)?(?:\[[^\]]+\]:\s*)?<?https?://\S+>?")


def _long_lines(folder: str) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*")):
        # .mmd (Mermaid) is not listed: the site draws those files, it never shows them
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if len(line) > LINE_LENGTH and not URL_ONLY.fullmatch(line):
                name = path.relative_to(ROOT).as_posix()
                found.append(f"{name}:{number}: {len(line)} characters")
    return found


@pytest.mark.parametrize("folder", ["examples", "snippets"])
def test_code_fits_the_page(folder):
    """Every line a page shows as code (and every output line) fits 88 columns.

    Only a line that is nothing but a URL may be longer; Mermaid sources are exempt
    because the site draws them as diagrams.
    """
    long_lines = _long_lines(folder)
    assert not long_lines, (
        f"lines over {LINE_LENGTH} characters (wrap them; long printed output is folded "
        "with ↩ by tests/example_checker.py when regenerated):\n"
        + "\n".join(long_lines)
    )


def test_docstring_examples_render_as_code():
    """Griffe reads ``Example:`` as an admonition (nested quotes on the API page, the code
    run together); the Google-style section that renders code is ``Examples:``."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if line.strip() == "Example:"
    ]
    assert not offenders, "use 'Examples:' instead of 'Example:' in:\n" + "\n".join(
        offenders
    )


SCAFFOLDING = re.compile(r"^\s*#> (?:\|.*|True|False)$", re.MULTILINE)


def test_examples_print_results_not_markdown_or_checks():
    """Tables are printed as `qwen3_handbook.report.Table` (the site renders a real table),
    never as Markdown pipes; a bare ``#> True`` is a test assertion, not output."""
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group().strip()}"
        for path in sorted(EXAMPLES.rglob("*.py"))
        for match in SCAFFOLDING.finditer(path.read_text())
    ]
    assert not offenders, "\n".join(offenders)
