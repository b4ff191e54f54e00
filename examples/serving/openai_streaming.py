"""Stream a Qwen3 reply from an OpenAI-compatible server: thinking deltas, then answer
deltas."""

# handbook: needs-server
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1"),
    api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"),
)
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")

# --8<-- [start:stream]
stream = client.chat.completions.create(
    model=model_name,
    messages=[{"role": "user", "content": "What is 17 × 23?"}],
    max_tokens=32768,
    stream=True,
)

thinking, answer = [], []
for chunk in stream:
    if not chunk.choices:  # a final usage-only chunk has no choices
        continue
    delta = chunk.choices[0].delta
    # The thinking arrives first, then the answer, as content. The thinking's field is
    # `reasoning` on vLLM, `reasoning_content` on SGLang, llama.cpp and transformers
    # serve; getattr, because neither is declared by the openai package.
    reasoning = getattr(delta, "reasoning", None) or getattr(
        delta, "reasoning_content", None
    )
    if reasoning:
        thinking.append(reasoning)
    if delta.content:
        # a chat UI would print(delta.content, end="") here
        answer.append(delta.content)

print("".join(thinking).strip())
#> I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
print("".join(answer).strip())
#> 17 × 23 = 391.
# --8<-- [end:stream]
