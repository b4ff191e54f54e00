"""presence_penalty (vLLM, SGLang, OpenAI API) and repetition_penalty (transformers)
differ."""

import torch
from transformers import RepetitionPenaltyLogitsProcessor

from qwen3_handbook.sampling import PresencePenaltyLogitsProcessor

# --8<-- [start:compare]
# Four-token vocabulary. Token 0 is in the prompt, tokens 1 and 2 were generated (1
# twice).
sequence = torch.tensor([[0, 1, 1, 2]])
prompt_length = 1
logits = torch.tensor([[2.0, 2.0, -2.0, 2.0]], dtype=torch.float64)

presence = PresencePenaltyLogitsProcessor(1.5, prompt_length=prompt_length)
repetition = RepetitionPenaltyLogitsProcessor(penalty=1.5)

# -1.5, output only
print(presence(sequence, logits.clone()).round(decimals=3).tolist())
#> [[2.0, 0.5, -3.5, 2.0]]
# ÷1.5 or ×1.5, prompt too
print(repetition(sequence, logits.clone()).round(decimals=3).tolist())
#> [[1.333, 1.333, -3.0, 2.0]]
# --8<-- [end:compare]
