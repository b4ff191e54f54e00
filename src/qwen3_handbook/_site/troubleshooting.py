"""MkDocs hook: the Troubleshooting index's two tables, generated from the entry pages.

Registered in ``mkdocs.yml`` under ``hooks:``. Not part of the helper library's API.

* ``<!-- troubleshooting:ranked -->`` on ``troubleshooting/index.md`` becomes the table of
  every entry, ranked by its number of report threads (issues and discussions, not pull
  requests, in the trackers of ``REPOS``); ties keep the page order of ``PAGES`` and the
  order on the page.
* ``<!-- troubleshooting:coverage -->`` becomes, per mining area, how many tracker threads
  were read and how many entries they gave, from ``data/troubleshooting_coverage.json``.

``tests/test_troubleshooting.py`` uses the same parser, so the tables and the tests cannot
disagree about what an entry is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[3]
SECTION = ROOT / "docs" / "troubleshooting"
COVERAGE = ROOT / "src" / "qwen3_handbook" / "data" / "troubleshooting_coverage.json"

# page -> the area name the ranked table shows; the order breaks ties in the ranking
PAGES = {
    "thinking-and-response-fields.md": "thinking and response fields",
    "tool-calling.md": "tool calling, structured output",
    "startup-and-memory.md": "start-up and memory",
    "multi-gpu.md": "multi-GPU and multi-node",
    "quantized-checkpoints.md": "quantized checkpoints",
    "performance.md": "performance",
    "long-context.md": "long context",
    "output-quality.md": "output quality",
    "local-runtimes.md": "local runtimes",
    "chat-templates.md": "chat templates",
    "mlx-apple.md": "MLX and Apple",
    "fine-tuning.md": "fine-tuning",
}
REPOS = (
    "QwenLM/Qwen3",
    "QwenLM/Qwen3-Coder",
    "QwenLM/qwen-code",
    "QwenLM/Qwen-Agent",
    "vllm-project/vllm",
    "sgl-project/sglang",
    "ggml-org/llama.cpp",
    "ollama/ollama",
    "lmstudio-ai/lmstudio-bug-tracker",
    "ml-explore/mlx",
    "ml-explore/mlx-lm",
    "ml-explore/mlx-examples",
    "huggingface/transformers",
    "unslothai/unsloth",
    "anomalyco/opencode",
    "Tencent/AngelSlim",
)
PARTS = ("Symptom", "Cause", "Fix", "Versions", "Checked against", "Source")
THREAD = re.compile(
    r"https://github\.com/(?P<repo>[\w.-]+/[\w.-]+)/"
    r"(?P<kind>issues|pull|discussions)/\d+"
)
HEADING = re.compile(r"^### (?P<title>.+?) \{#(?P<anchor>[a-z0-9-]+)\}\s*$")
RANKED_MARK = "<!-- troubleshooting:ranked -->"
COVERAGE_MARK = "<!-- troubleshooting:coverage -->"


def parse_entries(text: str, page: str) -> list[dict]:
    """Split a page into entries: title, anchor, body and the text of each part."""
    entries, current = [], None
    for line in text.splitlines():
        match = HEADING.match(line)
        if match:
            current = {"page": page, **match.groupdict(), "lines": []}
            entries.append(current)
        elif line.startswith("## ") or line.startswith("# "):
            current = None
        elif current is not None:
            current["lines"].append(line)
    for entry in entries:
        entry["body"] = "\n".join(entry.pop("lines"))
        entry["parts"] = {
            part: _paragraph(entry["body"], f"**{part}:**")
            for part in PARTS
            if f"**{part}:**" in entry["body"]
        }
    return entries


def _paragraph(body: str, marker: str) -> str:
    start = body.index(marker) + len(marker)
    end = body.find("\n\n", start)
    return " ".join(body[start : None if end < 0 else end].split())


def all_entries(section: Path = SECTION) -> list[dict]:
    """Every entry of every page in ``PAGES``, in page order."""
    return [
        entry
        for page in PAGES
        for entry in parse_entries((section / page).read_text(), page)
    ]


def threads(entry: dict) -> set[str]:
    """The tracker threads (issues, discussions, pull requests) an entry links."""
    return {m.group(0) for m in THREAD.finditer(entry["body"]) if m["repo"] in REPOS}


def report_count(entry: dict) -> int:
    """Report threads: the linked issues and discussions, pull requests not counted."""
    return len(
        {
            m.group(0)
            for m in THREAD.finditer(entry["body"])
            if m["repo"] in REPOS and m["kind"] != "pull"
        }
    )


def ranked(entries: list[dict]) -> list[dict]:
    """Entries by report count, most first; ties keep page order, then page position."""
    order = list(PAGES)
    return sorted(
        entries,
        key=lambda e: (-report_count(e), order.index(e["page"]), entries.index(e)),
    )


def _link_title(title: str) -> str:
    # a heading's `|` would end the table cell
    return title.replace("|", "\\|")


def ranked_table(entries: list[dict]) -> str:
    rows = ["| rank | problem | area | reports |", "|---|---|---|---|"]
    for rank, entry in enumerate(ranked(entries), start=1):
        link = f"[{_link_title(entry['title'])}]({entry['page']}#{entry['anchor']})"
        rows.append(
            f"| {rank} | {link} | {PAGES[entry['page']]} | {report_count(entry)} |"
        )
    return "\n".join(rows)


def load_coverage(path: Path = COVERAGE) -> list[dict]:
    return json.loads(path.read_text())["areas"]


def coverage_problems(entries: list[dict], areas: list[dict]) -> list[str]:
    """What makes the coverage data disagree with the pages (empty when they agree).

    Every entry belongs to exactly one area; every thread an entry cites is among its
    area's threads read; no area lists an anchor that no page has.
    """
    problems = []
    by_anchor = {e["anchor"]: e for e in entries}
    owner: dict[str, str] = {}
    for area in areas:
        read = set(area["threads_read"])
        if len(read) != len(area["threads_read"]):
            problems.append(f"{area['area']}: a thread is listed twice")
        for anchor in area["entries"]:
            if anchor in owner:
                problems.append(f"{anchor}: in {owner[anchor]} and {area['area']}")
            owner[anchor] = area["area"]
            entry = by_anchor.get(anchor)
            if entry is None:
                problems.append(f"{area['area']}: no entry {anchor}")
                continue
            unread = sorted(threads(entry) - read)
            if unread:
                problems.append(
                    f"{anchor}: cites threads not read in its area: {unread}"
                )
    problems += [f"{a}: in no area" for a in by_anchor if a not in owner]
    return problems


def coverage_table(entries: list[dict], areas: list[dict]) -> str:
    problems = coverage_problems(entries, areas)
    if problems:
        raise PluginError("troubleshooting coverage: " + "; ".join(problems))
    rows = ["| area | threads read | entries |", "|---|---|---|"]
    for area in areas:
        rows.append(
            f"| {area['area']} | {len(area['threads_read'])} | {len(area['entries'])} |"
        )
    read = sum(len(a["threads_read"]) for a in areas)
    rows.append(f"| **all areas** | **{read}** | **{len(entries)}** |")
    return "\n".join(rows)


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Fill the index's generated tables."""
    if page.file.src_uri != "troubleshooting/index.md":
        return markdown
    for mark in (RANKED_MARK, COVERAGE_MARK):
        if mark not in markdown:
            raise PluginError(f"troubleshooting/index.md lost its {mark} marker")
    entries = all_entries()
    markdown = markdown.replace(RANKED_MARK, ranked_table(entries))
    return markdown.replace(COVERAGE_MARK, coverage_table(entries, load_coverage()))
