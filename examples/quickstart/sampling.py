"""The model card's sampling presets for each mode, as reusable GenerationConfig
objects."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer, GenerationConfig, set_seed

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# --8<-- [start:presets]
# "Best Practices" in the Qwen3 model card. Never use greedy decoding in thinking mode.
THINKING = GenerationConfig(
    do_sample=True,
    temperature=0.6,
    top_p=0.95,
    top_k=20,
    min_p=0.0,
    max_new_tokens=32768,
)
NON_THINKING = GenerationConfig(
    do_sample=True,
    temperature=0.7,
    top_p=0.8,
    top_k=20,
    min_p=0.0,
    max_new_tokens=32768,
)
# --8<-- [end:presets]


# --8<-- [start:chat]
def chat(messages, thinking=True):
    """One reply, sampled with the preset that matches the mode."""
    inputs = tokenizer.apply_chat_template(
        messages,
        add_generation_prompt=True,
        enable_thinking=thinking,
        return_dict=True,
        return_tensors="pt",
    ).to(model.device)
    config = THINKING if thinking else NON_THINKING
    output = model.generate(**inputs, generation_config=config)
    return tokenizer.decode(
        output[0][inputs.input_ids.shape[1] :], skip_special_tokens=True
    )


set_seed(0)  # sampling is random: fix the seed when you need the same text twice
question = [{"role": "user", "content": "What is 17 × 23?"}]
print(chat(question, thinking=False))
#> 17 × 23 = 391.
# --8<-- [end:chat]
