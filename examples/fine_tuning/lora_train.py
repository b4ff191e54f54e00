"""LoRA on Qwen3-MoE with peft: attention and experts, a few steps, save, reload,
merge."""

import os
from pathlib import Path

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

# --8<-- [start:load]
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)
# --8<-- [end:load]

# --8<-- [start:config]
lora_config = LoraConfig(
    r=16,
    lora_alpha=32,
    lora_dropout=0.0,
    # Attention projections are ordinary nn.Linear modules: target them by module name.
    target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
    # The 128 experts of a layer are two fused 3-D parameters, not nn.Linear modules
    # (transformers 5): peft reaches them by parameter name. Leave them out to adapt
    # attention only. The router (mlp.gate) stays frozen.
    target_parameters=["mlp.experts.gate_up_proj", "mlp.experts.down_proj"],
    task_type="CAUSAL_LM",
)
model = get_peft_model(model, lora_config)
trainable, total = model.get_nb_trainable_parameters()
print(f"trainable: {trainable:,} of {total:,} parameters")
#> trainable: 931,840 of 21,993,856 parameters
# --8<-- [end:config]

# --8<-- [start:data]
conversations = [
    [
        {
            "role": "user",
            "content": "Which context length does Qwen3 support natively?",
        },
        {"role": "assistant", "content": "32,768 tokens; 131,072 with YaRN."},
    ],
    [
        {
            "role": "user",
            "content": "How many experts does Qwen3-235B-A22B route each token to?",
        },
        {"role": "assistant", "content": "8 of its 128 experts in every layer."},
    ],
]


def encode(messages):
    """Token ids of a whole conversation, and labels that train on the reply only."""
    prompt = tokenizer.apply_chat_template(
        messages[:-1], add_generation_prompt=True, enable_thinking=False, tokenize=False
    )
    # The template renders the last assistant turn after an empty <think></think> block,
    # the same text that enable_thinking=False puts at the end of the prompt.
    full = tokenizer.apply_chat_template(messages, tokenize=False)
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    full_ids = tokenizer(full, add_special_tokens=False)["input_ids"]
    assert full_ids[: len(prompt_ids)] == prompt_ids, "the reply must extend the prompt"
    labels = [-100] * len(prompt_ids) + full_ids[len(prompt_ids) :]  # -100: no loss
    return torch.tensor([full_ids]), torch.tensor([labels])


examples = [encode(messages) for messages in conversations]
# --8<-- [end:data]

# --8<-- [start:train]
optimizer = torch.optim.AdamW(
    [p for p in model.parameters() if p.requires_grad], lr=1e-3
)
model.train()
losses = []
for _epoch in range(4):  # four passes over the two conversations
    for input_ids, labels in examples:
        input_ids, labels = input_ids.to(model.device), labels.to(model.device)
        loss = model(input_ids=input_ids, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
model.eval()
print(f"steps: {len(losses)}, loss decreased: {losses[-1] < losses[0]}")
#> steps: 8, loss decreased: True
# --8<-- [end:train]

# --8<-- [start:save]
model.save_pretrained("qwen3-lora")  # the adapter only: a few MB for the tiny model
adapter = Path("qwen3-lora") / "adapter_model.safetensors"
print(f"{adapter.name}: {adapter.stat().st_size / 1e6:.1f} MB")
#> adapter_model.safetensors: 3.7 MB
# --8<-- [end:save]

# --8<-- [start:merge]
base = AutoModelForCausalLM.from_pretrained(model_name, dtype="auto", device_map="auto")
adapted = PeftModel.from_pretrained(base, "qwen3-lora")
input_ids = examples[0][0].to(adapted.device)
with torch.no_grad():
    adapter_logits = adapted(input_ids=input_ids).logits

# Fold the low-rank updates into the base weights: a plain Qwen3-MoE model again.
merged = adapted.merge_and_unload()
with torch.no_grad():
    merged_logits = merged(input_ids=input_ids).logits
print(type(merged).__name__)
#> Qwen3MoeForCausalLM
difference = (adapter_logits - merged_logits).abs().max().item()
print(f"largest logit change from merging: {difference:.3f}")
#> largest logit change from merging: 0.000
merged.save_pretrained("qwen3-merged")
tokenizer.save_pretrained("qwen3-merged")
# --8<-- [end:merge]
