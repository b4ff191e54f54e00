"""Memory to fine-tune Qwen3-235B-A22B: full fine-tuning vs LoRA vs QLoRA, computed."""

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

from qwen3_handbook.architecture import config_for, count_parameters

# --8<-- [start:lora-size]
# Build the real architecture on the meta device (shapes, no storage) and let peft add
# rank-16 adapters to attention and to the fused experts, as in lora_train.py.
with torch.device("meta"):
    model = AutoModelForCausalLM.from_config(config_for("Qwen3-235B-A22B"))
    model = get_peft_model(
        model,
        LoraConfig(
            r=16,
            target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
            target_parameters=["mlp.experts.gate_up_proj", "mlp.experts.down_proj"],
            task_type="CAUSAL_LM",
        ),
    )
adapters = {name: p.numel() for name, p in model.named_parameters() if p.requires_grad}
lora_attention = sum(n for name, n in adapters.items() if ".self_attn." in name)
lora_experts = sum(n for name, n in adapters.items() if ".mlp.experts." in name)
print(f"LoRA r=16 on attention: {lora_attention:,}")
#> LoRA r=16 on attention: 50,823,168
print(f"LoRA r=16 on the experts: {lora_experts:,}")
#> LoRA r=16 on the experts: 2,464,153,600
# --8<-- [end:lora-size]

# --8<-- [start:budget]
parameters = count_parameters("Qwen3-235B-A22B").total
GB = 1e9
# Mixed-precision AdamW keeps, per trained parameter: bf16 weight (2 bytes) and gradient
# (2), an fp32 master copy (4) and two fp32 moments (4 + 4) = 16 bytes (ZeRO paper,
# section 3.1). A frozen weight needs its bf16 copy only. Activations come on top and
# depend on batch size, sequence length and checkpointing, so they are left out here.
full = parameters * 16
lora_attention_only = parameters * 2 + lora_attention * 16
lora_with_experts = parameters * 2 + (lora_attention + lora_experts) * 16
print(f"full fine-tuning: {full / GB:,.0f} GB")
#> full fine-tuning: 3,761 GB
print(f"LoRA, attention: {lora_attention_only / GB:,.0f} GB")
#> LoRA, attention: 471 GB
print(f"LoRA, attention + experts: {lora_with_experts / GB:,.0f} GB")
#> LoRA, attention + experts: 510 GB
# --8<-- [end:budget]

# --8<-- [start:qlora]
# QLoRA stores frozen weights in 4-bit NF4: 4 bits + 0.127 bits of (double-quantized)
# scales per weight (QLoRA paper, section 3). But transformers' bitsandbytes integration
# converts nn.Linear modules only, and in transformers 5 the experts are fused 3-D
# parameters.
with torch.device("meta"):
    base = AutoModelForCausalLM.from_config(config_for("Qwen3-235B-A22B"))
in_linear = sum(
    module.weight.numel()
    for name, module in base.named_modules()
    if type(module) is torch.nn.Linear and name != "lm_head"  # lm_head is kept in bf16
)
print(f"weights in nn.Linear modules: {in_linear / parameters:.1%}")
#> weights in nn.Linear modules: 2.9%
nf4_bits = 4 + 0.127
qlora_today = (
    in_linear * nf4_bits / 8 + (parameters - in_linear) * 2 + lora_attention * 16
)
qlora_if_experts_quantized = parameters * nf4_bits / 8 + lora_attention * 16
print(f"QLoRA as transformers 5 quantizes it: {qlora_today / GB:,.0f} GB")
#> QLoRA as transformers 5 quantizes it: 461 GB
print(f"QLoRA with 4-bit experts too: {qlora_if_experts_quantized / GB:,.0f} GB")
#> QLoRA with 4-bit experts too: 122 GB
# --8<-- [end:qlora]
