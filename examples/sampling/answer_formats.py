"""Ask for the model card's standardized answer formats and read the answer back."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer, set_seed

from qwen3_handbook.answers import (
    CHOICE_INSTRUCTION,
    MATH_INSTRUCTION,
    extract_boxed,
    extract_choice,
)
from qwen3_handbook.sampling import generation_config

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# --8<-- [start:math]
question = "What is 17 × 23?"
messages = [{"role": "user", "content": f"{question} {MATH_INSTRUCTION}"}]
print(messages[0]["content"])
"""
What is 17 × 23? Please reason step by step, and put your final answer within \boxed{}.
"""
inputs = tokenizer.apply_chat_template(
    messages, add_generation_prompt=True, return_dict=True, return_tensors="pt"
).to(model.device)

set_seed(0)  # sampling is random: fix the seed when you need the same text twice
output = model.generate(**inputs, generation_config=generation_config(thinking=True))
reply = tokenizer.decode(
    output[0, inputs.input_ids.shape[1] :], skip_special_tokens=True
)
print(reply[reply.index("</think>") :])
"""
</think>

17 × 23 = 340 + 51 = \boxed{391}
"""
print(extract_boxed(reply))
#> 391
# --8<-- [end:math]

# --8<-- [start:boxed-rules]
# last box, nested braces
print(extract_boxed(r"Try \boxed{390}. No: \boxed{\frac{782}{2}}"))
#> \frac{782}{2}
# only the answer
print(extract_boxed(r"<think>Maybe \boxed{390}</think>The answer is 391."))
#> None
print(extract_boxed(r"So the answer is \boxed{39"))  # cut off by the length limit
#> None
# --8<-- [end:boxed-rules]

# --8<-- [start:choice]
print(CHOICE_INSTRUCTION)
"""
Please show your choice in the `answer` field with only the choice letter, e.g., ↩
`"answer": "C"`.
"""
print(extract_choice('The mass is conserved.\n```json\n{"answer": "C"}\n```'))
#> C
print(extract_choice("{'answer': 'b'}"))  # single quotes and lower case are accepted
#> B
print(extract_choice('{"answer": "E"}', choices="ABCD"))  # not an option: no answer
#> None
# --8<-- [end:choice]
