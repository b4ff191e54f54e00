# Every tutorial script reads the model from QWEN3_MODEL (default Qwen/Qwen3-235B-A22B).
# Try the whole path on a smaller sibling first: same tokenizer, same chat template.
QWEN3_MODEL=Qwen/Qwen3-30B-A3B python basic_inference.py
