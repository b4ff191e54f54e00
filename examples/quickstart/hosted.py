"""Quickstart: Qwen3 behind a hosted OpenAI-compatible endpoint, thinking on and off."""

# handbook: needs-server
import os

from openai import OpenAI

# --8<-- [start:client]
# The endpoint's base URL (ending in /v1), your key, and the endpoint's name for the
# model: all three come from the provider (or from the server you started).
client = OpenAI(
    base_url=os.environ["OPENAI_BASE_URL"],
    api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"),
)
model = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
# --8<-- [end:client]

# --8<-- [start:thinking]
response = client.chat.completions.create(
    model=model,
    messages=[{"role": "user", "content": "What is 17 × 23?"}],
    max_tokens=32768,
    temperature=0.6,
    top_p=0.95,
)
message = response.choices[0].message
# Servers with a Qwen3 reasoning parser return the thinking in a field of its own:
# reasoning_content (SGLang, llama.cpp, transformers serve) or reasoning (recent vLLM).
thinking = getattr(message, "reasoning_content", None) or getattr(
    message, "reasoning", None
)
print(thinking)
#> I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
print(message.content)
#> 17 × 23 = 391.
# --8<-- [end:thinking]

# --8<-- [start:no-thinking]
response = client.chat.completions.create(
    model=model,
    messages=[{"role": "user", "content": "What is 17 × 23?"}],
    max_tokens=8192,
    temperature=0.7,
    top_p=0.8,
    # Not an OpenAI parameter: extra_body adds it to the JSON of the request, and the
    # server hands it to the chat template (enable_thinking=False in Python).
    extra_body={"chat_template_kwargs": {"enable_thinking": False}},
)
print(response.choices[0].message.content)
#> 17 × 23 = 391.
# --8<-- [end:no-thinking]
