# transformers 4.51.0 is the first release that knows qwen3_moe (older: KeyError:
# 'qwen3_moe'). The handbook's examples use dtype=, which needs 4.56 or newer.
pip install "transformers>=4.56" accelerate torch
