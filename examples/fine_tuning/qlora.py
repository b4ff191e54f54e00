"""QLoRA: load Qwen3-MoE in 4-bit NF4 with bitsandbytes, then train LoRA adapters on
top."""
# handbook: no-run (bitsandbytes 4-bit needs a GPU; the test machine is CPU-only)

import os

import torch
from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
from transformers import AutoModelForCausalLM, BitsAndBytesConfig

# --8<-- [start:qlora]
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")

quantization = BitsAndBytesConfig(
    load_in_4bit=True,
    bnb_4bit_quant_type="nf4",  # 4-bit NormalFloat, as in the QLoRA paper
    bnb_4bit_use_double_quant=True,  # quantize the scales too
    bnb_4bit_compute_dtype=torch.bfloat16,
)
model = AutoModelForCausalLM.from_pretrained(
    model_name, quantization_config=quantization, device_map="auto"
)
# Casts norms to fp32 and enables gradient checkpointing for k-bit training.
model = prepare_model_for_kbit_training(model)

# Only nn.Linear modules are quantized (and can carry 4-bit LoRA): the attention
# projections. The fused experts stay in bf16 in transformers 5 - see "QLoRA and MoE" on
# the page.
model = get_peft_model(
    model,
    LoraConfig(
        r=16, lora_alpha=32, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"]
    ),
)
model.print_trainable_parameters()
# --8<-- [end:qlora]
