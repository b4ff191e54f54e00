"""Markdown extension: an included Python example shows its code, then its output.

Examples record what they print as ``#>`` comments (or a ``\"\"\"`` block right after the
``print``), and the test job checks those lines against a real run. On a page that output
belongs under the code, not inside it: a reader copies the code, and reads the output as
output. For every Python code fence whose body is only ``--8<--`` includes, this
preprocessor (which runs before pymdownx.snippets) reads the named sections itself and emits

* the code fence, without output lines and ``# handbook:`` directives, and
* an admonition of type ``handbook-output`` titled "Output", or "Output (tiny test model)"
  when the example runs the model (it reads ``QWEN3_MODEL`` or needs a server), so the label
  stands before the text. Output printed by `qwen3_handbook.report.Table` becomes a real
  table; everything else stays preformatted text.

A missing file or section fails the build with an error naming the file and the section.
Registered in ``mkdocs.yml`` as ``qwen3_handbook._site.example_blocks``.
"""

from __future__ import annotations

import ast
import itertools
import re
import textwrap
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor

from qwen3_handbook.report import plain_table_to_markdown, table_length

ROOT = Path(__file__).resolve().parents[3]
BASE_PATHS = (ROOT / "examples", ROOT / "snippets")
FENCE_OPEN = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>python|py)\b(?P<rest>.*)$"
)
INCLUDE = re.compile(
    r"""^--8<--[ \t]+(?P<quote>["'])(?P<spec>[^"']+)(?P=quote)[ \t]*$"""
)
SECTION_MARK = re.compile(r"^\s*#\s*--8<--\s*\[(?:start|end):[\w-]+\]\s*$")
OUTPUT_LINE = re.compile(r"^\s*#>(?: (?P<text>.*))?$")
DIRECTIVE = re.compile(r"^\s*# handbook: ")
TINY_MODEL = re.compile(r"QWEN3_MODEL|^# handbook: needs-server$", re.MULTILINE)
LABEL = re.compile(r"^# handbook: output-label (?P<label>.+)$", re.MULTILINE)


class ExampleSourceError(ValueError):
    """An include names a file or a section that does not exist."""


class SourceBlock:
    """One included section: its code lines and what it prints."""

    def __init__(self, spec: str) -> None:
        self.spec = spec
        name, _, section = spec.partition(":")
        self.path = _find(name, spec)
        text = self.path.read_text(encoding="utf-8")
        lines = _section(text, section, self.path) if section else text.splitlines()
        lines = [line for line in lines if not SECTION_MARK.match(line)]
        lines = textwrap.dedent("\n".join(lines)).splitlines()
        self.code, self.output_groups = _split_output(lines)
        self.output = [line for group in self.output_groups for line in group]
        labelled = LABEL.search(text)
        if labelled:
            self.label = labelled["label"]
        elif TINY_MODEL.search(text):
            self.label = "Output (tiny test model)"
        else:
            self.label = "Output"


def _find(name: str, spec: str) -> Path:
    for base in BASE_PATHS:
        candidate = base / name
        if candidate.is_file():
            return candidate
    raise ExampleSourceError(
        f"--8<-- {spec!r}: no file {name!r} in examples/ or snippets/"
    )


