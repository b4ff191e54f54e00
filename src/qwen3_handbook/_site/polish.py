"""MkDocs hooks: tested versions in prose, one notebook stylesheet, a portable 404 page.

Registered in ``mkdocs.yml`` under ``hooks:``. Not part of the helper library's API.

* ``{{ tested:transformers }}`` in a page becomes the version of ``transformers`` that
  the build (and so the test run) used; ``{{ tested:transformers:minor }}`` its
  ``major.minor``. A package that is not installed fails the build.
  ``tests/test_prose_versions.py`` fails on a version typed by hand instead.
* ``{{ default:vllm:gpu_memory_utilization }}`` becomes the engine default recorded in
  ``data/engine_defaults.json`` from the engines' own code (`engine_default`).
* nbconvert puts about 590 kB of identical inline CSS into every notebook page. It is
  moved into one file, ``assets/notebook-<hash>.css``, which the browser caches.
* mkdocs writes ``404.html`` with root-absolute links (the path of ``site_url``), which
  break when the site is served under another path. They are made relative to a
  ``<base>`` that a small script sets to the site's root at run time.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from qwen3_handbook._site.csp import with_csp

PLACEHOLDER = re.compile(
    r"\{\{ ?tested:(?P<name>[A-Za-z0-9_.-]+)(?P<minor>:minor)? ?\}\}"
)
DEFAULT_PLACEHOLDER = re.compile(
    r"\{\{ ?default:(?P<engine>[A-Za-z0-9_.-]+):(?P<name>[A-Za-z0-9_]+) ?\}\}"
)
STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.DOTALL)
_NOTEBOOK_CSS: dict[str, str] = {}  # asset path -> CSS, written after the build


def tested_version(name: str, *, minor: bool = False) -> str:
    """The installed version of ``name`` (``major.minor`` with ``minor=True``)."""
    from qwen3_handbook._site.versions import installed_version

    version = installed_version(name)
    if version is None:
        raise PluginError(f"{{{{ tested:{name} }}}}: {name} is not installed")
    version = version.split("+")[0]  # 2.13.0+cpu -> 2.13.0
    return ".".join(version.split(".")[:2]) if minor else version


def engine_default(engine: str, name: str) -> str:
    """An engine default as a page states it, from ``data/engine_defaults.json``.

    The record is written by ``tests/test_engine_commands.py`` from the engines' own code
    (vLLM's and SGLang's argument parsers and config classes, llama.cpp's source). ``None``
    reads "unset", booleans "on"/"off", lists comma-separated. Raises KeyError naming what
    is missing.
    """
    from importlib import resources

    record = json.loads(
        resources.files("qwen3_handbook")
        .joinpath("data/engine_defaults.json")
        .read_text()
    )
    if engine not in record or not isinstance(record[engine], dict):
        raise KeyError(
            f"{{{{ default:{engine}:{name} }}}}: no engine {engine!r} recorded"
        )
    defaults = record[engine]["defaults"]
    if name not in defaults:
        raise KeyError(
            f"{{{{ default:{engine}:{name} }}}}: {engine} has no default {name!r}"
        )
    value = defaults[name]
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _default(match: re.Match) -> str:
    try:
        return engine_default(match["engine"], match["name"])
    except KeyError as error:
        raise PluginError(str(error.args[0])) from None


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Replace ``{{ tested:<package>[:minor] }}`` with the tested version and
    ``{{ default:<engine>:<name> }}`` with the recorded engine default."""
    markdown = PLACEHOLDER.sub(
        lambda m: tested_version(m["name"], minor=bool(m["minor"])), markdown
    )
    return DEFAULT_PLACEHOLDER.sub(_default, markdown)


def _is_notebook(page) -> bool:
    src = page.file.src_uri
    return src.startswith("notebooks/") and src.endswith(".py")


def on_post_page(output: str, page, config) -> str:
    """Move a notebook page's inline <style> blocks into one shared stylesheet."""
    if not _is_notebook(page):
        return output
    start = output.find('<article class="md-content__inner')
    end = output.find("</article>", start)
    if start < 0 or end < 0:
        return output
    article = output[start:end]
    blocks = STYLE.findall(article)
    if not blocks:
        return output
    css = "\n".join(block.strip() for block in blocks) + "\n"
    digest = hashlib.sha256(css.encode()).hexdigest()[:12]
    asset = f"assets/notebook-{digest}.css"
    _NOTEBOOK_CSS[asset] = css
    link = f'<link rel="stylesheet" href="{get_relative_url(asset, page.url)}">'
    article = STYLE.sub("", article)
    output = output[:start] + article + output[end:]
    return output.replace("</head>", f"{link}\n</head>", 1)


# First in <head>: a <base> at the configured path (which the browser's preload scanner
# also sees), then a script that moves it to the site's real root, so the relative links
# below resolve at any depth. The configured path needs no request; elsewhere the nearest
# folder holding 404.html is the root (a few HEAD requests, only on this page).
ROOT_SCRIPT = """<script>(function () {
  var configured = %s, path = location.pathname, root = "/";
  if (path.indexOf(configured) === 0) {
    root = configured;
  } else {
    var parts = path.split("/").slice(1, -1);
    for (var i = Math.min(parts.length, 8); i > 0; i--) {
      var candidate = "/" + parts.slice(0, i).join("/") + "/";
      try {
        var request = new XMLHttpRequest();
        request.open("HEAD", candidate + "404.html", false);
        request.send();
        if (request.status === 200) { root = candidate; break; }
      } catch (error) { /* keep looking */ }
    }
  }
  document.getElementById("handbook-base").href = root;
})();</script>"""
CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)'
)
# Material resolves config.base against location, not <base>: give it the absolute root.
CONFIG_FIX = (
    '<script>(function () { var c = document.getElementById("__config"); var j ='
    " JSON.parse(c.textContent); j.base = document.baseURI; c.textContent ="
    " JSON.stringify(j); })();</script>"
)


def portable_404(html: str, site_path: str) -> str:
    """``404.html`` with links relative to a ``<base>`` set at run time."""
    prefix = site_path if site_path.endswith("/") else site_path + "/"
    if prefix == "/":  # no site_url path: nothing to rewrite safely
        return html
    html = html.replace(f'"{prefix}."', '"./"').replace(f'"{prefix}"', '"./"')
    html = html.replace(f'"{prefix}', '"')

    def config(match: re.Match) -> str:
        data = json.loads(match[2])
        return match[1] + json.dumps(data) + match[3] + CONFIG_FIX

    html = CONFIG_SCRIPT.sub(config, html, count=1)
    base = f'<base id="handbook-base" href="{prefix}">'
    script = ROOT_SCRIPT % json.dumps(prefix)
    return html.replace("<head>", f"<head>\n{base}\n{script}", 1)


def on_post_build(config) -> None:
    """Write the shared notebook stylesheets; make 404.html work at any base path."""
    site = Path(config["site_dir"])
    for asset, css in _NOTEBOOK_CSS.items():
        target = site / asset
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")
    page = site / "404.html"
    if page.is_file():
        site_path = urlsplit(config.get("site_url") or "/").path or "/"
        portable = portable_404(page.read_text(encoding="utf-8"), site_path)
        page.write_text(with_csp(portable))  # last: it hashes the final inline scripts
