"""Switch thinking per turn with /think and /no_think, and keep the history as the card
says."""

import os

from transformers import AutoModelForCausalLM, AutoTokenizer, set_seed

from qwen3_handbook.sampling import generation_config
from qwen3_handbook.thinking import split_thinking_text, wants_thinking

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)


# --8<-- [start:reply]
def reply(messages, enable_thinking=True):
    """Generate one assistant turn with the sampling preset of the mode it will be
    in."""
    thinking = wants_thinking(messages, enable_thinking=enable_thinking)
    config = generation_config(thinking=thinking)
    inputs = tokenizer.apply_chat_template(
        messages,
        add_generation_prompt=True,
        enable_thinking=enable_thinking,
        return_dict=True,
        return_tensors="pt",
    ).to(model.device)
    output = model.generate(**inputs, generation_config=config)
    return tokenizer.decode(
        output[0, inputs.input_ids.shape[1] :], skip_special_tokens=True
    )


# --8<-- [end:reply]


set_seed(0)  # sampling is random: fix the seed when you need the same text twice

# --8<-- [start:no-think]
messages = [{"role": "user", "content": "What is 17 × 23? /no_think"}]
print("thinking requested:", wants_thinking(messages))
#> thinking requested: False
text = reply(messages)
print(repr(text))  # with enable_thinking=True the block is always there, maybe empty
#> '<think>\n\n</think>\n\n17 × 23 = 391.'
# --8<-- [end:no-think]

# --8<-- [start:multi-turn]
conversation = [{"role": "user", "content": "What is 17 × 23?"}]
first = reply(conversation)
thinking, answer = split_thinking_text(first)
print(answer)
#> 17 × 23 = 391.

# Keep only the final answer in the history (model card, Best Practices 4).
conversation.append({"role": "assistant", "content": answer})
conversation.append({"role": "user", "content": "Now add 9. /no_think"})
print("thinking requested:", wants_thinking(conversation))  # the latest switch wins
#> thinking requested: False
print(split_thinking_text(reply(conversation)))
#> ('', '391 + 9 = 400.')
# --8<-- [end:multi-turn]
