"""Run vLLM's or SGLang's own parsing code on the contract cases; print the results as JSON.

Runs inside the side venv that `tests/engine_venv.py` builds (never in the main
environment): ``python tests/engine_driver.py vllm|sglang INPUT.json``. INPUT holds the
tokenizer folder, the chat templates and the cases (see `tests/test_engine_contracts.py`).
The calls mirror the engines' serving code for one chat choice:

* vLLM 0.34 (``OpenAIServingChat``): ``ParserManager.get_parser`` composes the parser;
  non-streaming ``Parser.parse`` + ``assemble_chat_message_fields`` + ``ChatMessage``;
  streaming ``ChatStreamProcessor.step`` per chunk, merged the way a client merges deltas.
* SGLang 0.5.23 (``OpenAIServingChat``): ``ReasoningParser`` with ``force_reasoning`` as the
  server derives it from the chat template (``detect_reasoning_pattern``) and the request,
  then ``FunctionCallParser`` on the remaining text (``has_tool_call`` / ``parse_non_stream``
  or ``parse_stream_chunk`` + ``parse_stream_end``).

Nothing here is served: no model, no GPU. Only the parsers, protocol classes and argument
parsers run.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import logging
import os
import sys
import types
from typing import Any

os.environ.setdefault("VLLM_TARGET_DEVICE", "cpu")  # vLLM's config asks for a device
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class _EmptyModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Empty stand-ins for packages SGLang imports at module level but never calls while
    parsing: ``triton`` (GPU kernels, a 1 GB wheel) and ``torchvision`` (image
    preprocessing of multimodal configs; PyPI's wheel does not load on CPU torch)."""

    def __init__(self, roots: set[str]) -> None:
        self.roots = roots

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.roots:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        return None


def _chunks(tokenizer, text: str, step: int) -> list[tuple[str, list[int]]]:
    """Split text into streaming chunks of ``step`` tokens, decoded as a server does:
    text is released only once its bytes form whole characters."""
    ids = tokenizer.encode(text, add_special_tokens=False)
    chunks, sent = [], ""
    for start in range(0, len(ids), step):
        part = ids[start : start + step]
        decoded = tokenizer.decode(ids[: start + len(part)], skip_special_tokens=False)
        last = start + step >= len(ids)
        if decoded.endswith("\ufffd") and not last:
            chunks.append(("", part))
            continue
        chunks.append((decoded[len(sent) :], part))
        sent = decoded
    return chunks


