"""Tutorial 5: the settings that decide speed and memory — dtype, batching, KV cache,
drafts."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer

from qwen3_handbook.architecture import count_parameters, kv_cache_bytes

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")

# --8<-- [start:dtype]
# dtype="auto" keeps the dtype the checkpoint was saved in: bfloat16 for
# Qwen/Qwen3-235B-A22B. Weights alone, per storage format, for the full model
# (parameters counted exactly):
total = count_parameters("Qwen3-235B-A22B").total
for label, bytes_per_parameter in [("bf16", 2), ("fp8", 1), ("int4", 0.5)]:
    print(f"{label}: {total * bytes_per_parameter / 1e9:.0f} GB")
    #> bf16: 470 GB
    #> fp8: 235 GB
    #> int4: 118 GB
# --8<-- [end:dtype]

# --8<-- [start:kv-cache]
# The KV cache grows with batch size x context length; at long contexts it rivals the
# weights.
for batch_size, context in [(1, 32_768), (8, 32_768), (1, 131_072), (8, 131_072)]:
    size = kv_cache_bytes("Qwen3-235B-A22B", context, batch_size=batch_size)
    print(f"batch {batch_size}, {context:,} tokens: {size / 1e9:.1f} GB")
    #> batch 1, 32,768 tokens: 6.3 GB
    #> batch 8, 32,768 tokens: 50.5 GB
    #> batch 1, 131,072 tokens: 25.2 GB
    #> batch 8, 131,072 tokens: 201.9 GB
# --8<-- [end:kv-cache]

# --8<-- [start:batch]
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# Decoder-only models continue from the last position: pad prompts on the left.
tokenizer.padding_side = "left"
conversations = [
    [{"role": "user", "content": "What is 17 × 23?"}],
    [{"role": "user", "content": "What is 17 × 23? /no_think"}],
]
inputs = tokenizer.apply_chat_template(
    conversations,
    add_generation_prompt=True,
    padding=True,  # one rectangular tensor; the attention mask hides the padding
    return_dict=True,
    return_tensors="pt",
).to(model.device)
output = model.generate(**inputs, max_new_tokens=32768)
replies = tokenizer.batch_decode(
    output[:, inputs.input_ids.shape[1] :], skip_special_tokens=True
)
for reply in replies:
    print(reply.rpartition("</think>")[2].strip())
    #> 17 × 23 = 391.
    #> 17 × 23 = 391.
# --8<-- [end:batch]

# --8<-- [start:speculative]
# Prompt lookup decoding: draft tokens are copied from the prompt, the model verifies
# them in one forward pass. With greedy decoding the text is exactly the same, only the
# speed changes.
single = tokenizer.apply_chat_template(
    conversations[0], add_generation_prompt=True, return_dict=True, return_tensors="pt"
).to(model.device)
plain = model.generate(**single, max_new_tokens=32768, do_sample=False)
drafted = model.generate(
    **single, max_new_tokens=32768, do_sample=False, prompt_lookup_num_tokens=10
)
for label, ids in [("plain", plain), ("drafted", drafted)]:
    new_ids = ids[0, single.input_ids.shape[1] :]
    text = tokenizer.decode(new_ids, skip_special_tokens=True)
    print(f"{label}: {text.rpartition('</think>')[2].strip()}")
    #> plain: 17 × 23 = 391.
    #> drafted: 17 × 23 = 391.
# --8<-- [end:speculative]
