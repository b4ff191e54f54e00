"""local_server: a real transformers serve on 127.0.0.1 that always stops, and clear errors."""

from __future__ import annotations

import json
import os
import urllib.request

import pytest

from qwen3_handbook import serving


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_session_server_answers_on_loopback(openai_server, tiny_model):
    assert openai_server.base_url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(openai_server.health_url, timeout=10) as response:
        assert response.status == 200
    request = urllib.request.Request(
        f"{openai_server.base_url}/chat/completions",
        data=json.dumps(
            {
                "model": str(tiny_model),
                "messages": [{"role": "user", "content": "What is 17 × 23?"}],
                "chat_template_kwargs": {"enable_thinking": False},
            }
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        message = json.load(response)["choices"][0]["message"]
    assert message["content"] == "17 × 23 = 391."


def test_server_that_never_gets_healthy_is_stopped(tiny_model):
    """A start-up timeout raises with the log, and the process does not outlive the block."""
    with pytest.raises(serving.ServerStartError, match="not healthy after") as failure:
        with serving.local_server(tiny_model, startup_timeout=0.5):
            pytest.fail("the server cannot be healthy after half a second")
    pid = int(failure.value.args[0].split("pid ")[1].split(")")[0])
    assert not _alive(pid)


def test_server_that_exits_reports_its_log(tiny_model):
    with pytest.raises(serving.ServerStartError, match="exited with code") as failure:
        with serving.local_server(tiny_model, extra_args=("--no-such-option",)):
            pass
    assert "no-such-option" in str(failure.value)


@pytest.mark.parametrize("timeout", [0, -1.0])
def test_bad_timeout(timeout):
    with pytest.raises(ValueError, match="startup_timeout must be positive"):
        with serving.local_server("/tmp", startup_timeout=timeout):
            pass


@pytest.mark.parametrize("port", [0, 70000, "8000", True])
def test_bad_port(port):
    with pytest.raises(ValueError, match="port must be an integer"):
        with serving.local_server("/tmp", port=port):
            pass


def test_missing_model_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="model directory not found"):
        with serving.local_server(str(tmp_path / "nope")):
            pass


def test_missing_serving_extra_is_named(monkeypatch):
    import importlib.util

    real_find_spec = importlib.util.find_spec

    def without_fastapi(name, *args):
        return None if name == "fastapi" else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", without_fastapi)
    with pytest.raises(
        ImportError, match=r"needs 'fastapi': pip install 'transformers\[serving\]"
    ):
        serving.check_installed()


def test_free_port_is_bindable():
    port = serving.free_port()
    assert 0 < port < 65536
