"""Qwen3's chat template reads an assistant turn's ``content`` as text, also when the
turn only carries ``tool_calls``: send ``""`` there, not ``null`` (``None``)."""

import os

from transformers import AutoTokenizer

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
call = {"type": "function", "function": {"name": "get_time", "arguments": {}}}

# --8<-- [start:empty-content]
messages = [
    {"role": "user", "content": "What time is it?"},
    # An assistant turn that only calls a tool: content is an empty string.
    {"role": "assistant", "content": "", "tool_calls": [call]},
    {"role": "tool", "content": "12:00"},
]
prompt = tokenizer.apply_chat_template(messages, tokenize=False)
print(prompt.count("<tool_call>"), prompt.count("<tool_response>"))
#> 1 1
# --8<-- [end:empty-content]

# --8<-- [start:null-content]
messages[1]["content"] = None
try:
    tokenizer.apply_chat_template(messages, tokenize=False)
    print("rendered")
except Exception:  # UndefinedError on transformers 5, TypeError on 4.x
    print("the template failed")
    #> the template failed
# --8<-- [end:null-content]
