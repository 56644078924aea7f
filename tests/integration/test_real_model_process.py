"""Integration: the real bundled GGUF in Mneme's model process, and its AMX guard."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from models.base import ChatMessage
from models.errors import ModelCrashedError
from models.llama import LlamaChatModel, amx_in_use
from models.locate import locate_chat_model
from tests.conftest import ROOT
from tests.unit.test_llama_build import SPR_INFO

pytestmark = pytest.mark.integration


def test_the_model_mneme_loads_runs_apart_and_cannot_use_amx(real_chat) -> None:  # type: ignore[no-untyped-def]
    info = real_chat.info
    assert info["pid"] not in (None, os.getpid())  # llama.cpp runs in its own process
    assert "AVX" in info["cpu_features"]
    # Whatever the CPU: no AMX in the build, or no extra buffers (the AMX path) at run time.
    assert not amx_in_use(info["cpu_features"]) or info["extra_buffers"] is False
    # Where AMX is absent, llama.cpp's other extra buffers (weight repacking) stay on.
    assert info["extra_buffers"] is (not amx_in_use(info["cpu_features"]))


def test_a_llama_cpp_reporting_amx_loads_without_extra_buffers(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("models.llama.system_info", lambda: SPR_INFO)
    found = locate_chat_model()
    model = LlamaChatModel(found.path, n_ctx=512, n_threads=2)
    model.load()
    assert model.uses_extra_buffers is False
    assert model.cpu_features == SPR_INFO
    assert "".join(model.stream([ChatMessage("user", "Say hi.")], max_tokens=6)).strip()


def test_a_segfault_of_the_real_model_is_survived(real_chat) -> None:  # type: ignore[no-untyped-def]
    real_chat.load()
    stream = real_chat.stream([ChatMessage("user", "Count from one to fifty.")], max_tokens=200)
    assert next(stream)
    os.kill(real_chat.pid, signal.SIGSEGV)
    with pytest.raises(ModelCrashedError, match="crashed with SIGSEGV while generating"):
        list(stream)
    deadline = time.monotonic() + 300  # a liveness bound on a loaded machine, not a timing
    while not real_chat.loaded:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert real_chat.complete([ChatMessage("user", "Say hi.")], max_tokens=6).strip()


def test_doctor_runs_the_chat_model_in_a_child_process(isolated_env) -> None:  # type: ignore[no-untyped-def]
    out = subprocess.run(
        [sys.executable, "-m", "app", "doctor", "--json"],
        capture_output=True, text=True, cwd=ROOT, env=os.environ.copy(), timeout=300,
    )
    assert out.returncode == 0, out.stderr
    smoke = json.loads(out.stdout)["models"]["chat"]["smoke"]
    assert set(smoke) == {"ok", "seconds", "cpu_features", "error"}
    assert smoke["ok"] is True and smoke["error"] is None
    assert 0 < smoke["seconds"] < 300
    assert "AVX" in smoke["cpu_features"] and not amx_in_use(smoke["cpu_features"])


def test_doctor_reports_a_model_that_crashes(isolated_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A GGUF header with garbage after it: llama.cpp refuses or crashes; either way doctor
    # reports it in one line and exits normally.
    bad = tmp_path / "exotic.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + os.urandom(4096))
    env = {**os.environ, "MNEME_CHAT_MODEL": str(bad)}
    out = subprocess.run(
        [sys.executable, "-m", "app", "doctor", "--json"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    smoke = json.loads(out.stdout)["models"]["chat"]["smoke"]
    assert smoke["ok"] is False and smoke["error"]
    assert "\n" not in smoke["error"]
    assert "Traceback" not in out.stderr
