"""The jupytext notebooks are well-formed, say what their outputs are, and build into pages
with working .ipynb downloads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jupytext
import nbformat
import pytest

from qwen3_handbook._site.notebooks import ipynb_text

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "examples" / "notebooks").glob("*.py"))
# Every notebook says at the top whether its outputs come from the tiny test model.
PROVENANCE = re.compile(
    r"^# > \*\*(Executed on a tiny test model|No model needed|No generation here)\.\*\*",
    re.MULTILINE,
)


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_structure(path):
    notebook = jupytext.read(path, fmt="py:percent")
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds[0] == "markdown" and "code" in kinds
    intro = notebook.cells[0].source
    assert intro.startswith("# "), "the first cell opens with the notebook's title"
    assert "\n**" in intro, (
        "the first cell leads with a bold summary, as the site's pages do"
    )
    assert PROVENANCE.search(path.read_text()), (
        "say whether outputs are the tiny model's"
    )
    assert "!!! " not in path.read_text(), "admonitions do not render in notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_ipynb_download_is_valid(path):
    notebook = nbformat.reads(ipynb_text(path), as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert len(notebook.cells) == len(jupytext.read(path, fmt="py:percent").cells)


def test_built_pages_link_their_downloads(built_site):
    for path in NOTEBOOKS:
        page = (built_site / "notebooks" / path.stem / "index.html").read_text()
        assert f'href="../{path.stem}.ipynb" download' in page
        assert f'href="{path.stem}.py" download' in page
        assert (built_site / "notebooks" / path.stem / path.name).is_file()
        downloaded = json.loads(
            (built_site / "notebooks" / f"{path.stem}.ipynb").read_text()
        )
        nbformat.validate(nbformat.from_dict(downloaded))


def test_built_pages_show_executed_outputs(built_site):
    page = (built_site / "notebooks" / "tool_use" / "index.html").read_text()
    assert "It is 18 °C and sunny in Paris today." in page  # the scripted final answer
    assert "jp-OutputArea-output" in page


def test_download_links_go_on_notebook_pages_only():
    from types import SimpleNamespace

    from qwen3_handbook._site.notebooks import ARTICLE, on_post_page

    def page(src_uri, dest_uri, url):
        return SimpleNamespace(
            file=SimpleNamespace(src_uri=src_uri, dest_uri=dest_uri), url=url
        )

    html = f"<html>{ARTICLE}<h1>x</h1></article></html>"
    notebook = on_post_page(
        html,
        page(
            "notebooks/tool_use.py",
            "notebooks/tool_use/index.html",
            "notebooks/tool_use/",
        ),
        {},
    )
    assert 'href="../tool_use.ipynb" download' in notebook
    assert 'href="tool_use.py" download' in notebook
    markdown = page("notebooks/index.md", "notebooks/index.html", "notebooks/")
    assert on_post_page(html, markdown, {}) == html
