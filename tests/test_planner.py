"""The hardware page's planner, driven in headless Chromium and held equal to Python.

Over 200 seeded random and edge-case configurations, every number the widget shows must
equal `qwen3_handbook.memory` / `qwen3_handbook.parallel` for the same inputs, every
generated command must pass `qwen3_handbook.engines.check_script` (Modelfiles
`check_modelfile`), and bad input must give a clear message and never NaN. Uses the
browser, the served site and the blocking rules of ``tests/test_browser.py``.
"""

from __future__ import annotations

import gzip
import random

import pytest
from test_browser import ARTIFACTS, Visit, browser, site_url  # noqa: F401 (fixtures)

from qwen3_handbook.architecture import MODEL_CONFIGS
from qwen3_handbook.engines import check_modelfile, check_script
from qwen3_handbook.memory import QUANT_FORMATS, estimate, gpus_needed
from qwen3_handbook.parallel import (
    GGUF_FORMATS,
    LAYOUT_FORMATS,
    layouts,
    n_cpu_moe,
    tp_alternatives,
)

pytestmark = pytest.mark.browser

PAGE = "guides/hardware/"
ENGINES = ["vllm", "sglang", "llama.cpp", "ollama", "transformers"]
KV_BYTES = {"bf16": 2, "fp8": 1, "q8_0": 1.0625}
GPU_SIZES = [24, 40, 48, 80, 96, 141, 192]
RANDOM_CONFIGS = 220

# Set the form's fields, let the widget recompute, and read back everything it shows.
DRIVE = """(config) => {
  const set = (id, value) => { document.getElementById(id).value = String(value); };
  set("pl-model", config.model); set("pl-format", config.fmt);
  set("pl-engine", config.engine); set("pl-kv", config.kv);
  set("pl-context", config.context); set("pl-seqs", config.seqs);
  set("pl-gb", config.gb); set("pl-gpus", config.gpus); set("pl-nodes", config.nodes);
  const nodes = document.getElementById("pl-nodes");
  nodes.dispatchEvent(new Event("input", {bubbles: true}));
  const text = (id) => {
    const e = document.getElementById(id); return e && e.textContent;
  };
  const attr = (id, name) => {
    const e = document.getElementById(id); return e && e.getAttribute(name);
  };
  const rows = [...document.querySelectorAll("#pl-layouts tbody tr")].map(
    (tr) => [...tr.children].map((td) => td.textContent));
  return {
    message: text("pl-message"),
    weights: attr("pl-weights", "data-bytes"), kv: attr("pl-kv-cache", "data-bytes"),
    overhead: attr("pl-overhead", "data-bytes"), total: attr("pl-total", "data-bytes"),
    shown: ["pl-weights", "pl-kv-cache", "pl-overhead", "pl-total"].map(text),
    bare: attr("pl-min", "data-bare"), tp: attr("pl-min", "data-tp"),
    fits: text("pl-fits"), rows, warning: text("pl-warning"),
    ncpu: attr("pl-ncpumoe", "data-n"), ram: attr("pl-ncpumoe", "data-ram"),
    ncpuText: text("pl-ncpumoe"),
    command: text("pl-command"), modelfile: text("pl-modelfile"),
    client: text("pl-client"),
    all: document.getElementById("planner").textContent,
  };
}"""


def _gb(value: float) -> str:
    return f"{value / 1e9:.1f}"


def _same_gb(shown: str, value: float) -> bool:
    """Equal to one decimal; a printed half may round either way in JS and Python."""
    return shown == _gb(value) or abs(float(shown) - value / 1e9) <= 0.05 + 1e-9


def _incompatible(config) -> bool:
    engine, fmt, kv = config["engine"], config["fmt"], config["kv"]
    tp_engine = engine in ("vllm", "sglang")
    return (
        (tp_engine and fmt not in LAYOUT_FORMATS)
        or (engine in ("llama.cpp", "ollama") and fmt not in GGUF_FORMATS)
        or (engine == "transformers" and fmt in GGUF_FORMATS)
        or (kv == "q8_0" and engine != "llama.cpp")
        or (kv == "fp8" and engine in ("llama.cpp", "ollama", "transformers"))
        or (not tp_engine and config["nodes"] > 1)
    )


def _notes(check) -> str:
    notes = [*check.problems, *check.warnings]
    if check.kv_replication > 1:
        notes.append(f"each KV head on {check.kv_replication} GPUs")
    if check.ok:
        status = "ok"
    else:
        status = "does not load" if check.problems else "no room"
    return status + (": " + "; ".join(notes) if notes else "")


