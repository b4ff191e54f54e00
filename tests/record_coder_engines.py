"""Record what vLLM's and SGLang's own ``qwen3_coder`` parsers return for fixed replies.

Not a test (pytest does not collect it): run it by hand in a side venv that has the
engines, and commit the JSON it writes. ``tests/test_coder.py`` then checks
``qwen3_handbook.coder`` against the recorded results on every run.

    python -m venv --system-site-packages /work/venvs/engines
    /work/venvs/engines/bin/pip install --no-deps vllm==0.34.0 sglang==0.5.23 \\
        pybase64 triton msgspec partial-json-parser xgrammar apache-tvm-ffi cachetools \\
        prometheus-client openai-harmony cbor2 uvloop ijson mistral-common \\
        pydantic-extra-types pycountry
    /work/venvs/engines/bin/python tests/record_coder_engines.py

The main environment provides torch and transformers (``--system-site-packages``);
the engines' declared dependencies would pull CUDA builds, hence ``--no-deps``.
"""

from __future__ import annotations

import json
import logging
from importlib.metadata import version
from pathlib import Path

from qwen3_handbook.coder import format_coder_tool_call as call
from qwen3_handbook.tiny import WEATHER_TOOL, tokenizer_dir

OUTPUT = Path(__file__).parents[1] / "src/qwen3_handbook/data/coder_engine_results.json"

TIMER_TOOL = {
    "type": "function",
    "function": {
        "name": "set_timer",
        "description": "Start a timer.",
        "parameters": {
            "type": "object",
            "properties": {
                "minutes": {"type": "integer"},
                "ratio": {"type": "number"},
                "loud": {"type": "boolean"},
                "tags": {"type": "array"},
                "meta": {"type": "object"},
                "label": {"type": "string"},
            },
        },
    },
}

CASES = [
    ("single", call("get_weather", {"city": "Paris"}), [WEATHER_TOOL]),
    (
        "text-before",
        "I'll check the weather.\n\n" + call("get_weather", {"city": "Paris"}),
        [WEATHER_TOOL],
    ),
    (
        "two-calls",
        call("get_weather", {"city": "Paris"})
        + "\n"
        + call("get_weather", {"city": "Rome"}),
        [WEATHER_TOOL],
    ),
    (
        "typed",
        call(
            "set_timer",
            {
                "minutes": "5",
                "ratio": "2.5",
                "loud": "true",
                "tags": '["a", "b"]',
                "meta": '{"k": 1}',
                "label": "tea",
            },
        ),
        [TIMER_TOOL],
    ),
    (
        "multiline-string",
        call("set_timer", {"label": "line one\nline two"}),
        [TIMER_TOOL],
    ),
    ("null-value", call("set_timer", {"minutes": "null"}), [TIMER_TOOL]),
    ("number-integral", call("set_timer", {"ratio": "3"}), [TIMER_TOOL]),
    ("no-tools-in-request", call("get_weather", {"city": "Paris"}), []),
    ("plain-text", "Paris is sunny today.", [WEATHER_TOOL]),
]


def _vllm(text, tools, tokenizer):
    from vllm.entrypoints.openai.chat_completion.message_assembly import (
        assemble_chat_message_fields,
    )
    from vllm.entrypoints.openai.chat_completion.protocol import ChatCompletionRequest
    from vllm.parser.parser_manager import ParserManager

    cls = ParserManager.get_parser(
        tool_parser_name="qwen3_coder",
        enable_auto_tools=True,
        model_name="Qwen/Qwen3-Coder-30B-A3B-Instruct",
        tokenizer=tokenizer,
    )
    request = ChatCompletionRequest(
        model="m",
        messages=[{"role": "user", "content": "hi"}],
        tools=tools or None,
        tool_choice="auto" if tools else "none",
    )
    parser = cls(tokenizer, request.tools)
    request = parser.adjust_request(request)
    parser.set_prompt_token_ids([1, 2])
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    reasoning, content, calls = parser.parse(
        text, request, enable_auto_tools=True, model_output_token_ids=ids
    )
    fields = assemble_chat_message_fields(
        request, reasoning, content, calls, enable_auto_tools=True, parser_cls=cls
    )
    return {
        "content": fields.content,
        "tool_calls": [
            {"name": c.function.name, "arguments": json.loads(c.function.arguments)}
            for c in (fields.tool_calls or [])
        ],
    }


def _sglang(text, tools):
    from sglang.srt.entrypoints.openai.protocol import Tool
    from sglang.srt.function_call.function_call_parser import FunctionCallParser

    parser = FunctionCallParser([Tool(**tool) for tool in tools], "qwen3_coder")
    if not parser.has_tool_call(text):
        return {"content": text, "tool_calls": []}
    content, calls = parser.parse_non_stream(text)
    return {
        "content": content,
        "tool_calls": [
            {"name": c.name, "arguments": json.loads(c.parameters)} for c in calls
        ],
    }


def main() -> None:
    from transformers import AutoTokenizer

    logging.disable(logging.WARNING)
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir())
    cases = []
    for case_id, text, tools in CASES:
        cases.append(
            {
                "id": case_id,
                "text": text,
                "tools": tools,
                "vllm": _vllm(text, tools, tokenizer),
                "sglang": _sglang(text, tools),
            }
        )
    record = {
        "engines": {"vllm": version("vllm"), "sglang": version("sglang")},
        "parsers": {"vllm": "--tool-call-parser qwen3_coder", "sglang": "qwen3_coder"},
        "cases": cases,
    }
    OUTPUT.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
