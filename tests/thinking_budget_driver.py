"""Run vLLM's and SGLang's thinking-budget code on Qwen3 token ids; print results as JSON.

Runs inside the side venv of `tests/engine_venv.py`:
``python tests/thinking_budget_driver.py vllm|sglang INPUT.json``. INPUT (written by
`tests/test_thinking_budgets.py`) holds the Qwen3 tokenizer folder, request bodies, and
runs: a prompt (rendered by the real chat template), a budget, and a scripted "model" that
proposes the next token of a reasoning text (never closed on its own, unless the run says
so) and, once ``</think>`` is out, of an answer. Each step the proposed token gets the
highest logit; the engine's code then edits the logits (or the vocabulary mask), and the
highest remaining logit is the token generated. A generated token that differs from the
proposed one was forced by the engine.

* vLLM 0.34: ``ReasoningConfig`` (``--reasoning-parser qwen3``, optionally
  ``--reasoning-config``) with its token ids from ``initialize_token_ids``, and the CPU
  model runner's ``CPUThinkingBudgetState`` (``vllm/v1/worker/cpu/sampler.py``), fed
  the request's ``SamplingParams`` as ``ChatCompletionRequest.to_sampling_params`` builds
  them.
* SGLang 0.5.23, ``--enable-custom-logit-processor``: ``Qwen3ThinkingBudgetLogitProcessor``
  (``srt/sampling/custom_logit_processor.py``), serialised with ``to_str()`` and loaded
  back with ``CustomLogitProcessor.from_str`` as the server does, called with the
  request's ``custom_params`` and the request's ids.
* SGLang 0.5.23, ``--enable-strict-thinking``: the ``ReasonerGrammarObject`` that
  ``ReasonerGrammarBackend`` (xgrammar, ``--reasoning-parser qwen3``) builds, with the
  request budget set as ``GrammarManager`` sets it; its vocabulary mask is applied with
  xgrammar's CPU kernel (SGLang's own apply step is GPU-only). ``require_reasoning`` is
  the request's thinking mode, as ``OpenAIServingChat`` derives it from the template.

Nothing is served: no model weights, no GPU.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

os.environ.setdefault("VLLM_TARGET_DEVICE", "cpu")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

THINK, END_THINK = "<think>", "</think>"
MAX_STEPS = 200


def _generate(tokenizer, run: dict[str, Any], step_fn) -> dict[str, Any]:
    """Generate under ``step_fn(prompt_ids, output_ids, logits) -> logits``."""
    import torch

    prompt = tokenizer.encode(run["prompt"], add_special_tokens=False)
    think, end = tokenizer.convert_tokens_to_ids([THINK, END_THINK])
    reasoning = tokenizer.encode(run["reasoning"], add_special_tokens=False)
    answer = tokenizer.encode(run["answer"], add_special_tokens=False)
    im_end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    size = len(tokenizer)
    output: list[int] = []
    forced: list[str] = []
    position = {"reasoning": 0, "answer": 0}
    # The prompt may close the thinking itself (enable_thinking=False: an empty block).
    closed_in_prompt = end in prompt and prompt[::-1].index(end) < prompt[::-1].index(
        think
    )
    for _ in range(MAX_STEPS):
        closed = closed_in_prompt or end in output
        part = "answer" if closed else "reasoning"
        script = answer if closed else reasoning
        proposed = script[position[part]] if position[part] < len(script) else im_end
        logits = torch.zeros(1, size)
        logits[0, proposed] = 10.0
        logits = step_fn(prompt, output, logits)
        token = int(torch.argmax(logits[0]))
        if token != proposed:
            forced.append(tokenizer.decode([token]))
        else:
            position[part] += 1
        output.append(token)
        if token == im_end:
            break
    # Thinking tokens: everything between <think> and </think>, wherever they are (the
    # Thinking-2507 template puts "<think>\n" in the prompt: its newline counts).
    stop = output.index(end) if end in output else len(output)
    if think in output:
        thinking = stop - output.index(think) - 1
    elif think in prompt and not closed_in_prompt:
        thinking = prompt[::-1].index(think) + stop
    else:
        thinking = 0
    return {
        "thinking_tokens": thinking,
        "closed": end in output,
        "forced": forced,
        "output": tokenizer.decode(output),
    }


def run_vllm(spec: dict[str, Any]) -> dict[str, Any]:
    from importlib.metadata import version

    import numpy as np
    import torch
    import vllm.config.reasoning as reasoning_module
    from vllm.config.reasoning import ReasoningConfig
    from vllm.entrypoints.openai.chat_completion.protocol import ChatCompletionRequest
    from vllm.exceptions import VLLMValidationError
    from vllm.sampling_params import SamplingParams
    from vllm.tokenizers import get_tokenizer
    from vllm.v1.worker.cpu.logits_processors import LogitsContext
    from vllm.v1.worker.cpu.sampler import CPUThinkingBudgetState
    from vllm.v1.worker.cpu.states import CPURequestState

    tokenizer = get_tokenizer(spec["tokenizer"])
    # initialize_token_ids loads the tokenizer from a ModelConfig; hand it ours.
    reasoning_module.cached_tokenizer_from_config = lambda model_config: tokenizer
    bodies = {}
    for name, body in spec["bodies"]["vllm"].items():
        request = ChatCompletionRequest.model_validate(body)
        params = request.to_sampling_params(1024, {})
        bodies[name] = {"thinking_token_budget": params.thinking_token_budget}
    values = {}
    for value in spec["budget_values"]:
        try:
            values[json.dumps(value)] = SamplingParams(
                thinking_token_budget=value
            ).thinking_token_budget
        except (VLLMValidationError, ValueError) as error:
            values[json.dumps(value)] = f"rejected: {error}"

    results = {}
    for run in spec["runs"]:
        config = ReasoningConfig(reasoning_parser="qwen3", **run.get("vllm_config", {}))
        config.initialize_token_ids(None)
        states = CPURequestState(1, 4096, 4096, len(tokenizer), torch.device("cpu"))
        budget = CPUThinkingBudgetState(states, config)
        budget.add_request(0, SamplingParams(thinking_token_budget=run["budget"]))

        def step(prompt, output, logits, states=states, budget=budget):
            ids = [*prompt, *output]
            states.all_token_ids[0, : len(ids)] = torch.tensor(ids)
            states.total_len[0] = len(ids)
            context = LogitsContext(
                expanded_idx_mapping=torch.tensor([0]),
                idx_mapping=torch.tensor([0]),
                idx_mapping_np=np.array([0]),
                expanded_local_pos=torch.tensor([0]),
                input_ids=torch.tensor([ids[-1]]),
                pos=torch.tensor([len(ids) - 1]),
                seq_lens_upper_bound_np=np.array([len(ids)]),
            )
            budget.apply(logits, context)
            return logits

        results[run["id"]] = {
            **_generate(tokenizer, run, step),
            "forced_sequence": tokenizer.decode(config.reasoning_end_token_ids),
        }
    return {
        "version": version("vllm"),
        "bodies": bodies,
        "budget_values": values,
        "runs": results,
    }


def _sglang_imports() -> None:
    import torch._dynamo
    import torch._inductor.runtime.triton_compat  # noqa: F401
    import transformers.image_utils  # noqa: F401
    from engine_driver import _EmptyModules

    sys.meta_path.insert(0, _EmptyModules({"triton", "torchvision"}))
    import triton
    import triton.language

    # SGLang's xgrammar backend defines GPU bitmask kernels at import; never called here.
    triton.jit = lambda fn=None, **options: fn if fn is not None else (lambda f: f)
    triton.language.constexpr = object


class _Request:
    """The two fields of SGLang's ``Req`` that the thinking-budget processor reads."""

    def __init__(self, origin_input_ids: list[int], output_ids: list[int]) -> None:
        self.origin_input_ids = origin_input_ids
        self.output_ids = output_ids


