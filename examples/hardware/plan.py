"""Size one deployment with qwen3_handbook.memory: weights, KV cache, overhead, GPU
count."""

from qwen3_handbook.memory import QUANT_FORMATS, estimate, gpus_needed, tensor_storage
from qwen3_handbook.report import Table

# --8<-- [start:plan]
# Qwen3-235B-A22B in FP8, 16 concurrent requests of up to 32,768 tokens, bf16 KV cache.
plan = estimate("Qwen3-235B-A22B", "fp8", context_tokens=32768, batch_size=16)
bits = plan.bits_per_weight
print(f"weights:  {plan.weights / 1e9:7.1f} GB ({bits:.2f} bits per parameter)")
#> weights:    236.4 GB (8.05 bits per parameter)
print(f"KV cache: {plan.kv_cache / 1e9:7.1f} GB")
#> KV cache:   100.9 GB
print(f"overhead: {plan.overhead / 1e9:7.1f} GB ({plan.overhead_fraction:.0%} assumed)")
#> overhead:    33.7 GB (10% assumed)
print(f"total:    {plan.total_gb:7.1f} GB")
#> total:      371.1 GB
for gpu_gb in (80, 141):
    parallel = gpus_needed(plan, gpu_gb)
    minimum = gpus_needed(plan, gpu_gb, power_of_two=False)
    print(f"{gpu_gb} GB GPUs: {parallel} for tensor parallelism, at least {minimum}")
    #> 80 GB GPUs: 8 for tensor parallelism, at least 6
    #> 141 GB GPUs: 4 for tensor parallelism, at least 3
# --8<-- [end:plan]

# --8<-- [start:fp8-kv]
# The same load with an fp8 KV cache (1 byte per value) instead of bf16 (2 bytes).
fp8_kv = estimate("Qwen3-235B-A22B", "fp8", 32768, batch_size=16, kv_bytes_per_value=1)
print(f"KV cache: {fp8_kv.kv_cache / 1e9:.1f} GB, total {fp8_kv.total_gb:.1f} GB")
#> KV cache: 50.5 GB, total 315.6 GB
tensor_parallel = gpus_needed(fp8_kv, 80)
minimum = gpus_needed(fp8_kv, 80, power_of_two=False)
print(f"80 GB GPUs: {tensor_parallel} for tensor parallelism, at least {minimum}")
#> 80 GB GPUs: 8 for tensor parallelism, at least 5
# --8<-- [end:fp8-kv]

# --8<-- [start:formats]
rows = [
    [fmt.name, f"{fmt.bits_per_weight:g}", fmt.description]
    for fmt in QUANT_FORMATS.values()
]
print(Table(["format", "bits/weight", "what is assumed"], rows))
"""
format  bits/weight  what is assumed
------  -----------  ------------------------------------------------------------
bf16             16  bfloat16, as the published checkpoints
fp16             16  float16
fp8         8.00195  FP8 (e4m3), a float32 scale per 128 x 128 block
int8         8.1875  GPTQ int8, groups of 128: fp16 scale + 8-bit zero point
int4        4.15625  AWQ/GPTQ int4, groups of 128: fp16 scale + 4-bit zero point
nvfp4           4.5  NVFP4: E2M1, FP8 scale per 16 values + FP32 per tensor
mxfp4          4.25  MXFP4 (OCP MX): E2M1, E8M0 scale per 32 values
q8_0            8.5  GGUF q8_0 for every tensor
q6_K         6.5625  GGUF q6_K for every tensor
q5_K_M          5.5  GGUF q5_K; q6_K for the output and ~half of attn_v, ffn_down
q5_0            5.5  GGUF q5_0; output head q6_K
q4_K_M          4.5  GGUF q4_K; q6_K for the output and ~half of attn_v, ffn_down
"""
# --8<-- [end:formats]

# --8<-- [start:gguf-mix]
# q4_K_M is a mix: llama.cpp gives some tensors q6_K. Bytes per tensor kind, computed.
rows = [
    [tensor.name, tensor.layers, tensor.dtype, tensor.nbytes / 1e9]
    for tensor in tensor_storage("Qwen3-235B-A22B", "q4_K_M")
    if tensor.nbytes > 1e8  # tensors over 100 MB; the norms add up to a few MB
]
print(Table(["tensor", "layers", "type", "GB"], rows, float_format="{:,.2f}"))
"""
tensor         layers  type     GB
-------------  ------  ----  -----
token_embd          1  q4_K   0.35
output              1  q6_K   0.51
attn_q             94  q4_K   1.77
attn_k             94  q4_K   0.11
attn_output        94  q4_K   1.77
ffn_gate_inp       94  f32    0.20
ffn_gate_exps      94  q4_K  42.58
ffn_up_exps        94  q4_K  42.58
ffn_down_exps      46  q6_K  30.39
ffn_down_exps      48  q4_K  21.74
"""
# --8<-- [end:gguf-mix]
