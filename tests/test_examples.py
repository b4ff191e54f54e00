"""Every file in examples/ runs against the tiny model and prints what its ``#>`` lines say."""

from __future__ import annotations

import shutil

import pytest
from example_checker import EXAMPLES, check_example, example_files, needs_server, no_run_reason


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
    with pytest.raises(pytest.fail.Exception, match="Print output changed code"):
        check_example(broken)


def test_checker_updates_outputs(tmp_path, monkeypatch):
    """``--update-examples`` mode rewrites a stale ``#>`` line to the real output."""
    monkeypatch.chdir(tmp_path)
    stale = tmp_path / "stale.py"
    stale.write_text('print("fresh")\n#> stale\n')
    check_example(stale, update=True)
    assert stale.read_text() == 'print("fresh")\n#> fresh\n'
    shutil.copy(stale, tmp_path / "again.py")
    check_example(tmp_path / "again.py")  # now passes as is
