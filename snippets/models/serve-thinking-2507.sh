# Qwen3-Thinking-2507: the reply has no opening <think>; the cards' reasoning parser is
# deepseek_r1 (vLLM) / deepseek-r1 (SGLang). The cards' --enable-reasoning is gone from
# vLLM 0.10.0 on: leave it out.
# --8<-- [start:vllm]
vllm serve Qwen/Qwen3-235B-A22B-Thinking-2507 \
    --tensor-parallel-size 8 --max-model-len 262144 \
    --reasoning-parser deepseek_r1 \
    --enable-auto-tool-choice --tool-call-parser hermes
# --8<-- [end:vllm]
# --8<-- [start:sglang]
python -m sglang.launch_server --model-path Qwen/Qwen3-235B-A22B-Thinking-2507 \
    --tp 8 --context-length 262144 \
    --reasoning-parser deepseek-r1 --tool-call-parser qwen
# --8<-- [end:sglang]
