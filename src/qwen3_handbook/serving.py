"""Start an OpenAI-compatible server on the loopback interface, and always stop it.

`local_server` runs ``transformers serve`` (install ``transformers[serving]``) for one model
directory on ``127.0.0.1``, waits until ``GET /health`` answers, yields its address, and
terminates the process when the ``with`` block ends, also when the block raises. On Linux
the server is also tied to the life of the thread that started it (``PR_SET_PDEATHSIG``):
if that process is killed, even with SIGKILL, the kernel sends the server SIGTERM, so no
server is left running re-parented to PID 1. The handbook's test suite uses it to run the
client examples against real software.

Examples:
    >>> from qwen3_handbook.serving import local_server
    >>> from qwen3_handbook.tiny import ensure_tiny_model
    >>> with local_server(ensure_tiny_model()) as server:  # doctest: +SKIP
    ...     print(server.base_url)
    http://127.0.0.1:41237/v1
"""

from __future__ import annotations

import contextlib
import numbers
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qwen3_handbook._checks import ArgumentTypeError, positive_float

__all__ = [
    "DEFAULT_BASE_URL",
    "LocalServer",
    "ServerStartError",
    "check_installed",
    "free_port",
    "local_server",
]

DEFAULT_BASE_URL = "http://127.0.0.1:8000/v1"
"""Where ``vllm serve`` and ``transformers serve`` listen by default (SGLang: port 30000)."""

LOOPBACK = "127.0.0.1"


class ServerStartError(RuntimeError):
    """The server process exited or did not become healthy in time; the message has its log."""


@dataclass(frozen=True)
class LocalServer:
    """A running server.

    Attributes:
        model: The model directory it serves; also the ``model`` name requests must use.
        port: The TCP port on ``127.0.0.1``.
        pid: The server's process id.
    """

    model: str
    port: int
    pid: int

    @property
    def base_url(self) -> str:
        """The OpenAI base URL, e.g. ``http://127.0.0.1:41237/v1``."""
        return f"http://{LOOPBACK}:{self.port}/v1"

    @property
    def health_url(self) -> str:
        """``GET`` it: 200 once the server accepts requests."""
        return f"http://{LOOPBACK}:{self.port}/health"


def free_port() -> int:
    """A TCP port on ``127.0.0.1`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def check_installed() -> None:
    """Raise `ImportError` unless ``transformers serve`` can run here.

    It needs transformers 5 (whose server parses Qwen3's reasoning and tool calls) with the
    ``serving`` extra (FastAPI, uvicorn).
    """
    import importlib.util

    for module in ("transformers.cli.serving", "fastapi", "uvicorn"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            raise ImportError(
                f"transformers serve needs {module!r}: pip install 'transformers[serving]>=5'"
            )


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent_pid: int) -> None:
    """In the child, before exec: ask the kernel for SIGTERM when the parent dies.

    Runs between fork and exec, so it only makes async-signal-safe calls. If the parent
    died before the request took effect, the child would never be signalled: it exits.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def _child_setup() -> dict[str, object]:
    """``Popen`` options that end the server with its parent, where the OS allows it."""
    if sys.platform.startswith("linux"):
        parent = os.getpid()
        return {"preexec_fn": lambda: _die_with_parent(parent)}
    return {}


def _stop(process: subprocess.Popen, grace: float) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # uvicorn shuts down cleanly on SIGTERM
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def local_server(
    model: str | os.PathLike[str],
    *,
    port: int | None = None,
    startup_timeout: float = 120.0,
    extra_args: tuple[str, ...] = (),
) -> Iterator[LocalServer]:
    """Run ``transformers serve`` for ``model`` on ``127.0.0.1`` for the ``with`` block.

    The model is passed as ``FORCE_MODEL``: loaded once at start-up and used for every
    request. ``HF_HUB_OFFLINE=1`` is set, so a local directory never reaches for the Hub.

    Args:
        model: A local model directory (a hub id works only with network access).
        port: The port to listen on; by default a free one is picked.
        startup_timeout: Seconds to wait for ``/health`` before giving up.
        extra_args: More ``transformers serve`` options, e.g. ``("--dtype", "bfloat16")``.

    Yields:
        The running `LocalServer`.

    Raises:
        ImportError: If ``transformers serve`` is not installed (see `check_installed`).
        ValueError: If ``startup_timeout`` is not a positive finite number or ``port`` is
            out of range.
        TypeError: If an argument has the wrong type (``startup_timeout=None``,
            ``port="8000"``, ``extra_args="--dtype bf16"``).
        FileNotFoundError: If ``model`` looks like a path but does not exist.
        ServerStartError: If the process exits early or is not healthy in time; the
            message ends with the server's log.

    Examples:
        >>> with local_server("/models/Qwen3-0.6B", port=8000) as server:  # doctest: +SKIP
        ...     server.base_url
        'http://127.0.0.1:8000/v1'
    """
    startup_timeout = positive_float(
        "startup_timeout", startup_timeout, requirement="positive (seconds)"
    )
    if port is not None:
        if isinstance(port, bool) or not isinstance(port, numbers.Integral):
            raise ArgumentTypeError(
                f"port must be an integer in 1..65535, got {port!r}"
            )
        if not 0 < port < 65536:
            raise ValueError(f"port must be an integer in 1..65535, got {port!r}")
        port = int(port)
    if isinstance(extra_args, (str, bytes)) or not all(
        isinstance(arg, str) for arg in extra_args
    ):
        raise ArgumentTypeError(
            f"extra_args must be a tuple of strings such as ('--dtype', 'bfloat16'), "
            f"got {extra_args!r}"
        )
    if not isinstance(model, (str, os.PathLike)):
        raise ArgumentTypeError(
            f"model must be a path or a model id, got {model!r} ({type(model).__name__})"
        )
    model = os.fspath(model)
    if model.startswith((".", "/", "~")) and not Path(model).expanduser().is_dir():
        raise FileNotFoundError(f"model directory not found: {model}")
    check_installed()
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "transformers.cli.transformers",
        "serve",
        model,
        "--host",
        LOOPBACK,  # loopback only: nothing outside this machine can reach it
        "--port",
        str(port),
        *extra_args,
    ]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env, **_child_setup()
        )
        server = LocalServer(model=model, port=port, pid=process.pid)
        try:
            deadline = time.monotonic() + startup_timeout
            while not _healthy(server.health_url):
                if process.poll() is not None:
                    raise ServerStartError(
                        f"transformers serve exited with code {process.returncode} before "
                        f"becoming healthy:\n{_tail(log)}"
                    )
                if time.monotonic() > deadline:
                    raise ServerStartError(
                        f"transformers serve (pid {process.pid}) was not healthy after "
                        f"{startup_timeout:g} s on port {port}:\n{_tail(log)}"
                    )
                time.sleep(0.25)
            yield server
        finally:
            _stop(process, grace=10.0)


def _tail(log, chars: int = 4000) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-chars:]
