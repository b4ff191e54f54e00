"""No broken link in the built site: every internal link, asset and ``#anchor`` resolves.

The strict build already rejects a Markdown link to a missing page; it only logs a missing
``#anchor`` at INFO level. This check reads the built HTML, so it covers anchors too, and
links made by the theme, mkdocstrings, notebooks and hooks. External links are never
fetched (the tests run offline): they are listed with the pages that use them in
``test-artifacts/external-links.md`` for a human or a scheduled job to review.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "test-artifacts" / "external-links.md"
URL_ATTRIBUTES = {"href", "src"}
SITE_URL = re.search(
    r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE
)[1]
SITE_PREFIX = urlsplit(SITE_URL).path  # absolute links (the 404 page's) start with this


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self.links.append((tag, value))
            elif name == "srcset":
                self.links += [
                    (tag, part.split()[0]) for part in value.split(",") if part.strip()
                ]


def _parse_site(site: Path) -> dict[str, _PageParser]:
    parsed = {}
    for html in sorted(site.rglob("*.html")):
        parser = _PageParser()
        parser.feed(html.read_text(encoding="utf-8"))
        parsed[html.relative_to(site).as_posix()] = parser
    return parsed


def _target_file(site: Path, page: str, path: str) -> str | None:
    """The site file a link's path points at (``dir/`` means ``dir/index.html``)."""
    if path.startswith(SITE_PREFIX):
        resolved = path[len(SITE_PREFIX) :]
    elif path.startswith("/"):
        return None  # outside the site's folder on the host
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if resolved == ".":
            resolved = ""
        if path.endswith("/") and resolved:
            resolved += "/"
    if resolved.startswith(".."):
        return None
    if resolved == "" or resolved.endswith("/"):
        resolved += "index.html"
    if (site / resolved).is_dir():
        resolved += "/index.html"
    return resolved if (site / resolved).is_file() else None


def check_links(site: Path) -> tuple[list[str], dict[str, set[str]]]:
    """Return (broken internal links, external URL -> pages linking it) for a built site."""
    pages = _parse_site(site)
    broken: list[str] = []
    external: dict[str, set[str]] = defaultdict(set)
    for page, parser in pages.items():
        for tag, url in parser.links:
            parts = urlsplit(url)
            if url.startswith(SITE_URL):
                parts = urlsplit(url[len(SITE_URL) - len(SITE_PREFIX) :])
            elif parts.scheme in ("http", "https", "mailto") or url.startswith("//"):
                external[url].add(page)
                continue
            elif parts.scheme in ("data", "blob", "javascript") or parts.netloc:
                continue
            if not parts.path:
                target = page
            else:
                target = _target_file(site, page, unquote(parts.path))
                if target is None:
                    broken.append(f"{page}: <{tag}> {url} (no such file)")
                    continue
            fragment = unquote(parts.fragment)
            if fragment and target.endswith(".html"):
                if target in pages and fragment not in pages[target].ids:
                    broken.append(
                        f"{page}: <{tag}> {url} (no id {fragment!r} in {target})"
                    )
    return broken, external


def _write_report(external: dict[str, set[str]]) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# External links in the built site",
        "",
        "Listed, not fetched (the tests run offline). Check them by hand or in a scheduled job.",
        "",
        "| URL | Pages |",
        "|---|---|",
    ]
    for url in sorted(external):
        lines.append(f"| <{url}> | {', '.join(sorted(external[url]))} |")
    REPORT.write_text("\n".join(lines) + "\n")


def test_no_broken_internal_links_or_anchors(built_site):
    broken, external = check_links(built_site)
    _write_report(external)
    print(f"\n{len(external)} external links listed in {REPORT}")
    assert not broken, "broken links in the built site:\n" + "\n".join(broken)


def test_external_links_use_https(built_site):
    _, external = check_links(built_site)
    local = re.compile(
        r"^http://(?:127\.0\.0\.1|localhost)(?::\d+)?(?:/|$)"
    )  # mkdocs serve
    insecure = sorted(
        u for u in external if u.startswith("http://") and not local.match(u)
    )
    assert not insecure, "use https:// for:\n" + "\n".join(
        f"{url} on {', '.join(sorted(external[url]))}" for url in insecure
    )


def test_link_checker_catches_broken_links(tmp_path):
    """A missing page, a missing anchor and a wrong asset are all reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h1 id="top">A</h1><a href="../b/">b</a><a href="../b/#nope">x</a>'
        '<a href="#top">up</a><img src="../img.png"><a href="https://example.org/">out</a>'
    )
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text(
        '<h2 id="here">B</h2><a href="../gone/">g</a>'
    )
    broken, external = check_links(tmp_path)
    assert sorted(broken) == [
        "a/index.html: <a> ../b/#nope (no id 'nope' in b/index.html)",
        "a/index.html: <img> ../img.png (no such file)",
        "b/index.html: <a> ../gone/ (no such file)",
    ]
    assert external == {"https://example.org/": {"a/index.html"}}


def test_readme_commands_match_ci_and_the_contributing_page():
    """Exactly two set-up commands; CI runs the second; the docs show the same two."""
    readme = (ROOT / "README.md").read_text()
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.+?)\n```", setup, re.DOTALL)
    assert len(commands) == 2 and all("\n" not in command for command in commands), (
        commands
    )
    preview, test = commands
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci_lines[-1] == test, ".ci/run must run the README's test command, exactly"
    snippets = ROOT / "snippets" / "contributing"

    def one_line(name: str) -> str:  # the page shows it wrapped at 88 columns
        return (snippets / name).read_text().strip().replace(" \\\n  ", " ")

    assert one_line("setup-preview.sh") == preview
    assert one_line("setup-test.sh") == test
