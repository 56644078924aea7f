"""Tiny misbehaving HTTP servers on 127.0.0.1 for the chat endpoint's tests: each runs in a
thread of the test process, answers ``POST /v1/chat/completions`` with whatever its script
writes (good SSE, junk, a stall, a broken stream) and stops when the test ends."""

from __future__ import annotations

import json
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Script = Callable[["Handler", dict[str, Any], int], None]
"""Writes the answer to one request: (handler, request JSON, request number from 1)."""


class Handler(BaseHTTPRequestHandler):
    """Reads the request, then lets the server's script write the answer (HTTP/1.0: the
    connection closes after each answer, so a body without a length ends there)."""

    server: FakeServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        with self.server.lock:
            self.server.requests.append({"path": self.path, "body": body,
                                         "auth": self.headers.get("Authorization")})
            n = len(self.server.requests)
        try:
            self.server.script(self, body, n)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up: what these tests are about

    def send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()

    def event(self, data: str) -> None:
        self.wfile.write(f"data: {data}\n\n".encode())
        self.wfile.flush()


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, script: Script) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


@contextmanager
def fake_server(script: Script) -> Iterator[FakeServer]:
    """A fake chat server running ``script``; stopped (and its stalls released) at the end."""
    server = FakeServer(script)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(10)


@contextmanager
def junk_server(payload: bytes) -> Iterator[str]:
    """A TCP server on 127.0.0.1 that answers any connection with ``payload`` (not HTTP)."""

    class Junk(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)
            self.request.sendall(payload)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Junk)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chunk(content: str | None = None, finish: str | None = None) -> str:
    """One streamed chunk: the role (no arguments), a piece of text, or the finish."""
    delta: dict[str, str] = {}
    if content is not None:
        delta["content"] = content
    elif finish is None:
        delta["role"] = "assistant"
    return json.dumps({"object": "chat.completion.chunk",
                       "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})


def completion(content: str) -> bytes:
    return json.dumps({"object": "chat.completion", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": content},
         "finish_reason": "stop"}]}).encode()


def good_stream(words: list[str]) -> Script:
    """A well-behaved streaming server (non-streamed requests get the words joined)."""

    def script(h: Handler, body: dict[str, Any], n: int) -> None:
        if not body.get("stream"):
            h.send(200, completion("".join(words)))
            return
        h.start_stream()
        h.event(chunk())
        for w in words:
            h.event(chunk(w))
        h.event(chunk(finish="stop"))
        h.event("[DONE]")

    return script


def stall(h: Handler, body: dict[str, Any], n: int) -> None:
    """Accepts the request and never answers (until the test ends)."""
    h.server.stop.wait(60)


def trickle(h: Handler, body: dict[str, Any], n: int) -> None:
    """Starts a stream, then sends only keep-alive comments, forever (until the test ends)."""
    h.start_stream()
    h.event(chunk())
    while not h.server.stop.is_set():
        h.wfile.write(b": ping\n\n")
        h.wfile.flush()
        time.sleep(0.2)