def _section(text: str, section: str, path: Path) -> list[str]:
    start = re.compile(rf"^\s*#\s*--8<--\s*\[start:{re.escape(section)}\]\s*$")
    end = re.compile(rf"^\s*#\s*--8<--\s*\[end:{re.escape(section)}\]\s*$")
    lines = text.splitlines()
    for first, line in enumerate(lines):
        if start.match(line):
            for last in range(first + 1, len(lines)):
                if end.match(lines[last]):
                    return lines[first + 1 : last]
            raise ExampleSourceError(
                f"{_rel(path)}: section {section!r} is never closed"
            )
    raise ExampleSourceError(
        f"{_rel(path)}: no section {section!r} (# --8<-- [start:{section}])"
    )


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _output_strings(code: str) -> list[tuple[int, int]]:
    """Line spans (1-based, inclusive) of string statements that follow a ``print`` call."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    spans = []
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if not isinstance(body, list):
                continue
            for before, after in itertools.pairwise(body):
                if (
                    isinstance(before, ast.Expr)
                    and isinstance(before.value, ast.Call)
                    and isinstance(before.value.func, ast.Name)
                    and before.value.func.id == "print"
                    and isinstance(after, ast.Expr)
                    and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)
                ):
                    spans.append((after.lineno, after.end_lineno or after.lineno))
    return spans


def _split_output(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """Separate code from recorded output (``#>`` lines and print-following strings).

    The output comes in groups, one per run of ``#>`` lines or output string: what one
    ``print`` (or one loop of them) wrote. A printed table never spans two groups.
    """
    # line number -> the (first, last) lines of the output string it belongs to
    span_of = {
        n: (first, last)
        for first, last in _output_strings("\n".join(lines))
        for n in range(first, last + 1)
    }
    code: list[str] = []
    groups: list[list[str]] = []
    previous = ""  # the kind of the line before: "string", "comment" or ""
    for number, line in enumerate(lines, start=1):
        if number in span_of:
            first, last = span_of[number]
            if number == first:
                groups.append([])
            previous = "string"
            if number in (first, last):  # the quote lines
                continue
            indent = len(lines[first - 1]) - len(lines[first - 1].lstrip())
            keep = indent == 0 or line[:indent].isspace()  # "" is not isspace()
            groups[-1].append(line[indent:] if keep else line.lstrip())
            continue
        match = OUTPUT_LINE.match(line)
        if match:
            if previous != "comment":
                groups.append([])
            previous = "comment"
            groups[-1].append(match["text"] or "")
        elif not DIRECTIVE.match(line):
            previous = ""
            code.append(line)
    while code and not code[-1].strip():
        code.pop()
    while code and not code[0].strip():
        code.pop(0)
    return code, groups


def render_output(groups: list[list[str]]) -> list[str]:
    """Markdown for recorded output: tables as tables, the rest as a text block.

    ``groups`` are the lines each ``print`` wrote (see `_split_output`). A table ends at
    its last row, so the text printed after it stays text, whether it follows in the same
    group or comes from the next ``print``.
    """
    parts: list[str] = []
    text: list[str] = []

    def flush_text() -> None:
        while text and not text[-1].strip():
            text.pop()
        if text:
            parts.extend(["```text", *text, "```", ""])
            text.clear()

    for lines in groups:
        index = 0
        while index < len(lines):
            length = table_length(lines, index)
            if length:
                flush_text()
                markdown = plain_table_to_markdown(lines[index : index + length])
                parts.extend([*(markdown or "").splitlines(), ""])
                index += length
                while index < len(lines) and not lines[index].strip():
                    index += 1  # the blank lines that end a table
            else:
                text.append(lines[index])
                index += 1
    flush_text()
    return parts


class ExampleBlockPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        result: list[str] = []
        index = 0
        while index < len(lines):
            opening = FENCE_OPEN.match(lines[index])
            if not opening:
                result.append(lines[index])
                index += 1
                continue
            indent, fence = opening["indent"], opening["fence"]
            close = index + 1
            while close < len(lines) and lines[close].strip() != fence:
                close += 1
            body = [line.strip() for line in lines[index + 1 : close] if line.strip()]
            includes = [INCLUDE.match(line) for line in body]
            if close >= len(lines) or not body or not all(includes):
                result.append(lines[index])
                index += 1
                continue
            blocks = [SourceBlock(m["spec"]) for m in includes if m]
            code = [line for block in blocks for line in block.code]
            output = [group for block in blocks for group in block.output_groups]
            result.append(lines[index])
            result.extend(indent + line if line else "" for line in code)
            result.append(indent + fence)
            if output:
                labels = [block.label for block in blocks]
                tiny = [label for label in labels if "tiny" in label]
                label = tiny[0] if tiny else labels[-1]
                result.extend(["", f'{indent}!!! handbook-output "{label}"', ""])
                result.extend(
                    f"{indent}    {line}" if line else ""
                    for line in render_output(output)
                )
            index = close + 1
        return result


class ExampleBlocksExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # pymdownx.snippets registers at 32; run first so the sections are ours to split.
        md.preprocessors.register(
            ExampleBlockPreprocessor(md), "handbook_example_blocks", 33
        )


def makeExtension(**kwargs) -> ExampleBlocksExtension:
    return ExampleBlocksExtension(**kwargs)
