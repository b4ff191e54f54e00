"""Run one example file and compare what it prints with its ``#>`` comments.

The comparison is pytest-examples' own (`InsertPrintStatements`), run on the real file so
that ``__file__`` inside an example is its real path. ``pytest --update-examples`` rewrites
the ``#>`` comments from the actual output instead of failing.
"""

from __future__ import annotations

import re
from pathlib import Path

from pytest_examples.config import ExamplesConfig
from pytest_examples.find_examples import CodeExample
from pytest_examples.run_code import run_code

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CONFIG = ExamplesConfig(line_length=100, quotes="double")
NO_RUN = re.compile(r"^# handbook: no-run \((?P<why>.+)\)$", re.MULTILINE)
NEEDS_SERVER = re.compile(r"^# handbook: needs-server$", re.MULTILINE)


def example_files() -> list[Path]:
    """Every runnable Python example (notebooks are executed by the docs build instead)."""
    return sorted(p for p in EXAMPLES.rglob("*.py") if "notebooks" not in p.parts)


def no_run_reason(path: Path) -> str | None:
    """Files that are not run on their own declare why: ``# handbook: no-run (reason)``."""
    match = NO_RUN.search(path.read_text())
    return match["why"] if match else None


def needs_server(path: Path) -> bool:
    """Client examples declare ``# handbook: needs-server``: they talk to a local server."""
    return NEEDS_SERVER.search(path.read_text()) is not None


def check_example(path: Path, *, update: bool = False) -> None:
    """Execute ``path`` as ``__main__``; fail (or rewrite it) if its ``#>`` output differs."""
    source = path.read_text()
    # pytest-examples writes multi-line output as a ''' block in .py files and as a """
    # block elsewhere; ruff format wants """, so present the source under a non-.py name.
    example = CodeExample.create(source, path=path.with_suffix(".py.txt"))
    insert_print, _ = run_code(
        example=example,
        python_file=path,
        loader=None,
        config=CONFIG,
        enable_print_mock=True,
        print_callback=None,
        include_print=None,
        module_globals=None,
        call=None,
    )
    if update:
        new_source = insert_print.updated_print_statements(example)
        if new_source is not None:
            path.write_text(new_source)
    else:
        insert_print.check_print_statements(example)
