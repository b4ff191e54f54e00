"""MkDocs hook: the planner's data, generated from qwen3_handbook at build time.

Registered in ``mkdocs.yml`` under ``hooks:``. Writes ``assets/planner-data.json`` (tensor
shapes, bytes per format, GGUF expert bytes per layer, sampling presets, engine flags) and
loads ``assets/planner.js`` on the one page that holds the planner (``<div id="planner">``).
The JavaScript only does arithmetic on this data; ``tests/test_planner.py`` holds its
numbers equal to `qwen3_handbook.memory` and `qwen3_handbook.parallel`.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

DATA_PATH = "assets/planner-data.json"
SCRIPT_PATH = "assets/planner.js"
MARK = '<div id="planner"'

# GPU memory in GB (1e9 bytes) as the vendors sell them.
GPUS: dict[str, float] = {
    "RTX 4090 (24 GB)": 24,
    "L4 (24 GB)": 24,
    "A100 40GB": 40,
    "L40S (48 GB)": 48,
    "RTX 6000 Ada (48 GB)": 48,
    "A100 80GB": 80,
    "H100 (80 GB)": 80,
    "RTX PRO 6000 (96 GB)": 96,
    "H200 (141 GB)": 141,
    "MI300X (192 GB)": 192,
    "MI325X (256 GB)": 256,
    "MI355X (288 GB)": 288,
}
# AMD's GPU specification table (https://rocm.docs.amd.com/en/latest/reference/gpu-specs.html)
# lists 192, 256 and 288 GiB; the planner counts them as GB like the NVIDIA cards, which
# errs on the safe side.

# Published NVFP4 checkpoints (NVIDIA's Hugging Face organisation; the 235B one is the
# vLLM recipe's, recipes.vllm.ai models/Qwen/Qwen3-235B-A22B-Instruct-2507.yaml). Any
# other model in an FP4 format is a checkpoint you quantize yourself ("./<name>-nvfp4").
FP4_CHECKPOINTS: dict[str, dict[str, str]] = {
    "nvfp4": {
        "Qwen3-235B-A22B-Instruct-2507": "nvidia/Qwen3-235B-A22B-Instruct-2507-NVFP4",
        "Qwen3-Coder-480B-A35B-Instruct": "nvidia/Qwen3-Coder-480B-A35B-Instruct-NVFP4",
    },
}

# Flags the generated commands use, per engine key of engines.json. build_data() checks
# each one against the version table, so a renamed flag fails the build.
ENGINE_FLAGS: dict[str, list[str]] = {
    "vllm": [
        "--tensor-parallel-size",
        "--pipeline-parallel-size",
        "--data-parallel-size",
        "--enable-expert-parallel",
        "--distributed-executor-backend",
        "--data-parallel-backend",
        "--max-model-len",
        "--max-num-seqs",
        "--kv-cache-dtype",
        "--reasoning-parser",
        "--hf-overrides",
    ],
    "sglang": [
        "--model-path",
        "--tp-size",
        "--pp-size",
        "--attn-dp-size",
        "--ep-size",
        "--nnodes",
        "--node-rank",
        "--dist-init-addr",
        "--context-length",
        "--max-running-requests",
        "--kv-cache-dtype",
        "--reasoning-parser",
        "--json-model-override-args",
    ],
    "llama.cpp": [
        "-m",
        "--jinja",
        "--reasoning-format",
        "-c",
        "-np",
        "-ngl",
        "--n-cpu-moe",
        "--cache-type-k",
        "--cache-type-v",
        "--temp",
        "--top-k",
        "--top-p",
        "--min-p",
        "--repeat-penalty",
        "--rope-scaling",
        "--rope-scale",
        "--yarn-orig-ctx",
        "--host",
        "--port",
    ],
    "llama-gguf-split": ["--merge"],
    "ollama": ["-f"],
}


def _generation(name: str) -> str:
    if "Coder" in name:
        return "coder"
    if "Thinking-2507" in name:
        return "thinking-2507"
    if "Instruct-2507" in name:
        return "instruct-2507"
    return "hybrid"


@cache
def build_data() -> dict[str, Any]:
    """Everything the planner's JavaScript reads, as JSON-ready data."""
    from dataclasses import asdict

    from qwen3_handbook import engines, launch
    from qwen3_handbook.architecture import MODEL_CONFIGS, context_lengths
    from qwen3_handbook.generations import SAMPLING
    from qwen3_handbook.memory import (
        DEFAULT_OVERHEAD_FRACTION,
        DEFAULT_USABLE_FRACTION,
        QUANT_FORMATS,
        weight_bytes,
    )
    from qwen3_handbook.parallel import (
        GGUF_FORMATS,
        LAYOUT_FORMATS,
        QUANT_BLOCK,
        expert_bytes_by_layer,
        model_shape,
        weight_parts,
    )

    for key, flags in ENGINE_FLAGS.items():
        item = engines.engine(key)
        known = set().union(*item.known_flags.values())
        missing = [flag for flag in flags if flag not in known]
        if missing:
            raise ValueError(f"planner: {item.name} {item.checked} lacks {missing}")
    models = {}
    for name in MODEL_CONFIGS:  # every registered model: original, 2507, Coder
        shape = model_shape(name)
        entry: dict[str, Any] = {
            **shape,
            "generation": _generation(name),
            "context": list(context_lengths(name)),
            "weights": {fmt: weight_bytes(name, fmt) for fmt in QUANT_FORMATS},
            "parts": {fmt: weight_parts(name, fmt) for fmt in LAYOUT_FORMATS},
        }
        if MODEL_CONFIGS[name]["architecture"] == "moe":
            entry["expertsByLayer"] = {
                fmt: list(expert_bytes_by_layer(name, fmt)) for fmt in GGUF_FORMATS
            }
        models[name] = entry
    return {
        "models": models,
        "formats": {
            fmt: {"kind": quant.kind, "description": quant.description}
            for fmt, quant in QUANT_FORMATS.items()
        },
        "layoutFormats": list(LAYOUT_FORMATS),
        "ggufFormats": list(GGUF_FORMATS),
        "blocks": {fmt: list(block) for fmt, block in QUANT_BLOCK.items()},
        "overhead": DEFAULT_OVERHEAD_FRACTION,
        "usable": DEFAULT_USABLE_FRACTION,
        "gpus": GPUS,
        "sampling": {key: asdict(preset) for key, preset in SAMPLING.items()},
        "checkpoints": FP4_CHECKPOINTS,
        "rules": launch.rules_data(),
        "engines": {
            key: {
                "name": engines.engine(key).name,
                "checked": engines.engine(key).checked,
            }
            for key in ENGINE_FLAGS
        },
    }


def on_files(files: Files, config) -> Files:
    """Add the planner's data file to the site."""
    content = json.dumps(build_data(), separators=(",", ":"))
    files.append(File.generated(config, DATA_PATH, content=content))
    return files


def on_post_page(output: str, page, config) -> str:
    """Load planner.js, with the data file's address, only where the planner is."""
    if MARK not in output:
        return output
    script = get_relative_url(SCRIPT_PATH, page.url)
    data = get_relative_url(DATA_PATH, page.url)
    tag = f'<script src="{script}" data-planner="{data}" defer></script>'
    return output.replace("</body>", tag + "\n</body>", 1)
