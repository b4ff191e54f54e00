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
  function estimate(m, fmt, ctx, seqs, bpv, fraction) {
    const values = m.layers * 2 * m.kv_heads * m.head_dim;
    const kv = Math.trunc(values * bpv) * ctx * seqs;
    const weights = m.weights[fmt];
    const share = fraction === undefined ? D.overhead : fraction;
    const overhead = pyRound(share * (weights + kv));
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
    // qwen3_handbook.parallel.layout_rank: the order the Scale-out page advises
    const key = (c) => {
      const l = c.layout;
      const crosses = m.moe && nodes > 1 && l.ep === 1 && l.tp * l.dp > perNode;
      const advised = l.tp === perNode && l.pp === nodes;
      return [c.ok ? 0 : 1, crosses ? 1 : 0, advised ? 0 : 1, l.pp, l.dp, l.ep];
    };
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
  // qwen3_handbook.launch.cpu_offload: --n-cpu-moe by the engine's memory rule
  function cpuOffload(engine, m, x) {
    const rule = D.rules.memory[engine], sizes = m.expertsByLayer[x.fmt];
    const plan = estimate(m, x.fmt, x.ctx, x.seqs, KV[x.kvName], rule.overhead);
    const usable = usableBytes(engine, x.nodes * x.perNode, x.memGb);
    let onCpu = 0;
    for (let n = 0; n <= sizes.length; n++) {
      if (n) onCpu += sizes[n - 1];
      const onGpu = plan.weights - onCpu + plan.kv;
      if (onGpu + pyRound(rule.overhead * onGpu) <= usable) return [n, onCpu];
    }
    return null;
  }

  // One shell word, as Python's shlex.quote writes it (qwen3_handbook.launch.shell_quote):
  // safe characters stay bare, anything else goes in single quotes.
  function shellQuote(value) {
    const s = String(value);
    if (s === "") return "''";
    if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
    return "'" + s.replace(/'/g, "'\"'\"'") + "'";
  }
  function tokens(n) { return n.toLocaleString("en-US"); }

  // qwen3_handbook.launch.context_route, from the same rules data
  function contextRoute(name, ctx) {
    const c = D.rules.contexts[name];
    const r = { kind: "", native: c.native, maximum: c.maximum, factor: null,
      original: null, startable: false, suggestion: null, reason: "" };
    if (ctx <= c.native) {
      return Object.assign(r, { kind: "native", startable: true,
        reason: tokens(c.native) + " tokens native" });
    }
    if (c.generation === "hybrid") {
      if (c.maximum === c.native) {
        return Object.assign(r, { kind: "too-long", suggestion: c.native,
          reason: name + " stays at " + tokens(c.native) +
            " tokens (no YaRN extension)" });
      }
      for (const [limit, factor] of D.rules.yarnSteps) {
        if (ctx <= limit) {
          return Object.assign(r, { kind: "yarn", startable: true, factor,
            original: D.rules.yarnOriginal, reason: "static YaRN, factor " + factor +
              " over " + tokens(D.rules.yarnOriginal) + " tokens" });
        }
      }
      return Object.assign(r, { kind: "too-long", suggestion: c.maximum,
        reason: name + " reaches " + tokens(c.maximum) +
          " tokens at most (YaRN factor 4)" });
    }
    if (c.generation === "2507" && c.maximum > c.native && ctx <= c.maximum) {
      return Object.assign(r, { kind: "1m-route", suggestion: c.native,
        reason: "above " + tokens(c.native) + " tokens " + name + " needs the 1M " +
          "route: config_1m.json, dual-chunk attention and about " +
          tokens(c.oneMillionGb) + " GB of GPU memory, on an engine build of " +
          "August 2025; vLLM " + D.engines.vllm.checked + " and SGLang " +
          D.engines.sglang.checked + " have no dual-chunk backend " +
          "(not with current releases)" });
    }
    if (c.generation === "coder" && ctx <= c.maximum) {
      return Object.assign(r, { kind: "coder-yarn", suggestion: c.native,
        reason: "above " + tokens(c.native) + " tokens the Coder card extends " +
          "with YaRN to 1M; the pages give no checked override for it" });
    }
    return Object.assign(r, { kind: "too-long", suggestion: c.native,
      reason: name + " reaches " + tokens(c.maximum) + " tokens at most" });
  }
  // qwen3_handbook.launch.yarn_arguments, shell-quoted: the same JSON text as
  // Python's json.dumps writes it
  function yarnArgs(engine, route) {
    if (route.kind !== "yarn") return [];
    const scaling = '"rope_type": "yarn", "factor": ' + route.factor.toFixed(1) +
      ', "original_max_position_embeddings": ' + route.original;
    if (engine === "vllm") {
      return ["--hf-overrides " + shellQuote('{"rope_parameters": {' + scaling +
        ', "rope_theta": ' + D.rules.ropeTheta + "}}")];
    }
    if (engine === "sglang") {
      return ["--json-model-override-args " +
        shellQuote('{"rope_scaling": {' + scaling + "}}")];
    }
    if (engine === "llama.cpp") {
      return ["--rope-scaling yarn", "--rope-scale " + String(route.factor),
        "--yarn-orig-ctx " + route.original];
    }
    return [];
  }
  // qwen3_handbook.launch.usable_bytes
  function usableBytes(engine, gpus, memGb) {
    const rule = D.rules.memory[engine];
    return gpus * Math.max(pyRound(memGb * 1e9 * rule.usable) - rule.reserve, 0);
  }

  // Commands: flags as in planner.py's ENGINE_FLAGS (checked against engines.json)
  function repo(name, fmt) {
    const published = (D.checkpoints[fmt] || {})[name];
    if (published) return published;
    if (fmt === "fp8") return "Qwen/" + name + "-FP8";
    if (fmt === "bf16" || fmt === "fp16") return "Qwen/" + name;
    return "./" + name + "-" + fmt;
  }
  function ggufFile(name, fmt) {
    return "./" + name + "-" + fmt.toUpperCase() + ".gguf";
  }
  function ollamaTag(name, fmt) {
    return name.toLowerCase() + "-" + fmt.toLowerCase();
  }
  function lines(head, args) {
    return [head].concat(args.map((a) => "  " + a)).join(" \\\n");
  }
  function mergeStep(name, fmt) {
    const part = "*" + name + "-" + fmt.toUpperCase() + "-00001-of-*.gguf";
    return "# the download comes in parts (files over the Hub's 50 GB limit): merge\n" +
      "# them into one file (llama-server could also load the first part directly)\n" +
      "first_part=$(find . -name " + shellQuote(part) + " | head -n 1)\n" +
      'llama-gguf-split --merge "$first_part" ' + shellQuote(ggufFile(name, fmt)) +
      "\n";
  }
  function commandFor(engine, name, m, fmt, c, x, route, ncpu) {
    const gen = m.generation, ctx = x.ctx, seqs = x.seqs, nodes = x.nodes;
    if (engine === "vllm") {
      const l = c.layout, args = ["--tensor-parallel-size " + l.tp];
      if (l.pp > 1) args.push("--pipeline-parallel-size " + l.pp);
      if (l.dp > 1) args.push("--data-parallel-size " + l.dp);
      if (l.ep > 1) args.push("--enable-expert-parallel");
      if (nodes > 1) {
        args.push("--distributed-executor-backend ray");
        if (l.dp > 1) args.push("--data-parallel-backend ray");
      }
      args.push(...yarnArgs(engine, route));
      args.push("--max-model-len " + ctx, "--max-num-seqs " + seqs);
      if (x.kvName === "fp8") args.push("--kv-cache-dtype fp8");
      if (gen === "hybrid") args.push("--reasoning-parser qwen3");
      if (gen === "thinking-2507") args.push("--reasoning-parser deepseek_r1");
      const head = nodes > 1 ? "# on the head node of a Ray cluster of " + nodes +
        " nodes\n" : "";
      return head + lines("vllm serve " + shellQuote(repo(name, fmt)), args);
    }
    if (engine === "sglang") {
      const l = c.layout;
      const args = ["--model-path " + shellQuote(repo(name, fmt)),
        "--tp-size " + l.tp * l.dp];
      if (l.dp > 1) args.push("--attn-dp-size " + l.dp);
      if (l.ep > 1) args.push("--ep-size " + l.ep);
      if (l.pp > 1) args.push("--pp-size " + l.pp);
      if (nodes > 1) {
        args.push("--nnodes " + nodes, "--node-rank 0",
          "--dist-init-addr 10.0.0.1:20000");
      }
      args.push(...yarnArgs(engine, route));
      args.push("--context-length " + ctx, "--max-running-requests " + seqs);
      if (x.kvName === "fp8") args.push("--kv-cache-dtype fp8_e4m3");
      if (gen === "hybrid") args.push("--reasoning-parser qwen3");
      if (gen === "thinking-2507") args.push("--reasoning-parser deepseek-r1");
      const head = nodes > 1 ? "# node 0; on node i use --node-rank i\n" : "";
      return head + lines("python -m sglang.launch_server", args);
    }
    const merge = D.rules.ggufFileLimit < m.weights[fmt] ? mergeStep(name, fmt) : "";
    if (engine === "llama.cpp") {
      const p = preset(m);
      const args = ["--jinja"];
      if (gen === "hybrid" || gen === "thinking-2507") {
        args.push("--reasoning-format deepseek");
      }
      args.push("-c " + ctx * seqs, "-np " + seqs, "-ngl 99");
      if (ncpu) args.push("--n-cpu-moe " + ncpu);
      if (x.kvName === "q8_0") {
        args.push("--cache-type-k q8_0", "--cache-type-v q8_0");
      }
      args.push(...yarnArgs(engine, route));
      args.push("--temp " + p.temperature, "--top-k " + p.top_k, "--top-p " + p.top_p);
      if (p.min_p !== null) args.push("--min-p " + p.min_p);
      if (p.repetition_penalty !== null) {
        args.push("--repeat-penalty " + p.repetition_penalty);
      }
      args.push("--host 127.0.0.1", "--port 8080");
      return merge + "# -c is shared by the -np parallel sequences\n" +
        lines("llama-server -m " + shellQuote(ggufFile(name, fmt)), args);
    }
    if (engine === "ollama") {
      const tag = shellQuote(ollamaTag(name, fmt));
      return merge + "ollama create " + tag + " -f Modelfile\nollama run " + tag;
    }
    return "transformers serve";
  }
  function modelfile(name, m, fmt, ctx) {
    const p = preset(m);
    const file = ggufFile(name, fmt);
    // A Modelfile is not a shell script: a name with unusual characters goes in
    // double quotes, as Ollama's parser reads a quoted value.
    const from = /^[A-Za-z0-9_@%+=:,./-]+$/.test(file) ? file : JSON.stringify(file);
    const out = ["FROM " + from, "PARAMETER num_ctx " + ctx,
      "PARAMETER temperature " + p.temperature, "PARAMETER top_p " + p.top_p,
      "PARAMETER top_k " + p.top_k];
    if (p.min_p !== null) out.push("PARAMETER min_p " + p.min_p);
    if (p.repetition_penalty !== null) {
      out.push("PARAMETER repeat_penalty " + p.repetition_penalty);
    }
    out.push('PARAMETER stop "<|im_end|>"');
    return out.join("\n");
  }
  // qwen3_handbook.generations.SAMPLING: the model card's preset of each generation
  function preset(m) { return D.sampling[m.generation]; }
  function client(engine, name, m, fmt) {
    const p = preset(m);
    const model = engine === "ollama" ? ollamaTag(name, fmt)
      : engine === "llama.cpp" ? name : repo(name, fmt);
    const extra = ['"top_k": ' + p.top_k];
    if (p.min_p !== null) extra.push('"min_p": ' + p.min_p);
    if (p.repetition_penalty !== null && engine !== "ollama") {
      const key = engine === "llama.cpp" ? "repeat_penalty" : "repetition_penalty";
      extra.push('"' + key + '": ' + p.repetition_penalty);
    }
    const names = { hybrid: "thinking-mode preset", "instruct-2507": "preset",
      "thinking-2507": "preset", coder: "preset (repetition_penalty 1.05)" };
    return [
      "from openai import OpenAI",
      "",
      'client = OpenAI(base_url="http://localhost:' + PORTS[engine] +
        '/v1", api_key="EMPTY")',
      "response = client.chat.completions.create(",
      "    model=" + JSON.stringify(model) + ",",
      '    messages=[{"role": "user", "content": "Hello"}],',
      "    # the model card's " + names[m.generation] + " (" + p.source + ")",
      "    temperature=" + p.temperature + ",",
      "    top_p=" + p.top_p + ",",
      "    extra_body={" + extra.join(", ") + "},",
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

  function isTp(engine) { return engine === "vllm" || engine === "sglang"; }
  function isGguf(fmt) { return D.ggufFormats.includes(fmt); }
  // A page of the site from the rules data ("guides/long-context.md#x"), relative to
  // this page, found from the data file's own address.
  function pageHref(page) {
    const root = script.dataset.planner.replace(/assets\/planner-data\.json$/, "");
    return root + page.replace(/\.md(#|$)/, "/$1");
  }

  // Combinations the engines do not have at all.
  function incompatible(x) {
    const tpEngine = isTp(x.engine), gguf = isGguf(x.fmt);
    if (tpEngine && !D.layoutFormats.includes(x.fmt)) {
      return ENGINES[x.engine] + " splits " + D.layoutFormats.join(", ") +
        " checkpoints; GGUF files are for llama.cpp and Ollama.";
    }
    if ((x.engine === "llama.cpp" || x.engine === "ollama") && !gguf) {
      return ENGINES[x.engine] + " runs GGUF files: pick " +
        D.ggufFormats.join(", ") + ".";
    }
    if (x.engine === "transformers" && gguf) {
      return "transformers serve loads the safetensors checkpoints: pick bf16, " +
        "fp8, int8 or int4.";
    }
    if (x.kvName === "q8_0" && x.engine !== "llama.cpp") {
      return "A q8_0 KV cache is llama.cpp's; pick bf16 or fp8.";
    }
    if (x.kvName === "fp8" && !tpEngine) {
      return "An fp8 KV cache is for vLLM and SGLang; pick bf16 or q8_0.";
    }
    if (!tpEngine && x.nodes > 1) {
      return ENGINES[x.engine] + " runs on one machine here: set nodes to 1, or " +
        "see Scale out for vLLM and SGLang.";
    }
    return null;
  }

  // Everything the planner decides for one configuration, by the shared rules
  // (qwen3_handbook.launch): the context route, memory by the engine's own rule, the
  // advised layout, llama.cpp's CPU offload of experts.
  function assess(x) {
    const m = D.models[x.name], bpv = KV[x.kvName];
    const r = { m, bpv, route: contextRoute(x.name, x.ctx),
      plan: estimate(m, x.fmt, x.ctx, x.seqs, bpv), problem: incompatible(x),
      found: null, chosen: null, offload: null, enginePlan: null, usable: 0,
      fits: false, memoryOk: false, routeOk: false, ok: false };
    if (r.problem) return r;
    r.routeOk = r.route.startable &&
      (r.route.kind !== "yarn" || D.rules.yarnEngines.includes(x.engine));
    if (isTp(x.engine)) {
      r.found = layouts(m, x.fmt, x.nodes, x.perNode, x.ctx, x.seqs, bpv, x.memGb);
      r.chosen = r.found.find((c) => c.ok) || null;
      r.fits = r.memoryOk = r.chosen !== null;
    } else {
      const rule = D.rules.memory[x.engine];
      r.enginePlan = estimate(m, x.fmt, x.ctx, x.seqs, bpv, rule.overhead);
      r.usable = usableBytes(x.engine, x.nodes * x.perNode, x.memGb);
      r.fits = r.enginePlan.total <= r.usable;
      if (x.engine === "llama.cpp" && m.moe) {
        r.offload = cpuOffload(x.engine, m, x);
        r.memoryOk = r.offload !== null;
      } else {
        r.memoryOk = r.fits;
      }
    }
    r.ok = r.routeOk && r.memoryOk;
    return r;
  }

  // The nearest configurations that would start, each a change of the form: a shorter
  // context, a smaller format, a quantized KV cache, more GPUs, CPU offload of the
  // experts (llama.cpp), fewer sequences.
  function suggest(x, r) {
    const found = [], m = r.m;
    // base: a change already made (a shorter context), its words the prefix
    const tryPatch = (patch, text, base, prefix) => {
      if (found.length >= 4) return false;
      const full = Object.assign({}, base, patch);
      const a = assess(Object.assign({}, x, full));
      if (!a.ok) return false;
      found.push({ patch: full,
        text: prefix + (typeof text === "function" ? text(a) : text) });
      return true;
    };
    const memory = (y, base, prefix) => {
      const family = isTp(y.engine) ? D.layoutFormats
        : isGguf(y.fmt) ? D.ggufFormats : ["bf16", "fp8", "int8", "int4"];
      const smaller = family
        .filter((f) => !f.includes("fp4") && m.weights[f] < m.weights[y.fmt])
        .sort((a, b) => m.weights[b] - m.weights[a]);
      for (const f of smaller) {
        if (tryPatch({ fmt: f }, "the " + f + " weights (" + gb(m.weights[f]) +
          " GB)", base, prefix)) break;
      }
      const kvq = isTp(y.engine) ? "fp8" : y.engine === "llama.cpp" ? "q8_0" : null;
      if (kvq && y.kvName === "bf16") {
        tryPatch({ kvName: kvq }, "an " + kvq + " KV cache (half the KV memory)",
          base, prefix);
      }
      const more = [];
      for (const per of [2, 4, 8, 16]) if (per > y.perNode) more.push({ perNode: per });
      if (isTp(y.engine)) {
        const per = Math.max(y.perNode, 8);
        for (let n = y.nodes + 1; n <= Math.min(y.nodes * 8, LIMITS.nodes[1]); n++) {
          more.push({ perNode: per, nodes: n });
        }
      }
      for (const patch of more) {
        const n = patch.nodes || y.nodes;
        const text = (a) => (n > 1 ? n + " nodes of " : "") + patch.perNode +
          " GPUs of " + y.memGb + " GB" +
          (a.chosen ? " (" + layoutName(a.chosen.layout) + ")" : "");
        if (tryPatch(patch, text, base, prefix)) break;
      }
      if (m.moe && y.engine !== "llama.cpp") {
        const fmt = isGguf(y.fmt) ? y.fmt : "q4_K_M";
        tryPatch({ engine: "llama.cpp", fmt, kvName: "bf16", nodes: 1 }, (a) =>
          "llama.cpp with the " + fmt + " GGUF and the experts of " +
          a.offload[0] + " layers in system RAM (--n-cpu-moe " + a.offload[0] +
          ", " + gb(a.offload[1]) + " GB of RAM)", base, prefix);
      }
      for (let s = Math.floor(y.seqs / 2); s >= 1; s = Math.floor(s / 2)) {
        if (tryPatch({ seqs: s }, s + " concurrent sequence" + (s > 1 ? "s" : ""),
          base, prefix)) break;
      }
    };
    if (!r.routeOk) {
      const noYarnFlag = r.route.kind === "yarn";
      const fixes = [];
      // an engine without a YaRN flag reaches the native context only
      const yarnFlag = D.rules.yarnEngines.includes(x.engine);
      const longest = noYarnFlag || !yarnFlag
        ? Math.min(r.route.native, r.route.suggestion || r.route.native)
        : r.route.suggestion;
      if (longest && longest < x.ctx) {
        fixes.push([{ ctx: longest }, "a context of " + tokens(longest) + " tokens"]);
      }
      if (noYarnFlag) {
        const other = x.engine === "ollama" ? { engine: "llama.cpp" }
          : { engine: "vllm", kvName: "bf16" };
        fixes.push([other, ENGINES[other.engine] + ", which takes the YaRN override"]);
      }
      for (const [patch, text] of fixes) {
        if (tryPatch(patch, text, {}, "")) continue;
        const y = Object.assign({}, x, patch);
        if (assess(y).routeOk) memory(y, patch, text + " and ");
      }
    } else if (!r.memoryOk) {
      memory(x, {}, "");
    }
    return found;
  }

  function memoryTable(r, x) {
    const plan = r.plan;
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
    tr.append(el("td", {}, "Minimum GPUs of " + x.memGb + " GB (vLLM's 90%)"),
      el("td", { id: "pl-min", "data-bare": String(bare), "data-tp": String(tpCount) },
        bare + " (" + tpCount + " for tensor parallel)"));
    body.append(tr);
    summary.append(body);
    return summary;
  }

  function layoutTable(r) {
    const table = el("table", { id: "pl-layouts" });
    const head = el("tr");
    for (const h of ["layout", "status", "weights/GPU (GB)", "KV/GPU (GB)",
      "total/GPU (GB)"]) head.append(el("th", {}, h));
    const thead = el("thead");
    thead.append(head);
    table.append(thead);
    const tb = el("tbody");
    for (const c of r.found) {
      const row = el("tr", { "data-layout": layoutName(c.layout) });
      const notes = c.problems.concat(c.warnings);
      if (c.replication > 1) notes.push("each KV head on " + c.replication + " GPUs");
      const status = c.ok ? "ok" : c.problems.length ? "does not load" : "no room";
      row.append(el("td", {}, layoutName(c.layout)),
        el("td", { "data-status": status }, status + (notes.length ? ": " +
          notes.join("; ") : "")),
        el("td", {}, gb(c.weights)), el("td", {}, gb(c.kv)), el("td", {}, gb(c.total)));
      tb.append(row);
    }
    table.append(tb);
    const scroll = el("div", { class: "planner-scroll", tabindex: "0",
      "aria-label": "Layouts (scrolls sideways)" });
    scroll.append(table);
    return scroll;
  }

  function patchForm(patch) {
    const ids = { name: "pl-model", fmt: "pl-format", engine: "pl-engine",
      kvName: "pl-kv", ctx: "pl-context", seqs: "pl-seqs", memGb: "pl-gb",
      perNode: "pl-gpus", nodes: "pl-nodes" };
    for (const [key, value] of Object.entries(patch)) {
      document.getElementById(ids[key]).value = String(value);
    }
    update();
  }

  // Verdict and command first (they are what a reader on a phone came for), then
  // the memory and the layouts that explain them.
  function render(out, x) {
    const r = assess(x), m = r.m, gpus = x.nodes * x.perNode;
    const details = el("div", { id: "pl-details" });
    details.append(el("h4", {}, "Memory"), memoryTable(r, x));
    if (r.problem) {
      out.append(el("p", { id: "pl-message", class: "planner-message", role: "alert" },
        r.problem), details);
      return;
    }
    const verdict = el("div", { id: "pl-verdict" });
    out.append(verdict);
    const startsP = el("p", { class: "planner-verdict" }, "Starts: ");
    startsP.append(el("strong", { id: "pl-starts" }, r.ok ? "yes" : "no"));
    verdict.append(startsP);
    if (r.route.kind !== "native") {
      const note = r.routeOk ? tokens(x.ctx) + " tokens: " + r.route.reason +
        "; the command adds the override. "
        : r.route.kind === "yarn" ? tokens(x.ctx) + " tokens need YaRN (" +
          r.route.reason + "), which " + ENGINES[x.engine] +
          " takes from no flag here. " : r.route.reason + ". ";
      const p = el("p", { id: "pl-route", class: r.routeOk ? "" : "planner-message" },
        note);
      const page = r.route.kind === "1m-route" ? D.rules.pages.oneMillion
        : D.rules.pages.longContext;
      p.append(el("a", { href: pageHref(page) },
        r.route.kind === "1m-route" ? "The 1M route" : "Long context"));
      verdict.append(p);
    }
    const fitsP = el("p", {}, "Fits: ");
    const fitsText = el("strong", { id: "pl-fits" }, r.fits ? "yes" : "no");
    fitsP.append(fitsText);
    if (isTp(x.engine)) {
      const ok = r.found.filter((c) => c.ok);
      fitsP.append(ok.length ? " — " + ok.length + " of " + r.found.length +
        " layouts of " + gpus + " GPUs load and fit; advised: " +
        layoutName(r.chosen.layout) + " (" + D.rules.memory[x.engine].rule + ")"
        : " — no layout of " + gpus + " GPUs loads and fits (" +
        D.rules.memory[x.engine].rule + ")");
    } else {
      fitsP.append(" in " + gpus + " × " + x.memGb + " GB by " + ENGINES[x.engine] +
        "'s rule: " + gb(r.enginePlan.total) + " GB needed, " + gb(r.usable) +
        " GB usable (" + D.rules.memory[x.engine].rule + ")");
    }
    verdict.append(fitsP);
    if (r.offload !== null || (x.engine === "llama.cpp" && m.moe)) {
      const o = r.offload;
      verdict.append(el("p", { id: "pl-ncpumoe", "data-n": o ? String(o[0]) : "none",
        "data-ram": o ? String(o[1]) : "none" },
        !o ? "Too little VRAM even with every expert in system RAM."
          : o[0] === 0 ? "--n-cpu-moe: not needed, everything fits in VRAM."
          : "--n-cpu-moe " + o[0] + ": the experts of the first " + o[0] +
            " layers stay in system RAM, which then needs " + gb(o[1]) +
            " GB for them."));
    }
    if (!r.ok) {
      const options = suggest(x, r);
      const box = el("div", { id: "pl-suggest" });
      if (options.length) {
        box.append(el("p", {}, "Would start instead:"));
        const list = el("ul");
        for (const s of options) {
          const item = el("li");
          const button = el("button", { type: "button", class: "md-button",
            "data-patch": JSON.stringify(s.patch) }, s.text);
          button.addEventListener("click", () => patchForm(s.patch));
          item.append(button);
          list.append(item);
        }
        box.append(list);
      } else {
        box.append(el("p", {}, "Nothing one change away starts: try a smaller " +
          "model, or more and larger GPUs."));
      }
      verdict.append(box);
    } else {
      const ncpu = r.offload ? r.offload[0] : 0;
      verdict.append(el("h4", {}, "Launch (" + ENGINES[x.engine] + ")"),
        el("pre", { id: "pl-command" },
          commandFor(x.engine, x.name, m, x.fmt, r.chosen, x, r.route, ncpu)));
      if (x.engine === "ollama") {
        verdict.append(el("p", {}, "Modelfile:"),
          el("pre", { id: "pl-modelfile" }, modelfile(x.name, m, x.fmt, x.ctx)));
      }
      verdict.append(el("h4", {}, "Client"),
        el("pre", { id: "pl-client" }, client(x.engine, x.name, m, x.fmt)));
    }
    out.append(details);
    if (!isTp(x.engine)) return;
    const alts = tpAlternatives(m, x.fmt, x.perNode, x.ctx, x.seqs, r.bpv, x.memGb);
    if (alts.length) {
      const plain = divisibility(m, x.fmt, { tp: x.perNode, pp: 1, dp: 1, ep: 1 })
        .filter((p) => !p.startsWith("warning: "));
      const box = el("div", { id: "pl-warning", class: "admonition warning" });
      box.append(el("p", { class: "admonition-title" }, "TP " + x.perNode +
        " does not load"), el("p", {}, plain.join("; ") + ". Instead: " +
        alts.map((c) => layoutName(c.layout) + (c.layout.ep > 1 ? "" : " on " +
        c.layout.tp + " GPUs")).join(", or ") + "."));
      details.append(box);
    }
    details.append(el("h4", {}, "Layouts of " + x.nodes + " × " + x.perNode + " GPUs"),
      layoutTable(r));
  }

  fetch(script.dataset.planner)
    .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then((data) => { D = data; build(); })
    .catch(() => {
      root.append(el("p", { class: "planner-message" },
        "The planner's data did not load; the tables on this page hold the numbers."));
    });
})();
