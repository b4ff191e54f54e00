"""The Troubleshoot section: every entry is complete, sourced, pinned and findable.

Each entry on ``docs/troubleshooting/*.md`` is a ``### title {#anchor}`` section with
the parts Symptom, Cause, Fix, Versions, Checked against and Source. The tests check

- there are at least 30 entries, with unique anchors;
- every entry links a thread or pull request of one of the eight trackers it came from;
- every engine version an entry names is one the version table (``engines.json``)
  records, and the "Checked against" line names at least one of them;
- the ranked table on the index lists every entry once, with its report count, in order;
- every entry's error text is found by the site's search index;
- every engine page links to the section.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from qwen3_handbook.engines import check_version_mentions, engine

ROOT = Path(__file__).resolve().parents[1]
SECTION = ROOT / "docs" / "troubleshooting"
PAGES = [
    "thinking-and-response-fields.md",
    "tool-calling.md",
    "startup-and-memory.md",
    "long-context.md",
    "output-quality.md",
    "local-runtimes.md",
    "fine-tuning.md",
]
ENGINE_PAGES = [
    "vllm.md",
    "sglang.md",
    "llama-cpp.md",
    "ollama.md",
    "mlx.md",
    "transformers.md",
    "openai-server.md",
]
REPOS = (
    "QwenLM/Qwen3",
    "vllm-project/vllm",
    "sgl-project/sglang",
    "ggml-org/llama.cpp",
    "ollama/ollama",
    "QwenLM/Qwen-Agent",
    "huggingface/transformers",
    "unslothai/unsloth",
)
PARTS = ("Symptom", "Cause", "Fix", "Versions", "Checked against", "Source")
THREAD = re.compile(
    r"https://github\.com/(?P<repo>[\w.-]+/[\w.-]+)/"
    r"(?P<kind>issues|pull|discussions)/\d+"
)
HEADING = re.compile(r"^### (?P<title>.+?) \{#(?P<anchor>[a-z0-9-]+)\}\s*$")
TRANSFORMERS = re.compile(r"\btransformers\s+v?(\d+\.\d+(?:\.\d+)?)\b")
ENGINE_VERSION = re.compile(
    r"\b(?:vLLM|SGLang|Ollama|mlx-lm)\s+v?\d+\.\d+"
    r"|\bllama\.cpp\s+(?:b\d{4,}|[0-9a-f]{7})\b"
    r"|\btransformers\s+\d+\.\d+"
    r"|\{\{ ?tested:[\w.-]+"  # the tested version, filled in by the docs build
)


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


def unknown_versions(text: str) -> list[str]:
    """Engine versions named in the text that the version table does not record."""
    problems = check_version_mentions(text)
    known = engine("transformers").versions()
    problems += [
        f"transformers {v} is not in the version table"
        for v in TRANSFORMERS.findall(text)
        if v not in known
    ]
    return problems


def error_text(entry: dict) -> str:
    """The quoted error text or symptom: the first code span of the Symptom part."""
    spans = re.findall(r"`([^`]+)`", entry["parts"]["Symptom"])
    return spans[0] if spans else entry["parts"]["Symptom"]


def report_count(entry: dict) -> int:
    return len(
        {
            m.group(0)
            for m in THREAD.finditer(entry["body"])
            if m["repo"] in REPOS and m["kind"] != "pull"
        }
    )


def _read(page: str) -> str:
    return (SECTION / page).read_text()


ENTRIES = [entry for page in PAGES for entry in parse_entries(_read(page), page)]
IDS = [f"{e['page'].removesuffix('.md')}#{e['anchor']}" for e in ENTRIES]


def test_at_least_30_entries_with_unique_anchors():
    assert len(ENTRIES) >= 30, len(ENTRIES)
    anchors = [entry["anchor"] for entry in ENTRIES]
    assert len(anchors) == len(set(anchors)), "duplicate anchors"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_entry_has_every_part(entry):
    missing = [part for part in PARTS if not entry["parts"].get(part)]
    assert not missing, f"{entry['anchor']}: missing {missing}"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_entry_links_a_tracker_thread(entry):
    source = entry["parts"]["Source"]
    threads = [m for m in THREAD.finditer(source) if m["repo"] in REPOS]
    assert threads, f"{entry['anchor']}: the Source names no thread of {REPOS}"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_entry_versions_are_in_the_table(entry):
    assert not unknown_versions(entry["title"] + "\n" + entry["body"])
    checked = entry["parts"]["Checked against"]
    assert ENGINE_VERSION.search(checked), f"{entry['anchor']}: no version: {checked!r}"


def test_version_check_fails_on_versions_the_table_lacks():
    assert unknown_versions("Fixed in vLLM 0.9.0; checked on SGLang 0.5.23.") == []
    problems = unknown_versions("Fixed in vLLM 0.7.3 and transformers 4.40.0.")
    names = [p.split(" is ")[0] for p in problems]
    assert names == ["vLLM 0.7.3", "transformers 4.40.0"]


def test_entry_parser_reads_the_parts():
    page = (
        "# Page\n\n### `boom` happens {#boom}\n\n"
        "**Symptom:** `boom: bad`\nat start.\n\n"
        "**Source:** [x](https://github.com/ollama/ollama/issues/1)\n\n"
        "## Next\n\ntext\n"
    )
    (entry,) = parse_entries(page, "page.md")
    assert (entry["anchor"], entry["title"]) == ("boom", "`boom` happens")
    assert entry["parts"]["Symptom"] == "`boom: bad` at start."
    assert error_text(entry) == "boom: bad"
    assert report_count(entry) == 1
    assert "Fix" not in entry["parts"]


def test_index_ranks_every_entry_once():
    rows = re.findall(
        r"^\| (\d+) \| \[.+?\]\(([\w.-]+\.md)#([\w-]+)\) \| [^|]+ \| (\d+) \|$",
        (SECTION / "index.md").read_text(),
        re.MULTILINE,
    )
    by_anchor = {entry["anchor"]: entry for entry in ENTRIES}
    assert sorted(anchor for _, _, anchor, _ in rows) == sorted(by_anchor)
    assert [int(rank) for rank, *_ in rows] == list(range(1, len(rows) + 1))
    counts = []
    for _, page, anchor, count in rows:
        assert by_anchor[anchor]["page"] == page, anchor
        assert int(count) == report_count(by_anchor[anchor]), anchor
        counts.append(int(count))
    assert counts == sorted(counts, reverse=True), "the table is not ranked"


@pytest.mark.parametrize("page", ENGINE_PAGES)
def test_engine_page_links_to_troubleshooting(page):
    text = (ROOT / "docs" / "deployment" / page).read_text()
    assert "](../troubleshooting/" in text, f"{page} has no Troubleshooting link"


def _normalize(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.replace("\u200b", "").split())


def test_every_error_text_is_in_the_search_index(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    texts = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        text = _normalize(doc["title"] + " " + doc["text"])
        texts[page] = texts.get(page, "") + " " + text
    missing = []
    for entry in ENTRIES:
        page = f"troubleshooting/{entry['page'].removesuffix('.md')}/"
        needle = _normalize(error_text(entry))
        if needle not in texts.get(page, ""):
            missing.append(f"{entry['anchor']}: {needle!r}")
    assert not missing, "not in the search index:\n" + "\n".join(missing)
