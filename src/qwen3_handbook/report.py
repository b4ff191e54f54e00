"""Tables that read well in a terminal and render as real tables on the site.

`print(Table(...))` prints a plain-text table: a header line, a line of dash groups and the
rows, columns separated by two spaces. The handbook's docs build recognises that layout in an
example's recorded output and renders it as an HTML table, so a page shows exactly the
numbers the test job checked.

Examples:
    >>> from qwen3_handbook.report import Table
    >>> print(Table(["model", "weights (GB)"], [["Qwen3-30B-A3B", 61.08], ["Qwen3-8B", 16.4]]))
    model          weights (GB)
    -------------  ------------
    Qwen3-30B-A3B          61.1
    Qwen3-8B               16.4
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Sequence

__all__ = ["Table", "parse_plain_table"]

_NUMERIC = re.compile(r"^[<>≈~±+\-−]?\s*[\d.,]*\d")
_DASH_LINE = re.compile(r"^-+(?: {2,}-+)+$")  # two columns or more
_SPACES = re.compile(r"\s+")


class Table:
    """A small table of results: plain text for `print`, Markdown for pages and notebooks.

    Args:
        columns: The column headers.
        rows: One sequence of cells per row, each as long as ``columns``. A cell is a
            string, a number or None (shown as an empty cell).
        float_format: How float cells are written (ints get thousands separators).

    Raises:
        TypeError: If ``columns`` or a row is not a sequence, or a cell has another type.
        ValueError: If ``columns`` is empty, or a row's length differs from it.
    """

    def __init__(
        self,
        columns: Sequence[str],
        rows: Iterable[Sequence[object]],
        *,
        float_format: str = "{:,.1f}",
    ) -> None:
        if isinstance(columns, str) or not isinstance(columns, Sequence):
            raise TypeError(f"columns must be a list of headers, got {columns!r}")
        if not columns:
            raise ValueError("columns must name at least one column")
        self.columns = [_clean(str(header)) for header in columns]
        self.float_format = float_format
        self.rows: list[list[str]] = []
        for number, row in enumerate(rows):
            if isinstance(row, str) or not isinstance(row, Sequence):
                raise TypeError(
                    f"row {number} must be a sequence of cells, got {row!r}"
                )
            if len(row) != len(self.columns):
                raise ValueError(
                    f"row {number} has {len(row)} cells, the table has "
                    f"{len(self.columns)} columns: {row!r}"
                )
            self.rows.append([self._format(cell, number) for cell in row])
        self._numeric = _numeric_columns(len(self.columns), self.rows)

    def _format(self, cell: object, row: int) -> str:
        if cell is None:
            return ""
        if isinstance(cell, bool):
            return "yes" if cell else "no"
        if isinstance(cell, numbers.Integral):
            return f"{int(cell):,}"
        if isinstance(cell, numbers.Real):
            if not math.isfinite(cell):
                raise ValueError(f"row {row} has a non-finite number: {cell!r}")
            return self.float_format.format(float(cell))
        if isinstance(cell, str):
            return _clean(cell)
        raise TypeError(f"row {row} has a cell of type {type(cell).__name__}: {cell!r}")

    def __str__(self) -> str:
        widths = [
            max([len(header)] + [len(row[i]) for row in self.rows])
            for i, header in enumerate(self.columns)
        ]

        def line(cells: Sequence[str]) -> str:
            padded = [
                cell.rjust(width) if numeric else cell.ljust(width)
                for cell, width, numeric in zip(
                    cells, widths, self._numeric, strict=True
                )
            ]
            return "  ".join(padded).rstrip()

        rules = "  ".join("-" * width for width in widths)
        return "\n".join([line(self.columns), rules, *(line(row) for row in self.rows)])

    def to_markdown(self) -> str:
        """The same table as a Markdown (GitHub-flavoured) table."""
        return markdown_table(self.columns, self.rows, self._numeric)

    def _repr_markdown_(self) -> str:  # Jupyter renders tables this way
        return self.to_markdown()

    def __repr__(self) -> str:
        return f"Table(columns={self.columns!r}, rows={len(self.rows)})"


def _numeric_columns(count: int, rows: Sequence[Sequence[str]]) -> list[bool]:
    """Right-align a column when every non-empty cell in it reads as a number."""
    columns = ([row[i] for row in rows if row[i]] for i in range(count))
    return [bool(cells) and all(_NUMERIC.match(c) for c in cells) for cells in columns]


def _clean(text: str) -> str:
    """One line, single spaces: two spaces separate columns in the plain layout."""
    return _SPACES.sub(" ", text).strip()


def markdown_table(
    columns: Sequence[str], rows: Sequence[Sequence[str]], numeric
) -> str:
    """Markdown for a table whose cells are already text; ``numeric`` right-aligns."""

    def escape(cell: str) -> str:
        return cell.replace("|", "\\|")

    head = "| " + " | ".join(escape(c) for c in columns) + " |"
    rule = "|" + "|".join("---:" if n else "---" for n in numeric) + "|"
    body = ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def parse_plain_table(lines: Sequence[str]) -> tuple[list[str], list[list[str]]] | None:
    """Read back a table printed by `Table`: ``(columns, rows)``, or None if it is not one.

    The second line must consist of dash groups; their positions give the columns.
    """
    if len(lines) < 2 or not _DASH_LINE.match(lines[1]):
        return None
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[1])]
    starts = [start for start, _ in spans]

    def cells(line: str) -> list[str]:
        # a right-aligned cell ends at its column's end; a left-aligned one starts there
        bounds = [*starts[1:], None]
        return [
            line[start:end].strip() for start, end in zip(starts, bounds, strict=True)
        ]

    columns = cells(lines[0])
    rows = [cells(line) for line in lines[2:]]
    return columns, rows


def plain_table_to_markdown(lines: Sequence[str]) -> str | None:
    """Markdown for a printed `Table`, or None if ``lines`` are not one."""
    parsed = parse_plain_table(lines)
    if parsed is None:
        return None
    columns, rows = parsed
    return markdown_table(columns, rows, _numeric_columns(len(columns), rows))
