"""The built site in a real browser: headless Chromium, served over http, fully offline.

Every request that does not go to the local server is blocked and fails the test. Pages
must load without console errors; search, content tabs, code-copy buttons, Mermaid
diagrams and notebook outputs must work. Screenshots of key pages are saved in
``test-artifacts/screenshots/`` (git-ignored) to look at.

Needs Chromium (Debian package ``chromium``; ``CHROMIUM`` overrides the path). Playwright
drives it as a system browser: ``playwright install`` is never needed.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
SEARCH_TERM = (
    "RMSNorm"  # on the home page, and in facts every architecture page repeats
)
RENDER_TIMEOUT_MS = 30_000
PAGE_BUDGET_BYTES = 1_000_000  # a page with all it loads, gzip-compressed as served
MISSING = "/does-not-exist/"  # an address the site does not have, for the 404 page


def _site_prefix() -> str:
    """The path the host serves the site under (from ``site_url``): ``/qwen3-handbook/``."""
    match = re.search(
        r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE
    )
    path = urlsplit(match[1] if match else "/").path or "/"
    return path if path.endswith("/") else path + "/"


def _chromium() -> str:
    candidates = [
        os.environ.get("CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail(
        "Chromium not found: install Debian's `chromium` (the README test command does) "
        "or set CHROMIUM to its path; `pytest -m 'not browser'` skips these tests",
        pytrace=False,
    )


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the built site under ``prefix`` and answer unknown paths with its 404.html."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def site_url(built_site):
    """Serve the built site on a free port of 127.0.0.1; always shut down afterwards."""
    prefix = _site_prefix()
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=_chromium(), headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


# Closed shadow roots (Material renders Mermaid into one) hide the SVG from the test:
# force every shadow root open before any page script runs.
OPEN_SHADOW_ROOTS = """
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attachShadow.call(this, { ...init, mode: "open" });
};
"""


class Visit:
    """A browser context that records console errors, failed and blocked requests."""

    def __init__(
        self, browser, site_url: str, color_scheme: str = "light", viewport=(1280, 900)
    ):
        self.site_url = site_url
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
        width, height = viewport
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=color_scheme
        )
        self.context.grant_permissions(
            ["clipboard-read", "clipboard-write"], origin=self.origin
        )
        self.context.add_init_script(OPEN_SHADOW_ROOTS)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on(
            "pageerror", lambda error: self.errors.append(f"page error: {error}")
        )
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.origin + "/"):
            route.continue_()
        else:
            self.blocked.append(f"{url} (from {route.request.frame.url})")
            route.abort("blockedbyclient")

    def _console(self, message):
        expected = "status of 404" in message.text and self.page.url.endswith(MISSING)
        if message.type == "error" and not expected:
            self.errors.append(f"console error on {self.page.url}: {message.text}")

    def _request_failed(self, request):
        # ERR_ABORTED: cancelled because the test navigated on; a missing file is a 404.
        aborted = "ERR_ABORTED" in (request.failure or "")
        if request.url.startswith(self.origin + "/") and not aborted:
            self.errors.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400 and not response.url.endswith(MISSING):
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def goto(self, path: str, **kwargs):
        return self.page.goto(self.site_url + path, wait_until="load", **kwargs)

    def wait_for_diagrams(self) -> int:
        """Wait until every Mermaid diagram on the page is an SVG; return how many."""
        count = self.page.locator("pre.mermaid, div.mermaid").count()
        if count:
            self.page.wait_for_function(
                """() => {
                    const pending = document.querySelectorAll("pre.mermaid").length;
                    const done = [...document.querySelectorAll("div.mermaid")].filter(
                        (d) => d.shadowRoot && d.shadowRoot.querySelector("svg"));
                    return pending === 0 && done.length > 0;
                }""",
                timeout=RENDER_TIMEOUT_MS,
            )
        return count

    def screenshot(self, name: str, *, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def check(self):
        assert not self.blocked, (
            "requests to anything but the local site (blocked):\n"
            + ("\n".join(self.blocked))
        )
        assert not self.errors, "\n".join(self.errors)

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    session = Visit(browser, site_url)
    try:
        yield session
        session.check()
    finally:
        session.close()


def _pages(site: Path) -> list[str]:
    """Every page of the built site as a path under the site root, e.g. ``guides/x/``."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        pages.append("" if relative == "." else relative + "/")
    return pages


