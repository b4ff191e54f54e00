"""The site builds strictly, shows only included code, and leaves no example unshown."""

from __future__ import annotations

import ast
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INCLUDE = re.compile(r"""^\s*-{2}8<-{2}\s+"(?P<target>[^"]+)"\s*$""")


def fenced_blocks(text: str):
    """Yield (first line number, info string, body lines) of each fenced block."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening["fence"]
        body, j = [], i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j])
            j += 1
        yield i + 1, opening["info"].strip(), body
        i = j + 1


def test_strict_build(built_site):
    assert (built_site / "index.html").is_file()
    assert (built_site / "reference" / "api" / "index.html").is_file()


def test_every_fence_is_an_include():
    """No hand-typed code: each fence body is nothing but ``--8<--`` include lines."""
    offenders = []
    for page in sorted(DOCS.rglob("*.md")):
        for line_no, info, body in fenced_blocks(page.read_text()):
            content = [line for line in body if line.strip()]
            if not content or not all(INCLUDE.match(line) for line in content):
                offenders.append(
                    f"{page.relative_to(ROOT)}:{line_no} ({info or 'no language'})"
                )
    assert not offenders, (
        "fences typed by hand (move the code to examples/ or snippets/):\n"
        + ("\n".join(offenders))
    )


def _included_targets() -> set[str]:
    targets = set()
    sources = [*DOCS.rglob("*.md"), *(ROOT / "snippets").rglob("*.md")]
    for page in sources:
        for match in re.finditer(r"""-{2}8<-{2}\s+"([^"]+)\"""", page.read_text()):
            targets.add(match[1].split(":")[0])
    nav = (ROOT / "mkdocs.yml").read_text()
    targets.update(re.findall(r"notebooks/[\w-]+\.py", nav))
    return targets


def test_no_orphan_examples_or_snippets():
    """Every file in examples/ and snippets/ is shown by some page.

    Recorded runs (``examples/<topic>/runs/``, written by the tests with
    ``--update-measurements``) are data that shown examples read, not code to show.
    """
    included = _included_targets()
    orphans = []
    for folder in ("examples", "snippets"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_dir() or "__pycache__" in path.parts:
                continue
            if folder == "examples" and "runs" in path.parts:
                continue
            relative = path.relative_to(ROOT / folder).as_posix()
            if relative not in included:
                orphans.append(f"{folder}/{relative}")
    assert not orphans, "files no page includes:\n" + "\n".join(orphans)


def test_fence_detector_catches_hand_typed_code():
    page = '```python\nprint("typed by hand")\n```\n\n```bash\n--8<-- "install/transformers.sh"\n```\n'
    blocks = list(fenced_blocks(page))
    assert [info for _, info, _ in blocks] == ["python", "bash"]
    assert not INCLUDE.match(blocks[0][2][0])
    assert INCLUDE.match(blocks[1][2][0])


# --- the rendered site: every code block came from an include --------------------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
}
VOID |= {"track", "wbr"}
OUTPUT_CLASSES = ("handbook-output", "jp-OutputArea", "jp-RenderedText")
"""Containers of recorded or executed output (the example-block extension's labelled
output block, notebook cell outputs): their text is output, not code."""


def pre_blocks(html: str) -> list[tuple[set[str], str]]:
    """``(classes of the block and its ancestors, text)`` of every ``<pre>`` in ``html``."""
    parser = _PreCollector()
    parser.feed(html)
    parser.close()
    return parser.blocks


class _PreCollector(HTMLParser):
    """Collects each ``<pre>`` block's text with the classes of it and its ancestors."""

    def __init__(self) -> None:
        super().__init__()  # convert_charrefs: handle_data gets unescaped text
        self.stack: list[list[str]] = []  # classes of each open element
        self.tags: list[str] = []
        self.blocks: list[tuple[set[str], str]] = []
        self.capture: list[str] | None = None
        self.capture_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.tags.append(tag)
        self.stack.append((dict(attrs).get("class") or "").split())
        if tag == "pre" and self.capture is None:
            self.capture, self.capture_depth = [], len(self.tags)

    def handle_endtag(self, tag):
        if tag in VOID or tag not in self.tags:
            return
        while self.tags:
            if self.capture is not None and len(self.tags) == self.capture_depth:
                classes = {name for names in self.stack for name in names}
                self.blocks.append((classes, "".join(self.capture)))
                self.capture = None
            self.stack.pop()
            if self.tags.pop() == tag:
                break

    def handle_data(self, data):
        if self.capture is not None:
            self.capture.append(data)


