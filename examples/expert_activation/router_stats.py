"""Which experts does Qwen3-MoE use? Router logits, expert load and the load-balancing
loss."""
# handbook: figures

import os

import matplotlib

matplotlib.use("Agg")  # render to files, no display needed
import matplotlib.pyplot as plt
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer
from transformers.models.qwen3_moe.modeling_qwen3_moe import load_balancing_loss_func

from qwen3_handbook.routing import expert_load, load_balancing_loss, route

plt.rcParams["svg.hashsalt"] = "qwen3-handbook"  # stable SVG ids between builds

# --8<-- [start:forward]
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# A few prompts from different domains, padded into one batch.
prompts = {
    "math": "What is 17 × 23?",
    "weather": "What's the weather like in Paris today?",
    "code": "def fibonacci(n):\n"
    "    return n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)",
    "chinese": "今天巴黎的天气怎么样？",
    "german": "Wie ist das Wetter heute in Paris?",
}
batch = tokenizer(list(prompts.values()), return_tensors="pt", padding=True).to(
    model.device
)

with torch.no_grad():
    outputs = model(**batch, output_router_logits=True)

# One [batch x sequence, num_experts] tensor per decoder layer.
router_logits = [layer.float().cpu() for layer in outputs.router_logits]
print(len(router_logits), tuple(router_logits[0].shape))
#> 2 (130, 128)
# --8<-- [end:forward]

# --8<-- [start:top-k]
# What the router of layer 0 decides for the first token of the first prompt:
# softmax over 128 experts, keep the best 8, rescale them to sum to 1 (norm_topk_prob).
weights, experts = route(router_logits[0][:1], top_k=model.config.num_experts_per_tok)
print(experts.shape, weights.shape)
#> torch.Size([1, 8]) torch.Size([1, 8])
print([round(weight, 3) for weight in weights[0].tolist()])  # largest first, sum 1
#> [0.15, 0.133, 0.128, 0.124, 0.123, 0.119, 0.114, 0.109]
# --8<-- [end:top-k]

# --8<-- [start:load]
mask = batch["attention_mask"].reshape(-1).bool().cpu()  # leave padding tokens out
load = torch.stack(
    [
        expert_load(layer[mask], top_k=model.config.num_experts_per_tok)
        for layer in router_logits
    ]
)
print(tuple(load.shape))  # layers × experts
#> (2, 128)
print(f"per layer: {int(load[0].sum())} choices = {int(mask.sum())} tokens × 8 experts")
#> per layer: 480 choices = 60 tokens × 8 experts
# --8<-- [end:load]

# --8<-- [start:aux-loss]
# The model computes the auxiliary loss itself when asked for router logits...
model_aux = outputs.aux_loss.float().cpu()
# ...and so do transformers' function and the handbook's re-implementation.
library_aux = load_balancing_loss_func(
    tuple(router_logits),
    model.config.num_experts,
    model.config.num_experts_per_tok,
    mask,
)
handbook_aux = load_balancing_loss(
    router_logits, model.config.num_experts_per_tok, mask
)
for source, loss in (("model", model_aux), ("transformers", library_aux)):
    print(f"{source}: {loss:.2f}")
    #> model: 12.76
    #> transformers: 12.76
print(f"handbook: {handbook_aux:.2f}")
#> handbook: 12.76

# Reference points: a perfectly even router scores top_k = 8, a collapsed one up to 128.
even = load_balancing_loss([torch.zeros(1024, model.config.num_experts)], top_k=8)
print(round(even.item(), 4))
#> 8.0
# --8<-- [end:aux-loss]

# --8<-- [start:global-batch]
# Qwen3 balances the load over a global batch, not per micro-batch (tech report, section
# 2). Compare the loss computed over each prompt alone with the loss over the whole
# batch.
sequence_length = batch["input_ids"].shape[1]
per_prompt = []
for row in range(len(prompts)):
    rows = slice(row * sequence_length, (row + 1) * sequence_length)
    prompt_mask = batch["attention_mask"][row].cpu()
    per_prompt.append(
        load_balancing_loss([layer[rows] for layer in router_logits], 8, prompt_mask)
    )
micro_batch_loss = torch.stack(per_prompt).mean()
global_batch_loss = handbook_aux
# Balancing each prompt on its own is the stricter target: an expert that one prompt
# favours raises that prompt's loss even when the batch as a whole is balanced.
print(f"mean over the {len(per_prompt)} prompts alone: {micro_batch_loss:.2f}")
#> mean over the 5 prompts alone: 12.71
print(f"over the whole batch: {global_batch_loss:.2f}")
#> over the whole batch: 12.76
# --8<-- [end:global-batch]

# --8<-- [start:figures]
share = load / load.sum(dim=1, keepdim=True)  # each expert's share of a layer's picks
figure, axis = plt.subplots(figsize=(9, 1.2 + 0.35 * len(router_logits)))
image = axis.imshow(
    share.numpy(), aspect="auto", cmap="viridis", interpolation="nearest"
)
axis.set_xlabel("expert")
axis.set_ylabel("layer")
axis.set_title(
    f"Share of routed tokens per expert ({model.config.num_experts_per_tok} of 128)"
)
figure.colorbar(image, ax=axis, label="share of picks")
figure.tight_layout()
figure.savefig("expert-activation-load.svg")

layer0_by_prompt = []
for row in range(len(prompts)):
    rows = slice(row * sequence_length, (row + 1) * sequence_length)
    prompt_mask = batch["attention_mask"][row].bool().cpu()
    layer0_by_prompt.append(expert_load(router_logits[0][rows][prompt_mask], top_k=8))
by_prompt = torch.stack(layer0_by_prompt).float()
# prompts differ in length: compare shares
by_prompt /= by_prompt.sum(dim=1, keepdim=True)
figure, axis = plt.subplots(figsize=(9, 2.6))
image = axis.imshow(
    by_prompt.numpy(), aspect="auto", cmap="magma", interpolation="nearest"
)
axis.set_yticks(range(len(prompts)), list(prompts))
axis.set_xlabel("expert (layer 0)")
axis.set_title("Share of each prompt's picks per expert, layer 0")
figure.colorbar(image, ax=axis, label="share")
figure.tight_layout()
figure.savefig("expert-activation-prompts.svg")

all_weights, _ = route(
    torch.cat(router_logits)[mask.repeat(len(router_logits))], top_k=8
)
figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3))
left.boxplot(all_weights.numpy())
left.set_xlabel("rank of the expert among the token's 8")
left.set_ylabel("routing weight")
left.set_title("Renormalised top-8 weights")
labels = [*prompts, "global batch"]
right.bar(labels, [*(loss.item() for loss in per_prompt), global_batch_loss.item()])
right.axhline(8.0, color="grey", linestyle="--", label="even routing = 8")
right.set_ylim(0, 1.3 * max(loss.item() for loss in [*per_prompt, global_batch_loss]))
right.set_ylabel("load-balancing loss")
right.set_title("Per prompt vs whole batch")
right.tick_params(axis="x", rotation=45)
right.legend()
figure.tight_layout()
figure.savefig("expert-activation-weights.svg")
# --8<-- [end:figures]
