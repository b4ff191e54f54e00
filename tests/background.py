"""Long child processes that start with the session and are awaited by the tests using them.

Two jobs take minutes each and wait on nothing but the tiny model: the strict site build
(about a minute) and the examples on the lowest supported transformers (about three and a
half). Each is one child process that keeps one core busy. Started together when the
session starts, they run beside the rest of the suite on CI's second core instead of
after it; the tests that check them (`built_site`, `test_version_matrix.py`) wait for the
result and report it as before.

A job's exception (a failed install, say) is raised again in the test that waits for it,
so a failure shows where it did before. Children still running at the end of the session
(Ctrl-C, SIGTERM, `-x`) are stopped.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable
from typing import Any

# A child process started by a job gets a core of its own; two threads each, plus the
# test process's two, would fight over CI's two cores (OpenMP threads spin while waiting).
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

_running: set[subprocess.Popen] = set()
_lock = threading.Lock()


def run(command: list[str], **options: Any) -> subprocess.CompletedProcess:
    """``subprocess.run(command, capture_output=True, text=True)``, stoppable by `stop_all`."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options
    )
    with _lock:
        _running.add(process)
    try:
        stdout, stderr = process.communicate()
    finally:
        with _lock:
            _running.discard(process)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def stop_all(grace: float = 10.0) -> None:
    """Terminate the children still running (the session ended before they did)."""
    with _lock:
        processes = list(_running)
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Job:
    """``work()`` in a thread of its own; `result` waits for it."""

    def __init__(self, name: str, work: Callable[[], Any]):
        self.name = name
        self._work = work
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as error:  # pytest.fail raises a BaseException
            self._error = error

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value
