"""The hardware page's planner, driven in headless Chromium and held equal to Python.

Over 200 seeded random and edge-case configurations, every number the widget shows must
equal `qwen3_handbook.memory` / `qwen3_handbook.parallel` / `qwen3_handbook.launch` for the
same inputs. A property test runs 1,200 more configurations in one page load (iterated in
the page's JavaScript) and holds every printed command to the engines' flags as their own
parsers record them (`qwen3_handbook.engines.check_script`, `check_modelfile`) and to the
rules the pages teach (`qwen3_handbook.launch.check_launch`: context and YaRN override,
1M route, merged GGUF parts, advised layout, shell quoting, with a hostile model name
injected into the planner's data); every "would start instead" suggestion must start.
Bad input must give a clear message and never NaN. Uses the browser, the served site and
the blocking rules of ``tests/test_browser.py``.
"""

from __future__ import annotations

import ast
import gzip
import json
import random

import pytest
from test_browser import ARTIFACTS, Visit, browser, site_url  # noqa: F401 (fixtures)

from qwen3_handbook.architecture import MODEL_CONFIGS
from qwen3_handbook.engines import (
    check_modelfile,
    check_script,
    find_invocations,
    shell_commands,
)
from qwen3_handbook.launch import (
    YARN_ENGINES,
    check_launch,
    context_route,
    cpu_offload,
    engine_fits,
)
from qwen3_handbook.memory import QUANT_FORMATS, estimate, gpus_needed, weight_bytes
from qwen3_handbook.parallel import (
    GGUF_FORMATS,
    LAYOUT_FORMATS,
    layouts,
    tp_alternatives,
)

pytestmark = pytest.mark.browser

PAGE = "guides/hardware/"
ENGINES = ["vllm", "sglang", "llama.cpp", "ollama", "transformers"]
KV_BYTES = {"bf16": 2, "fp8": 1, "q8_0": 1.0625}
GPU_SIZES = [24, 40, 48, 80, 96, 141, 192, 256, 288]
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
    fits: text("pl-fits"), starts: text("pl-starts"), rows,
    warning: text("pl-warning"),
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


def python_verdict(config) -> dict:
    """What the shared rules (`qwen3_handbook.launch`) decide for a configuration."""
    name, fmt, engine = config["model"], config["fmt"], config["engine"]
    ctx, seqs, kv = config["context"], config["seqs"], KV_BYTES[config["kv"]]
    gpus, gb, nodes = config["gpus"], config["gb"], config["nodes"]
    route = context_route(name, ctx)
    route_ok = route.startable and (route.kind != "yarn" or engine in YARN_ENGINES)
    found, offload = None, None
    if engine in ("vllm", "sglang"):
        found = layouts(name, fmt, nodes, gpus, gb, ctx, seqs, kv)
        fits = memory_ok = any(c.ok for c in found)
    else:
        fits = engine_fits(engine, name, fmt, ctx, seqs, kv, gpus * nodes, gb)
        memory_ok = fits
        if engine == "llama.cpp" and MODEL_CONFIGS[name]["architecture"] == "moe":
            offload = cpu_offload(engine, name, fmt, ctx, seqs, kv, gpus * nodes, gb)
            memory_ok = offload is not None
    return {
        "route": route,
        "found": found,
        "offload": offload,
        "fits": fits,
        "starts": route_ok and memory_ok,
    }


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
    verdict = python_verdict(config)
    assert shown["fits"] == ("yes" if verdict["fits"] else "no"), config
    assert shown["starts"] == ("yes" if verdict["starts"] else "no"), config
    found = verdict["found"]
    if found is not None:
        assert len(shown["rows"]) == len(found), config
        for row, check in zip(shown["rows"], found, strict=True):
            assert row[0] == str(check.layout), (config, row)
            assert row[1] == _notes(check), (config, row)
            for text, value in zip(
                row[2:5],
                [check.weights_per_gpu, check.kv_per_gpu, check.total_per_gpu],
                strict=True,
            ):
                assert _same_gb(text, value), (config, row, value)
            compared += 4
        alternatives = tp_alternatives(
            name, fmt, config["gpus"], ctx, seqs, kv, config["gb"]
        )
        if alternatives:
            for check in alternatives:
                assert str(check.layout) in shown["warning"], (config, shown["warning"])
        else:
            assert shown["warning"] is None, config
    if config["engine"] == "llama.cpp" and MODEL_CONFIGS[name]["architecture"] == "moe":
        result = verdict["offload"]
        if result is None:
            assert shown["ncpu"] == "none", config
        else:
            assert (int(shown["ncpu"]), int(shown["ram"])) == result, config
            if result[0] and verdict["starts"]:
                assert f"--n-cpu-moe {result[0]}" in shown["command"]
                assert _gb(result[1]) in shown["ncpuText"]
        compared += 2
    if verdict["starts"]:
        command = shown["command"]
        assert command, config
        assert not check_script(command), (config, command, check_script(command))
        if config["engine"] == "ollama":
            assert not check_modelfile(shown["modelfile"]), shown["modelfile"]
        assert "temperature=" in shown["client"], config
    else:
        assert shown["command"] is None, (config, shown["command"])
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
        tops = session.page.evaluate(
            """() => ["pl-starts", "pl-command", "pl-summary"].map(
              (id) => document.getElementById(id).getBoundingClientRect().top)"""
        )
        assert tops == sorted(tops), f"verdict and command come first: {tops}"
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


