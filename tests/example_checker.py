"""Run one example file and compare what it prints with its ``#>`` comments.

The comparison is pytest-examples' own (`InsertPrintStatements`), run on the real file so
that ``__file__`` inside an example is its real path. ``pytest --update-examples`` rewrites
the ``#>`` comments from the actual output instead of failing.

Two changes to pytest-examples' behaviour: an exception keeps its real traceback (the
library rewrites it to point at a ``.py.txt`` name pytest cannot show, ``???``), and an
output mismatch says which command regenerates the ``#>`` lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from textwrap import indent
from unittest import mock

import pytest
import pytest_examples.run_code
from pytest_examples.config import ExamplesConfig
from pytest_examples.find_examples import CodeExample
from pytest_examples.lint import code_diff
from pytest_examples.run_code import InsertPrintStatements, run_code

from qwen3_handbook.report import parse_plain_table

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CONFIG = ExamplesConfig(line_length=88, quotes="double")
FOLD_WIDTH = 88  # the site's code column; ruff's line-length
FOLD_MARK = "↩"
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


def fold_long_lines(text: str, width: int = FOLD_WIDTH) -> str:
    """Break printed lines longer than ``width`` so recorded output fits the page.

    A broken line ends with ``↩`` (after a space where the text had one) and goes on at the
    start of the next line; joining the pieces gives the printed line back. A printed
    `qwen3_handbook.report.Table` is left whole: the site renders it as a table.
    """
    if parse_plain_table(text.split("\n")) is not None:
        return text
    folded = []
    for line in text.split("\n"):
        while len(line) > width:
            cut = line.rfind(" ", width // 2, width - 1) + 1 or width - 1
            folded.append(line[:cut] + FOLD_MARK)
            line = line[cut:]
        folded.append(line)
    return "\n".join(folded)


def node_id(path: Path) -> str:
    """The pytest node id that runs the example at ``path``."""
    try:
        relative = path.resolve().relative_to(EXAMPLES).as_posix()
    except ValueError:
        relative = str(path)
    return f"tests/test_examples.py::test_example_output[{relative}]"


def check_example(path: Path, *, update: bool = False) -> None:
    """Execute ``path`` as ``__main__``; fail (or rewrite it) if its ``#>`` output differs."""
    source = path.read_text()
    # pytest-examples writes multi-line output as a ''' block in .py files and as a """
    # block elsewhere; ruff format wants """, so present the source under a non-.py name.
    example = CodeExample.create(source, path=path.with_suffix(".py.txt"))
    # Keep the real traceback (real file, real line): without a rewritten one, run_code
    # re-raises the exception as it is.
    with mock.patch.object(
        pytest_examples.run_code, "create_example_traceback", _no_rewrite
    ):
        insert_print, _ = run_code(
            example=example,
            python_file=path,
            loader=None,
            config=CONFIG,
            enable_print_mock=True,
            print_callback=fold_long_lines,
            include_print=None,
            module_globals=None,
            call=None,
        )
    _fold_to_the_page(insert_print)
    new_source = insert_print.updated_print_statements(example)
    if new_source is None:
        return
    if update:
        path.write_text(new_source)
        return
    diff = code_diff(example, new_source, CONFIG)
    pytest.fail(
        f"{path} printed something other than its #> lines say:\n{indent(diff, '  ')}\n"
        "If the new output is right, rewrite the #> lines from it and review the diff:\n"
        f'  pytest "{node_id(path)}" --update-examples',
        pytrace=False,
    )


def _fold_to_the_page(insert_print: InsertPrintStatements) -> None:
    """Fold recorded output to 88 columns minus the indentation of its ``print``."""
    insert = insert_print._insert_print_args

    def insert_folded(lines, statement, in_python, line_index, col):
        width = FOLD_WIDTH - col
        insert_print.print_callback = lambda text: fold_long_lines(text, width)
        insert(lines, statement, in_python, line_index, col)

    insert_print._insert_print_args = insert_folded


def _no_rewrite(*args: object) -> None:
    return None
