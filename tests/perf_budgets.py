"""Measure the handbook's time and weight budgets and print them as a table (run by hand).

    python tests/perf_budgets.py            # everything (runs the whole suite: minutes)
    python tests/perf_budgets.py --no-suite # skip the full pytest run
    python tests/perf_budgets.py --site DIR # page weights of an already built site only

Budgets: examples < 3 min, warm ``mkdocs build --strict`` < 10 s, no page heavier than
1 MB (its HTML plus every CSS, JS, image and data file the browser fetches for it, measured
in headless Chromium; gzip sizes are what GitHub Pages sends). The cold build runs in a
fresh copy of the working tree, as a new clone would, with the tiny model already cached.
Record the figures in the README's Contributing section. Not a test: CI does not run it.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_browser import _chromium, _site_prefix, _SiteHandler  # noqa: E402

EXAMPLES_BUDGET_S = 180
WARM_BUILD_BUDGET_S = 10
PAGE_BUDGET_BYTES = 1_000_000
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(command: list[str], cwd: Path) -> float:
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if result.returncode not in (0,):
        sys.exit(
            f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return elapsed


def fresh_copy(destination: Path) -> Path:
    """The working tree's tracked and untracked files, without caches or build output."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / name.decode()
        if source.is_file():
            target = destination / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def page_weights(site: Path) -> list[tuple[str, int, int, int]]:
    """(page, requests, raw bytes, gzip bytes) of every page, loaded in headless Chromium."""
    from playwright.sync_api import sync_playwright

    prefix = _site_prefix()
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    pages = sorted(
        html.parent.relative_to(site).as_posix() + "/"
        for html in site.rglob("index.html")
    )
    weights = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=_chromium(), headless=True
            )
            for page_path in pages:
                page_path = "" if page_path == "./" else page_path
                context = browser.new_context()
                page = context.new_page()
                bodies: list[bytes] = []
                page.on("response", lambda r, bodies=bodies: bodies.append(r.body()))
                page.goto(base + page_path, wait_until="networkidle")
                if page.locator("div.mermaid, pre.mermaid").count():
                    page.wait_for_timeout(1000)  # diagram chunks arrive after load
                raw = sum(len(body) for body in bodies)
                packed = sum(len(gzip.compress(body, 6)) for body in bodies)
                weights.append((page_path or "(home)", len(bodies), raw, packed))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return weights


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def measure_builds(python: str, row) -> list[tuple[str, int, int, int]]:
    """Cold and warm strict builds in a fresh copy of the tree; the weights of its pages."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = fresh_copy(Path(scratch) / "handbook")
        site = Path(scratch) / "site"
        build = [python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
        cold = timed(build, copy)
        row("mkdocs build --strict, cold (fresh copy)", f"{cold:.1f} s")
        warm = timed(build, copy)
        ok = warm < WARM_BUILD_BUDGET_S
        row(
            "mkdocs build --strict, warm",
            f"{warm:.1f} s",
            f"< {WARM_BUILD_BUDGET_S} s",
            ok,
        )
        size, count = folder_size(site)
        row("built site", f"{size / 1e6:.1f} MB in {count} files")
        return page_weights(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-suite", action="store_true", help="skip the full pytest run"
    )
    parser.add_argument(
        "--no-examples", action="store_true", help="skip timing the examples"
    )
    parser.add_argument(
        "--site",
        type=Path,
        help="measure this built site's weight only (no builds, no tests)",
    )
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []

    def row(name, value, budget="", ok=None):
        verdict = "" if ok is None else ("ok" if ok else "OVER")
        rows.append((name, value, budget, verdict))
        print(f"  {name}: {value}", flush=True)

    python = sys.executable
    if args.site:
        args.no_suite = args.no_examples = True
    if not args.no_suite:
        suite = timed([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], ROOT)
        row("whole test suite (pytest)", f"{suite:.0f} s", "< 600 s", suite < 600)
    if not args.no_examples:
        examples = timed(
            [
                python,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "tests/test_examples.py",
            ],
            ROOT,
        )
        row(
            "examples (tests/test_examples.py)",
            f"{examples:.0f} s",
            "< 180 s",
            examples < 180,
        )

    if args.site:
        size, count = folder_size(args.site)
        row("built site", f"{size / 1e6:.1f} MB in {count} files")
        weights = page_weights(args.site)
    else:
        weights = measure_builds(python, row)

    heaviest = max(weights, key=lambda w: w[3])
    print(f"  heaviest page: {heaviest[0]}")
    print("\n  page weights (requests, raw, gzip):")
    for name, requests, raw, packed in sorted(weights, key=lambda w: -w[3]):
        print(
            f"    {name:<50} {requests:>3} {raw / 1e3:>8.0f} kB {packed / 1e3:>7.0f} kB"
        )
    name, requests, raw, packed = heaviest
    row(
        f"heaviest page ({name}), gzip transfer",
        f"{packed / 1e3:.0f} kB ({raw / 1e3:.0f} kB raw, {requests} requests)",
        "< 1000 kB",
        packed < PAGE_BUDGET_BYTES,
    )

    print("\n| Measure | Value | Budget | |\n|---|---|---|---|")
    for measure in rows:
        print("| " + " | ".join(measure) + " |")


if __name__ == "__main__":
    main()
