"""How transformers runs the experts of a Qwen3-MoE model: ``grouped_mm`` computes all
routed experts of a layer in grouped matrix products; ``eager`` loops over the experts
one at a time in Python."""

# handbook: requires transformers>=5.0 (experts_implementation is new in 5.0)
import os

from transformers import AutoModelForCausalLM

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")

# --8<-- [start:check]
model = AutoModelForCausalLM.from_pretrained(model_name, dtype="auto")
# transformers 5 picks grouped_mm by default and falls back to eager when it cannot.
print(model.config._experts_implementation)
#> grouped_mm
# --8<-- [end:check]

# --8<-- [start:request]
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", experts_implementation="grouped_mm"
)
print(model.config._experts_implementation)
#> grouped_mm
# --8<-- [end:request]
