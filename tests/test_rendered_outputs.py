"""Every output block of the built site shows exactly what its example printed.

The recorded output (the ``#>`` lines and output strings of the included sections) is
compared with the page's rendered "Output" block: preformatted text line by line, and a
table by laying its cells out again as `qwen3_handbook.report.Table` prints them. A table
that swallowed the text printed after it, split a name across two columns or ran into the
next ``print`` fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rendered_site import OutputBlock, page_blocks

from qwen3_handbook._site.example_blocks import FENCE_OPEN, INCLUDE, SourceBlock

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def recorded_outputs(page: Path) -> list[list[list[str]]]:
    """Per output block of a Markdown page, in order: the output groups it records."""
    lines = page.read_text(encoding="utf-8").splitlines()
    outputs = []
    index = 0
    while index < len(lines):
        opening = FENCE_OPEN.match(lines[index])
        if not opening:
            index += 1
            continue
        close = index + 1
        while close < len(lines) and lines[close].strip() != opening["fence"]:
            close += 1
        body = [line.strip() for line in lines[index + 1 : close] if line.strip()]
        includes = [INCLUDE.match(line) for line in body]
        if body and all(includes):
            groups = [
                g for m in includes if m for g in SourceBlock(m["spec"]).output_groups
            ]
            if any(groups):
                outputs.append(groups)
        index = close + 1
    return outputs


def built_page(site: Path, page: Path) -> Path:
    relative = page.relative_to(DOCS).with_suffix("")
    if relative.name == "index":
        return site / relative.parent / "index.html"
    return site / relative / "index.html"


def lay_out(rows: list[list[str]], right: list[bool]) -> list[str]:
    """The plain-text lines `Table` prints for these cells."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(cells):
        return "  ".join(
            cell.rjust(width) if r else cell.ljust(width)
            for cell, width, r in zip(cells, widths, right, strict=True)
        ).rstrip()

    return [line(rows[0]), "  ".join("-" * w for w in widths), *map(line, rows[1:])]


def mismatch(rendered: OutputBlock, groups: list[list[str]]) -> str | None:
    """Why ``rendered`` does not show ``groups`` exactly, or None."""
    recorded = [(line, number) for number, group in enumerate(groups) for line in group]
    position = 0
    tables = iter(rendered.right_aligned)

    def skip_blank():
        nonlocal position
        while position < len(recorded) and not recorded[position][0].strip():
            position += 1

    for kind, content in rendered.items:
        skip_blank()
        if kind == "text":
            shown = list(content)
            while shown and not shown[0].strip():
                shown.pop(0)
        else:
            rows = [[cell.replace("\\|", "|") for cell in row] for row in content]
            shown = lay_out(rows, next(tables))
        expected = recorded[position : position + len(shown)]
        if [line for line, _ in expected] != shown:
            return (
                f"{kind} block shows\n  "
                + "\n  ".join(shown)
                + "\nbut the example printed\n  "
                + "\n  ".join(line for line, _ in expected)
            )
        if kind == "table" and len({number for _, number in expected}) > 1:
            return "a table runs across two prints:\n  " + "\n  ".join(shown)
        position += len(shown)
    skip_blank()
    if position < len(recorded):
        return "not shown: " + " / ".join(line for line, _ in recorded[position:])
    return None


PAGES = sorted(page for page in DOCS.rglob("*.md") if recorded_outputs(page))


def test_pages_with_output_are_found():
    assert len(PAGES) > 20


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_output_blocks_show_what_was_printed(built_site, page):
    expected = recorded_outputs(page)
    html = built_page(built_site, page).read_text(encoding="utf-8")
    rendered = [b for b in page_blocks(html) if isinstance(b, OutputBlock)]
    assert len(rendered) == len(expected), (
        f"{len(rendered)} output blocks on the page, {len(expected)} in its examples"
    )
    problems = [
        f"output block {number}: {problem}"
        for number, (block, groups) in enumerate(
            zip(rendered, expected, strict=True), start=1
        )
        if (problem := mismatch(block, groups))
    ]
    assert not problems, "\n\n".join(problems)


def test_mismatch_catches_a_swallowed_line_and_a_split_name():
    table = ["question  score", "--------  -----", "q1         100%"]
    groups = [table, ["acc: 50%"]]
    right = [[False, True]]
    header_and_row = [["question", "score"], ["q1", "100%"]]
    good = OutputBlock(
        "Output", [("table", header_and_row), ("text", ["acc: 50%"])], right
    )
    assert mismatch(good, groups) is None
    swallowed = OutputBlock(
        "Output", [("table", [*header_and_row, ["acc: 50%", ""]])], right
    )
    assert "runs across two prints" in mismatch(swallowed, groups)
    split = OutputBlock(
        "Output", [("table", [["ques", "tion  score"], ["q1", "100%"]])], right
    )
    assert "table block shows" in mismatch(split, groups)
    missing = OutputBlock("Output", [("table", header_and_row)], right)
    assert mismatch(missing, groups) == "not shown: acc: 50%"
