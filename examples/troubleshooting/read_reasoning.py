"""Read the thinking from any Qwen3 server: vLLM names the field ``reasoning``, SGLang,
llama.cpp's server and transformers serve name it ``reasoning_content``."""

# handbook: needs-server
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1"),
    api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"),
)
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")


# --8<-- [start:read]
def reasoning_of(message):
    """The thinking of a chat message or a streamed delta, whichever field holds it."""
    return getattr(message, "reasoning", None) or getattr(
        message, "reasoning_content", None
    )


response = client.chat.completions.create(
    model=model_name,
    messages=[{"role": "user", "content": "What is 17 × 23?"}],
    max_tokens=32768,
)
message = response.choices[0].message
print(reasoning_of(message))
#> I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
print(message.content)
#> 17 × 23 = 391.
# --8<-- [end:read]

# --8<-- [start:stream]
thinking, answer = [], []
stream = client.chat.completions.create(
    model=model_name,
    messages=[{"role": "user", "content": "What is 17 × 23?"}],
    max_tokens=32768,
    stream=True,
)
for chunk in stream:
    if not chunk.choices:
        continue
    delta = chunk.choices[0].delta
    thinking.append(reasoning_of(delta) or "")
    answer.append(delta.content or "")
print("".join(thinking).strip())
#> I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
print("".join(answer).strip())
#> 17 × 23 = 391.
# --8<-- [end:stream]
