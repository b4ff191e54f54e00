"""Thinking budgets on vLLM and SGLang: what each engine's own budget code did.

The test suite ran vLLM's and SGLang's released budget code on Qwen3 token ids (prompts
from the real chat template; a scripted model that never ends its thinking by itself)
and recorded the results in data/engine_thinking_budgets.json; this prints them.
"""

from qwen3_handbook.server_budgets import budget_table, record

# --8<-- [start:table]
print(budget_table())
"""
case                     budget             vLLM    SGLang strict   SGLang processor
-----------------------  ------  ---------------  ---------------  -----------------
Hybrid, thinking on          16  16 + "</think>"  15 + "</think>"  16 + "\n</think>"
Hybrid, thinking on           0   0 + "</think>"   0 + "</think>"     1 + "</think>"
Thinking-2507                16  16 + "</think>"  17 + "</think>"  16 + "\n</think>"
Hybrid, thinking off         16          0, none          0, none            0, none
Hybrid, ends by itself       16          8, none          8, none            8, none
Hybrid, Qwen's end text      16   16 + 23 tokens
"""
# --8<-- [end:table]

# --8<-- [start:vllm-values]
values = record()["vllm"]["budget_values"]  # what SamplingParams made of each value
accepted = {
    value: result for value, result in values.items() if "rejected" not in str(result)
}
print(accepted)
#> {'-1': None, '0': 0, '16': 16}
print(values["-2"])
"""
rejected: `thinking_token_budget` must be a non-negative integer or -1 for unlimited. ↩
(parameter=thinking_token_budget, value=-2)
"""
# --8<-- [end:vllm-values]
