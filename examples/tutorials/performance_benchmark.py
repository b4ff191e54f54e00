"""Tutorial 5: measure how generation speed scales with batch size and context length.

# handbook: figures
Run it on your own hardware: its numbers only hold for the machine they come from.
"""

import os
import statistics
import time

import matplotlib
import torch
from transformers import AutoModelForCausalLM
from transformers.generation.streamers import BaseStreamer

matplotlib.use("Agg")  # write files, open no window
import matplotlib.pyplot as plt

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)


# --8<-- [start:clock]
class TokenClock(BaseStreamer):
    """Timestamps generate() as it runs: the first put() is the prompt, then one per
    step."""

    def __init__(self):
        self.times = []

    def put(self, value):
        self.times.append(time.perf_counter())

    def end(self):
        pass


def measure(batch_size, context_length, new_tokens=8, repeats=3):
    """Median time to first token (s) and decode speed (tokens/s over the whole
    batch)."""
    generator = torch.Generator().manual_seed(0)
    # Random token ids: the text is irrelevant to speed, only the shape of the batch
    # matters.
    prompt = torch.randint(
        1000, 100_000, (batch_size, context_length), generator=generator
    )
    prompt = prompt.to(model.device)
    first_token, decode_speed = [], []
    for _ in range(repeats):
        clock = TokenClock()
        start = time.perf_counter()
        model.generate(
            input_ids=prompt,
            attention_mask=torch.ones_like(prompt),
            max_new_tokens=new_tokens,
            # never stop early: every run decodes the same count
            min_new_tokens=new_tokens,
            do_sample=False,
            pad_token_id=151643,
            streamer=clock,
        )
        step_times = clock.times[1:]  # times[0] is when generate() saw the prompt
        first_token.append(step_times[0] - start)
        decode_seconds = step_times[-1] - step_times[0]
        decode_speed.append(batch_size * (new_tokens - 1) / decode_seconds)
    return statistics.median(first_token), statistics.median(decode_speed)


# warm-up: the first call pays one-off costs (allocations, kernels)
measure(1, 64, repeats=1)
# --8<-- [end:clock]

# --8<-- [start:sweep]
BATCH_SIZES = [1, 4, 16]
CONTEXT_LENGTHS = [64, 256, 1024]
by_batch = [measure(batch, 128) for batch in BATCH_SIZES]
by_context = [measure(1, length) for length in CONTEXT_LENGTHS]
# --8<-- [end:sweep]

# --8<-- [start:plot]
plt.rcParams["svg.hashsalt"] = "qwen3-handbook"  # stable SVG ids from run to run
figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
left.plot(BATCH_SIZES, [speed for _, speed in by_batch], marker="o")
left.set(
    xscale="log",
    xticks=BATCH_SIZES,
    xticklabels=BATCH_SIZES,
    xlabel="batch size (prompt: 128 tokens)",
    ylabel="decode tokens/s, whole batch",
    ylim=(0, None),
    title="Decode throughput vs batch size",
)
right.plot(CONTEXT_LENGTHS, [ttft * 1000 for ttft, _ in by_context], marker="o")
right.set(
    xscale="log",
    xticks=CONTEXT_LENGTHS,
    xticklabels=CONTEXT_LENGTHS,
    xlabel="prompt length, tokens (batch 1)",
    ylabel="time to first token, ms",
    ylim=(0, None),
    title="Time to first token vs prompt length",
)
figure.suptitle(
    "Demonstration of the method only: the tiny test model on the docs build "
    "machine's CPU, not Qwen3's speed",
    fontsize=9,
)
figure.savefig("tutorials-performance-scaling.svg")
# --8<-- [end:plot]