def run_sglang(spec: dict[str, Any]) -> dict[str, Any]:
    _sglang_imports()
    from importlib.metadata import version

    import xgrammar
    from sglang.srt.constrained.reasoner_grammar_backend import ReasonerGrammarBackend
    from sglang.srt.constrained.xgrammar_backend import XGrammarGrammarBackend
    from sglang.srt.entrypoints.openai.protocol import ChatCompletionRequest
    from sglang.srt.parser.reasoning_parser import ReasoningParser
    from sglang.srt.sampling.custom_logit_processor import (
        CustomLogitProcessor,
        Qwen3ThinkingBudgetLogitProcessor,
    )
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(spec["tokenizer"])
    serialised = Qwen3ThinkingBudgetLogitProcessor.to_str()
    processor = CustomLogitProcessor.from_str(serialised)
    bodies = {}
    for name, body in spec["bodies"]["sglang"].items():
        if name == "custom-processor":
            body = {**body, "custom_logit_processor": serialised}
        request = ChatCompletionRequest.model_validate(body)
        bodies[name] = {
            "custom_params": request.custom_params,
            "custom_logit_processor": (
                type(
                    CustomLogitProcessor.from_str(request.custom_logit_processor)
                ).__name__
                if request.custom_logit_processor
                else None
            ),
        }
    grammar_backend = XGrammarGrammarBackend(
        tokenizer,
        vocab_size=len(tokenizer),
        model_eos_token_ids=None,
        any_whitespace=True,
        max_whitespace_cnt=None,
    )
    strict_backend = ReasonerGrammarBackend(
        grammar_backend,
        ReasoningParser(
            model_type="qwen3", stream_reasoning=False, tokenizer=tokenizer
        ),
        tokenizer,
        enable_strict_thinking=True,
    )
    size = len(tokenizer)
    results: dict[str, Any] = {"custom-processor": {}, "strict-thinking": {}}
    for run in spec["runs"]:
        if run.get("vllm_config"):  # a vLLM server option; SGLang has no counterpart
            continue
        params = {"thinking_budget": run["budget"]}

        def custom(prompt, output, logits, params=params):
            request = _Request(prompt, list(output))
            return processor(logits, [{**params, "__req__": request}])

        results["custom-processor"][run["id"]] = _generate(tokenizer, run, custom)

        grammar = strict_backend.init_strict_reasoning_grammar(run["thinking"])
        grammar.max_think_tokens = run["budget"]  # GrammarManager, custom_params

        def strict(prompt, output, logits, grammar=grammar):
            if output:
                grammar.accept_token(output[-1])
            mask = grammar.allocate_vocab_mask(size, 1, "cpu")
            grammar.fill_vocab_mask(mask, 0)
            xgrammar.apply_token_bitmask_inplace(logits, mask)
            return logits

        results["strict-thinking"][run["id"]] = _generate(tokenizer, run, strict)
    return {
        "version": version("sglang"),
        "bodies": bodies,
        "processor_ids": {
            "think_start": Qwen3ThinkingBudgetLogitProcessor.THINKING_START_TOKEN_ID,
            "think_end": Qwen3ThinkingBudgetLogitProcessor.THINKING_END_TOKEN_ID,
            "newline": Qwen3ThinkingBudgetLogitProcessor.NEW_LINE_TOKEN_ID,
        },
        "strict_excluded_tokens": [
            tokenizer.decode([token])
            for token in strict_backend.think_excluded_token_ids
        ],
        "runs": results,
    }


def main() -> None:
    engine, path = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    with open(path) as handle:
        spec = json.load(handle)
    result = {"vllm": run_vllm, "sglang": run_sglang}[engine](spec)
    sys.stdout.write("\n" + json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
