"""Qwen3's sampling presets for vLLM and SGLang, which read top_k and min_p from the
request."""

# handbook: no-run (needs vLLM or SGLang: transformers serve refuses top_k)
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1"),
    api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"),
)
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")

# --8<-- [start:presets]
# The model card's presets. top_k and min_p are not OpenAI fields: extra_body adds them
# to the request's JSON, where vLLM and SGLang read them.
THINKING = {
    "temperature": 0.6,
    "top_p": 0.95,
    "extra_body": {"top_k": 20, "min_p": 0.0},
}
NON_THINKING = {
    "temperature": 0.7,
    "top_p": 0.8,
    "extra_body": {
        "top_k": 20,
        "min_p": 0.0,
        "chat_template_kwargs": {"enable_thinking": False},
    },
}

response = client.chat.completions.create(
    model=model_name,
    messages=[
        {
            "role": "user",
            "content": "Give me a short introduction to large language models.",
        }
    ],
    max_tokens=32768,
    **THINKING,
)
print(response.choices[0].message.content)
# --8<-- [end:presets]
