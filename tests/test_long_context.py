"""Long context: the YaRN settings the page shows, and the engine snippets agree with each other."""

from __future__ import annotations

import csv
import json
import math
import re
from importlib.resources import files
from pathlib import Path

import pytest

from qwen3_handbook.architecture import config_for, kv_cache_bytes

SNIPPETS = Path(__file__).resolve().parents[1] / "snippets" / "long-context"


def _yarn_scaling(factor: float, max_positions: int) -> float:
    from transformers.modeling_rope_utils import ROPE_INIT_FUNCTIONS

    yarn = {
        "rope_type": "yarn",
        "factor": factor,
        "original_max_position_embeddings": 32768,
        "rope_theta": 1e6,
    }
    config = config_for(
        "Qwen3-235B-A22B", rope_scaling=yarn, max_position_embeddings=max_positions
    )
    return ROPE_INIT_FUNCTIONS["yarn"](config, "cpu")[1]


@pytest.mark.parametrize(
    ("factor", "positions"), [(4.0, 131072), (2.0, 65536), (2.0, 40960)]
)
def test_installed_transformers_uses_the_explicit_factor(factor, positions):
    # YaRN's attention temperature is 0.1 ln(factor) + 1; the 4.51-4.55 bug would use
    # positions / 32768 instead of the factor (issue 38224).
    assert _yarn_scaling(factor, positions) == pytest.approx(0.1 * math.log(factor) + 1)


def test_config_snippets_are_consistent():
    for name, factor in (("config.json", 4.0), ("config-65k.json", 2.0)):
        config = json.loads((SNIPPETS / name).read_text())
        rope = config["rope_scaling"]
        assert rope == {
            "rope_type": "yarn",
            "factor": factor,
            "original_max_position_embeddings": 32768,
        }
        assert config["max_position_embeddings"] == factor * 32768


@pytest.mark.parametrize(
    ("snippet", "pattern"),
    [
        ("vllm.sh", r"--hf-overrides '(\{.*\})'"),
        ("sglang.sh", r"--json-model-override-args '(\{.*\})'"),
    ],
)
def test_engine_overrides_are_valid_json_with_factor_4(snippet, pattern):
    text = (SNIPPETS / snippet).read_text()
    overrides = json.loads(re.search(pattern, text, re.DOTALL)[1])  # may span lines
    rope = overrides.get("rope_parameters") or overrides["rope_scaling"]
    assert rope["rope_type"] == "yarn"
    assert rope["factor"] == 4.0
    assert rope["original_max_position_embeddings"] == 32768
    assert "131072" in text
    command = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    assert "--rope-scaling" not in command  # removed from vLLM; never in SGLang


def test_llama_cpp_flags():
    text = (SNIPPETS / "llama-cpp.sh").read_text()
    assert "--rope-scaling yarn --rope-scale 4 --yarn-orig-ctx 32768" in text
    assert "-c 131072" in text


def test_kv_cache_at_128k_matches_the_page():
    assert round(kv_cache_bytes("Qwen3-235B-A22B", 131072) / 1e9, 2) == 25.23


def test_ruler_data_matches_table_23():
    with files("qwen3_handbook").joinpath("data/benchmarks_ruler.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 12
    flagship = {row["mode"]: row for row in rows if row["model"] == "Qwen3-235B-A22B"}
    assert flagship["non-thinking"]["131072"] == "90.6"
    assert flagship["thinking"]["average"] == "92.2"
    for row in rows:
        scores = [float(row[str(2**k * 4096)]) for k in range(6)]
        assert all(0 < s <= 100 for s in scores)
        # The report's average is the mean of the six lengths, to one decimal.
        assert abs(sum(scores) / 6 - float(row["average"])) <= 0.06, row["model"]
