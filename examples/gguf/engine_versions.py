"""The engine version table the handbook checks every command against (engines.json)."""

from qwen3_handbook.engines import engines
from qwen3_handbook.report import Table

# --8<-- [start:table]
rows = []
for engine in engines().values():
    if engine.key in ("llama-gguf-split", "hf"):
        continue  # tools the pages use (checked too), not inference engines
    stale = ", ".join(engine.stale_flags) or "none"
    rows.append([engine.name, engine.minimum, engine.checked, stale])
print(Table(["engine", "minimum", "checked", "removed or deprecated flags"], rows))
"""
engine        minimum      checked  removed or deprecated flags
------------  -----------  -------  ------------------------------------------------
vLLM          0.8.5         0.34.0  --enable-reasoning, --rope-scaling, --rope-theta
SGLang        0.4.6.post1   0.5.23  none
llama.cpp     b5092        0c1e570  none
Ollama        0.9.0                 none
mlx-lm        0.24.0        0.32.2  none
transformers  4.51.0        5.23.0  none
"""
# --8<-- [end:table]
