# Qwen3-Instruct-2507: no reasoning parser (the model never thinks); JSON tool calls.
# --8<-- [start:vllm]
vllm serve Qwen/Qwen3-235B-A22B-Instruct-2507 \
    --tensor-parallel-size 8 --max-model-len 262144 \
    --enable-auto-tool-choice --tool-call-parser hermes
# --8<-- [end:vllm]
# --8<-- [start:sglang]
python -m sglang.launch_server --model-path Qwen/Qwen3-235B-A22B-Instruct-2507 \
    --tp 8 --context-length 262144 --tool-call-parser qwen
# --8<-- [end:sglang]