# The property test: many configurations in one page load, iterated in the page. For
# each, the printed command, Modelfile and client, the verdict, and the same for every
# "would start instead" suggestion applied to the form.
PROPERTY = """(configs) => {
  const ids = {model: "pl-model", fmt: "pl-format", engine: "pl-engine", kv: "pl-kv",
    context: "pl-context", seqs: "pl-seqs", gb: "pl-gb", gpus: "pl-gpus",
    nodes: "pl-nodes"};
  const keyOf = {name: "model", fmt: "fmt", engine: "engine", kvName: "kv",
    ctx: "context", seqs: "seqs", memGb: "gb", perNode: "gpus", nodes: "nodes"};
  const apply = (config) => {
    for (const [key, id] of Object.entries(ids)) {
      document.getElementById(id).value = String(config[key]);
    }
    document.getElementById("pl-nodes")
      .dispatchEvent(new Event("input", {bubbles: true}));
  };
  const text = (id) => {
    const e = document.getElementById(id); return e ? e.textContent : null;
  };
  const read = () => ({
    command: text("pl-command"), modelfile: text("pl-modelfile"),
    client: text("pl-client"), starts: text("pl-starts"), message: text("pl-message"),
    patches: [...document.querySelectorAll("#pl-suggest [data-patch]")]
      .map((b) => JSON.parse(b.dataset.patch)),
  });
  return configs.map((config) => {
    apply(config);
    const shown = read();
    shown.suggested = shown.patches.map((patch) => {
      const next = Object.assign({}, config);
      for (const [key, value] of Object.entries(patch)) next[keyOf[key]] = value;
      apply(next);
      return Object.assign({config: next}, read());
    });
    return shown;
  });
}"""

EVIL = "Qwen3-EVIL; rm -rf ~ 'x' $(id)"
EVIL_BASE = "Qwen3-30B-A3B"  # the evil entry is a copy of this model's data
PROPERTY_CONFIGS = 1200
_FLAG_OF_LAYOUT = {
    "vllm": {
        "tp": "--tensor-parallel-size",
        "pp": "--pipeline-parallel-size",
        "dp": "--data-parallel-size",
    },
    "sglang": {"pp": "--pp-size", "dp": "--attn-dp-size", "ep": "--ep-size"},
}


def _value(args, flag, default=None):
    for position, arg in enumerate(args[:-1]):
        if arg == flag:
            return args[position + 1]
    return default


def _property_config(rng: random.Random) -> dict:
    config = _random_config(rng)
    config["context"] = rng.choice(
        [config["context"], 40960, 65536, 131072, 262144, 300000, 1010000]
    )
    if rng.random() < 0.08:
        config["model"] = EVIL
    return config


