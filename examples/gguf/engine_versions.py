"""The engine version table the handbook checks every command against (engines.json)."""

from qwen3_handbook.engines import engines

# --8<-- [start:table]
print(f"{'engine':<12} {'minimum':<12} {'checked':<9} removed or deprecated flags")
#> engine       minimum      checked   removed or deprecated flags
for engine in engines().values():
    if engine.key in ("llama-gguf-split", "hf"):
        continue  # tools the pages use (checked too), not inference engines
    stale = ", ".join(engine.stale_flags) or "-"
    print(f"{engine.name:<12} {engine.minimum or '-':<12} {engine.checked or '-':<9} {stale}")
    #> vLLM         0.8.5        0.33.0    --enable-reasoning, --rope-scaling, --rope-theta
    #> SGLang       0.4.6.post1  0.5.23    -
    #> llama.cpp    b5092        0c1e570   -
    #> Ollama       0.9.0        -         -
    #> mlx-lm       0.24.0       0.32.2    -
    #> transformers 4.51.0       5.23.0    -
# --8<-- [end:table]