GENERATED_CLASSES = {"doc-signature", "linenos", "linenodiv"}
"""Blocks that show no code of their own: mkdocstrings' signatures (built from the code
in src/) and the line-number column of a highlighted listing."""


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


DOCTEST_DIRECTIVE = re.compile(r"\s*#\s*doctest:.*$")


def _file_lines(path: Path) -> frozenset[str]:
    """A file's stripped lines, as its code can appear on a page.

    Adds jupytext's commented magics as a notebook shows them (``# %config ...`` in the
    .py file is ``%config ...`` in the cell) and, for Python source, the lines of its
    string constants as evaluated (a docstring's ``\\n`` is shown as ``\n``) without
    the ``# doctest:`` directives mkdocstrings leaves out.
    """
    text = path.read_text()
    lines = _lines(text)
    lines |= {line[2:] for line in lines if line.startswith(("# %", "# !"))}
    if path.suffix == ".py":
        try:
            tree = ast.parse(text)
        except SyntaxError:
            tree = None
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                lines |= _lines(node.value)
        lines |= {DOCTEST_DIRECTIVE.sub("", line) for line in lines}
    return frozenset(lines)


@cache
def _source_lines(folder: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Stripped lines of every text file under ``folder`` of the repository."""
    files = []
    for path in sorted((ROOT / folder).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            try:
                lines = _file_lines(path)
            except UnicodeDecodeError:
                continue
            files.append((path.relative_to(ROOT).as_posix(), lines))
    return tuple(files)


def block_source(classes: set[str], text: str) -> str | None:
    """Where a rendered code block came from: "output", a file, or None (typed by hand).

    A block is accounted for when it is recorded output, or when every one of its lines
    is a line of one file under examples/ or snippets/ (the example-block extension drops
    ``#>`` output lines and ``# handbook:`` directives, so the block is a subset of the
    file's lines). Docstring examples on the API reference page come from src/.
    """
    if any(name.startswith(OUTPUT_CLASSES) for name in classes):
        return "output"
    if GENERATED_CLASSES & classes:
        return "generated"
    wanted = _lines(text)
    if not wanted:
        return "empty"
    folders = ["examples", "snippets"]
    if "doc" in classes:  # mkdocstrings: docstring examples and source code of src/
        folders.append("src")
    for folder in folders:
        for name, lines in _source_lines(folder):
            if wanted <= lines:
                return name
    return None


def test_every_rendered_code_block_comes_from_an_include(built_site):
    """Check the built HTML, not the Markdown: 4-space indented code, raw ``<pre>`` in
    Markdown and any other route to a code block are caught as well as typed fences."""
    offenders = []
    for page in sorted(built_site.rglob("*.html")):
        for classes, text in pre_blocks(page.read_text(encoding="utf-8")):
            if block_source(classes, text) is None:
                first = next((line for line in text.splitlines() if line.strip()), "")
                offenders.append(
                    f"{page.relative_to(built_site)}: {first.strip()[:70]!r}"
                )
    assert not offenders, (
        "code blocks on the site that no file in examples/ or snippets/ contains "
        "(typed by hand, or an indented block):\n" + "\n".join(offenders)
    )


def test_html_check_catches_indented_and_raw_code():
    indented = markdown.markdown('Some text:\n\n    print("typed by hand")\n')
    raw = '<pre><code class="language-python">import qwen_by_hand\n</code></pre>'
    for html in (indented, raw):
        ((classes, text),) = pre_blocks(html)
        assert block_source(classes, text) is None, html
    output = (
        '<div class="admonition handbook-output"><pre><code>anything</code></pre></div>'
    )
    ((classes, text),) = pre_blocks(output)
    assert block_source(classes, text) == "output"
    included = (
        '<div class="highlight"><pre><span></span><code><span class="n">print</span>'
        "(parser.thinking)\n</code></pre></div>"
    )
    ((classes, text),) = pre_blocks(included)
    assert block_source(classes, text) == "examples/thinking/streaming.py"
