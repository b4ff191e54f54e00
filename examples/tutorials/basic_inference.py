"""Tutorial 1: load Qwen3, chat with thinking on and off, split the reply, stream it."""

import os
from threading import Thread

from transformers import AutoModelForCausalLM, AutoTokenizer, TextIteratorStreamer

# --8<-- [start:load]
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")

tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)
print(
    model.config.model_type, model.config.num_experts, model.config.num_experts_per_tok
)
#> qwen3_moe 128 8
# --8<-- [end:load]


# --8<-- [start:chat]
def chat(messages, thinking=True, max_new_tokens=32768):
    """Generate one reply and return its raw text, <think> block included."""
    inputs = tokenizer.apply_chat_template(
        messages,
        add_generation_prompt=True,  # end the prompt with "<|im_start|>assistant\n"
        enable_thinking=thinking,
        return_dict=True,
        return_tensors="pt",
    ).to(model.device)
    output = model.generate(**inputs, max_new_tokens=max_new_tokens)
    new_tokens = output[0][inputs.input_ids.shape[1] :]  # drop the echoed prompt
    return tokenizer.decode(new_tokens, skip_special_tokens=True)


question = [{"role": "user", "content": "What is 17 × 23?"}]
reply = chat(question)
print(reply)
"""
<think>
I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
</think>

17 × 23 = 391.
"""
# --8<-- [end:chat]


# --8<-- [start:split]
def split_reply(text):
    """Return (thinking, answer): everything up to the last </think>, and the rest."""
    head, found, answer = text.rpartition("</think>")
    if not found:  # no thinking block at all: the whole reply is the answer
        return "", text.strip()
    return head.replace("<think>", "").strip(), answer.strip()


thinking, answer = split_reply(reply)
print(thinking)
#> I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
print(answer)
#> 17 × 23 = 391.
# --8<-- [end:split]

# --8<-- [start:no-thinking]
fast_reply = chat(question, thinking=False, max_new_tokens=8192)
print(fast_reply)
#> 17 × 23 = 391.
print(split_reply(fast_reply))
#> ('', '17 × 23 = 391.')
# --8<-- [end:no-thinking]


# --8<-- [start:stream]
def stream_chat(messages, thinking=True, max_new_tokens=32768):
    """Yield the reply piece by piece while the model is still generating it."""
    inputs = tokenizer.apply_chat_template(
        messages,
        add_generation_prompt=True,
        enable_thinking=thinking,
        return_dict=True,
        return_tensors="pt",
    ).to(model.device)
    streamer = TextIteratorStreamer(
        tokenizer, skip_prompt=True, skip_special_tokens=True
    )
    # generate() blocks until it is done, so it runs in a thread while we read the
    # streamer.
    worker = Thread(
        target=model.generate,
        kwargs={**inputs, "streamer": streamer, "max_new_tokens": max_new_tokens},
    )
    worker.start()
    yield from streamer
    worker.join()


pieces = []
for piece in stream_chat(question):
    pieces.append(piece)  # in an app: print(piece, end="", flush=True)
print("".join(pieces))
"""
<think>
I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
</think>

17 × 23 = 391.
"""
# --8<-- [end:stream]
