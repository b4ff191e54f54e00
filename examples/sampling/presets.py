"""The model card's sampling presets, for transformers and for an OpenAI-compatible
server."""

import os

from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    LogitsProcessorList,
    set_seed,
)

from qwen3_handbook.sampling import (
    OUTPUT_LENGTH_COMPETITION,
    QUANTIZED_PRESENCE_PENALTY,
    PresencePenaltyLogitsProcessor,
    generation_config,
    openai_request,
)

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# --8<-- [start:configs]
thinking = generation_config(thinking=True)
non_thinking = generation_config(thinking=False)
for name, config in [("thinking", thinking), ("non-thinking", non_thinking)]:
    print(
        name,
        config.do_sample,
        config.temperature,
        config.top_p,
        config.top_k,
        config.min_p,
    )
    #> thinking True 0.6 0.95 20 0.0
    #> non-thinking True 0.7 0.8 20 0.0
print(
    thinking.max_new_tokens,
    generation_config(thinking=True, max_new_tokens=38912).max_new_tokens,
)
#> 32768 38912
# --8<-- [end:configs]

# --8<-- [start:generate]
messages = [{"role": "user", "content": "What is 17 × 23?"}]
inputs = tokenizer.apply_chat_template(
    messages,
    add_generation_prompt=True,
    enable_thinking=False,
    return_dict=True,
    return_tensors="pt",
).to(model.device)

# presence_penalty is not a transformers option: add it as a logits processor.
penalty = PresencePenaltyLogitsProcessor(
    QUANTIZED_PRESENCE_PENALTY, prompt_length=inputs.input_ids.shape[1]
)
set_seed(0)  # sampling is random: fix the seed when you need the same text twice
output = model.generate(
    **inputs,
    generation_config=non_thinking,
    logits_processor=LogitsProcessorList([penalty]),
)
print(
    tokenizer.decode(output[0, inputs.input_ids.shape[1] :], skip_special_tokens=True)
)
#> 17 × 23 = 391.
# --8<-- [end:generate]

# --8<-- [start:server]
# The same presets for vLLM or SGLang:
# client.chat.completions.create(model=..., messages=..., **request).
# Non-OpenAI fields (top_k, min_p, chat_template_kwargs) travel in extra_body.
request = openai_request(thinking=True, max_tokens=OUTPUT_LENGTH_COMPETITION)
print(request)
"""
{
    "max_tokens": 38912,
    "temperature": 0.6,
    "top_p": 0.95,
    "extra_body": {
        "top_k": 20,
        "min_p": 0.0,
        "chat_template_kwargs": {"enable_thinking": True},
    },
}
"""
quantized = openai_request(thinking=False, presence_penalty=QUANTIZED_PRESENCE_PENALTY)
print(quantized["presence_penalty"], quantized["extra_body"]["chat_template_kwargs"])
#> 1.5 {'enable_thinking': False}
# --8<-- [end:server]
