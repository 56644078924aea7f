"""The chat model's process boundary (``models.process_chat`` + ``models.worker``): a real
child process (serving scripted replies, no llama.cpp), killed with real signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator

import pytest

from models.base import ChatMessage
from models.errors import ModelCrashedError, ModelError, ModelUnavailableError
from models.process_chat import ProcessChatModel, Timeouts, signal_name, smoke_test

LONG_REPLY = " ".join(f"word{i}" for i in range(200))
HELLO = [ChatMessage("user", "hello")]


def fake_model(
    *, delay: float = 0.0, replies: list[str] | None = None, timeouts: Timeouts | None = None,
    backoff: tuple[float, float] = (0.2, 1.0),
) -> ProcessChatModel:
    spec = {"kind": "fake", "replies": replies or [LONG_REPLY], "delay": delay, "chunk": 6}
    return ProcessChatModel(
        spec, name="fake", context_size=4096, capable=True, backoff=backoff, timeouts=timeouts
    )


@pytest.fixture
def model() -> Iterator[ProcessChatModel]:
    m = fake_model(delay=0.05)
    yield m
    m.close()


def wait_for(check, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def test_streams_completes_and_counts_through_the_worker(model: ProcessChatModel) -> None:
    assert model.pid is None  # nothing starts before it is needed
    text = "".join(model.stream(HELLO))
    assert text == LONG_REPLY
    assert model.pid is not None and model.pid != os.getpid()
    assert model.complete(HELLO) == LONG_REPLY
    assert model.count_tokens("one two three") == 3
    assert model.info["pid"] == model.pid


def test_closing_a_stream_stops_the_reply_and_the_next_request_is_clean(
    model: ProcessChatModel,
) -> None:
    stream = model.stream(HELLO)
    first = [next(stream) for _ in range(3)]
    stream.close()
    assert "".join(first) == LONG_REPLY[:18]
    # The stopped reply's tail never leaks into the next answer.
    assert model.complete(HELLO) == LONG_REPLY
    assert model.count_tokens("a b") == 2


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
def test_a_killed_worker_raises_a_clear_error_then_restarts(
    model: ProcessChatModel, sig: signal.Signals
) -> None:
    stream = model.stream(HELLO)
    next(stream)
    pid = model.pid
    assert pid is not None
    os.kill(pid, sig)
    with pytest.raises(ModelCrashedError) as crash:
        for _ in stream:
            pass
    assert str(crash.value) == f"chat model crashed with {sig.name} while generating"
    assert crash.value.signal_name == sig.name
    # Within the backoff: refused at once (callers quote memory instead).
    with pytest.raises(ModelUnavailableError, match=f"{sig.name}.*restarting"):
        model.complete(HELLO)
    # The background restart brings a new worker.
    wait_for(lambda: model.loaded)
    assert model.pid not in (None, pid)
    assert model.complete(HELLO) == LONG_REPLY


def test_backoff_doubles_while_crashes_repeat_and_resets_after_a_good_reply() -> None:
    m = fake_model(delay=0.05, backoff=(0.3, 5.0))
    try:
        for expected in (0.3, 0.6, 1.2):
            m.load()
            os.kill(m.pid or 0, signal.SIGKILL)
            wait_for(lambda: not m.running)
            started = time.monotonic()
            with pytest.raises(ModelCrashedError, match="SIGKILL while waiting"):
                m.complete(HELLO)
            wait_for(lambda: m.loaded)
            assert time.monotonic() - started >= expected * 0.9
        assert m.complete(HELLO) == LONG_REPLY
        m.load()
        os.kill(m.pid or 0, signal.SIGKILL)
        wait_for(lambda: not m.running)
        started = time.monotonic()
        with pytest.raises(ModelCrashedError):
            m.complete(HELLO)
        wait_for(lambda: m.loaded)
        assert time.monotonic() - started < 1.0  # back to the first step
    finally:
        m.close()


def test_a_silent_worker_is_stopped_after_the_timeout() -> None:
    m = fake_model(delay=30.0, timeouts=Timeouts(reply=0.5))
    try:
        with pytest.raises(ModelCrashedError, match="stopped answering"):
            list(m.stream(HELLO))
        assert m.pid is None
    finally:
        m.close()


def test_python_errors_in_the_worker_are_errors_not_crashes(model: ProcessChatModel) -> None:
    model.load()
    pid = model.pid
    with pytest.raises(ModelError) as err:
        model._result(model._send("no-such-op"), 5, "testing")
    assert not isinstance(err.value, ModelCrashedError)
    assert "unknown request" in str(err.value)
    assert model.pid == pid  # still the same worker


def test_load_error_of_a_bad_gguf_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a model at all")
    m = ProcessChatModel(
        {"kind": "llama", "path": str(bad)}, name="broken", context_size=2048, capable=False
    )
    try:
        with pytest.raises(ModelError, match="not a GGUF model file"):
            m.load()
    finally:
        m.close()


def test_the_worker_exits_when_the_app_is_killed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = textwrap.dedent(
        """
        import sys, time
        from models.process_chat import ProcessChatModel
        m = ProcessChatModel({"kind": "fake", "replies": ["x"]}, name="f", context_size=512,
                             capable=False)
        m.load()
        print(m.pid, flush=True)
        time.sleep(60)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()

    def gone() -> bool:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return True
        # A zombie of an exited worker (its parent is gone) also counts as exited.
        with open(f"/proc/{worker}/stat") as fh:
            return fh.read().split()[2] == "Z"

    wait_for(gone, timeout=10)


def test_ctrl_c_in_the_terminal_does_not_reach_the_worker(model: ProcessChatModel) -> None:
    model.load()
    assert os.getpgid(model.pid or 0) != os.getpgid(0)


def test_smoke_test_reports_ok_or_the_crash() -> None:
    m = fake_model(replies=["hello there friend"])
    try:
        ok = smoke_test(m)
        assert ok.ok and ok.error is None and ok.seconds > 0
        assert set(ok.as_json()) == {"ok", "seconds", "cpu_features", "error"}
    finally:
        m.close()
    slow = fake_model(delay=0.3)
    killer = threading.Timer(1.0, lambda: os.kill(slow.pid or 0, signal.SIGSEGV))
    try:
        killer.start()
        bad = smoke_test(slow, max_tokens=50)
        assert not bad.ok
        assert bad.error == "chat model crashed with SIGSEGV while generating"
    finally:
        killer.cancel()
        slow.close()


def test_signal_names() -> None:
    assert signal_name(-11) == "SIGSEGV"
    assert signal_name(-9) == "SIGKILL"
    assert signal_name(1) is None and signal_name(None) is None


def test_works_when_the_app_has_over_a_thousand_files_open() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    m = fake_model()
    try:
        assert m.complete(HELLO) == LONG_REPLY  # its pipes are numbered past 1023
        assert m._proc is not None and m._proc.stdout is not None
        assert m._proc.stdout.fileno() > 1023
    finally:
        m.close()
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
