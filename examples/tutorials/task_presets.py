"""Tutorial 3: sampling presets per task, output lengths, and a presence penalty for
transformers."""

import os

import torch
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    GenerationConfig,
    LogitsProcessor,
    LogitsProcessorList,
    set_seed,
)

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# --8<-- [start:presets]
# Model card, "Best Practices": one sampling preset per mode, 32,768 output tokens for
# most queries and 38,912 for competition-level math and programming. presence_penalty
# is the handbook's suggestion where marked; the card allows 0 to 2 "to reduce endless
# repetitions".
THINKING = {
    "do_sample": True,
    "temperature": 0.6,
    "top_p": 0.95,
    "top_k": 20,
    "min_p": 0.0,
}
NON_THINKING = {
    "do_sample": True,
    "temperature": 0.7,
    "top_p": 0.8,
    "top_k": 20,
    "min_p": 0.0,
}

TASKS = {
    "math": {
        "thinking": True,
        "sampling": THINKING,
        "max_new_tokens": 38912,
        "instruction": "Please reason step by step, "
        "and put your final answer within \\boxed{}.",
        "presence_penalty": 0.0,
    },
    "code": {
        "thinking": True,
        "sampling": THINKING,
        "max_new_tokens": 38912,
        "instruction": "",
        "presence_penalty": 0.0,
    },
    "chat": {
        "thinking": False,
        "sampling": NON_THINKING,
        "max_new_tokens": 32768,
        "instruction": "",
        "presence_penalty": 0.0,
    },
    "creative": {  # handbook suggestion: non-thinking preset plus a presence penalty
        "thinking": False,
        "sampling": NON_THINKING,
        "max_new_tokens": 32768,
        "instruction": "",
        # the value Qwen's own vLLM example uses in non-thinking mode
        "presence_penalty": 1.5,
    },
}
for task, preset in TASKS.items():
    print(
        task,
        preset["thinking"],
        preset["sampling"]["temperature"],
        preset["max_new_tokens"],
    )
    #> math True 0.6 38912
    #> code True 0.6 38912
    #> chat False 0.7 32768
    #> creative False 0.7 32768
# --8<-- [end:presets]


# --8<-- [start:presence]
class PresencePenalty(LogitsProcessor):
    """OpenAI-style presence penalty: subtract ``penalty`` once from every token id
    that already occurs in the generated text. transformers has no such option; its
    ``repetition_penalty`` is a different, multiplicative rule that also counts the
    prompt.
    """

    def __init__(self, penalty, prompt_length):
        self.penalty = penalty
        self.prompt_length = prompt_length

    def __call__(self, input_ids, scores):
        generated = input_ids[:, self.prompt_length :]
        seen = torch.zeros_like(scores, dtype=torch.bool).scatter_(1, generated, True)
        return scores - self.penalty * seen


# Three candidate tokens; token 0 has been generated twice, token 2 once, token 1 never.
scores = torch.tensor([[2.0, 1.0, 0.5]])
# two prompt tokens, then the generated 0, 0, 2
so_far = torch.tensor([[7, 7, 0, 0, 2]])
print(PresencePenalty(1.5, prompt_length=2)(so_far, scores))
#> tensor([[ 0.5000,  1.0000, -1.0000]])
# --8<-- [end:presence]


# --8<-- [start:generate]
def generate_for(task, question):
    """Answer ``question`` with the settings of ``task``; return (thinking, answer)."""
    preset = TASKS[task]
    content = f"{question} {preset['instruction']}".strip()
    inputs = tokenizer.apply_chat_template(
        [{"role": "user", "content": content}],
        add_generation_prompt=True,
        enable_thinking=preset["thinking"],
        return_dict=True,
        return_tensors="pt",
    ).to(model.device)
    config = GenerationConfig(
        **preset["sampling"], max_new_tokens=preset["max_new_tokens"]
    )
    processors = LogitsProcessorList()
    if preset["presence_penalty"]:
        prompt_length = inputs.input_ids.shape[1]
        processors.append(PresencePenalty(preset["presence_penalty"], prompt_length))
    output = model.generate(
        **inputs, generation_config=config, logits_processor=processors
    )
    text = tokenizer.decode(
        output[0][inputs.input_ids.shape[1] :], skip_special_tokens=True
    )
    thinking, _, answer = text.rpartition("</think>")
    return thinking.replace("<think>", "").strip(), answer.strip()


set_seed(0)  # sampling is random: fix the seed to get the same text twice
thinking, answer = generate_for("math", "What is 17 × 23?")
print(answer)
#> 17 × 23 = 340 + 51 = \boxed{391}
thinking, answer = generate_for("creative", "What is 17 × 23?")
print(repr(thinking), answer)
#> '' 17 × 23 = 391.
# --8<-- [end:generate]
