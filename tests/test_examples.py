"""Every file in examples/ runs against the tiny model and prints what its ``#>`` lines say."""

from __future__ import annotations

import shutil
import traceback

import pytest
from example_checker import (
    EXAMPLES,
    check_example,
    example_files,
    needs_server,
    no_run_reason,
    node_id,
)


def _param(path):
    reason = no_run_reason(path)
    marks = [pytest.mark.skip(reason=f"no-run: {reason}")] if reason else []
    return pytest.param(path, id=str(path.relative_to(EXAMPLES)), marks=marks)


@pytest.mark.parametrize("path", [_param(p) for p in example_files()])
def test_example_output(path, request, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # files an example writes land in a scratch directory
    if needs_server(path):  # started on first use, shared by every client example
        server = request.getfixturevalue("openai_server")
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "EMPTY")
    check_example(path, update=request.config.getoption("update_examples"))


def test_checker_fails_on_wrong_output(tmp_path, monkeypatch):
    """A copy of a real example with one ``#>`` line changed must fail the check."""
    monkeypatch.chdir(tmp_path)
    original = EXAMPLES / "quickstart" / "chat.py"
    broken = tmp_path / "broken_chat.py"
    source = original.read_text()
    assert "#> 17 × 23 = 391." in source
    broken.write_text(source.replace("#> 17 × 23 = 391.", "#> 17 × 23 = 392.", 1))
    with pytest.raises(
        pytest.fail.Exception, match="printed something other"
    ) as failure:
        check_example(broken)
    message = str(failure.value)
    assert "-#> 17 × 23 = 392." in message and "+#> 17 × 23 = 391." in message
    assert f'pytest "{node_id(broken)}" --update-examples' in message


def test_mismatch_names_the_update_command_for_a_real_example():
    path = EXAMPLES / "thinking" / "streaming.py"
    assert node_id(path) == (
        "tests/test_examples.py::test_example_output[thinking/streaming.py]"
    )


def test_exception_traceback_shows_the_real_file_and_line(tmp_path, monkeypatch):
    """An example that raises points at its own file and line, not at a ``.py.txt`` copy."""
    monkeypatch.chdir(tmp_path)
    failing = tmp_path / "failing.py"
    failing.write_text('print("ok")\n#> ok\n\n\ndef f():\n    return 1 / 0\n\n\nf()\n')
    with pytest.raises(ZeroDivisionError) as failure:
        check_example(failing)
    frames = traceback.extract_tb(failure.value.__traceback__)
    mine = [(frame.filename, frame.lineno, frame.line) for frame in frames]
    assert (str(failing), 9, "f()") in mine
    assert (str(failing), 6, "return 1 / 0") in mine
    assert not any(frame.filename.endswith(".py.txt") for frame in frames)


def test_checker_updates_outputs(tmp_path, monkeypatch):
    """``--update-examples`` mode rewrites a stale ``#>`` line to the real output."""
    monkeypatch.chdir(tmp_path)
    stale = tmp_path / "stale.py"
    stale.write_text('print("fresh")\n#> stale\n')
    check_example(stale, update=True)
    assert stale.read_text() == 'print("fresh")\n#> fresh\n'
    shutil.copy(stale, tmp_path / "again.py")
    check_example(tmp_path / "again.py")  # now passes as is


STREAMING = [
    p
    for p in example_files()
    if "TextIteratorStreamer" in p.read_text()
    and not no_run_reason(p)
    and not needs_server(p)
]
"""Examples that read transformers' streamer: their output must not depend on chunking."""


@pytest.mark.parametrize("size", [1, 7, 10_000])
@pytest.mark.parametrize("path", STREAMING, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_streaming_output_does_not_depend_on_chunking(
    path, size, tmp_path, monkeypatch
):
    """A streaming example prints the same whatever pieces the streamer hands out.

    The streamer is replaced by one that re-cuts the generated text into pieces of
    ``size`` characters (1: a character at a time; 10,000: the whole reply at once), so
    a printed count of pieces or a per-piece listing fails here, not on the next
    transformers release that changes how its streamer cuts text.
    """
    import transformers

    class RechunkedStreamer(transformers.TextIteratorStreamer):
        def __iter__(self):
            pieces = []
            while True:
                try:
                    pieces.append(transformers.TextIteratorStreamer.__next__(self))
                except StopIteration:
                    break
            text = "".join(pieces)
            yield from (text[i : i + size] for i in range(0, len(text), size))

    monkeypatch.setattr(transformers, "TextIteratorStreamer", RechunkedStreamer)
    monkeypatch.chdir(tmp_path)
    check_example(path)


def test_streaming_examples_are_found():
    assert EXAMPLES / "thinking" / "streaming.py" in STREAMING