def _pages_with(site: Path, pattern: str) -> list[str]:
    found = re.compile(pattern)
    return [
        page
        for page in _pages(site)
        if found.search((site / page / "index.html").read_text())
    ]


def test_every_page_loads_without_errors(visit, built_site):
    """Each page loads cleanly, and weighs under the budget with everything it fetches."""
    pages = _pages(built_site)
    assert len(pages) >= 4, pages
    bodies: list[bytes] = []
    visit.page.on("response", lambda response: bodies.append(response.body()))
    weights = {}
    for page in pages:
        bodies.clear()
        response = visit.goto(page)
        assert response is not None and response.status == 200, page
        assert visit.page.locator("article h1").count() >= 1, f"{page} has no title"
        visit.wait_for_diagrams()
        visit.page.wait_for_load_state("networkidle")
        # What GitHub Pages sends: gzip-compressed text (images are already compressed).
        weights[page] = sum(len(gzip.compress(body, 6)) for body in bodies)
    heaviest = max(weights, key=weights.get)
    print(
        f"\n{len(pages)} pages loaded in Chromium; heaviest {heaviest or '(home)'} "
        f"{weights[heaviest] / 1e3:.0f} kB gzipped; screenshots in {ARTIFACTS}"
    )
    too_heavy = {
        page: size for page, size in weights.items() if size > PAGE_BUDGET_BYTES
    }
    assert not too_heavy, (
        f"pages over {PAGE_BUDGET_BYTES / 1e6:.0f} MB transferred: {too_heavy}"
    )
    visit.goto("")
    visit.screenshot("home")
    visit.goto("tutorials/quickstart/")
    visit.screenshot("quickstart-full", full_page=True)


def test_search_finds_a_known_term(visit):
    visit.goto("")
    visit.page.locator("label.md-search__icon, .md-search__input").first.click()
    box = visit.page.locator("input.md-search__input")
    box.press_sequentially(SEARCH_TERM, delay=40)  # .fill() does not trigger the search
    results = visit.page.locator(".md-search-result__item")
    results.first.wait_for(timeout=RENDER_TIMEOUT_MS)
    assert SEARCH_TERM.lower() in results.first.inner_text().lower()
    visit.screenshot("search")
    results.first.locator("a").first.click()
    visit.page.wait_for_load_state("load")
    assert visit.page.url.startswith(visit.site_url)


def test_content_tabs_switch(visit, built_site):
    pages = _pages_with(built_site, r'class="tabbed-set')
    assert pages, "no page uses content tabs (docs/contributing.md should)"
    for page in pages:
        visit.goto(page)
        tabs = visit.page.locator(".tabbed-set").first
        labels = tabs.locator(".tabbed-labels > label")
        blocks = tabs.locator(".tabbed-content > .tabbed-block")
        assert labels.count() >= 2, page
        # content.tabs.link may pre-select a tab chosen on an earlier page: start from it.
        shown = [blocks.nth(i).is_visible() for i in range(blocks.count())]
        assert shown.count(True) == 1, (page, shown)
        before = shown.index(True)
        after = (before + 1) % labels.count()
        labels.nth(after).click()
        assert blocks.nth(after).is_visible() and not blocks.nth(before).is_visible(), (
            page
        )
    visit.screenshot("tabs-second-selected")


def test_code_blocks_have_working_copy_buttons(visit):
    visit.goto("tutorials/quickstart/")
    blocks = visit.page.locator("article div.highlight pre")
    buttons = visit.page.locator('article button.md-code__button[data-md-type="copy"]')
    assert blocks.count() > 0
    assert buttons.count() == blocks.count(), "every code block needs a copy button"
    first_code = blocks.first.locator("code").inner_text()
    buttons.first.click()
    copied = visit.page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == first_code.strip()


