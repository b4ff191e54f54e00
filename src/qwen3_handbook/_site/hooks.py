"""MkDocs hooks: notebooks and figures from examples/, offline Mermaid, "Tested with" table.

Registered in ``mkdocs.yml`` under ``hooks:``. Not part of the helper library's API.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from qwen3_handbook._site.csp import with_csp

log = logging.getLogger("mkdocs.hooks.qwen3_handbook")
ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
NOTEBOOKS = EXAMPLES / "notebooks"
FIGURE_MARK = "# handbook: figures"
FIGURE_SUFFIXES = (".svg", ".png")
FIGURE_CACHE = ROOT / ".cache" / "figures"
DATA_SUFFIXES = (".json", ".jsonl", ".csv")


def on_config(config):
    """Point executed notebooks at the tiny offline model unless QWEN3_MODEL is set.

    A missing model is built in the background (``background.py``): only the steps that
    run it wait for it.
    """
    from qwen3_handbook.numerics import PINNED_CPU_NUMERICS

    # Notebook kernels and figure workers inherit these: their outputs then match the
    # recorded ones on any x86-64 CPU (see qwen3_handbook.numerics).
    os.environ.update(PINNED_CPU_NUMERICS)
    if not os.environ.get("QWEN3_MODEL"):
        from qwen3_handbook._site.background import start_model

        start_model()
        log.info(
            "notebooks run on the tiny test model at %s", os.environ["QWEN3_MODEL"]
        )
    return config


@event_priority(100)  # before mkdocs-jupyter turns .py notebooks into pages
def on_files(files: Files, config) -> Files:
    """Add ``examples/notebooks/*.py`` (jupytext percent format) as ``notebooks/*`` pages."""
    for source in sorted(NOTEBOOKS.glob("*.py")):
        files.append(
            File(
                f"notebooks/{source.name}",
                src_dir=str(NOTEBOOKS.parent),
                dest_dir=config["site_dir"],
                use_directory_urls=config["use_directory_urls"],
            )
        )
    examples = [
        e for e in sorted(EXAMPLES.rglob("*.py")) if FIGURE_MARK in e.read_text()
    ]
    # Each figure example is a Python process of its own: run them side by side.
    with ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1))) as pool:
        rendered = list(pool.map(_render_figures, examples))
    for figures in rendered:
        for figure in figures:
            files.append(
                File.generated(config, f"figures/{figure.name}", abs_src_path=figure)
            )
    return files


def _library_sources() -> list[Path]:
    """The helper package's modules and data files, without the site hooks in ``_site/``.

    Examples and notebooks import these, so they key the caches; editing a hook does not
    change what an example prints or draws, and must not re-run every figure and notebook.
    """
    package = ROOT / "src" / "qwen3_handbook"
    return sorted(
        path
        for path in package.rglob("*")
        if path.is_file()
        and path.suffix in (".py", ".csv", ".json")
        and "_site" not in path.relative_to(package).parts
        and "__pycache__" not in path.parts
        and path.name != "newest_versions.json"  # a report, read by no example
    )


def _render_figures(example: Path) -> list[Path]:
    """Run an example marked ``# handbook: figures`` and return the images it wrote.

    Pages show them as ``figures/<name>``. Results are cached under .cache/figures, keyed by
    the example, the data files beside it, the helper package and the model, so a warm
    build does not rerun them.
    """
    library = _library_sources()
    key = hashlib.sha256(example.read_bytes())
    # Data files next to the example (task files, recorded runs) can change its figures.
    beside = [p for p in sorted(example.parent.rglob("*")) if p.suffix in DATA_SUFFIXES]
    for path in [*library, *beside]:
        key.update(path.read_bytes())
    key.update(os.environ.get("QWEN3_MODEL", "").encode())
    cached = FIGURE_CACHE / f"{example.stem}-{key.hexdigest()[:16]}"
    if not cached.is_dir():
        if "QWEN3_MODEL" in example.read_text():
            from qwen3_handbook._site.background import wait_for_model

            wait_for_model()
        with tempfile.TemporaryDirectory() as scratch:
            result = subprocess.run(
                [sys.executable, str(example)],
                cwd=scratch,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise RuntimeError(
                    f"figure example {example} failed:\n{result.stderr[-4000:]}"
                )
            images = [p for p in Path(scratch).iterdir() if p.suffix in FIGURE_SUFFIXES]
            if not images:
                raise RuntimeError(
                    f"figure example {example} wrote no .svg or .png file"
                )
            FIGURE_CACHE.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=FIGURE_CACHE, prefix=".staging-"))
            for image in images:
                shutil.copy(image, staging / image.name)
            try:
                staging.rename(cached)
            except OSError:  # a concurrent build rendered the same figures first
                shutil.rmtree(staging)
                if not cached.is_dir():
                    raise
        log.info("rendered figures of %s", example.relative_to(ROOT))
    return sorted(cached.iterdir())


# --- Site quality: offline assets, notebook clean-up, generated "Tested with" table -----------

MERMAID_ENTRY = "assets/vendor/mermaid/mermaid.esm.min.mjs"
MERMAID_MARK = '<pre class="mermaid">'
GENERATED_TABLES = {  # marker in a page -> function in qwen3_handbook._site.versions
    "<!-- tested-with-table -->": "tested_with_markdown",
    "<!-- lowest-versions-table -->": "lowest_markdown",
    "<!-- version-range-table -->": "range_markdown",
    "<!-- newest-versions-run -->": "newest_markdown",
    "<!-- side-venvs-table -->": "side_venvs_markdown",
}
# What nbconvert's template adds to notebook pages: a Mermaid import() from cdnjs, an empty
# MathJax <script src=""> (both reach the network, or re-request the page itself) and a
# MathJax configuration that is dead code without MathJax.
NOTEBOOK_CDN_SCRIPT = re.compile(
    r"<script[^>]*>(?:(?!</script>).)*?https?://cdnjs\.cloudflare\.com(?:(?!</script>).)*?</script>",
    re.DOTALL,
)
EMPTY_SRC_SCRIPT = re.compile(r"""<script[^>]*\ssrc=(?:""|'')[^>]*>\s*</script>""")
MATHJAX_CONFIG = re.compile(
    r"(?:<!-- Load mathjax -->\s*)?(?:<!-- MathJax configuration -->\s*)?"
    r'<script type="text/x-mathjax-config">.*?</script>\s*'
    r"(?:<!-- End of mathjax configuration -->)?",
    re.DOTALL,
)


def on_startup(command: str, dirty: bool) -> None:
    """No progress bars in executed notebooks: on a page they are a red stderr box.

    Notebook kernels inherit this environment; transformers and huggingface_hub both honour
    ``HF_HUB_DISABLE_PROGRESS_BARS``, any other tqdm ``TQDM_DISABLE``. tqdm.auto also warns
    on import that ipywidgets is missing (a kernel without widgets is what we want).
    """
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TQDM_DISABLE", "1")
    quiet = "ignore:IProgress not found"
    warnings = os.environ.get("PYTHONWARNINGS", "")
    if quiet not in warnings:
        os.environ["PYTHONWARNINGS"] = f"{warnings},{quiet}" if warnings else quiet


def on_pre_build(config) -> None:
    """Key mkdocs-jupyter's output cache on the helpers, the model and the library versions.

    The plugin keys its cache on the notebook's bytes and options only, so a notebook would
    keep showing outputs of an older model or helper package. A cache folder per fingerprint
    keeps warm builds fast and outputs true.
    """
    plugin = config["plugins"].get("mkdocs-jupyter")
    if plugin is None or not plugin.config.get("cache"):
        return
    from importlib import metadata

    key = hashlib.sha256()
    for path in _library_sources():
        key.update(path.read_bytes())
    key.update(os.environ.get("QWEN3_MODEL", "").encode())
    for distribution in (
        "torch",
        "transformers",
        "tokenizers",
        "nbconvert",
        "mkdocs-jupyter",
    ):
        try:
            key.update(f"{distribution}={metadata.version(distribution)}".encode())
        except metadata.PackageNotFoundError:
            pass
    plugin.config["cache_dir"] = str(
        ROOT / ".cache" / "mkdocs-jupyter" / key.hexdigest()[:16]
    )


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Fill the "Tested with" tables with the versions of the environment building the site."""
    for marker, function in GENERATED_TABLES.items():
        if marker in markdown:
            from qwen3_handbook._site import versions

            markdown = markdown.replace(marker, getattr(versions, function)())
    return markdown


@event_priority(-100)  # after every plugin: the policy hashes the final inline scripts
def on_post_page(output: str, page, config) -> str:
    """Load the vendored Mermaid only where a diagram is, and strip notebook CDN scripts.

    Mermaid (about 3.5 MB in all) is an ES module split into chunks, so a page fetches only
    the core and the diagram types it shows. It is imported in a module script, which runs
    before ``DOMContentLoaded``; Material renders diagrams after that event and finds the
    global ``mermaid``, so it never falls back to its CDN URL. Last, the page gets its
    Content-Security-Policy (`content_security_policy`).
    """
    output = NOTEBOOK_CDN_SCRIPT.sub("", output)
    output = EMPTY_SRC_SCRIPT.sub("", output)
    output = MATHJAX_CONFIG.sub("", output)
    if MERMAID_MARK in output:
        entry = get_relative_url(MERMAID_ENTRY, page.url)
        if not entry.startswith((".", "/")):
            entry = "./" + entry  # a module specifier must not be bare
        loader = (
            f'<script type="module">import mermaid from "{entry}";'
            "window.mermaid = mermaid;</script>"
        )
        output = output.replace("</head>", f"{loader}\n</head>", 1)
    return with_csp(output)
