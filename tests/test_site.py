"""The site builds strictly, shows only included code, and leaves no example unshown."""

from __future__ import annotations

import re
from pathlib import Path

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
                offenders.append(f"{page.relative_to(ROOT)}:{line_no} ({info or 'no language'})")
    assert not offenders, "fences typed by hand (move the code to examples/ or snippets/):\n" + (
        "\n".join(offenders)
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
    """Every file in examples/ and snippets/ is shown by some page."""
    included = _included_targets()
    orphans = []
    for folder in ("examples", "snippets"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_dir() or "__pycache__" in path.parts:
                continue
            relative = path.relative_to(ROOT / folder).as_posix()
            if relative not in included:
                orphans.append(f"{folder}/{relative}")
    assert not orphans, "files no page includes:\n" + "\n".join(orphans)


def test_fence_detector_catches_hand_typed_code():
    page = (
        '```python\nprint("typed by hand")\n```\n\n```bash\n--8<-- "install/transformers.sh"\n```\n'
    )
    blocks = list(fenced_blocks(page))
    assert [info for _, info, _ in blocks] == ["python", "bash"]
    assert not INCLUDE.match(blocks[0][2][0])
    assert INCLUDE.match(blocks[1][2][0])
