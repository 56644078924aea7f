"""The chat model's own process: ``python -m models.worker``.

Started by ``models.process_chat.ProcessChatModel``, never by hand. A native crash here (a
llama.cpp segfault, running out of memory, a corrupt GGUF) ends this process only; the app
sees the pipe close and answers from memory while it restarts the worker.

Protocol, one JSON object per line (nothing listens on any socket):

- stdin, first line: the model spec ``{"kind": "llama", "path": ..., ...}`` (``"fake"``
  serves ``models.fakes.FakeChatModel`` replies slowly, for tests of the process boundary);
- stdin, then: requests ``{"id": n, "op": "load" | "stream" | "complete" | "count_tokens"}``
  and ``{"op": "cancel", "target": n}``;
- stdout: ``{"id": n, "event": "token", "text": ...}`` while streaming, then
  ``{"id": n, "event": "done", "result": ...}`` or ``{"id": n, "event": "error", ...}``.

The protocol gets its own copy of fd 1, and fd 1 then points at stderr, so nothing the native
library prints can corrupt it. When stdin closes (the app exited or was killed) the worker
exits at once.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from typing import IO, Any

from models.base import ChatMessage, ChatModel
from models.errors import MnemeError

Request = dict[str, Any]


class SlowFakeModel:
    """``FakeChatModel`` replies streamed one piece every ``delay`` seconds (tests kill the
    worker in the middle of such a reply)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from models.fakes import FakeChatModel

        self._fake = FakeChatModel(
            spec.get("replies") or ["fake reply"],
            capable=bool(spec.get("capable", False)),
            chunk=int(spec.get("chunk", 4)),
            context_size=int(spec.get("context_size", 4096)),
        )
        self._delay = float(spec.get("delay", 0.0))
        self.cpu_features = "fake worker (no llama.cpp)"
        self.uses_extra_buffers: bool | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fake, name)

    def load(self) -> None:
        """Nothing to load."""

    def stream(self, messages: Sequence[ChatMessage], **kwargs: Any) -> Iterator[str]:
        for piece in self._fake.stream(messages, **kwargs):
            time.sleep(self._delay)
            yield piece

    def complete(self, messages: Sequence[ChatMessage], **kwargs: Any) -> str:
        time.sleep(self._delay * 10)
        return str(self._fake.complete(messages, **kwargs))


def build_model(spec: dict[str, Any]) -> Any:
    """The in-process model ``spec`` describes."""
    if spec.get("kind") == "fake":
        return SlowFakeModel(spec)
    from pathlib import Path

    from models.llama import LlamaChatModel

    return LlamaChatModel(
        Path(spec["path"]),
        model_id=spec.get("model_id"),
        n_ctx=int(spec.get("n_ctx", 4096)),
        n_threads=spec.get("n_threads"),
        capable=bool(spec.get("capable", False)),
        seed=int(spec.get("seed", 1234)),
    )


class Worker:
    """Serves one model's requests, one at a time, from a queue the stdin reader fills."""

    def __init__(self, model: Any, out: IO[str]) -> None:
        self.model: ChatModel = model
        self.out = out
        self.requests: queue.Queue[Request] = queue.Queue()
        self.cancelled: set[int] = set()
        self._cancel_lock = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        self.out.write(json.dumps(message) + "\n")
        self.out.flush()

    def read_requests(self, stdin: IO[str]) -> None:
        """Reader thread: queue requests, note cancels at once, exit when stdin closes."""
        for line in stdin:
            try:
                req = json.loads(line)
            except json.JSONDecodeError:
                continue
            if req.get("op") == "cancel":
                with self._cancel_lock:
                    self.cancelled.add(int(req.get("target", -1)))
            else:
                self.requests.put(req)
        os._exit(0)  # the app is gone: nothing left to serve

    def is_cancelled(self, rid: int) -> bool:
        with self._cancel_lock:
            return rid in self.cancelled

    def serve(self) -> None:
        while True:
            req = self.requests.get()
            rid = int(req.get("id", -1))
            try:
                result = self.handle(rid, req)
            except (MnemeError, ValueError, RuntimeError, OSError, KeyError, TypeError) as e:
                # Python errors go back to the app as errors; only native crashes end us.
                error = {"error": type(e).__name__, "message": str(e)}
                self.send({"id": rid, "event": "error", **error})
            else:
                self.send({"id": rid, "event": "done", "result": result})
            with self._cancel_lock:
                self.cancelled.discard(rid)

    def info(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "name": self.model.name,
            "context_size": self.model.context_size,
            "cpu_features": getattr(self.model, "cpu_features", ""),
            "extra_buffers": getattr(self.model, "uses_extra_buffers", None),
        }

    def handle(self, rid: int, req: Request) -> Any:
        op = req.get("op")
        if op == "load":
            self.model.load()  # type: ignore[attr-defined]
            return self.info()
        if op == "count_tokens":
            return self.model.count_tokens(str(req["text"]))
        messages = [ChatMessage(m["role"], m["content"]) for m in req.get("messages", [])]
        if op == "complete":
            return self.model.complete(
                messages,
                json_schema=req.get("json_schema"),
                grammar=req.get("grammar"),
                max_tokens=int(req.get("max_tokens", 512)),
                temperature=float(req.get("temperature", 0.0)),
            )
        if op == "stream":
            pieces = self.model.stream(
                messages,
                max_tokens=int(req.get("max_tokens", 512)),
                temperature=float(req.get("temperature", 0.2)),
                stop=tuple(req.get("stop") or ()),
            )
            try:
                for piece in pieces:
                    if self.is_cancelled(rid):
                        return {"cancelled": True}
                    self.send({"id": rid, "event": "token", "text": piece})
            finally:
                close = getattr(pieces, "close", None)
                if close is not None:
                    close()
            return {"cancelled": False}
        raise ValueError(f"unknown request {op!r}")


def main() -> None:
    # Ctrl+C in the terminal is for the app, which decides what to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    spec = json.loads(sys.stdin.readline() or "{}")
    worker = Worker(build_model(spec), protocol)
    threading.Thread(target=worker.read_requests, args=(sys.stdin,), daemon=True).start()
    worker.send({"event": "started", "pid": os.getpid()})
    worker.serve()


if __name__ == "__main__":
    main()