def check_printed(config, shown) -> list[str]:
    """Problems of one printed configuration against the parsers and the rules."""
    name = EVIL_BASE if config["model"] == EVIL else config["model"]
    rules_config = {**config, "model": name}
    engine = config["engine"]
    if _incompatible(config):
        return [] if shown["message"] and not shown["command"] else ["no message"]
    verdict = python_verdict(rules_config)
    if shown["starts"] != ("yes" if verdict["starts"] else "no"):
        return [f"starts {shown['starts']}, the rules say {verdict['starts']}"]
    if not verdict["starts"]:
        return [] if shown["command"] is None else ["a command that would not start"]
    command = shown["command"] or ""
    problems = list(check_script(command))
    problems += check_launch(
        engine,
        command,
        name,
        config["context"],
        config["seqs"],
        weight_bytes(name, config["fmt"]),
        shown["modelfile"],
    )
    invocations = [i for i in find_invocations(command) if i.engine.key == engine]
    args = list(invocations[0].args) if invocations else []
    if engine in ("vllm", "sglang"):
        advised = next(c for c in verdict["found"] if c.ok).layout
        wanted = {"tp": advised.tp, "pp": advised.pp, "dp": advised.dp}
        if engine == "vllm":
            got = {
                key: int(_value(args, flag, 1))
                for key, flag in _FLAG_OF_LAYOUT[engine].items()
            }
            got_ep = "--enable-expert-parallel" in args
        else:
            got = {
                "tp": int(_value(args, "--tp-size"))
                // int(_value(args, "--attn-dp-size", 1)),
                "pp": int(_value(args, "--pp-size", 1)),
                "dp": int(_value(args, "--attn-dp-size", 1)),
            }
            got_ep = _value(args, "--ep-size") is not None
        if got != wanted or got_ep != (advised.ep > 1):
            problems.append(f"layout {got} EP {got_ep}, the advised is {advised}")
        model_word = args[0] if engine == "vllm" else _value(args, "--model-path")
    elif engine == "llama.cpp":
        model_word = _value(args, "-m")
    elif engine == "ollama":
        model_word = shown["modelfile"]
    else:
        model_word = None
    if model_word is not None and config["model"] not in model_word:
        problems.append(f"the model name is not one shell word: {model_word!r}")
    for _, words in shell_commands(command):
        if words[0] not in SAFE_COMMANDS and not words[0].startswith("first_part="):
            problems.append(f"unexpected command {words[0]!r}")
    tree = ast.parse(shown["client"] or "")
    literals = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    expected = config["model"].lower() if engine == "ollama" else config["model"]
    if engine != "llama.cpp" and not any(
        isinstance(v, str) and expected in v for v in literals
    ):
        problems.append("the client's model is not the model")
    if "Coder" in name:
        penalty = (
            "PARAMETER repeat_penalty 1.05" in (shown["modelfile"] or "")
            if engine == "ollama"
            else 'penalty": 1.05' in shown["client"]
        )
        if not penalty:
            problems.append("the Coder preset lacks repetition_penalty 1.05")
    return problems


SAFE_COMMANDS = {"vllm", "python", "llama-server", "llama-gguf-split", "ollama"}
SAFE_COMMANDS |= {"transformers"}


@pytest.fixture
def evil_planner(browser, site_url):  # noqa: F811 (fixtures imported from test_browser)
    """The planner with a hostile model name added to its data file."""
    session = Visit(browser, site_url)

    def inject(route):
        response = route.fetch()
        data = json.loads(response.text())
        data["models"][EVIL] = data["models"][EVIL_BASE]
        data["rules"]["contexts"][EVIL] = data["rules"]["contexts"][EVIL_BASE]
        route.fulfill(response=response, body=json.dumps(data))

    try:
        session.page.route("**/assets/planner-data.json", inject)
        session.goto(PAGE)
        session.page.wait_for_selector("#pl-out table", timeout=30_000)
        yield session
        session.check()
    finally:
        session.close()


