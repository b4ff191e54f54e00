# Public benchmarks (the datasets come from the Hugging Face Hub) against your server,
# in thinking mode with the model card's preset. For non-thinking mode use
# temperature=0.7 top_p=0.8 and {"enable_thinking": False}.
lm-eval run \
  --model local-chat-completions \
  --model_args model=Qwen/Qwen3-235B-A22B num_concurrent=8 \
    base_url=http://127.0.0.1:8000/v1/chat/completions \
  --tasks gsm8k_cot_zeroshot \
  --apply_chat_template \
  --gen_kwargs temperature=0.6 top_p=0.95 top_k=20 min_p=0 max_gen_toks=32768 \
    'chat_template_kwargs={"enable_thinking": True}' \
  --output_path results/thinking \
  --log_samples
