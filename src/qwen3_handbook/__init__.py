"""Helpers used by the Qwen3 Handbook's examples.

* `qwen3_handbook.architecture`: exact parameter counts and KV-cache sizes of Qwen3 models.
* `qwen3_handbook.thinking`: split a hybrid-thinking reply into its thinking and its answer.
* `qwen3_handbook.sampling`: the model card's recommended sampling settings.
* `qwen3_handbook.tiny`: the tiny offline Qwen3-MoE checkpoint the examples are tested on.
"""

__version__ = "0.1.0"

DEFAULT_MODEL_ID = "Qwen/Qwen3-235B-A22B"
"""The model the examples load when the ``QWEN3_MODEL`` environment variable is unset."""