def test_mermaid_diagrams_render_offline(visit, built_site, browser, site_url):
    pages = _pages_with(built_site, r'<pre class="mermaid"')
    assert pages, "no page has a Mermaid diagram (docs/contributing.md should)"
    for number, page in enumerate(pages):
        visit.goto(page)
        count = visit.wait_for_diagrams()
        sizes = visit.page.evaluate(
            """() => [...document.querySelectorAll("div.mermaid")].map((d) => {
                const box = d.shadowRoot.querySelector("svg").getBoundingClientRect();
                return [box.width, box.height];
            })"""
        )
        assert len(sizes) == count, page
        assert all(w > 50 and h > 20 for w, h in sizes), (page, sizes)
        visit.page.locator("div.mermaid").first.scroll_into_view_if_needed()
        visit.screenshot(
            f"diagram-{number}-{page.strip('/').replace('/', '-') or 'home'}"
        )

    # Material re-themes diagrams for the dark palette ("slate"): check one renders there too,
    # for a first-time visitor whose system is dark (a stored palette would win otherwise).
    dark = Visit(browser, site_url, color_scheme="dark")
    try:
        dark.goto(pages[0])
        dark.wait_for_diagrams()
        assert dark.page.locator("body[data-md-color-scheme=slate]").count() == 1
        dark.page.locator("div.mermaid").first.scroll_into_view_if_needed()
        dark.screenshot("diagram-dark")
        dark.check()
    finally:
        dark.close()


def test_notebook_pages_show_their_outputs(visit, built_site):
    pages = _pages_with(built_site, r'class="jupyter-wrapper"')
    if not pages:
        pytest.skip("no notebook page in the site yet")
    for page in pages:
        visit.goto(page)
        outputs = visit.page.locator(".jp-OutputArea-output")
        assert outputs.count() > 0, f"{page} shows no cell output"
        assert outputs.first.is_visible(), page
        # A traceback, a warning or a progress bar on a published page is a bug.
        noise = visit.page.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
            '.jp-OutputArea-output[data-mime-type*="error"]'
        )
        assert noise.count() == 0, f"{page}: {noise.first.inner_text()[:500]}"
        visit.screenshot(
            f"notebook-{page.strip('/').replace('/', '-')}", full_page=True
        )


def test_unknown_address_gets_the_custom_404(visit):
    started = time.monotonic()
    response = visit.goto(MISSING.lstrip("/"))
    assert response is not None and response.status == 404
    assert visit.page.locator("article h1").inner_text() == "Page not found"
    # The 404 page is served from any depth: its links resolve against a <base> set to
    # the site's root at run time (src/qwen3_handbook/_site/polish.py).
    header_color = visit.page.evaluate(
        "getComputedStyle(document.querySelector('.md-header')).backgroundColor"
    )
    assert header_color not in ("", "rgba(0, 0, 0, 0)"), (
        "the 404 page lost its stylesheet"
    )
    visit.page.locator("article a", has_text="Quickstart").click()
    visit.page.wait_for_load_state("load")
    assert visit.page.url == visit.site_url + "tutorials/quickstart/"
    visit.goto(MISSING.lstrip("/"))
    visit.screenshot("404")
    assert time.monotonic() - started < 60


# --- Reader-facing layout (issue 14): tables, output labels, tabs, dark mode, viewports ---

VIEWPORTS = {"desktop": (1400, 900), "mobile": (390, 844)}
KEY_PAGES = ["tutorials/quickstart/", "tutorials/performance/", "guides/architecture/"]
QUICKSTART_PATHS = ["8 × 80 GB GPUs", "One GPU", "Laptop", "Hosted endpoint"]
OUTPUT_LABELS = {"Output", "Output (tiny test model)"}


def _shot_name(page: str) -> str:
    return page.strip("/").replace("/", "-") or "home"


def test_key_pages_on_desktop_mobile_and_dark(browser, site_url):
    """Screenshots of the key pages at 1400 px and 390 px, light and dark; no overflow."""
    for scheme in ("light", "dark"):
        for size, viewport in VIEWPORTS.items():
            session = Visit(browser, site_url, color_scheme=scheme, viewport=viewport)
            try:
                for page in KEY_PAGES:
                    session.goto(page)
                    session.wait_for_diagrams()
                    # The page itself never scrolls sideways (wide code and tables do,
                    # inside their own boxes).
                    overflow = session.page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    )
                    assert overflow <= 1, (page, size, scheme, overflow)
                    session.screenshot(f"{size}-{scheme}-{_shot_name(page)}")
                session.check()
            finally:
                session.close()