def assert_matches_python(config, shown) -> int:
    """Compare one configuration; return how many numbers were compared."""
    assert "NaN" not in shown["all"] and "undefined" not in shown["all"], config
    name, fmt = config["model"], config["fmt"]
    ctx, seqs, kv, gb = (
        config["context"],
        config["seqs"],
        KV_BYTES[config["kv"]],
        config["gb"],
    )
    plan = estimate(name, fmt, ctx, seqs, kv)
    expected = [plan.weights, plan.kv_cache, plan.overhead, plan.total]
    got = [int(shown[key]) for key in ("weights", "kv", "overhead", "total")]
    assert all(abs(a - b) <= 1 for a, b in zip(got, expected, strict=True)), (
        config,
        got,
    )
    for text, value in zip(shown["shown"], expected, strict=True):
        assert _same_gb(text.removesuffix(" GB"), value), (config, text, value)
    assert int(shown["bare"]) == gpus_needed(plan, gb, power_of_two=False), config
    assert int(shown["tp"]) == gpus_needed(plan, gb), config
    compared = 6
    if _incompatible(config):
        assert shown["message"], config
        assert not shown["rows"] and not shown["command"], config
        return compared
    assert not shown["message"], (config, shown["message"])
    gpus = config["nodes"] * config["gpus"]
    command = None
    if config["engine"] in ("vllm", "sglang"):
        found = layouts(name, fmt, config["nodes"], config["gpus"], gb, ctx, seqs, kv)
        assert len(shown["rows"]) == len(found), config
        for row, check in zip(shown["rows"], found, strict=True):
            assert row[0] == str(check.layout), (config, row)
            for text, value in zip(
                row[1:4],
                [check.weights_per_gpu, check.kv_per_gpu, check.total_per_gpu],
                strict=True,
            ):
                assert _same_gb(text, value), (config, row, value)
            assert row[4] == _notes(check), (config, row)
            compared += 4
        assert shown["fits"] == ("yes" if any(c.ok for c in found) else "no"), config
        alternatives = tp_alternatives(name, fmt, config["gpus"], ctx, seqs, kv, gb)
        if alternatives:
            for check in alternatives:
                assert str(check.layout) in shown["warning"], (config, shown["warning"])
        else:
            assert shown["warning"] is None, config
        if any(c.ok for c in found):
            command = shown["command"]
            assert command, config
        else:
            assert shown["command"] is None, config
    else:
        fits = plan.total <= gpus * gb * 1e9 * 0.9
        assert shown["fits"] == ("yes" if fits else "no"), config
        moe = MODEL_CONFIGS[name]["architecture"] == "moe"
        if config["engine"] == "llama.cpp" and moe:
            result = n_cpu_moe(name, fmt, gpus * gb, ctx, seqs, kv)
            if result is None:
                assert shown["ncpu"] == "none", config
            else:
                assert (int(shown["ncpu"]), int(shown["ram"])) == result, config
                if result[0]:
                    assert f"--n-cpu-moe {result[0]}" in shown["command"]
                    assert _gb(result[1]) in shown["ncpuText"]
            compared += 2
            if result is not None:
                command = shown["command"]
        elif fits:
            command = shown["command"]
    if command is not None:
        assert not check_script(command), (config, command, check_script(command))
        if config["engine"] == "ollama":
            assert not check_modelfile(shown["modelfile"]), shown["modelfile"]
        assert "temperature=" in shown["client"], config
    return compared


def _random_config(rng: random.Random) -> dict:
    engine = rng.choice(ENGINES)
    if engine in ("vllm", "sglang"):
        fmt = rng.choice([*LAYOUT_FORMATS, rng.choice(list(QUANT_FORMATS))])
        kv = rng.choice(["bf16", "bf16", "fp8"])
        nodes = rng.choice([1, 1, 1, 2, 2, 4])
    else:
        fmt = rng.choice(
            list(GGUF_FORMATS)
            if engine != "transformers"
            else ["bf16", "fp8", "int4", "int8"]
        )
        if rng.random() < 0.1:
            fmt = rng.choice(list(QUANT_FORMATS))
        kv = "q8_0" if engine == "llama.cpp" and rng.random() < 0.3 else "bf16"
        nodes = 1 if rng.random() < 0.95 else 2
    return {
        "model": rng.choice(list(MODEL_CONFIGS)),
        "fmt": fmt,
        "engine": engine,
        "kv": kv,
        "context": rng.choice(
            [1, 512, 4096, 32768, 40960, 131072, rng.randint(1, 262144)]
        ),
        "seqs": rng.choice([1, 1, 2, 4, 16, 64, rng.randint(1, 256)]),
        "gb": rng.choice([*GPU_SIZES, round(rng.uniform(1, 300), 1)]),
        "gpus": rng.choice([1, 2, 4, 8, 8, 8, 3, 6, 16]),
        "nodes": nodes,
    }


