"""Send Qwen3's recommended sampling settings to an OpenAI-compatible server."""

# handbook: needs-server
import json
import os

import openai
from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1"),
    api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"),
)
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
messages = [{"role": "user", "content": "What is 17 × 23?"}]

# --8<-- [start:portable]
# temperature and top_p are OpenAI fields: every server takes them at the top level.
response = client.chat.completions.create(
    model=model_name, messages=messages, max_tokens=32768, temperature=0.6, top_p=0.95
)
print(response.choices[0].finish_reason)
#> stop
# --8<-- [end:portable]

# --8<-- [start:strict]
# transformers serve accepts only the OpenAI schema plus a few fields of its own:
# top_k at the top level of the request is refused, not silently ignored.
try:
    client.chat.completions.create(
        model=model_name, messages=messages, extra_body={"top_k": 20}
    )
except openai.UnprocessableEntityError as error:
    print(error.status_code)
    #> 422
# --8<-- [end:strict]

# --8<-- [start:transformers]
# transformers serve: the whole preset as a GenerationConfig, JSON-encoded in one field.
thinking_preset = {
    "do_sample": True,
    "temperature": 0.6,
    "top_p": 0.95,
    "top_k": 20,
    "min_p": 0.0,
}
response = client.chat.completions.create(
    model=model_name,
    messages=messages,
    extra_body={
        "generation_config": json.dumps({**thinking_preset, "max_new_tokens": 32768})
    },
)
print(response.choices[0].message.role)
#> assistant
# --8<-- [end:transformers]
