# llama.cpp: YaRN from the command line; -c sets the context the server allocates.
# (A split GGUF download is first merged with llama-gguf-split --merge.)
llama-server -m ./Qwen3-235B-A22B-Q4_K_M.gguf \
  --jinja \
  -c 131072 \
  --rope-scaling yarn --rope-scale 4 --yarn-orig-ctx 32768
