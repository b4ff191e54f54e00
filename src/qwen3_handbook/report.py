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

__all__ = ["Table", "parse_plain_table", "table_length"]

_NUMERIC = re.compile(r"^[<>≈~±+\-−]?\s*[\d.,]*\d")
_DASH_LINE = re.compile(r"^-+(?: {2,}-+)+$")  # two columns or more
_SPACES = re.compile(r"\s+")
# what Markdown (Python-Markdown and CommonMark) could read as markup inside a table cell
_MARKUP = re.compile(r"[\\`*_{}\[\]<>&|]")
_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


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
        # a cell is text, never markup: "</think>" or "*" must show as printed
        return _MARKUP.sub(lambda m: _ESCAPES.get(m[0], "\\" + m[0]), cell)

    head = "| " + " | ".join(escape(c) for c in columns) + " |"
    rule = "|" + "|".join("---:" if n else "---" for n in numeric) + "|"
    body = ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def _column_spans(rule: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]


def _is_row(line: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``line`` is laid out as a row of the columns ``spans`` mark.

    `Table` pads every cell to its column's width, so a row never reaches past the last
    column, keeps the two-space gaps between columns empty and, in a table of two
    columns or more, fills at least two cells (a line of prose fills one, or none).
    """
    if not line.strip() or not _fits(line, spans):
        return False
    filled = sum(1 for cell in _cells(line, spans) if cell)
    return filled >= min(2, len(spans))


def _fits(line: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Nothing past the last column, nothing in the gaps between columns."""
    gaps = zip(
        (end for _, end in spans[:-1]), (start for start, _ in spans[1:]), strict=True
    )
    return len(line.rstrip()) <= spans[-1][1] and not any(
        line[end:start].strip() for end, start in gaps
    )


def _cells(line: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    # a right-aligned cell ends at its column's end; a left-aligned one starts there
    starts = [start for start, _ in spans]
    bounds = [*starts[1:], None]
    return [line[start:end].strip() for start, end in zip(starts, bounds, strict=True)]


def table_length(lines: Sequence[str], start: int = 0) -> int:
    """How many lines a printed `Table` fills from ``lines[start]`` (0: none starts there).

    A table is a header, a line of dash groups and the rows after it; it ends at its
    last row, so the text printed after it, or the header of a second table (a line
    followed by a dash line), is not read as a row.
    """
    if len(lines) < start + 2 or not _DASH_LINE.match(lines[start + 1]):
        return 0
    spans = _column_spans(lines[start + 1])
    if not _fits(lines[start], spans):
        return 0
    end = start + 2
    while end < len(lines) and _is_row(lines[end], spans):
        if end + 1 < len(lines) and _DASH_LINE.match(lines[end + 1]):
            break  # the header of the next table
        end += 1
    return end - start


def parse_plain_table(lines: Sequence[str]) -> tuple[list[str], list[list[str]]] | None:
    """Read back a table printed by `Table`: ``(columns, rows)``, or None if it is not one.

    The second line must consist of dash groups; their positions give the columns. Every
    line after it must be a row of those columns (see `table_length`).
    """
    if not lines or table_length(lines) != len(lines):
        return None
    spans = _column_spans(lines[1])
    return _cells(lines[0], spans), [_cells(line, spans) for line in lines[2:]]


def plain_table_to_markdown(lines: Sequence[str]) -> str | None:
    """Markdown for a printed `Table`, or None if ``lines`` are not one."""
    parsed = parse_plain_table(lines)
    if parsed is None:
        return None
    columns, rows = parsed
    return markdown_table(columns, rows, _numeric_columns(len(columns), rows))
