"""Stream a Qwen3 reply; route each piece to the thinking or the answer as it comes."""

import os
from threading import Thread

from transformers import AutoModelForCausalLM, AutoTokenizer, TextIteratorStreamer

from qwen3_handbook.thinking import ThinkingStreamParser

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# --8<-- [start:stream]
messages = [{"role": "user", "content": "What is 17 × 23?"}]
inputs = tokenizer.apply_chat_template(
    messages, add_generation_prompt=True, return_dict=True, return_tensors="pt"
).to(model.device)

# skip_special_tokens drops <|im_end|>; <think> and </think> are not special: they stay.
streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
worker = Thread(
    target=model.generate,
    kwargs={**inputs, "max_new_tokens": 32768, "streamer": streamer},
)
worker.start()

parser = ThinkingStreamParser()
panels = {"thinking": [], "answer": []}  # a chat UI: a collapsible panel and the reply
for chunk in streamer:  # pieces of text arrive while generate() runs in the thread
    for delta in parser.feed(chunk):
        panels[delta.kind].append(delta.text)  # a UI would redraw that panel here
for delta in parser.finish():
    panels[delta.kind].append(delta.text)
worker.join()

# How the text was cut into pieces depends on the streamer; the joined text does not.
print("".join(panels["thinking"]))
#> I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
print("".join(panels["answer"]))
#> 17 × 23 = 391.
# --8<-- [end:stream]

# --8<-- [start:result]
print(parser.thinking)
#> I need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51, so 340 + 51 = 391.
print(parser.answer)
#> 17 × 23 = 391.
# --8<-- [end:result]

# --8<-- [start:split-tags]
# A chunk boundary may cut a tag in two; the parser holds the fragment back.
parser = ThinkingStreamParser()
for chunk in ["<thi", "nk>\nCarry 1.\n</", "think>\n", "\nIt is 42."]:
    print(repr(chunk), "->", parser.feed(chunk))
    #> '<thi' -> []
    #> 'nk>\nCarry 1.\n</' -> [Delta(kind='thinking', text='Carry 1.')]
    #> 'think>\n' -> []
    #> '\nIt is 42.' -> [Delta(kind='answer', text='It is 42.')]
print(parser.finish())
#> []
# --8<-- [end:split-tags]
