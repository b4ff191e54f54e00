# The 1M-token route of the 235B and 30B 2507 cards: swap in config_1m.json (Dual
# Chunk Attention + sparse attention). Needs ~1000 GB of GPU memory for 235B-A22B,
# ~240 GB for 30B-A3B (cards).
# --8<-- [start:swap]
export MODELNAME=Qwen3-235B-A22B-Instruct-2507
hf download Qwen/${MODELNAME} --local-dir ${MODELNAME}
mv ${MODELNAME}/config.json ${MODELNAME}/config.json.bak
cp ${MODELNAME}/config_1m.json ${MODELNAME}/config.json
# --8<-- [end:swap]