def test_every_printed_command_starts_by_parser_and_rules(evil_planner):
    rng = random.Random(20261207)
    configs = EDGE_CONFIGS + ISSUE_CONFIGS
    configs += [_property_config(rng) for _ in range(PROPERTY_CONFIGS)]
    results = evil_planner.page.evaluate(PROPERTY, configs)
    failures, printed, suggested, bare_no = [], 0, 0, []
    for config, shown in zip(configs, results, strict=True):
        for problem in check_printed(config, shown):
            failures.append((config, problem, shown["command"]))
        printed += shown["command"] is not None
        if shown["starts"] == "no" and not shown["patches"]:
            bare_no.append(config)
        for after in shown["suggested"]:
            suggested += 1
            if after["starts"] != "yes":
                failures.append(
                    (after["config"], "a suggestion that does not start", "")
                )
            for problem in check_printed(after["config"], after):
                failures.append((after["config"], problem, after["command"]))
    kinds = sorted({problem for _, problem, _ in failures})
    assert not failures, "\n".join(kinds[:20] + list(map(str, failures[:5])))
    assert len(configs) >= 1000 and printed > 350 and suggested > 200
    print(f"{len(configs)} configurations, {printed} commands, {suggested} suggestions")
    # a bare "no" only where nothing one change away starts
    assert len(bare_no) < len(configs) // 20, "\n".join(
        " ".join(map(str, c.values())) for c in bare_no[:40]
    )
    pairs = zip(configs, results, strict=True)
    evil = [c for c, s in pairs if c["model"] == EVIL and s["command"]]
    assert len(evil) > 10


ISSUE_CONFIGS = [
    dict(zip(FIELDS, values, strict=True))
    for values in [
        # the cases of issue 22: YaRN at 131,072; the 1M route; split GGUF for Ollama;
        # 2 x 8 x A100-40GB; bare "no"s; llama.cpp's own memory rule
        ("Qwen3-235B-A22B", "bf16", "vllm", "bf16", 131072, 1, 80, 8, 2),
        ("Qwen3-235B-A22B-Instruct-2507", "fp8", "vllm", "bf16", 1010000, 1, 80, 8, 1),
        ("Qwen3-235B-A22B", "q4_K_M", "ollama", "bf16", 32768, 1, 80, 2, 1),
        ("Qwen3-235B-A22B", "bf16", "vllm", "bf16", 32768, 1, 40, 8, 2),
        ("Qwen3-8B", "bf16", "vllm", "bf16", 32768, 1, 24, 1, 1),
        ("Qwen3-30B-A3B", "q4_K_M", "ollama", "bf16", 32768, 1, 24, 1, 1),
        ("Qwen3-235B-A22B", "fp8", "vllm", "bf16", 32768, 1, 80, 1, 1),
        ("Qwen3-30B-A3B", "q4_K_M", "llama.cpp", "bf16", 32768, 1, 24, 1, 1),
        (
            "Qwen3-Coder-30B-A3B-Instruct",
            "q4_K_M",
            "ollama",
            "bf16",
            32768,
            1,
            24,
            1,
            1,
        ),
        ("Qwen3-Coder-480B-A35B-Instruct", "fp8", "vllm", "bf16", 32768, 1, 80, 8, 1),
    ]
]


def test_the_issue_cases(planner):
    shown = [planner.page.evaluate(DRIVE, config) for config in ISSUE_CONFIGS]
    yarn, one_m, ollama, a100, qwen8b, ollama30b, h100, llama30b, coder, _ = shown
    assert "--hf-overrides" in yarn["command"] and "factor" in yarn["command"]
    assert one_m["starts"] == "no" and one_m["command"] is None
    assert "not with current releases" in one_m["all"]
    assert "llama-gguf-split --merge" in ollama["command"]
    assert "--pipeline-parallel-size 2" in a100["command"]
    assert "--tensor-parallel-size 8" in a100["command"]
    for case in (qwen8b, h100):
        assert case["starts"] == "no" and "Would start instead" in case["all"]
    assert ollama30b["starts"] == "yes" and llama30b["fits"] == "yes"
    assert "PARAMETER repeat_penalty 1.05" in coder["modelfile"]
