"""Chat with a Qwen3 server through its OpenAI-compatible API: thinking on, thinking
off."""

# handbook: needs-server
import os

from openai import OpenAI

# --8<-- [start:client]
client = OpenAI(
    # vLLM, SGLang and transformers serve all speak the OpenAI API under /v1.
    base_url=os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1"),
    # Local servers check the key only if they were started with one (vLLM --api-key).
    api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"),
)
# The name the server was started with: `vllm serve Qwen/Qwen3-235B-A22B` serves that
# name.
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
# --8<-- [end:client]

# --8<-- [start:thinking]
response = client.chat.completions.create(
    model=model_name,
    messages=[{"role": "user", "content": "What is 17 × 23?"}],
    max_tokens=32768,
)
message = response.choices[0].message
# A server with a Qwen3 reasoning parser returns the thinking in a field of its own:
# `reasoning` on vLLM (0.34: the only name), `reasoning_content` on SGLang, llama.cpp
# and transformers serve. Read both.
thinking = getattr(message, "reasoning", None) or getattr(
    message, "reasoning_content", None
)
print(thinking)
#> I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
print(message.content)
#> 17 × 23 = 391.
# --8<-- [end:thinking]

# --8<-- [start:no-thinking]
response = client.chat.completions.create(
    model=model_name,
    messages=[{"role": "user", "content": "What is 17 × 23?"}],
    max_tokens=8192,
    # Not part of the OpenAI API: extra_body adds it to the request's JSON, and the
    # server passes it to the chat template, like enable_thinking=False in
    # apply_chat_template.
    extra_body={"chat_template_kwargs": {"enable_thinking": False}},
)
print(response.choices[0].message.content)  # no thinking field this time
#> 17 × 23 = 391.
# --8<-- [end:no-thinking]
