// The Qwen3 Handbook planner: memory, GPU count, parallel layouts and launch commands.
// Arithmetic only: every shape and byte count comes from planner-data.json, which
// qwen3_handbook writes at build time; tests/test_planner.py holds the numbers equal to
// qwen3_handbook.memory and qwen3_handbook.parallel. No dependencies, no network but
// the data file.
(function () {
  "use strict";
  const script = document.currentScript;
  const root = document.getElementById("planner");
  if (!root || !script) return;

  const ENGINES = {
    vllm: "vLLM", sglang: "SGLang", "llama.cpp": "llama.cpp",
    ollama: "Ollama", transformers: "transformers",
  };
  const KV = { bf16: 2, fp8: 1, q8_0: 1.0625 };
  const PORTS = {
    vllm: 8000, sglang: 30000, "llama.cpp": 8080, ollama: 11434, transformers: 8000,
  };
  // Bounds keep every byte count below 2^53, where doubles count bytes exactly.
  const LIMITS = {
    context: [1, 1048576], seqs: [1, 4096], gb: [0.001, 10000], gpus: [1, 16],
    nodes: [1, 64],
  };
  let D = null;

  // Python's round(): halves go to the even neighbour.
  function pyRound(x) {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }
  function gb(bytes) { return (bytes / 1e9).toFixed(1); }
  function divisors(n) {
    const out = [];
    for (let d = 1; d <= n; d++) if (n % d === 0) out.push(d);
    return out;
  }
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // qwen3_handbook.memory.estimate and gpus_needed
  function estimate(m, fmt, ctx, seqs, bpv) {
    const values = m.layers * 2 * m.kv_heads * m.head_dim;
    const kv = Math.trunc(values * bpv) * ctx * seqs;
    const weights = m.weights[fmt];
    const overhead = pyRound(D.overhead * (weights + kv));
    return { weights, kv, overhead, total: weights + kv + overhead };
  }
  function gpusNeeded(total, memGb, powerOfTwo) {
    let count = Math.ceil(total / (memGb * 1e9 * D.usable));
    if (!powerOfTwo) return count;
    let p = 1;
    while (p < count) p *= 2;
    return p;
  }

  // qwen3_handbook.parallel
  function layoutName(l) {
    let t = "TP " + l.tp;
    if (l.pp > 1) t += " x PP " + l.pp;
    if (l.dp > 1) t += " x DP " + l.dp;
    if (l.ep > 1) t += " x EP " + l.ep;
    return t;
  }
  function split(problems, what, size, parts, block) {
    if (size % parts) {
      problems.push(what + " " + size + " does not split into " + parts +
        " equal parts");
      return;
    }
    const shard = size / parts;
    if (block && shard % block[1]) {
      problems.push(block[0] + ": " + what + " " + size + " / " + parts + " = " +
        shard + ", not a multiple of " + block[1]);
    }
  }
  function divisibility(m, fmt, l) {
    const block = D.blocks[fmt] || null;
    const problems = [];
    const tp = l.tp, heads = m.attention_heads, kv = m.kv_heads;
    if (heads % tp) {
      problems.push(heads + " attention heads do not split over TP " + tp);
    }
    if ((tp <= kv ? kv % tp : tp % kv) !== 0) {
      problems.push(kv + " KV heads neither split over nor replicate to TP " + tp);
    }
    if (m.moe) {
      if (l.ep > 1) {
        if (m.experts % l.ep) {
          problems.push(m.experts + " experts do not split over EP " + l.ep);
        }
      } else {
        const found = [];
        const moeTp = tp * l.dp;
        split(found, "moe_intermediate_size", m.moe_intermediate_size, moeTp, block);
        for (const p of found) {
          const gptq = (fmt === "int4" || fmt === "int8") && p.startsWith("GPTQ");
          const slower = " (vLLM leaves Marlin for a slower kernel)";
          problems.push(gptq ? "warning: " + p + slower : p);
        }
      }
    } else {
      split(problems, "intermediate_size", m.intermediate_size, tp, block);
    }
    if (!problems.length && fmt === "fp8" &&
        (Math.floor(heads / tp) * m.head_dim) % 128) {
      problems.push(block[0] + ": the attention shard is not a multiple of 128");
    }
    if (l.pp > m.layers) {
      problems.push("PP " + l.pp + " exceeds the " + m.layers + " layers");
    }
    return problems;
  }
  function checkLayout(m, fmt, l, ctx, seqs, bpv, memGb) {
    const found = divisibility(m, fmt, l);
    const problems = found.filter((p) => !p.startsWith("warning: "));
    const warnings = found.filter((p) => p.startsWith("warning: "))
      .map((p) => p.slice(9));
    const parts = m.parts[fmt], tp = l.tp, kv = m.kv_heads;
    const kvPerRank = Math.max(Math.floor(kv / tp), 1);
    const stage = Math.ceil(m.layers / l.pp);
    const moeShare = l.ep > 1 ? l.ep : tp * l.dp;
    const perLayer = parts.attn / tp + parts.kv_proj * kvPerRank / kv +
      parts.experts / moeShare + parts.mlp / tp + parts.replicated;
    const ends = l.pp === 1 ? (parts.embed + parts.output) / tp
      : Math.max(parts.embed, parts.output) / tp;
    const weights = perLayer * stage + ends;
    const sequences = Math.ceil(seqs / l.dp);
    const kvBytes = stage * 2 * kvPerRank * m.head_dim * bpv * ctx * sequences;
    const overhead = D.overhead * (weights + kvBytes);
    const usable = pyRound(memGb * 1e9 * D.usable);
    const w = pyRound(weights), k = pyRound(kvBytes), o = pyRound(overhead);
    const total = w + k + o;
    return {
      layout: l, problems, warnings, replication: Math.max(Math.floor(tp / kv), 1),
      weights: w, kv: k, overhead: o, total, fits: total <= usable,
      ok: !problems.length && total <= usable,
    };
  }
  function layouts(m, fmt, nodes, perNode, ctx, seqs, bpv, memGb) {
    const total = nodes * perNode, found = [];
    for (const tp of divisors(perNode)) {
      for (const pp of divisors(total / tp)) {
        const dp = total / tp / pp;
        const eps = m.moe && tp * dp > 1 ? [1, tp * dp] : [1];
        for (const ep of eps) {
          found.push(checkLayout(m, fmt, { tp, pp, dp, ep }, ctx, seqs, bpv, memGb));
        }
      }
    }
    const key = (c) => [c.ok ? 0 : 1, c.layout.pp, c.layout.dp, c.layout.ep];
    found.sort((a, b) => {
      const ka = key(a), kb = key(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
      return 0;
    });
    return found;
  }
  function tpAlternatives(m, fmt, tp, ctx, seqs, bpv, memGb) {
    const plain = divisibility(m, fmt, { tp, pp: 1, dp: 1, ep: 1 });
    if (!plain.filter((p) => !p.includes("warning")).length) return [];
    const check = (l) => checkLayout(m, fmt, l, ctx, seqs, bpv, memGb);
    const found = [];
    if (m.moe && tp > 1) {
      const c = check({ tp, pp: 1, dp: 1, ep: tp });
      if (c.ok) found.push(c);
    }
    for (let t = tp - 1; t > 0; t--) {
      if (tp % t) continue;
      const c = check({ tp: t, pp: 1, dp: 1, ep: 1 });
      if (c.ok) { found.push(c); break; }
    }
    return found;
  }
  function nCpuMoe(m, fmt, vramGb, plan) {
    const sizes = m.expertsByLayer[fmt];
    const usable = vramGb * 1e9 * D.usable;
    let onCpu = 0;
    for (let n = 0; n <= sizes.length; n++) {
      if (n) onCpu += sizes[n - 1];
      const onGpu = plan.weights - onCpu + plan.kv;
      if (onGpu + pyRound(D.overhead * onGpu) <= usable) return [n, onCpu];
    }
    return null;
  }

  // Commands: flags as in planner.py's ENGINE_FLAGS (checked against engines.json)
  function repo(name, fmt) {
    if (fmt === "fp8") return "Qwen/" + name + "-FP8";
    if (fmt === "int4" || fmt === "int8") return "./" + name + "-" + fmt;
    return "Qwen/" + name;
  }
  function ggufFile(name, fmt) {
    return "./" + name + "-" + fmt.toUpperCase() + ".gguf";
  }
  function lines(head, args) {
    return [head].concat(args.map((a) => "  " + a)).join(" \\\n");
  }
  function commandFor(engine, name, m, fmt, c, ctx, seqs, kvName, nodes, ncpu) {
    const gen = m.generation;
    if (engine === "vllm") {
      const l = c.layout, args = ["--tensor-parallel-size " + l.tp];
      if (l.pp > 1) args.push("--pipeline-parallel-size " + l.pp);
      if (l.dp > 1) args.push("--data-parallel-size " + l.dp);
      if (l.ep > 1) args.push("--enable-expert-parallel");
      if (nodes > 1) {
        args.push("--distributed-executor-backend ray");
        if (l.dp > 1) args.push("--data-parallel-backend ray");
      }
      args.push("--max-model-len " + ctx, "--max-num-seqs " + seqs);
      if (kvName === "fp8") args.push("--kv-cache-dtype fp8");
      if (gen === "hybrid") args.push("--reasoning-parser qwen3");
      if (gen === "thinking-2507") args.push("--reasoning-parser deepseek_r1");
      const head = nodes > 1 ? "# on the head node of a Ray cluster of " + nodes +
        " nodes\n" : "";
      return head + lines("vllm serve " + repo(name, fmt), args);
    }
    if (engine === "sglang") {
      const l = c.layout;
      const args = ["--model-path " + repo(name, fmt), "--tp-size " + l.tp * l.dp];
      if (l.dp > 1) args.push("--attn-dp-size " + l.dp);
      if (l.ep > 1) args.push("--ep-size " + l.ep);
      if (l.pp > 1) args.push("--pp-size " + l.pp);
      if (nodes > 1) {
        args.push("--nnodes " + nodes, "--node-rank 0",
          "--dist-init-addr 10.0.0.1:20000");
      }
      args.push("--context-length " + ctx, "--max-running-requests " + seqs);
      if (kvName === "fp8") args.push("--kv-cache-dtype fp8_e4m3");
      if (gen === "hybrid") args.push("--reasoning-parser qwen3");
      if (gen === "thinking-2507") args.push("--reasoning-parser deepseek-r1");
      const head = nodes > 1 ? "# node 0; on node i use --node-rank i\n" : "";
      return head + lines("python -m sglang.launch_server", args);
    }
    if (engine === "llama.cpp") {
      const p = preset(m);
      const args = ["--jinja"];
      if (gen === "hybrid" || gen === "thinking-2507") {
        args.push("--reasoning-format deepseek");
      }
      args.push("-c " + ctx * seqs, "-np " + seqs, "-ngl 99");
      if (ncpu) args.push("--n-cpu-moe " + ncpu);
      if (kvName === "q8_0") args.push("--cache-type-k q8_0", "--cache-type-v q8_0");
      args.push("--temp " + p.temperature, "--top-k " + p.top_k, "--top-p " + p.top_p,
        "--min-p " + p.min_p, "--host 127.0.0.1", "--port 8080");
      return "# -c is shared by the -np parallel sequences\n" +
        lines("llama-server -m " + ggufFile(name, fmt), args);
    }
    if (engine === "ollama") {
      const tag = name.toLowerCase() + "-" + fmt.toLowerCase();
      return "ollama create " + tag + " -f Modelfile\nollama run " + tag;
    }
    return "transformers serve";
  }
  function modelfile(name, m, fmt, ctx) {
    const p = preset(m);
    return ["FROM " + ggufFile(name, fmt), "PARAMETER num_ctx " + ctx,
      "PARAMETER temperature " + p.temperature, "PARAMETER top_p " + p.top_p,
      "PARAMETER top_k " + p.top_k, "PARAMETER min_p " + p.min_p,
      'PARAMETER stop "<|im_end|>"'].join("\n");
  }
  function preset(m) {
    const g = m.generation;
    return g === "instruct-2507" || g === "coder" ? D.presets.nonThinking
      : D.presets.thinking;
  }
  function client(engine, name, m, fmt) {
    const p = preset(m);
    const model = engine === "ollama" ? name.toLowerCase() + "-" + fmt.toLowerCase()
      : engine === "llama.cpp" ? name : repo(name, fmt);
    const mode = p === D.presets.thinking ? "thinking" : "non-thinking";
    return [
      "from openai import OpenAI",
      "",
      'client = OpenAI(base_url="http://localhost:' + PORTS[engine] +
        '/v1", api_key="EMPTY")',
      "response = client.chat.completions.create(",
      '    model="' + model + '",',
      '    messages=[{"role": "user", "content": "Hello"}],',
      m.generation === "coder"
        ? "    # the Qwen3 card's non-thinking preset; see the Coder card for its own"
        : "    # the Qwen3 model card's " + mode + " preset",
      "    temperature=" + p.temperature + ",",
      "    top_p=" + p.top_p + ",",
      '    extra_body={"top_k": ' + p.top_k + ', "min_p": ' + p.min_p + "},",
      ")",
      "print(response.choices[0].message.content)",
    ].join("\n");
  }

  // The form
  function field(label, input, id) {
    const wrap = el("label", { class: "planner-field", for: id });
    wrap.append(el("span", {}, label), input);
    input.id = id;
    return wrap;
  }
  function select(options, value) {
    const s = el("select");
    for (const [v, text] of options) {
      const o = el("option", { value: v }, text);
      if (v === value) o.selected = true;
      s.append(o);
    }
    return s;
  }
  function number(value, min, step) {
    return el("input", { type: "number", value, min, step: step || "1",
      inputmode: "numeric" });
  }

  function build() {
    root.textContent = "";
    const style = el("style");
    style.textContent =
      "#planner .planner-form{display:grid;gap:.6rem;" +
      "grid-template-columns:repeat(auto-fit,minmax(7.5rem,1fr))}" +
      "#planner .planner-field{display:flex;flex-direction:column;font-size:.75rem}" +
      "#planner select,#planner input{font:inherit;padding:.3rem;min-width:0;" +
      "border:1px solid var(--md-default-fg-color--lighter);border-radius:.2rem;" +
      "background:var(--md-default-bg-color);color:var(--md-default-fg-color)}" +
      "#planner .planner-scroll{overflow-x:auto}" +
      "#planner .planner-message{color:var(--md-typeset-a-color);font-weight:700}" +
      "#planner pre{white-space:pre;overflow-x:auto;padding:.6rem;" +
      "background:var(--md-code-bg-color);font-size:.7rem}";
    root.append(style);
    const models = Object.keys(D.models).map((n) => [n, n]);
    const formats = Object.keys(D.formats).map((f) => [f, f]);
    const gpus = Object.entries(D.gpus).map(([n, g]) => [String(g) + "|" + n, n]);
    gpus.push(["custom", "custom size"]);
    const form = el("form", { class: "planner-form", "aria-label": "Planner inputs" });
    form.append(
      field("Model", select(models, "Qwen3-235B-A22B"), "pl-model"),
      field("Weight format", select(formats, "fp8"), "pl-format"),
      field("Engine", select(Object.entries(ENGINES), "vllm"), "pl-engine"),
      field("Context (tokens)", number("32768", "1"), "pl-context"),
      field("Concurrent sequences", number("1", "1"), "pl-seqs"),
      field("KV cache", select([["bf16", "bf16 (2 bytes)"], ["fp8", "fp8 (1 byte)"],
        ["q8_0", "q8_0 (llama.cpp)"]], "bf16"), "pl-kv"),
      field("GPU", select(gpus, "80|H100 (80 GB)"), "pl-gpu"),
      field("GB per GPU", number("80", "0", "any"), "pl-gb"),
      field("GPUs per node", number("8", "1"), "pl-gpus"),
      field("Nodes", number("1", "1"), "pl-nodes"),
    );
    form.addEventListener("submit", (e) => e.preventDefault());
    root.append(form, el("div", { id: "pl-out", "aria-live": "polite" }));
    const gpuSel = form.querySelector("#pl-gpu"), gbIn = form.querySelector("#pl-gb");
    gpuSel.addEventListener("change", () => {
      if (gpuSel.value !== "custom") gbIn.value = gpuSel.value.split("|")[0];
      update();
    });
    gbIn.addEventListener("input", () => {
      const match = [...gpuSel.options]
        .find((o) => o.value.split("|")[0] === gbIn.value);
      gpuSel.value = match ? match.value : "custom";
    });
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  function readInt(id, label, limits) {
    const raw = document.getElementById(id).value.trim();
    if (raw === "") throw new Error("Enter the " + label + ".");
    const v = Number(raw);
    if (!Number.isInteger(v)) throw new Error(label + " must be a whole number.");
    if (v < limits[0] || v > limits[1]) {
      throw new Error(label + " must be between " + limits[0].toLocaleString("en-US") +
        " and " + limits[1].toLocaleString("en-US") + ".");
    }
    return v;
  }
  function readGb() {
    const raw = document.getElementById("pl-gb").value.trim();
    if (raw === "") throw new Error("Enter the GB per GPU.");
    const v = Number(raw);
    if (!Number.isFinite(v) || v < LIMITS.gb[0] || v > LIMITS.gb[1]) {
      throw new Error("GB per GPU must be a number above 0 and at most 10,000.");
    }
    return v;
  }

  function update() {
    const out = document.getElementById("pl-out");
    out.textContent = "";
    let inputs;
    try {
      inputs = {
        name: document.getElementById("pl-model").value,
        fmt: document.getElementById("pl-format").value,
        engine: document.getElementById("pl-engine").value,
        kvName: document.getElementById("pl-kv").value,
        ctx: readInt("pl-context", "context", LIMITS.context),
        seqs: readInt("pl-seqs", "number of sequences", LIMITS.seqs),
        memGb: readGb(),
        perNode: readInt("pl-gpus", "GPUs per node", LIMITS.gpus),
        nodes: readInt("pl-nodes", "number of nodes", LIMITS.nodes),
      };
    } catch (error) {
      out.append(el("p", { id: "pl-message", class: "planner-message", role: "alert" },
        error.message));
      return;
    }
    render(out, inputs);
  }

  function render(out, x) {
    const m = D.models[x.name], bpv = KV[x.kvName];
    const plan = estimate(m, x.fmt, x.ctx, x.seqs, bpv);
    const gpus = x.nodes * x.perNode;
    const summary = el("table", { id: "pl-summary" });
    const rows = [
      ["Weights", "pl-weights", plan.weights], ["KV cache", "pl-kv-cache", plan.kv],
      ["Overhead (10%)", "pl-overhead", plan.overhead],
      ["Total", "pl-total", plan.total],
    ];
    const body = el("tbody");
    for (const [label, id, bytes] of rows) {
      const tr = el("tr");
      tr.append(el("td", {}, label), el("td", { id, "data-bytes": String(bytes) },
        gb(bytes) + " GB"));
      body.append(tr);
    }
    const bare = gpusNeeded(plan.total, x.memGb, false);
    const tpCount = gpusNeeded(plan.total, x.memGb, true);
    const tr = el("tr");
    tr.append(el("td", {}, "Minimum GPUs of " + x.memGb + " GB"),
      el("td", { id: "pl-min", "data-bare": String(bare), "data-tp": String(tpCount) },
        bare + " (" + tpCount + " for tensor parallel)"));
    body.append(tr);
    summary.append(body);
    out.append(el("h4", {}, "Memory"), summary);
    if (x.ctx > m.context[1]) {
      out.append(el("p", { class: "planner-message" }, x.name + " reaches " +
        m.context[1].toLocaleString("en-US") + " tokens at most (with YaRN)."));
    }

    const msg = (text) => out.append(el("p", { id: "pl-message",
      class: "planner-message", role: "alert" }, text));
    const tpEngine = x.engine === "vllm" || x.engine === "sglang";
    const gguf = D.ggufFormats.includes(x.fmt);
    if (tpEngine && !D.layoutFormats.includes(x.fmt)) {
      return msg(ENGINES[x.engine] + " splits bf16, fp8 and GPTQ/AWQ (int4, int8) " +
        "checkpoints; GGUF files are for llama.cpp and Ollama.");
    }
    if ((x.engine === "llama.cpp" || x.engine === "ollama") && !gguf) {
      return msg(ENGINES[x.engine] + " runs GGUF files: pick q8_0, q6_K, q5_K_M, " +
        "q5_0 or q4_K_M.");
    }
    if (x.engine === "transformers" && gguf) {
      return msg("transformers serve loads the safetensors checkpoints: pick bf16, " +
        "fp8, int8 or int4.");
    }
    if (x.kvName === "q8_0" && x.engine !== "llama.cpp") {
      return msg("A q8_0 KV cache is llama.cpp's; pick bf16 or fp8.");
    }
    if (x.kvName === "fp8" && (x.engine === "llama.cpp" || x.engine === "ollama" ||
        x.engine === "transformers")) {
      return msg("An fp8 KV cache is for vLLM and SGLang; pick bf16 or q8_0.");
    }
    if (!tpEngine && x.nodes > 1) {
      return msg(ENGINES[x.engine] + " runs on one machine here: set nodes to 1, or " +
        "see Scale out for vLLM and SGLang.");
    }

    let chosen = null, ncpu = 0;
    if (tpEngine) {
      const found = layouts(m, x.fmt, x.nodes, x.perNode, x.ctx, x.seqs, bpv, x.memGb);
      const ok = found.filter((c) => c.ok);
      chosen = ok[0] || null;
      const fitsP = el("p", {}, "Fits: ");
      fitsP.append(el("strong", { id: "pl-fits" }, ok.length ? "yes" : "no"),
        ok.length ? " — " + ok.length + " of " + found.length + " layouts of " +
        gpus + " GPUs load and fit" : " — no layout of " + gpus +
        " GPUs loads and fits");
      out.append(fitsP);
      const alts = tpAlternatives(m, x.fmt, x.perNode, x.ctx, x.seqs, bpv, x.memGb);
      if (alts.length) {
        const plain = divisibility(m, x.fmt, { tp: x.perNode, pp: 1, dp: 1, ep: 1 })
          .filter((p) => !p.startsWith("warning: "));
        const box = el("div", { id: "pl-warning", class: "admonition warning" });
        box.append(el("p", { class: "admonition-title" }, "TP " + x.perNode +
          " does not load"), el("p", {}, plain.join("; ") + ". Instead: " +
          alts.map((c) => layoutName(c.layout) + (c.layout.ep > 1 ? "" : " on " +
          c.layout.tp + " GPUs")).join(", or ") + "."));
        out.append(box);
      }
      const table = el("table", { id: "pl-layouts" });
      const head = el("tr");
      for (const h of ["layout", "weights/GPU (GB)", "KV/GPU (GB)", "total/GPU (GB)",
        "status"]) head.append(el("th", {}, h));
      const thead = el("thead");
      thead.append(head);
      table.append(thead);
      const tb = el("tbody");
      for (const c of found) {
        const row = el("tr", { "data-layout": layoutName(c.layout) });
        const notes = c.problems.concat(c.warnings);
        if (c.replication > 1) notes.push("each KV head on " + c.replication + " GPUs");
        const status = c.ok ? "ok" : c.problems.length ? "does not load" : "no room";
        row.append(el("td", {}, layoutName(c.layout)), el("td", {}, gb(c.weights)),
          el("td", {}, gb(c.kv)), el("td", {}, gb(c.total)),
          el("td", { "data-status": status }, status + (notes.length ? ": " +
            notes.join("; ") : "")));
        tb.append(row);
      }
      table.append(tb);
      const scroll = el("div", { class: "planner-scroll" });
      scroll.append(table);
      out.append(el("h4", {}, "Layouts of " + x.nodes + " × " + x.perNode + " GPUs"),
        scroll);
    } else {
      const usable = gpus * x.memGb * 1e9 * D.usable;
      const fits = plan.total <= usable;
      const fitsP = el("p", {}, "Fits in " + gpus + " × " + x.memGb + " GB: ");
      fitsP.append(el("strong", { id: "pl-fits" }, fits ? "yes" : "no"));
      out.append(fitsP);
      if (x.engine === "llama.cpp" && m.moe) {
        const r = nCpuMoe(m, x.fmt, gpus * x.memGb, plan);
        const p = el("p", { id: "pl-ncpumoe", "data-n": r ? String(r[0]) : "none",
          "data-ram": r ? String(r[1]) : "none" });
        p.textContent = !r ? "Too little VRAM even with every expert in system RAM." :
          r[0] === 0 ? "--n-cpu-moe: not needed, everything fits in VRAM." :
          "--n-cpu-moe " + r[0] + ": the experts of the first " + r[0] +
          " layers stay in system RAM, which then needs " + gb(r[1]) + " GB for them.";
        out.append(p);
        if (!r) return;
        ncpu = r[0];
      } else if (!fits) {
        return;
      }
    }
    if (tpEngine && !chosen) return;
    const command = commandFor(x.engine, x.name, m, x.fmt, chosen, x.ctx, x.seqs,
      x.kvName, x.nodes, ncpu);
    out.append(el("h4", {}, "Launch (" + ENGINES[x.engine] + ")"),
      el("pre", { id: "pl-command" }, command));
    if (x.engine === "ollama") {
      out.append(el("p", {}, "Modelfile:"),
        el("pre", { id: "pl-modelfile" }, modelfile(x.name, m, x.fmt, x.ctx)));
    }
    out.append(el("h4", {}, "Client"),
      el("pre", { id: "pl-client" }, client(x.engine, x.name, m, x.fmt)));
  }

  fetch(script.dataset.planner)
    .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then((data) => { D = data; build(); })
    .catch(() => {
      root.append(el("p", { class: "planner-message" },
        "The planner's data did not load; the tables on this page hold the numbers."));
    });
})();
