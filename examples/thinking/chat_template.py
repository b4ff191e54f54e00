"""What Qwen3's chat template really renders for each thinking setting."""

import os

from transformers import AutoTokenizer

# --8<-- [start:load]
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
# the tokenizer carries the template
tokenizer = AutoTokenizer.from_pretrained(model_name)


def render(messages, **template_kwargs):
    """The exact prompt text the model will continue."""
    return tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, tokenize=False, **template_kwargs
    )


question = [{"role": "user", "content": "What is 17 × 23?"}]
# --8<-- [end:load]

# --8<-- [start:thinking-on]
print(render(question, enable_thinking=True))
"""
<|im_start|>user
What is 17 × 23?<|im_end|>
<|im_start|>assistant
"""
# --8<-- [end:thinking-on]

# --8<-- [start:thinking-off]
print(render(question, enable_thinking=False))
"""
<|im_start|>user
What is 17 × 23?<|im_end|>
<|im_start|>assistant
<think>

</think>
"""
# exact text
print(repr(render(question, enable_thinking=False).split("<|im_start|>")[-1]))
#> 'assistant\n<think>\n\n</think>\n\n'
# --8<-- [end:thinking-off]

# --8<-- [start:default]
# enable_thinking defaults to True: leaving it out renders the same prompt.
# No empty <think> block is pre-filled: the model decides to think.
print(repr(render(question).split("<|im_start|>")[-1]))
#> 'assistant\n'
# --8<-- [end:default]

# --8<-- [start:soft-switch]
# The template passes /think and /no_think through as plain text: the model reacts to
# them.
no_think = [{"role": "user", "content": "What is 17 × 23? /no_think"}]
print(render(no_think))
"""
<|im_start|>user
What is 17 × 23? /no_think<|im_end|>
<|im_start|>assistant
"""

# With the hard switch off, the empty thinking block is pre-filled whatever the user
# asks:
think = [{"role": "user", "content": "What is 17 × 23? /think"}]
print(render(think, enable_thinking=False))
"""
<|im_start|>user
What is 17 × 23? /think<|im_end|>
<|im_start|>assistant
<think>

</think>
"""
# --8<-- [end:soft-switch]

# --8<-- [start:history]
# An earlier assistant turn, stored with its thinking:
history = [
    {"role": "user", "content": "What is 17 × 23?"},
    {
        "role": "assistant",
        "content": "<think>\nI need 17 × 23. 17 × 20 = 340 and 17 × 3 = 51.\n"
        "</think>\n\n17 × 23 = 391.",
    },
    {"role": "user", "content": "Now add 9. /no_think"},
]
print(render(history))  # the template keeps only the final answer of earlier turns
"""
<|im_start|>user
What is 17 × 23?<|im_end|>
<|im_start|>assistant
17 × 23 = 391.<|im_end|>
<|im_start|>user
Now add 9. /no_think<|im_end|>
<|im_start|>assistant
"""
# --8<-- [end:history]

# --8<-- [start:history-tools]
# Within the current turn (after the last user message) the thinking is kept: here the
# model thought, called a tool, and now continues with the tool's result.
tool_turn = [
    {"role": "user", "content": "What's the weather in Paris?"},
    {
        "role": "assistant",
        "content": "<think>\nI should call get_weather.\n</think>\n\n",
        "tool_calls": [
            {
                "type": "function",
                "function": {"name": "get_weather", "arguments": {"city": "Paris"}},
            }
        ],
    },
    {"role": "tool", "content": '{"temperature_c": 18, "condition": "sunny"}'},
]
print(render(tool_turn))
"""
<|im_start|>user
What's the weather in Paris?<|im_end|>
<|im_start|>assistant
<think>
I should call get_weather.
</think>

<tool_call>
{"name": "get_weather", "arguments": {"city": "Paris"}}
</tool_call><|im_end|>
<|im_start|>user
<tool_response>
{"temperature_c": 18, "condition": "sunny"}
</tool_response><|im_end|>
<|im_start|>assistant
"""
# --8<-- [end:history-tools]

# --8<-- [start:budget-kwarg]
# Qwen3's template has no thinking_budget variable: the keyword changes nothing.
print(repr(render(question, thinking_budget=16).split("<|im_start|>")[-1]))
#> 'assistant\n'
# --8<-- [end:budget-kwarg]
