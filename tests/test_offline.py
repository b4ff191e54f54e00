"""The built site fetches nothing from third parties: no CDN, no web fonts, no API calls.

A static scan of every built HTML, CSS and JavaScript file for URLs a browser would fetch.
``tests/test_browser.py`` checks the same at run time by blocking every request that does
not go to the local server.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

# <link rel=...> values that name a page rather than load a resource.
NAVIGATION_RELS = {
    "canonical",
    "alternate",
    "prev",
    "next",
    "author",
    "license",
    "help",
    "edit",
}
FETCHING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "track": ("src",),
}
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(
    r"""url\(\s*['"]?\s*((?:https?:)?//[^'")\s]+)|@import\s+['"]((?:https?:)?//[^'"]+)"""
)
# Script code that loads a remote module, script or document.
JS_FETCH = re.compile(
    r"""(?:\bimport\s*\(\s*|\bfrom\s*|\bimport\s*|importScripts\s*\(\s*|fetch\s*\(\s*|"""
    r"""\.src\s*=\s*|loadScript\s*\(\s*)[`'"]((?:https?:)?//[^`'"]+)"""
)
# Hosts whose only purpose is serving assets to other sites.
CDN_HOSTS = re.compile(
    r"(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|fonts\.googleapis\.com|"
    r"fonts\.gstatic\.com|ajax\.googleapis\.com|polyfill\.io|esm\.sh|cdn\.skypack\.dev|"
    r"googletagmanager\.com|google-analytics\.com|mathjax\.org)",
    re.IGNORECASE,
)
# URLs in Material's own bundle that the site never reaches, and why.
ALLOWED_IN_THEME_BUNDLE = {
    # Fallback when no global `mermaid` exists; the hook defines it on every diagram page
    # (the browser test blocks and fails on the request if it were ever made).
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
    # Polyfill for browsers without ResizeObserver (every current browser has it).
    "https://unpkg.com/resize-observer-polyfill",
    # Repository facts: only for data-md-component="source", which partials/source.html drops.
    "https://api.github.com/repos/",
    "https://api.github.com/users/",
}
THEME_BUNDLE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


class _FetchFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link":
            rels = set((attributes.get("rel") or "").lower().split())
            if not rels & NAVIGATION_RELS and REMOTE.match(
                attributes.get("href") or ""
            ):
                self.found.append(
                    f"<link rel={attributes.get('rel')}> {attributes['href']}"
                )
        for name in FETCHING_ATTRIBUTES.get(tag, ()):
            for url in (attributes.get(name) or "").split(","):
                if REMOTE.match(url):
                    self.found.append(f"<{tag} {name}> {url.strip()}")
        if (
            tag == "script"
            and "src" in attributes
            and not (attributes["src"] or "").strip()
        ):
            self.found.append(
                "<script src=''> (an empty src reloads the page as a script)"
            )
        for match in CSS_URL.finditer(attributes.get("style") or ""):
            self.found.append(f"style attribute: {match[1] or match[2]}")
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.found += [f"<style>: {m[1] or m[2]}" for m in CSS_URL.finditer(data)]
        elif self._in == "script":
            self.found += [f"<script>: {m[1]}" for m in JS_FETCH.finditer(data)]
            self.found += [f"<script> CDN: {m[0]}" for m in CDN_HOSTS.finditer(data)]


def third_party_fetches(site: Path) -> list[str]:
    """Every place in a built site that would make the browser fetch a remote URL."""
    problems = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            finder = _FetchFinder()
            finder.feed(path.read_text(encoding="utf-8"))
            problems += [f"{relative}: {found}" for found in finder.found]
        elif path.suffix == ".css":
            for match in CSS_URL.finditer(path.read_text(encoding="utf-8")):
                problems.append(f"{relative}: {match[1] or match[2]}")
        elif path.suffix in (".js", ".mjs"):
            text = path.read_text(encoding="utf-8")
            urls = {m[1] for m in JS_FETCH.finditer(text)}
            urls |= {
                m[0]
                for m in re.finditer(r"https?://[^\s`'\"),]+", text)
                if CDN_HOSTS.search(m[0])
            }
            if THEME_BUNDLE.match(relative):
                urls = {
                    u
                    for u in urls
                    if not any(u.startswith(a) for a in ALLOWED_IN_THEME_BUNDLE)
                }
                urls = {u for u in urls if not u.startswith("https://api.github.com/")}
            problems += [f"{relative}: {url}" for url in sorted(urls)]
    return problems


def test_built_site_fetches_nothing_from_third_parties(built_site):
    problems = third_party_fetches(built_site)
    assert not problems, "the site would fetch third-party resources:\n" + "\n".join(
        problems
    )


def test_mermaid_is_vendored_and_loaded_only_where_needed(built_site):
    vendored = built_site / "assets" / "vendor" / "mermaid"
    assert (vendored / "mermaid.esm.min.mjs").is_file()
    assert (vendored / "LICENSE").is_file()
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        has_diagram = '<pre class="mermaid">' in html
        loads_mermaid = "mermaid.esm.min.mjs" in html
        assert has_diagram == loads_mermaid, page.relative_to(built_site).as_posix()


VENDORED_MERMAID = (
    Path(__file__).parents[1]
    / "src/qwen3_handbook/_site/overrides/assets/vendor/mermaid"
)
UPDATE_MERMAID = Path(__file__).parents[1] / "snippets/contributing/update-mermaid.sh"


def test_vendored_mermaid_matches_its_recorded_sha256():
    """Every vendored file is the one the update script hashed, and nothing was added.

    snippets/contributing/update-mermaid.sh checks the npm tarball's own sha256 before
    it unpacks anything, then writes SHA256SUMS; an edit to a vendored file, or a file
    slipped in beside them, fails here.
    """
    recorded = {}
    for line in (VENDORED_MERMAID / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        recorded[name] = digest
    present = {
        path.relative_to(VENDORED_MERMAID).as_posix(): hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in VENDORED_MERMAID.rglob("*")
        if path.is_file() and path.name != "SHA256SUMS"
    }
    assert present.keys() == recorded.keys()
    changed = sorted(name for name in present if present[name] != recorded[name])
    assert not changed, f"vendored Mermaid files differ from SHA256SUMS: {changed}"
    assert "mermaid.esm.min.mjs" in recorded
    script = UPDATE_MERMAID.read_text()
    version = re.search(r"^MERMAID_VERSION=(\S+)", script, re.MULTILINE)[1]
    assert (VENDORED_MERMAID / "VERSION").read_text().strip() == version
    assert re.search(r"^MERMAID_TGZ_SHA256=[0-9a-f]{64}$", script, re.MULTILINE)


@pytest.mark.parametrize(
    "html",
    [
        '<script src="https://cdn.jsdelivr.net/npm/x.js"></script>',
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">',
        '<img src="https://example.org/a.png">',
        '<div style="background: url(https://example.org/b.png)"></div>',
        "<script>import('https://cdnjs.cloudflare.com/mermaid.esm.min.mjs')</script>",
        '<script src=""></script>',
    ],
)
def test_scanner_catches_remote_fetches(tmp_path, html):
    (tmp_path / "index.html").write_text(f"<html><body>{html}</body></html>")
    assert third_party_fetches(tmp_path)


def test_scanner_ignores_plain_links(tmp_path):
    (tmp_path / "index.html").write_text(
        '<link rel="canonical" href="https://qwen3-handbook.github.io/x/">'
        '<a href="https://arxiv.org/abs/2505.09388">report</a><script src="assets/a.js"></script>'
    )
    assert third_party_fetches(tmp_path) == []


def test_hook_strips_notebook_cdn_scripts_and_loads_local_mermaid():
    """What nbconvert adds to notebook pages goes; a diagram page gets the vendored Mermaid."""
    from types import SimpleNamespace

    from qwen3_handbook._site.hooks import on_post_page

    notebook_page = (
        "<html><head></head><body>"
        '<script type="module">const { default: mermaid } = await import('
        '"https://cdnjs.cloudflare.com/ajax/libs/mermaid/10.7.0/mermaid.esm.min.mjs");</script>'
        '<script src=""></script>'
        "<!-- Load mathjax -->\n<!-- MathJax configuration -->\n"
        '<script type="text/x-mathjax-config">init_mathjax();</script>\n'
        "<!-- End of mathjax configuration -->"
        '<pre class="mermaid"><code>flowchart LR\n a --> b</code></pre></body></html>'
    )
    page = SimpleNamespace(url="notebooks/demo/")
    output = on_post_page(notebook_page, page=page, config={})
    assert "cdnjs" not in output and 'src=""' not in output and "mathjax" not in output
    assert third_party_fetches_in(output) == []
    assert (
        'import mermaid from "../../assets/vendor/mermaid/mermaid.esm.min.mjs"'
        in output
    )
    home = on_post_page(notebook_page, page=SimpleNamespace(url=""), config={})
    assert 'import mermaid from "./assets/vendor/mermaid/mermaid.esm.min.mjs"' in home


def third_party_fetches_in(html: str) -> list[str]:
    finder = _FetchFinder()
    finder.feed(html)
    return finder.found


CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_every_page_has_a_content_security_policy_its_scripts_pass(built_site):
    """Scripts only from the site and the page's own inline scripts (by hash).

    The policy comes before any script, allows no other origin, no 'unsafe-inline' or
    'unsafe-eval' for scripts, and lists the hash of every inline script; no element
    has an inline event handler (the policy would block it). tests/test_browser.py
    loads the pages in Chromium, where a violation is a console error.
    """
    from qwen3_handbook._site.csp import INLINE_SCRIPT, content_security_policy

    pages = sorted(built_site.rglob("*.html"))
    assert any(page.name == "404.html" for page in pages)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(built_site).as_posix()
        if "<head" not in html:
            continue  # a fragment, not a page
        found = CSP_META.findall(html)
        assert len(found) == 1, name
        policy = found[0]
        first_script = html.find("<script")
        assert first_script == -1 or html.find(found[0]) < first_script, name
        directives = dict(
            part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
        )
        script_src = directives["script-src"].split()
        assert "'unsafe-inline'" not in script_src, name
        assert "'unsafe-eval'" not in script_src, name
        assert not re.search(r"https?:|//|\*", policy), name
        for body in INLINE_SCRIPT.findall(html):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in script_src, name
        assert policy == content_security_policy(html), name
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), name