def _merge(deltas: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge streamed deltas the way a client does (text concatenated, calls by index)."""
    fields: dict[str, Any] = {}
    calls: dict[int, dict[str, str]] = {}
    for delta in deltas:
        for key, value in delta.items():
            if key == "tool_calls":
                for call in value or []:
                    slot = calls.setdefault(
                        call.get("index", 0), {"name": "", "arguments": ""}
                    )
                    function = call.get("function") or {}
                    slot["name"] += function.get("name") or ""
                    slot["arguments"] += function.get("arguments") or ""
            elif isinstance(value, str) and key != "role":
                fields[key] = fields.get(key, "") + value
    if calls:
        fields["tool_calls"] = [calls[i] for i in sorted(calls)]
    return fields


def _message(dump: dict[str, Any]) -> dict[str, Any]:
    """Keep the fields a client reads: text fields, and calls as name + arguments."""
    out = {}
    for key, value in dump.items():
        if key == "tool_calls":
            if value:
                out[key] = [
                    {
                        "name": c["function"]["name"],
                        "arguments": c["function"]["arguments"],
                    }
                    for c in value
                ]
        elif isinstance(value, str) and key != "role" and value:
            out[key] = value
    return out


# vLLM ---------------------------------------------------------------------------------


def run_vllm(spec: dict[str, Any]) -> dict[str, Any]:
    import vllm
    from vllm.entrypoints.generate.base.protocol import DeltaMessage
    from vllm.entrypoints.openai.chat_completion.message_assembly import (
        assemble_chat_message_fields,
    )
    from vllm.entrypoints.openai.chat_completion.protocol import (
        ChatCompletionRequest,
        ChatMessage,
    )
    from vllm.entrypoints.openai.chat_completion.stream_processor import (
        ChatStreamProcessor,
    )
    from vllm.parser.parser_manager import ParserManager
    from vllm.tokenizers import get_tokenizer

    tokenizer = get_tokenizer(spec["tokenizer"])
    results: dict[str, Any] = {}
    for case in spec["cases"]:
        prompt_ids = tokenizer.encode(case["prompt"], add_special_tokens=False)
        output_ids = tokenizer.encode(case["text"], add_special_tokens=False)
        per_config = {}
        for config in case["vllm"]:
            reasoning_name, tool_name = config.split("+")
            parser_cls = ParserManager.get_parser(
                tool_parser_name=tool_name,
                reasoning_parser_name=reasoning_name,
                enable_auto_tools=True,
                model_name="Qwen/Qwen3-235B-A22B",
                tokenizer=tokenizer,
            )
            kwargs = {"enable_thinking": case["enable_thinking"]}

            def request(case=case, kwargs=kwargs):
                return ChatCompletionRequest(
                    model="Qwen/Qwen3-235B-A22B",
                    messages=case["messages"],
                    tools=case["tools"] or None,
                    tool_choice="auto" if case["tools"] else "none",
                    chat_template_kwargs=kwargs,
                )

            def make(req, parser_cls=parser_cls, kwargs=kwargs):
                parser = parser_cls(tokenizer, req.tools, chat_template_kwargs=kwargs)
                return parser, parser.adjust_request(req)

            modes = {}
            parser, req = make(request())
            parser.set_prompt_token_ids(prompt_ids)
            reasoning, content, calls = parser.parse(
                case["text"],
                req,
                enable_auto_tools=True,
                model_output_token_ids=output_ids,
            )
            fields = assemble_chat_message_fields(
                req,
                reasoning,
                content,
                calls,
                enable_auto_tools=True,
                parser_cls=parser_cls,
            )
            message = ChatMessage(
                role="assistant",
                reasoning=fields.reasoning,
                content=fields.content,
                tool_calls=fields.tool_calls,
            )
            modes["whole"] = _message(message.model_dump(mode="json"))
            for step in spec["steps"]:
                parser, req = make(request())
                processor = ChatStreamProcessor(
                    req, parser, enable_auto_tools=True, parser_cls=parser_cls
                )
                deltas = []
                chunks = _chunks(tokenizer, case["text"], step)
                for number, (text, ids) in enumerate(chunks):
                    last = number == len(chunks) - 1
                    finish = (
                        ("stop" if case["finished"] else "length") if last else None
                    )
                    delta = processor.step(text, ids, finish, prompt_ids).delta
                    if delta is not None:
                        assert isinstance(delta, DeltaMessage)
                        deltas.append(delta.model_dump(mode="json", exclude_none=True))
                modes[f"stream-{step}"] = _merge(deltas)
            per_config[config] = modes
        results[case["id"]] = per_config
    return {
        "version": vllm.__version__,
        "results": results,
        "fields": _vllm_fields(),
        "flags": _vllm_flags(),
    }


def _reasoning_fields(model) -> list[str]:
    return sorted(
        name for name in model.model_fields if "reason" in name and "effort" not in name
    )


def _protocol_fields(
    request_class, message_class, delta_class, keys_of
) -> dict[str, Any]:
    """The reasoning fields of a server's response classes, and which of the two names
    its request class keeps when a client sends one back in the history."""
    history = {}
    for key in ("reasoning_content", "reasoning"):
        request = request_class(
            model="m",
            messages=[
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": "a", key: "r"},
                {"role": "user", "content": "again"},
            ],
        )
        history[key] = sorted(k for k in keys_of(request.messages[1]) if "reason" in k)
    return {
        "message": _reasoning_fields(message_class),
        "delta": _reasoning_fields(delta_class),
        "history": history,
    }


def _vllm_fields() -> dict[str, Any]:
    from vllm.entrypoints.generate.base.protocol import DeltaMessage
    from vllm.entrypoints.openai.chat_completion.protocol import (
        ChatCompletionRequest,
        ChatMessage,
    )

    # vLLM keeps request messages as dicts: iterating gives the field names
    return _protocol_fields(ChatCompletionRequest, ChatMessage, DeltaMessage, iter)


def _vllm_flags() -> dict[str, Any]:
    from vllm.entrypoints.common.cli_args import make_arg_parser
    from vllm.reasoning import ReasoningParserManager
    from vllm.tool_parsers import ToolParserManager
    from vllm.utils.argparse_utils import FlexibleArgumentParser

    parser = make_arg_parser(FlexibleArgumentParser())
    return {
        "flags": sorted({o for a in parser._actions for o in a.option_strings}),
        "reasoning_parsers": sorted(
            _registered(ReasoningParserManager, "reasoning_parsers")
        ),
        "tool_parsers": sorted(_registered(ToolParserManager, "tool_parsers")),
    }


def _registered(manager, attribute: str) -> set[str]:
    names = set(getattr(manager, attribute, {}))
    names |= set(getattr(manager, "lazy_parsers", {}))
    return names


# SGLang -------------------------------------------------------------------------------


def run_sglang(spec: dict[str, Any]) -> dict[str, Any]:
    # Imported first, without triton, so that torch settles on "no triton" before the stub
    # below exists.
    import torch._dynamo
    import torch._inductor.runtime.triton_compat  # noqa: F401
    import transformers.image_utils  # noqa: F401  (decides "no torchvision" first, too)

    sys.meta_path.insert(0, _EmptyModules({"triton", "torchvision"}))
    from importlib.metadata import version

    from sglang.srt.entrypoints.openai.protocol import ChatCompletionRequest, Tool
    from sglang.srt.function_call.function_call_parser import FunctionCallParser
    from sglang.srt.parser.reasoning_parser import ReasoningParser
    from sglang.srt.parser.template_detection import detect_reasoning_pattern
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(spec["tokenizer"])
    patterns = {
        name: detect_reasoning_pattern(template)
        for name, template in spec["templates"].items()
    }
    results: dict[str, Any] = {}
    for case in spec["cases"]:
        always_on, config = patterns[case["template"]]
        kwargs = {"enable_thinking": case["enable_thinking"]}
        # OpenAIServingChat._get_reasoning_from_request for a template with a toggle
        from_request = bool(
            config is not None
            and config.toggle_param
            and (
                kwargs.get(config.toggle_param) is not False
                if config.default_enabled
                else kwargs.get(config.toggle_param) is True
            )
        )
        tools = [Tool(**t) for t in case["tools"]]
        request = ChatCompletionRequest(
            model="m",
            messages=case["messages"],
            tools=tools or None,
            chat_template_kwargs=kwargs,
        )
        force = always_on or from_request
        per_config = {}
        for config_name in case["sglang"]:
            reasoning_name, tool_name = config_name.split("+")

            def reasoner(stream, name=reasoning_name, force=force, request=request):
                return ReasoningParser(
                    name,
                    stream_reasoning=stream,
                    force_reasoning=force,
                    request=request,
                    tokenizer=tokenizer,
                    tool_call_parser_active=bool(request.tools),
                )

            def caller(tools=tools, name=tool_name):
                return FunctionCallParser(tools, name, tokenizer=tokenizer)

            modes = {}
            reasoning, text = reasoner(False).parse_non_stream(case["text"])
            calls = None
            if tools:
                parser = caller()
                if parser.has_tool_call(text):
                    text, items = parser.parse_non_stream(text)
                    calls = [
                        {"name": i.name, "arguments": i.parameters} for i in items
                    ] or None
            message = {"reasoning_content": reasoning or None, "content": text or None}
            if calls:
                message["tool_calls"] = calls
            modes["whole"] = {k: v for k, v in message.items() if v}
            for step in spec["steps"]:
                reasoning_parser, call_parser = (
                    reasoner(True),
                    caller() if tools else None,
                )
                deltas = []
                chunks = _chunks(tokenizer, case["text"], step)
                for number, (piece, _ids) in enumerate(chunks):
                    last = number == len(chunks) - 1
                    r_text, normal = reasoning_parser.parse_stream_chunk(piece)
                    if last:
                        end_r, end_n = reasoning_parser.parse_stream_end()
                        r_text = (r_text or "") + (end_r or "")
                        normal = (normal or "") + (end_n or "")
                    if r_text:
                        deltas.append({"reasoning_content": r_text})
                    if call_parser is None:
                        if normal:
                            deltas.append({"content": normal})
                        continue
                    if normal or last:
                        normal_out, items = call_parser.parse_stream_chunk(normal or "")
                        if last:
                            end_text, end_items = call_parser.parse_stream_end()
                            normal_out = (normal_out or "") + end_text
                            items = list(items) + list(end_items)
                        if normal_out:
                            deltas.append({"content": normal_out})
                        for item in items:
                            deltas.append(
                                {
                                    "tool_calls": [
                                        {
                                            "index": item.tool_index,
                                            "function": {
                                                "name": item.name,
                                                "arguments": item.parameters,
                                            },
                                        }
                                    ]
                                }
                            )
                modes[f"stream-{step}"] = _merge(deltas)
            per_config[config_name] = modes
        results[case["id"]] = per_config
    return {
        "version": version("sglang"),
        "results": results,
        "fields": _sglang_fields(),
        "flags": _sglang_flags(),
        "force_reasoning": {
            name: {"always_on": on, "toggle": getattr(c, "toggle_param", None)}
            for name, (on, c) in patterns.items()
        },
    }


def _sglang_fields() -> dict[str, Any]:
    from sglang.srt.entrypoints.openai.protocol import (
        ChatCompletionRequest,
        ChatMessage,
        DeltaMessage,
    )

    # SGLang parses request messages into models; unset fields are None
    return _protocol_fields(
        ChatCompletionRequest,
        ChatMessage,
        DeltaMessage,
        lambda message: message.model_dump(exclude_none=True),
    )


def _sglang_flags() -> dict[str, Any]:
    import argparse

    from sglang.srt.function_call.function_call_parser import FunctionCallParser
    from sglang.srt.parser.reasoning_parser import ReasoningParser
    from sglang.srt.server_args import ServerArgs

    parser = argparse.ArgumentParser()
    ServerArgs.add_cli_args(parser)
    return {
        "flags": sorted({o for a in parser._actions for o in a.option_strings}),
        "reasoning_parsers": sorted(ReasoningParser.DetectorMap),
        "tool_parsers": sorted(FunctionCallParser.ToolCallParserEnum),
        "deprecated_tool_parsers": _sglang_deprecated_tool_parsers(),
    }


def _sglang_deprecated_tool_parsers() -> dict[str, str]:
    """The ``deprecated_tool_call_parsers`` mapping in SGLang's argument handling (a local
    dict of ``_handle_deprecated_args``; read from the installed source)."""
    import ast
    import inspect

    from sglang.srt.arg_groups import serving_hook

    for node in ast.walk(ast.parse(inspect.getsource(serving_hook))):
        if (
            isinstance(node, ast.Assign)
            and getattr(node.targets[0], "id", "") == "deprecated_tool_call_parsers"
        ):
            return ast.literal_eval(node.value)
    return {}


# Commands and defaults ----------------------------------------------------------------
# ``python tests/engine_driver.py vllm-commands|sglang-commands INPUT.json``: INPUT holds
# ``{"commands": [{"id": ..., "args": [...]}]}``, the arguments of every ``vllm serve`` or
# ``python -m sglang.launch_server`` command of the site. Each is parsed by the engine's
# own argument parser, as its CLI does, with Python warnings and the engines' log records
# captured: every message about a deprecation is returned with the command, and so is the
# help text of each flag used whose help calls it deprecated (the engines name the
# replacement in both). The defaults the site states are read from the same parser and
# from the engines' config classes.


class _Messages(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _parse_commands(parser, commands: list[dict[str, Any]]) -> dict[str, Any]:
    import contextlib
    import io
    import re
    import warnings

    handler = _Messages()
    loggers = [
        logging.getLogger(),
        logging.getLogger("vllm"),
        logging.getLogger("sglang"),
    ]
    for logger in loggers:
        logger.addHandler(handler)
    by_flag = {o: a for a in parser._actions for o in a.option_strings}
    results = {}
    try:
        for command in commands:
            handler.messages.clear()
            error = None
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                stderr = io.StringIO()
                try:
                    with contextlib.redirect_stderr(stderr):
                        parser.parse_args(command["args"])
                except SystemExit:
                    error = stderr.getvalue().strip().splitlines()[-1:] or ["exit"]
                    error = error[0]
            messages = [str(w.message) for w in caught] + handler.messages
            for word in command["args"]:
                action = by_flag.get(word.split("=", 1)[0])
                if action is not None and re.search("deprecat", str(action.help), re.I):
                    messages.append(f"{word.split('=', 1)[0]}: {action.help}")
            deprecations = []
            for message in messages:
                clean = re.sub(r"\x1b\[[0-9;]*m", "", message)
                if re.search("deprecat", clean, re.I) and clean not in deprecations:
                    deprecations.append(clean)
            results[command["id"]] = {"deprecations": deprecations, "error": error}
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    return results


def _value(default: Any) -> Any:
    """A field default as JSON (pydantic FieldInfo defaults unwrapped)."""
    default = getattr(default, "default", default)
    return (
        default
        if isinstance(default, (bool, int, float, str, type(None)))
        else str(default)
    )


def run_vllm_commands(spec: dict[str, Any]) -> dict[str, Any]:
    from importlib.metadata import version

    from vllm.config.cache import CacheConfig
    from vllm.entrypoints.common.cli_args import make_arg_parser
    from vllm.utils.argparse_utils import FlexibleArgumentParser

    parser = make_arg_parser(FlexibleArgumentParser())
    cli = vars(parser.parse_args(["Qwen/Qwen3-235B-A22B"]))
    defaults = {
        "gpu_memory_utilization": _value(cli["gpu_memory_utilization"]),
        "gpu_memory_utilization_extensible_kv_cache": CacheConfig(
            enable_extensible_kv_cache=True
        ).resolved_gpu_memory_utilization,
        "gpu_memory_utilization_otherwise": CacheConfig(
            enable_extensible_kv_cache=False
        ).resolved_gpu_memory_utilization,
        "max_model_len": _value(cli["max_model_len"]),
        "max_num_seqs": _value(cli["max_num_seqs"]),
        "all2all_backend": _value(cli["all2all_backend"]),
        "enable_expert_parallel": _value(cli["enable_expert_parallel"]),
    }
    return {
        "version": version("vllm"),
        "commands": _parse_commands(parser, spec["commands"]),
        "defaults": defaults,
    }


def run_sglang_commands(spec: dict[str, Any]) -> dict[str, Any]:
    import argparse

    import torch._dynamo
    import torch._inductor.runtime.triton_compat  # noqa: F401
    import transformers.image_utils  # noqa: F401

    sys.meta_path.insert(0, _EmptyModules({"triton", "torchvision"}))
    from importlib.metadata import version

    from sglang.srt.server_args import ServerArgs

    parser = argparse.ArgumentParser()
    ServerArgs.add_cli_args(parser)
    cli = vars(parser.parse_args(["--model-path", "Qwen/Qwen3-235B-A22B"]))
    names = [
        "mem_fraction_static",
        "context_length",
        "max_running_requests",
        "attn_dp_size",
        "dp_size",
        "moe_a2a_backend",
        "enable_strict_thinking",
        "enable_custom_logit_processor",
    ]
    return {
        "version": version("sglang"),
        "commands": _parse_commands(parser, spec["commands"]),
        "defaults": {name: _value(cli[name]) for name in names},
    }


def main() -> None:
    engine, path = sys.argv[1], sys.argv[2]
    with open(path) as handle:
        spec = json.load(handle)
    run = {
        "vllm": run_vllm,
        "sglang": run_sglang,
        "vllm-commands": run_vllm_commands,
        "sglang-commands": run_sglang_commands,
    }[engine]
    result = run(spec)
    # Logging from the engines goes to stderr/stdout; the JSON is the last line.
    sys.stdout.write("\n" + json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