def test_quickstart_has_a_tab_per_machine(visit):
    visit.goto("tutorials/quickstart/")
    tabs = visit.page.locator("article .tabbed-set").first
    labels = tabs.locator(".tabbed-labels > label")
    assert [labels.nth(i).inner_text().strip() for i in range(labels.count())] == (
        QUICKSTART_PATHS
    )
    blocks = tabs.locator(".tabbed-content > .tabbed-block")
    for index, name in enumerate(QUICKSTART_PATHS):
        labels.nth(index).click()
        block = blocks.nth(index)
        assert block.is_visible(), name
        assert block.locator("div.highlight pre").count() >= 1, f"{name}: no code"
        assert "generation" in block.inner_text() or "Qwen3" in block.inner_text()
        visit.screenshot(f"quickstart-tab-{index + 1}")
    labels.first.click()  # content.tabs.link remembers the choice for later tests


def test_outputs_are_labelled_blocks_with_real_tables(visit, built_site):
    """Printed tables are HTML tables in an "Output" block, labelled before the text."""
    stale = _pages_with(built_site, r"#&gt; \|")
    assert not stale, f"printed Markdown tables left in code blocks: {stale}"
    visit.goto("tutorials/performance/")
    outputs = visit.page.locator("article div.admonition.handbook-output")
    assert outputs.count() >= 3
    for index in range(outputs.count()):
        output = outputs.nth(index)
        title = output.locator(":scope > .admonition-title")
        # text_content: blocks inside a collapsed "complete script" are hidden
        assert title.text_content().strip() in OUTPUT_LABELS, index
        # The label comes first: nothing of the output precedes it.
        assert output.evaluate(
            "(el) => el.firstElementChild.matches('.admonition-title')"
        )
    tables = visit.page.locator("article div.handbook-output table")
    assert tables.count() >= 2, "the speed benchmark tables are not real tables"
    headers = tables.first.locator("th").all_inner_texts()
    assert "input (tokens)" in headers and "tokens/s" in headers, headers
    assert tables.first.locator("tbody tr").count() >= 12
    code = " ".join(visit.page.locator("article div.highlight pre").all_inner_texts())
    assert "#>" not in code, "output lines left inside a code block"
    tables.first.scroll_into_view_if_needed()
    visit.screenshot("output-table")
    visit.goto("tutorials/quickstart/")
    labels = visit.page.locator("article .handbook-output > .admonition-title")
    assert "Output (tiny test model)" in labels.all_text_contents()


def test_figures_are_readable_in_dark_mode(browser, site_url):
    """Generated figures (white Matplotlib background) get a dark variant on slate."""
    filters = {}
    for scheme in ("light", "dark"):
        session = Visit(browser, site_url, color_scheme=scheme, viewport=(1400, 900))
        try:
            session.goto("tutorials/performance/")
            figure = session.page.locator('article img[src*="figures/"]').first
            figure.scroll_into_view_if_needed()
            figure.wait_for()
            assert figure.evaluate("(img) => img.complete && img.naturalWidth > 0")
            filters[scheme] = figure.evaluate("(img) => getComputedStyle(img).filter")
            session.screenshot(f"figure-{scheme}")
            session.check()
        finally:
            session.close()
    assert filters["light"] == "none", filters
    assert "invert" in filters["dark"], filters


def test_404_page_works_under_another_base_path(browser, built_site):
    """Served under a path other than site_url's, at any depth, 404.html keeps its
    stylesheet and its links lead into the site."""
    prefix = "/another/base/"
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    session = Visit(browser, root)
    try:
        response = session.goto("deep/er/missing/page/")
        assert response is not None and response.status == 404
        assert session.page.locator("article h1").inner_text() == "Page not found"
        header_color = session.page.evaluate(
            "getComputedStyle(document.querySelector('.md-header')).backgroundColor"
        )
        assert header_color not in ("", "rgba(0, 0, 0, 0)"), "404 lost its stylesheet"
        session.screenshot("404-another-base-path")
        session.page.locator("article a", has_text="Quickstart").click()
        session.page.wait_for_load_state("load")
        assert session.page.url == root + "tutorials/quickstart/"
        # Finding the root costs a few HEAD requests for 404.html, which may 404: expected.
        assert not session.blocked, session.blocked
    finally:
        session.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
