"""No orphaned ``transformers serve``: killing the process that started it stops it too.

CI's timeout sends SIGTERM to pytest; an out-of-memory killer or a cancelled job sends
SIGKILL. In every case the server must not live on, re-parented to PID 1, still answering.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOLD = "HANDBOOK_HOLD_SERVER"  # set by the tests below for the pytest run they start

RUNNER = """
import json, sys, time
from qwen3_handbook.serving import local_server
with local_server(sys.argv[1]) as server:
    print(json.dumps({"pid": server.pid, "port": server.port}), flush=True)
    time.sleep(600)
"""

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="PR_SET_PDEATHSIG and /proc are Linux only",
)


def _running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (an exited child nobody reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    state = stat.rsplit(")", 1)[1].split()[0]
    return state not in ("Z", "X")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _assert_gone(pid: int, port: int, within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not _running(pid) and not _answers(port):
            return
        time.sleep(0.25)
    if _running(pid):  # clean up before failing, so the failure leaves nothing behind
        os.kill(pid, signal.SIGKILL)
    pytest.fail(
        f"server pid {pid} still running or port {port} still answering after {within} s"
    )


def _wait_for(read, what: str, process: subprocess.Popen, timeout: float = 240.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = read()
        if value:
            return value
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(
                f"the runner exited ({process.returncode}) before {what}:\n{output}"
            )
        time.sleep(0.25)
    process.kill()
    pytest.fail(f"no {what} after {timeout} s")


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"]
)
def test_killing_the_owner_stops_the_server(tiny_model, signum):
    """A Python process inside ``with local_server(...)`` is killed outright: the kernel
    (PR_SET_PDEATHSIG) ends the server with it."""
    from qwen3_handbook.serving import check_installed

    check_installed()
    runner = subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(tiny_model)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = _wait_for(runner.stdout.readline, "a server address", runner)
        server = json.loads(line)
        assert _running(server["pid"]) and _answers(server["port"])
        runner.send_signal(signum)
        runner.wait(timeout=30)
        _assert_gone(server["pid"], server["port"])
    finally:
        if runner.poll() is None:
            runner.kill()
            runner.wait()


def test_sigterm_to_pytest_stops_the_session_server(tiny_model, tmp_path):
    """SIGTERM to a pytest run that holds the session server: pytest exits in order
    (conftest's handler) and the server is stopped."""
    from qwen3_handbook.serving import check_installed

    check_installed()
    report = tmp_path / "server.json"
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pytest",
            f"{Path(__file__).relative_to(ROOT)}::test_hold_the_session_server",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
        ],
        cwd=ROOT,
        env={**os.environ, HOLD: str(report)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        text = _wait_for(
            lambda: report.is_file() and report.read_text(), "a server", run
        )
        server = json.loads(text)
        assert _running(server["pid"]) and _answers(server["port"])
        run.send_signal(signal.SIGTERM)
        output, _ = run.communicate(timeout=60)
        assert run.returncode == 128 + signal.SIGTERM, output
        assert "terminated by signal" in output, output
        _assert_gone(server["pid"], server["port"], within=15)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()


@pytest.mark.skipif(
    not os.environ.get(HOLD), reason=f"started by the test above ({HOLD})"
)
def test_hold_the_session_server(openai_server):
    """Not a check by itself: reports the session server, then waits to be killed."""
    Path(os.environ[HOLD]).write_text(
        json.dumps({"pid": openai_server.pid, "port": openai_server.port})
    )
    time.sleep(600)
