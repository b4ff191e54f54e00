"""What thinking costs: output tokens per answer times the price of an output token."""

from qwen3_handbook.report import Table

# --8<-- [start:cost]
# Put in your own price: a provider's list price, or your GPUs' cost per hour divided
# by the output tokens per hour that `vllm bench serve` measured on them.
usd_per_million_output_tokens = 1.00

# Output tokens per answer to compare, up to the model cards' output lengths: hybrid
# Qwen3 32,768 (38,912 for competition math and code); Thinking-2507 81,920 at most.
budgets = [1_024, 4_096, 8_192, 16_384, 32_768, 38_912, 81_920]
rows = [
    [budget, budget * 1_000 * usd_per_million_output_tokens / 1e6] for budget in budgets
]
print(Table(["tokens per answer (at most)", "USD per 1,000 answers (at most)"], rows))
"""
tokens per answer (at most)  USD per 1,000 answers (at most)
---------------------------  -------------------------------
                      1,024                              1.0
                      4,096                              4.1
                      8,192                              8.2
                     16,384                             16.4
                     32,768                             32.8
                     38,912                             38.9
                     81,920                             81.9
"""
# --8<-- [end:cost]
