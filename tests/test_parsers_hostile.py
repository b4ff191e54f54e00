"""The reply parsers on hostile and random input: linear time, same result for any chunking.

Time is checked as a ratio, never against the wall clock: each parser's CPU time on an
input 8 times larger must grow less than 16 times (linear is 8, quadratic 64), so a busy
machine slows both measurements alike. A second family runs every public parser of model
output at 10^5 and 10^6 characters (see "At real sizes"). Random inputs (hypothesis) are
bounded in size.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import signal
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qwen3_handbook.answers import extract_boxed, extract_choice
from qwen3_handbook.coder import (
    CoderToolCallError,
    format_coder_tool_call,
    parse_coder_reply,
)
from qwen3_handbook.generations import split_reply
from qwen3_handbook.thinking import (
    THINK_END_ID,
    THINK_START_ID,
    ThinkingStreamParser,
    split_thinking_ids,
    split_thinking_text,
)
from qwen3_handbook.toolcalls import (
    ReplyStreamParser,
    ToolCall,
    ToolCallError,
    _BlockEnd,
    parse_reply,
    parse_tool_calls,
)

SCALE = 8
MAX_GROWTH = 16  # linear: about 8; quadratic: about 64

PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _cpu_seconds_per_call(func: Callable[[str], object], text: str) -> float:
    """Best of 5 rounds, each repeating the call until it has used 20 ms of CPU."""
    best = float("inf")
    for _ in range(5):
        calls, start = 0, time.process_time()
        while True:
            func(text)
            calls += 1
            used = time.process_time() - start
            if used >= 0.02:
                break
        best = min(best, used / calls)
    return best


def _growth(func: Callable[[str], object], make: Callable[[int], str], n: int) -> float:
    small, large = make(n), make(SCALE * n)
    func(small)  # warm up
    return _cpu_seconds_per_call(func, large) / _cpu_seconds_per_call(func, small)


def _quietly(parse: Callable[[str], object]) -> Callable[[str], object]:
    def run(text: str) -> object:
        try:
            return parse(text)
        except ToolCallError as error:
            return error

    return run


def _stream(text: str, chunk: int = 1, **kwargs) -> ReplyStreamParser:
    parser = ReplyStreamParser(**kwargs)
    for i in range(0, len(text), chunk):
        parser.feed(text[i : i + chunk])
    parser.finish()
    return parser


def _call(arguments: str) -> str:
    return f'<tool_call>\n{{"name": "f", "arguments": {arguments}}}\n</tool_call>\n'


HOSTILE = {
    # The cases of issue 10: 20,000 unclosed tags took 114 s, 8,000 \boxed{ took 69 s.
    "unclosed <tool_call> tags": (
        _quietly(parse_reply),
        lambda n: "<tool_call>" * n,
        2500,
    ),
    "unclosed \\boxed{": (extract_boxed, lambda n: "\\boxed{" * n, 1000),
    "closed \\boxed{1}": (extract_boxed, lambda n: "\\boxed{1} " * n, 1000),
    "nested braces in a box": (
        extract_boxed,
        lambda n: "\\boxed{" + "{" * n + "}" * n,
        2000,
    ),
    "many tool calls": (_quietly(parse_reply), lambda n: _call("{}") * n, 500),
    "a long string argument": (
        _quietly(parse_reply),
        lambda n: _call(json.dumps({"s": '\\"</tool_call>' * n})),
        1000,
    ),
    "unterminated strings": (
        _quietly(parse_reply),
        lambda n: '<tool_call>"' + "x" * n,
        5000,
    ),
    "answer fields": (extract_choice, lambda n: '"answer": "' * n, 2000),
    "thinking tags": (
        split_thinking_text,
        lambda n: "<think>" * n + "</think>" * n,
        2000,
    ),
    "a streamed reply, char by char": (
        lambda text: _stream(text).tool_calls,
        lambda n: (
            "<think>\n" + "a " * n + "</think>\n" + _call(json.dumps({"s": "b" * n}))
        ),
        500,
    ),
    "a streamed unclosed call": (
        _quietly(lambda text: _stream(text, chunk=3)),
        lambda n: "<tool_call>" + '{"a": "' + "x\\" * n,
        500,
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_parsers_take_linear_time(case):
    func, make, n = HOSTILE[case]
    growth = _growth(func, make, n)
    assert growth < MAX_GROWTH, (
        f"{case}: {SCALE}x the input took {growth:.1f}x the time"
    )


def test_deep_nesting_is_a_tool_call_error():
    depth = 100_000
    text = _call("[" * depth + "]" * depth)
    with pytest.raises(ToolCallError, match="nested too deeply"):
        parse_reply(text)
    with pytest.raises(ToolCallError, match="nested too deeply"):
        _stream(text, chunk=1000)
    inner = json.dumps("[" * depth + "]" * depth)  # arguments encoded a second time
    with pytest.raises(
        ToolCallError, match=r"arguments of tool call 1 \(f\) are nested"
    ):
        parse_reply(f'<tool_call>{{"name": "f", "arguments": {inner}}}</tool_call>')


# --- Random inputs ---------------------------------------------------------------------

FRAGMENTS = [
    "<think>", "</think>", "<tool_call>", "</tool_call>", "\n", " ", "x", "<", "</thi",
    "</tool", '"', "\\", "{", "}", '{"name": "f", "arguments": {"s": "', '"}}',
    '{"name": "g"}', "<tool_call>\n{\"name\": \"h\", \"arguments\": {}}\n</tool_call>",
]  # fmt: skip
replies = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)
cuts = st.lists(st.integers(min_value=0, max_value=400), max_size=12)


def _chunks(text: str, points: list[int]) -> list[str]:
    edges = sorted({0, len(text), *(p for p in points if p < len(text))})
    return [text[a:b] for a, b in itertools.pairwise(edges)]


def _flag(text: str) -> bool:
    """The stream needs to be told when a reply starts inside its thinking."""
    return "</think>" in text and not text.lstrip().startswith("<think>")


@PROPERTY
@given(replies, cuts)
def test_stream_equals_parse_reply_for_any_chunking(text, points):
    try:
        whole = parse_reply(text)
    except ToolCallError:
        whole = None
    parser = ReplyStreamParser(starts_in_thinking=_flag(text))
    events = []
    try:
        for chunk in _chunks(text, points):
            events += parser.feed(chunk)
        events += parser.finish()
    except ToolCallError:
        assert whole is None, text
        return
    assert whole is not None, text
    assert (parser.thinking, parser.answer, parser.tool_calls) == (
        whole.thinking, whole.content, whole.tool_calls
    )  # fmt: skip
    answer = "".join(
        e.text for e in events if not isinstance(e, ToolCall) and e.kind == "answer"
    )
    assert answer == whole.content
    assert [e for e in events if isinstance(e, ToolCall)] == whole.tool_calls
    assert "<tool_call>" not in whole.content  # never raw markup in the answer


@PROPERTY
@given(replies, cuts)
def test_thinking_stream_equals_split_thinking_text(text, points):
    parser = ThinkingStreamParser(starts_in_thinking=_flag(text))
    for chunk in _chunks(text, points):
        parser.feed(chunk)
    parser.finish()
    assert (parser.thinking, parser.answer) == split_thinking_text(text)


_strings = st.text(
    st.sampled_from(['"', "\\", "<", "/", "t", ">", "\n", "é", "東"]), max_size=20
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | _strings | st.just("</tool_call>"),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(PROPERTY, max_examples=100)
@given(
    st.dictionaries(st.text(max_size=8), json_values, max_size=5), st.booleans(), cuts
)
def test_any_json_arguments_round_trip(arguments, ascii_only, points):
    body = json.dumps({"name": "f", "arguments": arguments}, ensure_ascii=ascii_only)
    text = f"Checking.\n<tool_call>\n{body}\n</tool_call>\nDone."
    reply = parse_reply(text)
    assert reply.tool_calls == [ToolCall("f", arguments)]
    assert reply.content == "Checking.\n\nDone."
    parser = ReplyStreamParser()
    for chunk in _chunks(text, points):
        parser.feed(chunk)
    parser.finish()
    assert (parser.answer, parser.tool_calls) == (reply.content, reply.tool_calls)


BODY_PIECES = ['"', "\\", "x", "</tool_call>", "</tool", "_call>"]


@PROPERTY
@given(st.lists(st.sampled_from(BODY_PIECES), max_size=30).map("".join), cuts)
def test_block_end_is_the_same_for_any_chunking(body, points):
    whole = _BlockEnd().feed(body)
    scanner, found = _BlockEnd(), -1
    for chunk in _chunks(body, points):
        found = scanner.feed(chunk)
        if found >= 0:
            break
    assert found == whole


BOX_TOKENS = ["\\boxed{", "\\boxed {", "{", "}", "\\{", "\\}", "x", "1", " "]


def _boxed_reference(text: str) -> str | None:
    """The straightforward quadratic reading: scan from every box start."""
    found = None
    for match in re.finditer(r"\\boxed\s*\{", text):
        depth, i = 1, match.end()
        while i < len(text) and depth:
            if text[i] == "\\":
                i += 2
                continue
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        if depth == 0 and text[match.end() : i - 1].strip():
            found = text[match.end() : i - 1].strip()
    return found


@PROPERTY
@given(st.lists(st.sampled_from(BOX_TOKENS), max_size=40).map("".join))
def test_extract_boxed_matches_the_reference(text):
    assert extract_boxed(text, answer_only=False) == _boxed_reference(text)


# --- At real sizes: 10^5 against 10^6 characters -----------------------------------------
#
# Every public parser of model output, on the inputs of issue 21 that turned
# super-linear only past the sizes above (copying the rest of the text once per call,
# growing a string attribute one chunk at a time, re-reading a held run of whitespace
# on every chunk). Linear growth at 10x the input is about 10, quadratic about 100.
#
# Not flaky on a busy machine: time is CPU time of this process (process_time), the
# small input is repeated until its time is well above the clock's resolution, and a
# case fails only after a second, best-of-3 measurement also grows more than
# REAL_MAX_GROWTH. Quadratic work on 10^6 characters costs seconds; under
# REAL_FLOOR_SECONDS the ratio measures the CPU caches (10^5 characters fit in them,
# 10^6 do not), not the parser, so it is not judged. A CPU-time guard stops a runaway
# parser instead of hanging the suite.

REAL_SMALL, REAL_LARGE = 100_000, 1_000_000
REAL_MAX_GROWTH = 20  # linear: about 10 (measured 9.5-13); quadratic: about 100
REAL_FLOOR_SECONDS = 0.1  # the linear parsers take 0.2-1.5 s here at 10^6 characters
REAL_CPU_GUARD_SECONDS = 30


class _RunawayParser(Exception):
    pass


@contextlib.contextmanager
def _cpu_guard(seconds: float):
    def stop(signum, frame):
        raise _RunawayParser(f"still parsing after {seconds} s of CPU time")

    previous = signal.signal(signal.SIGVTALRM, stop)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def _cpu_seconds(
    func: Callable[[object], object], data: object, *, rounds: int
) -> float:
    """Best of ``rounds``; each round repeats the call until it has used 50 ms of CPU."""
    best = float("inf")
    for _ in range(rounds):
        calls, start = 0, time.process_time()
        while True:
            func(data)
            calls += 1
            used = time.process_time() - start
            if used >= 0.05:
                break
        best = min(best, used / calls)
    return best


def _streamed(parser_class, chunk: int) -> Callable[[str], object]:
    def run(text: str) -> object:
        parser = parser_class()
        for i in range(0, len(text), chunk):
            parser.feed(text[i : i + chunk])
        parser.finish()
        return parser

    return run


def _quiet(parse: Callable[[str], object]) -> Callable[[str], object]:
    def run(text: str) -> object:
        try:
            return parse(text)
        except (ToolCallError, CoderToolCallError) as error:
            return error

    return run


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


_HERMES_CALL = '<tool_call>\n{"name": "f", "arguments": {"a": "x"}}\n</tool_call>\n'
_CODER_CALL = format_coder_tool_call("f", {"a": "x"}) + "\n"

REAL_SIZES = {
    # Qwen3-Coder's XML calls.
    "coder: many calls": (
        _quiet(parse_coder_reply),
        lambda n: _repeat(_CODER_CALL, n),
    ),
    "coder: many calls, whitespace between": (
        _quiet(parse_coder_reply),
        lambda n: _repeat(_CODER_CALL + " " * 100, n),
    ),
    "coder: many parameters": (
        _quiet(parse_coder_reply),
        lambda n: (
            "<tool_call>\n<function=f>\n"
            + "".join(f"<parameter=p{i}>\nx\n</parameter>\n" for i in range(n // 30))
            + "</function>\n</tool_call>"
        ),
    ),
    "coder: one long value": (
        _quiet(parse_coder_reply),
        lambda n: format_coder_tool_call("f", {"a": "x" * n}),
    ),
    "coder: unclosed calls": (
        _quiet(parse_coder_reply),
        lambda n: _repeat("<tool_call>", n),
    ),
    "coder: function tags": (
        _quiet(parse_coder_reply),
        lambda n: "<tool_call>" + _repeat("<function=", n) + "</tool_call>",
    ),
    # Hermes JSON calls, whole and streamed.
    "parse_reply: many calls": (
        _quiet(parse_reply),
        lambda n: _repeat(_HERMES_CALL, n),
    ),
    "parse_tool_calls: many calls": (
        _quiet(parse_tool_calls),
        lambda n: _repeat(_HERMES_CALL, n),
    ),
    "parse_reply: unclosed calls": (
        _quiet(parse_reply),
        lambda n: _repeat("<tool_call>", n),
    ),
    "ReplyStreamParser: long answer, 4-char chunks": (
        _streamed(ReplyStreamParser, 4),
        lambda n: "a " * (n // 2),
    ),
    "ReplyStreamParser: long thinking, 4-char chunks": (
        _streamed(ReplyStreamParser, 4),
        lambda n: "<think>" + "a " * (n // 2) + "</think>ok",
    ),
    "ReplyStreamParser: many calls, 4-char chunks": (
        _streamed(ReplyStreamParser, 4),
        lambda n: _repeat(_HERMES_CALL, n),
    ),
    "ReplyStreamParser: whitespace run, 1-char chunks": (
        _streamed(ReplyStreamParser, 1),
        lambda n: "a" + " " * n + "b",
    ),
    "ReplyStreamParser: whitespace run in thinking, 1-char chunks": (
        _streamed(ReplyStreamParser, 1),
        lambda n: "<think>a" + " " * n + "b</think>",
    ),
    "ReplyStreamParser: whitespace between calls": (
        _streamed(ReplyStreamParser, 64),
        lambda n: _repeat(_HERMES_CALL + " " * 200, n),
    ),
    # Thinking.
    "ThinkingStreamParser: long thinking, 4-char chunks": (
        _streamed(ThinkingStreamParser, 4),
        lambda n: "<think>" + "a " * (n // 2),
    ),
    "ThinkingStreamParser: long answer, 4-char chunks": (
        _streamed(ThinkingStreamParser, 4),
        lambda n: "a " * (n // 2),
    ),
    "ThinkingStreamParser: whitespace runs, 1-char chunks": (
        _streamed(ThinkingStreamParser, 1),
        lambda n: "<think>a" + "\n" * (n // 2) + "b</think>c" + " " * (n // 2) + "d",
    ),
    "ThinkingStreamParser: half tags, 1-char chunks": (
        _streamed(ThinkingStreamParser, 1),
        lambda n: "<think>" + _repeat("</thin ", n),
    ),
    "split_thinking_text: half tags": (
        split_thinking_text,
        lambda n: "<think>" + _repeat("</thin", n) + "</think>",
    ),
    "split_thinking_ids": (
        split_thinking_ids,
        lambda n: [THINK_START_ID, *[5] * n, THINK_END_ID],
    ),
    "split_reply (hybrid)": (
        lambda text: split_reply(text, "hybrid"),
        lambda n: "\n" * (n // 2) + "<think>" + "x" * (n // 2),
    ),
    # Answers.
    "extract_boxed: unclosed boxes": (
        extract_boxed,
        lambda n: _repeat("\\boxed{", n),
    ),
    "extract_boxed: boxes without braces": (
        extract_boxed,
        lambda n: _repeat("\\boxed" + " " * 50, n),
    ),
    "extract_boxed: nested braces": (
        extract_boxed,
        lambda n: "\\boxed{" + "{" * (n // 2) + "}" * (n // 2),
    ),
    "extract_choice: open fields": (
        extract_choice,
        lambda n: _repeat('"answer": "', n),
    ),
    "extract_choice: fields without values": (
        extract_choice,
        lambda n: _repeat('"answer"' + " " * 40, n),
    ),
    "extract_choice: mixed quotes": (
        extract_choice,
        lambda n: _repeat("'answer': '" + '"answer": "x', n),
    ),
}


@pytest.mark.parametrize("case", REAL_SIZES, ids=list(REAL_SIZES))
def test_parsers_stay_linear_up_to_a_million_characters(case):
    func, make = REAL_SIZES[case]
    small, large = make(REAL_SMALL), make(REAL_LARGE)
    with _cpu_guard(REAL_CPU_GUARD_SECONDS):
        for rounds in (1, 3):  # measured again before failing
            large_seconds = _cpu_seconds(func, large, rounds=rounds)
            growth = large_seconds / _cpu_seconds(func, small, rounds=3)
            if growth < REAL_MAX_GROWTH or large_seconds < REAL_FLOOR_SECONDS:
                return
    pytest.fail(
        f"{case}: 10x the input took {growth:.1f}x the CPU time "
        f"({large_seconds:.2f} s for {len(large):,} items)"
    )
