"""The request settings that stop endless repetition: the model card's sampling preset
(never greedy in thinking mode) and, for quantized checkpoints, a presence penalty."""

from qwen3_handbook.sampling import QUANTIZED_PRESENCE_PENALTY, openai_request

# --8<-- [start:settings]
# Keyword arguments for client.chat.completions.create against vLLM or SGLang.
request = openai_request(thinking=True, presence_penalty=QUANTIZED_PRESENCE_PENALTY)
extra_body = request.pop("extra_body")  # fields outside the OpenAI schema
for key, value in [*request.items(), *extra_body.items()]:
    print(key, value)
    #> max_tokens 32768
    #> temperature 0.6
    #> top_p 0.95
    #> presence_penalty 1.5
    #> top_k 20
    #> min_p 0.0
    #> chat_template_kwargs {'enable_thinking': True}
# --8<-- [end:settings]
