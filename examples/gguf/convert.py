"""Write a Qwen3-MoE checkpoint as a GGUF file with the `gguf` package (pip install
gguf).

For the real models use llama.cpp's own `convert_hf_to_gguf.py` (see the llama.cpp
page); this short converter exists so that the handbook can *execute* the GGUF path on
its tiny test model. It writes the same metadata keys and tensor layout as llama.cpp's
converter for the `qwen3moe` architecture, in F32 (no quantization).
"""

import json
import os
from pathlib import Path

import gguf
import numpy as np
from safetensors.numpy import load_file
from transformers import AutoTokenizer


# --8<-- [start:metadata]
def write_metadata(writer: gguf.GGUFWriter, config: dict) -> None:
    """Hyperparameters llama.cpp's qwen3moe loader reads (names from gguf.Keys)."""
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_head_count(config["num_attention_heads"])
    writer.add_head_count_kv(config["num_key_value_heads"])
    writer.add_key_length(config["head_dim"])
    writer.add_value_length(config["head_dim"])
    writer.add_rope_freq_base(config["rope_theta"])
    writer.add_layer_norm_rms_eps(config["rms_norm_eps"])
    writer.add_expert_count(config["num_experts"])
    writer.add_expert_used_count(config["num_experts_per_tok"])
    writer.add_expert_feed_forward_length(config["moe_intermediate_size"])
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)


# --8<-- [end:metadata]


# --8<-- [start:vocab]
def write_vocab(writer: gguf.GGUFWriter, checkpoint: Path, vocab_size: int) -> None:
    """The byte-level BPE vocabulary, merges, special ids and the chat template."""
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    by_id = {token_id: token for token, token_id in tokenizer.get_vocab().items()}
    added = tokenizer.added_tokens_decoder
    tokens, types = [], []
    # the embedding has padding rows past the tokenizer
    for token_id in range(vocab_size):
        if token_id not in by_id:
            tokens.append(f"[PAD{token_id}]")
            types.append(gguf.TokenType.UNUSED)
        elif token_id in added and added[token_id].special:
            tokens.append(by_id[token_id])
            types.append(gguf.TokenType.CONTROL)
        # <think>, </think>, <tool_call>, ...: not special tokens
        elif token_id in added:
            tokens.append(by_id[token_id])
            types.append(gguf.TokenType.USER_DEFINED)
        else:
            tokens.append(by_id[token_id])
            types.append(gguf.TokenType.NORMAL)
    writer.add_tokenizer_model("gpt2")  # byte-level BPE
    writer.add_tokenizer_pre("qwen2")  # Qwen3 shares Qwen2's pre-tokenizer regex
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    # merges, eos/pad/bos ids and the chat template, read from the checkpoint's files
    gguf.SpecialVocab(checkpoint, load_merges=True).add_to_gguf(writer)


# --8<-- [end:vocab]


# --8<-- [start:tensors]
def write_tensors(writer: gguf.GGUFWriter, checkpoint: Path, config: dict) -> list[str]:
    """Rename every tensor to its GGUF name and stack the experts into 3-D tensors."""
    weights = {}
    for shard in sorted(checkpoint.glob("*.safetensors")):
        weights.update(load_file(shard))
    layers = config["num_hidden_layers"]
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.QWEN3MOE, layers)
    for layer in range(layers):
        prefix = f"model.layers.{layer}.mlp.experts"
        for projection in ("gate_proj", "up_proj", "down_proj"):
            experts = [
                weights.pop(f"{prefix}.{expert}.{projection}.weight")
                for expert in range(config["num_experts"])
            ]
            # [experts, out, in]
            weights[f"{prefix}.{projection}.weight"] = np.stack(experts)
    for hf_name, tensor in weights.items():
        gguf_name = names.get_name(hf_name, try_suffixes=(".weight",))
        if gguf_name is None:
            raise ValueError(f"no GGUF name for tensor {hf_name!r}")
        writer.add_tensor(gguf_name, tensor.astype(np.float32))
    return list(writer.tensors[0])  # the GGUF names, in file order


# --8<-- [end:tensors]


# --8<-- [start:convert]
def convert(checkpoint: Path, output: Path) -> tuple[Path, list[str]]:
    config = json.loads((checkpoint / "config.json").read_text())
    writer = gguf.GGUFWriter(output, arch="qwen3moe")
    writer.add_name(checkpoint.name)
    write_metadata(writer, config)
    write_vocab(writer, checkpoint, config["vocab_size"])
    names = write_tensors(writer, checkpoint, config)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return output, names


if __name__ == "__main__":
    # a local directory
    checkpoint = Path(os.environ.get("QWEN3_MODEL", "Qwen3-30B-A3B"))
    output, names = convert(checkpoint, Path("qwen3moe-f32.gguf"))
    print(len(names), "tensors")
    #> 27 tensors
    print([name for name in names if name.startswith("blk.0.ffn")])
    """
    [
        "blk.0.ffn_gate_inp.weight",
        "blk.0.ffn_norm.weight",
        "blk.0.ffn_gate_exps.weight",
        "blk.0.ffn_up_exps.weight",
        "blk.0.ffn_down_exps.weight",
    ]
    """
# --8<-- [end:convert]
