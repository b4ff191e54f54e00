"""What a reader sees and copies on a built page: its code blocks and output blocks, in order.

Read from the HTML of ``mkdocs build``, not from the Markdown, so the checks see what the
extensions made of a page: the text a copy button copies (Material copies the ``<code>``
element's text, trailing whitespace removed) and each "Output" block's text and tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(
            child if isinstance(child, str) else child.text() for child in self.children
        )

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()  # convert_charrefs: text arrives unescaped
        self.root = Node("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(
            Node(tag, {k: v or "" for k, v in attrs}, self.current)
        )

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass
class CodeBlock:
    language: str
    text: str  # what the copy button copies
    folded: bool  # inside a collapsible ``??? example`` block (a whole file, folded)


@dataclass
class OutputBlock:
    label: str
    # ("text", lines) for a preformatted block, ("table", [header, *rows]) for a table
    items: list[tuple[str, list]]
    right_aligned: list[list[bool]] = field(
        default_factory=list
    )  # per table, per column


def page_blocks(html: str) -> list[CodeBlock | OutputBlock]:
    """The code blocks and the handbook's output blocks of a page's article, in order."""
    root = parse(html)
    article = next((node for node in root.walk() if node.tag == "article"), root)
    blocks: list[CodeBlock | OutputBlock] = []
    for node in article.walk():
        if "handbook-output" in node.classes and "admonition" in node.classes:
            blocks.append(_output_block(node))
        elif node.tag == "pre" and not _inside_output(node):
            code = next((c for c in node.walk() if c.tag == "code"), node)
            owner = next(
                (
                    a
                    for a in node.ancestors()
                    if any(c.startswith("language-") for c in a.classes)
                ),
                None,
            )
            classes = (owner.classes if owner else set()) | code.classes
            language = next(
                (
                    c.removeprefix("language-")
                    for c in classes
                    if c.startswith("language-")
                ),
                "",
            )
            folded = any(a.tag == "details" for a in node.ancestors())
            blocks.append(CodeBlock(language, code.text().rstrip(), folded))
    return blocks


def _inside_output(node: Node) -> bool:
    return any(
        "handbook-output" in a.classes or any(c.startswith("jp-") for c in a.classes)
        for a in node.ancestors()
    )


def _output_block(admonition: Node) -> OutputBlock:
    title = next(
        (n for n in admonition.walk() if "admonition-title" in n.classes), None
    )
    items: list[tuple[str, list]] = []
    aligned: list[list[bool]] = []
    for node in admonition.walk():
        if node.tag == "pre":
            items.append(("text", node.text().rstrip("\n").split("\n")))
        elif node.tag == "table":
            rows = [
                [cell.text().strip() for cell in row.walk() if cell.tag in ("th", "td")]
                for row in node.walk()
                if row.tag == "tr"
            ]
            items.append(("table", rows))
            head = next((row for row in node.walk() if row.tag == "tr"), None)
            aligned.append(
                [
                    "right" in cell.attrs.get("style", "")
                    for cell in (head.walk() if head else ())
                    if cell.tag in ("th", "td")
                ]
            )
    return OutputBlock(title.text().strip() if title else "", items, aligned)
