"""Real servers the tests start on 127.0.0.1 and always stop: llama-cpp-python's
OpenAI-compatible server with the bundled GGUF, and ``chroma run``.

Each runs in its own process group on a free port, its output goes to a log file in the
test's folder, and ``running_server`` waits until it answers (or fails with its log's tail
when it exits or takes too long). Whatever happens in the test, the group is terminated
(then killed) on the way out.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A port on 127.0.0.1 free right now (bound, then released for the server)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running server process."""

    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self, sig: signal.Signals = signal.SIGKILL) -> None:
        """Send ``sig`` to the server's process group and wait for the server to die."""
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass
        self.proc.wait(30)

    def tail(self, n: int = 30) -> str:
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(lines[-n:])


def _stop(server: Server) -> None:
    if server.proc.poll() is None:
        try:
            os.killpg(server.proc.pid, signal.SIGTERM)
            server.proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait(15)
        except ProcessLookupError:
            pass


@contextmanager
def running_server(
    cmd: Sequence[str],
    port: int,
    ready_path: str,
    log: Path,
    *,
    headers: dict[str, str] | None = None,
    wait: float = 180.0,
) -> Iterator[Server]:
    """Start ``cmd`` (listening on ``port``), wait until ``GET ready_path`` answers 200,
    yield it, and stop it whatever happens."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            list(cmd), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = Server(proc, port, log)
    try:
        deadline = time.monotonic() + wait
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited ({proc.returncode}):\n{server.tail()}")
            try:
                if httpx.get(server.base + ready_path, headers=headers, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{cmd[0]} not ready after {wait:.0f}s:\n{server.tail()}")
            time.sleep(0.2)
        yield server
    finally:
        _stop(server)


@contextmanager
def llama_server(log: Path, *, api_key: str | None = None) -> Iterator[Server]:
    """llama-cpp-python's OpenAI-compatible server with the bundled GGUF (built without AMX
    like every llama.cpp in Mneme, see the Makefile)."""
    from models.locate import locate_chat_model

    port = free_port()
    cmd = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(locate_chat_model(None).path),
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "4096", "--verbose", "False",
    ]
    headers = None
    if api_key:
        cmd += ["--api_key", api_key]
        headers = {"Authorization": f"Bearer {api_key}"}
    with running_server(cmd, port, "/v1/models", log, headers=headers) as server:
        yield server


@contextmanager
def chroma_server(path: Path, log: Path, *, port: int | None = None) -> Iterator[Server]:
    """``chroma run`` keeping its files in ``path`` (on ``port``, or a free one)."""
    port = port or free_port()
    cmd = [str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1",
           "--port", str(port)]
    with running_server(cmd, port, "/api/v2/heartbeat", log, wait=60) as server:
        yield server
