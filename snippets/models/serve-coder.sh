# Qwen3-Coder: XML tool calls need the qwen3_coder parser in both engines.
# --8<-- [start:vllm]
vllm serve Qwen/Qwen3-Coder-30B-A3B-Instruct \
    --max-model-len 262144 \
    --enable-auto-tool-choice --tool-call-parser qwen3_coder
# --8<-- [end:vllm]
# --8<-- [start:sglang]
python -m sglang.launch_server --model-path Qwen/Qwen3-Coder-30B-A3B-Instruct \
    --context-length 262144 --tool-call-parser qwen3_coder
# --8<-- [end:sglang]
# --8<-- [start:fp8-480b]
# FP8 480B: 2560 / 8 = 320 is not a multiple of the 128-wide FP8 blocks, so TP 8 fails
# to load (Qwen3-Coder README); use TP 4 or expert parallelism.
vllm serve Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8 \
    --tensor-parallel-size 8 --enable-expert-parallel --max-model-len 262144 \
    --enable-auto-tool-choice --tool-call-parser qwen3_coder
# --8<-- [end:fp8-480b]
