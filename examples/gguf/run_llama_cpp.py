"""Chat with a Qwen3 GGUF through llama.cpp's Python bindings (pip install
llama-cpp-python).

# handbook: no-run (llama-cpp-python builds llama.cpp from source; test_gguf.py runs it)
"""
# handbook: output-label Output (tiny test model)

import os

from llama_cpp import Llama

from qwen3_handbook.sampling import THINKING
from qwen3_handbook.thinking import split_thinking_text

# --8<-- [start:load]
gguf_path = os.environ.get("QWEN3_GGUF", "Qwen3-235B-A22B-Q4_K_M.gguf")
llm = Llama(
    model_path=gguf_path,  # for a split GGUF, the first part (...-00001-of-0000N.gguf)
    n_ctx=40960,  # 32,768 tokens of output plus room for the prompt
    n_gpu_layers=-1,  # every layer on the GPU when the bindings are built with one
    seed=0,
    verbose=False,
)
print(llm.metadata["general.architecture"])
#> qwen3moe
# --8<-- [end:load]

# --8<-- [start:chat]
# The chat template stored in the GGUF renders the messages, as --jinja does in
# llama-server.
response = llm.create_chat_completion(
    messages=[{"role": "user", "content": "What is 17 × 23?"}],
    max_tokens=32768,
    **THINKING,  # temperature 0.6, top_p 0.95, top_k 20, min_p 0
)
thinking, answer = split_thinking_text(response["choices"][0]["message"]["content"])
print(thinking)
#> I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
print(answer)
#> 17 × 23 = 391.
# --8<-- [end:chat]
