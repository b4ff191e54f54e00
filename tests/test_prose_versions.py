"""Version numbers of tested packages in prose come from the tested versions.

A page writes ``{{ tested:transformers }}`` (or ``{{ tested:transformers:minor }}``);
the docs build replaces it with the installed version
(``src/qwen3_handbook/_site/polish.py``), so prose and the "Tested with" page cannot
disagree. A version typed by hand is allowed only when it is a fact about that release
(a minimum, a bug, the lowest tested version).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qwen3_handbook._site import polish, versions

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "docs").rglob("*.md"))
TESTED = sorted(
    {name for names in versions.PACKAGES.values() for name in names}
    | set(versions.declared_dependencies())
)
MENTION = re.compile(
    r"`?\b(?P<name>" + "|".join(re.escape(n) for n in TESTED) + r")\b`?"
    r"(?: serve`?)?(?: |==|>=|<=)v?(?P<version>\d+\.\d+(?:\.\d+)?(?:\.post\d+)?)\b"
)
# Releases named for what happened in them, not as "the version we test with".
HISTORICAL = {
    "transformers": {"4.51", "4.51.0", "4.51.3", "5.0"},  # qwen3_moe added; 5.x break
    "qwen-agent": {"0.0.34"},  # the release whose MCP import the page explains
    "mcp": {"1.9"},  # lower end of the range that works with qwen-agent
    # optional extra `gguf`, not installed when the site is built: the pinned minimum
    "llama-cpp-python": {"0.3.36"},
}


def allowed(name: str, version: str) -> bool:
    lowest = versions.LOWEST.get(name, "")
    if version in HISTORICAL.get(name, set()):
        return True
    return bool(lowest) and (version == lowest or lowest.startswith(version + "."))


def test_placeholders_render():
    assert polish.tested_version("pytest") == versions.installed_version("pytest")
    assert polish.tested_version("pytest", minor=True).count(".") == 1
    page = polish.on_page_markdown("pytest {{ tested:pytest }}.", None, None, None)
    assert page == f"pytest {versions.installed_version('pytest')}."


def test_unknown_package_fails_the_build():
    with pytest.raises(Exception, match="not installed"):
        polish.tested_version("no-such-package-for-the-handbook")


@pytest.mark.parametrize(
    "page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES]
)
def test_no_hand_typed_tested_versions(page):
    text = page.read_text(encoding="utf-8")
    bad = [
        f"line {text.count(chr(10), 0, m.start()) + 1}: {m[0]!r}"
        for m in MENTION.finditer(text)
        if not allowed(m["name"], m["version"])
    ]
    assert not bad, (
        f"{page.relative_to(ROOT)} types a tested package's version by hand; write "
        "{{ tested:<package> }} (or add the release to HISTORICAL with the reason):\n"
        + "\n".join(bad)
    )
