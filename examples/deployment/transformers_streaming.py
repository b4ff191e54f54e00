"""Stream Qwen3's reply token by token with transformers: generate in a thread, read a
queue."""

import os
from threading import Thread

from transformers import AutoModelForCausalLM, AutoTokenizer, TextIteratorStreamer

# --8<-- [start:load]
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")

tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name,
    dtype="auto",  # keep the checkpoint's bfloat16 instead of upcasting to float32
    device_map="auto",  # spread the layers over every visible GPU (and CPU, if it must)
)
print(model.dtype, model.device.type)
#> torch.float32 cpu
# --8<-- [end:load]

# --8<-- [start:stream]
messages = [{"role": "user", "content": "What is 17 × 23?"}]
inputs = tokenizer.apply_chat_template(
    messages,
    add_generation_prompt=True,
    enable_thinking=True,
    return_dict=True,
    return_tensors="pt",
).to(model.device)

# The streamer is a queue: generate() puts decoded text in, this thread iterates over
# it.
streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
worker = Thread(
    target=model.generate,
    kwargs={**inputs, "streamer": streamer, "max_new_tokens": 32768},
)
worker.start()

pieces = []
for piece in streamer:  # blocks until the next piece of text is decoded
    pieces.append(piece)  # a chat UI would print(piece, end="", flush=True) here
worker.join()

print("".join(pieces))
"""
<think>
I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
</think>

17 × 23 = 391.
"""
# --8<-- [end:stream]