FIELDS = ("model", "fmt", "engine", "kv", "context", "seqs", "gb", "gpus", "nodes")
EDGE_CONFIGS = [
    dict(zip(FIELDS, values, strict=True))
    for values in [
        # the FP8 trap on one node of 8 x 80 GB, and its neighbours
        ("Qwen3-235B-A22B", "fp8", "vllm", "bf16", 32768, 1, 80, 8, 1),
        ("Qwen3-30B-A3B", "fp8", "sglang", "fp8", 32768, 8, 24, 4, 1),
        ("Qwen3-235B-A22B", "bf16", "vllm", "bf16", 32768, 4, 40, 8, 2),
        ("Qwen3-235B-A22B", "q4_K_M", "llama.cpp", "q8_0", 32768, 1, 24, 1, 1),
        ("Qwen3-235B-A22B", "q4_K_M", "llama.cpp", "bf16", 1, 1, 0.5, 1, 1),
        ("Qwen3-0.6B", "bf16", "transformers", "bf16", 1048576, 4096, 10000, 16, 1),
        ("Qwen3-4B", "int4", "vllm", "bf16", 1, 1, 0.001, 16, 64),
        ("Qwen3-235B-A22B", "q4_K_M", "ollama", "bf16", 40960, 1, 96, 2, 1),
    ]
]

BAD_INPUTS = [
    ("pl-context", ""),
    ("pl-context", "0"),
    ("pl-context", "-4096"),
    ("pl-context", "2.5"),
    ("pl-context", "99999999999"),
    ("pl-seqs", ""),
    ("pl-seqs", "0"),
    ("pl-seqs", "-1"),
    ("pl-gb", ""),
    ("pl-gb", "0"),
    ("pl-gb", "-80"),
    ("pl-gb", "1e9"),
    ("pl-gpus", "0"),
    ("pl-gpus", "1000"),
    ("pl-seqs", "5000"),
    ("pl-nodes", ""),
    ("pl-nodes", "-2"),
    ("pl-nodes", "100000"),
]


@pytest.fixture
def planner(browser, site_url):  # noqa: F811 (fixtures imported from test_browser)
    session = Visit(browser, site_url)
    try:
        session.goto(PAGE)
        session.page.wait_for_selector("#pl-out table", timeout=30_000)
        yield session
        session.check()
    finally:
        session.close()


def test_widget_equals_python_over_random_and_edge_configs(planner):
    rng = random.Random(20261203)
    configs = EDGE_CONFIGS + [_random_config(rng) for _ in range(RANDOM_CONFIGS)]
    compared = 0
    for config in configs:
        shown = planner.page.evaluate(DRIVE, config)
        compared += assert_matches_python(config, shown)
    assert len(configs) >= 200 and compared > 2000


def test_fp8_tp8_trap_shows_the_warning_and_both_alternatives(planner):
    shown = planner.page.evaluate(DRIVE, EDGE_CONFIGS[0])
    warning = shown["warning"]
    assert "1536 / 8 = 192, not a multiple of 128" in warning
    assert "TP 8 x EP 8" in warning and "TP 4 on 4 GPUs" in warning
    assert "--enable-expert-parallel" in shown["command"]


@pytest.mark.parametrize(("field", "value"), BAD_INPUTS)
def test_bad_input_gives_a_clear_message_and_no_nan(planner, field, value):
    shown = planner.page.evaluate(DRIVE, EDGE_CONFIGS[0])
    assert shown["message"] is None
    planner.page.evaluate(
        """([id, value]) => {
          const input = document.getElementById(id);
          input.value = value;
          input.dispatchEvent(new Event("input", {bubbles: true}));
        }""",
        [field, value],
    )
    message = planner.page.locator("#pl-message").text_content()
    assert message and len(message) > 10
    assert any(word in message for word in ("Enter", "must be")), message
    text = planner.page.locator("#planner").text_content()
    assert "NaN" not in text and "Infinity" not in text
    assert planner.page.locator("#pl-layouts").count() == 0


def test_mobile_390px_screenshot_and_page_weight(browser, site_url):  # noqa: F811
    session = Visit(browser, site_url, viewport=(390, 844))
    try:
        responses = []
        session.page.on("response", lambda response: responses.append(response))
        session.goto(PAGE)
        session.page.wait_for_selector("#pl-out table", timeout=30_000)
        session.page.locator("#planner").scroll_into_view_if_needed()
        overflow = session.page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 390 px"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        session.page.locator("#planner").screenshot(
            path=str(ARTIFACTS / "planner-390px.png")
        )
        session.check()
        bodies = [r.body() for r in responses if r.ok]
        weight = sum(len(gzip.compress(body, 6)) for body in bodies)
        print(f"hardware page: {weight / 1e3:.0f} kB gzipped in {len(bodies)} requests")
        assert weight < 1_000_000
    finally:
        session.close()
