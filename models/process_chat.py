"""The local chat model, run in a child process so that its crash cannot take Mneme down.

``ProcessChatModel`` is the ``ChatModel`` the app uses for a GGUF (built by
``app.bootstrap``). It starts ``python -m models.worker`` and talks to it over pipes (JSON
lines; nothing listens on a port). When the worker dies (a llama.cpp segfault, the kernel's
OOM killer, a corrupt or exotic GGUF) or stops answering, the call in progress raises
``ModelCrashedError`` naming the signal ("chat model crashed with SIGSEGV while generating"),
the worker is restarted in the background after a backoff (1 s, 2 s, 4 s ... 60 s), and calls
made meanwhile raise ``ModelUnavailableError`` at once. ``memory.answer`` and ``memory.chat``
catch both and answer from the user's memories instead, so a front end only shows a notice.

The same ollama-style runner split keeps the app's own process free of llama.cpp: startup
and the TUI never load native model code.
"""

from __future__ import annotations

import json
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from models.base import ChatMessage, ChatModel
from models.errors import (
    ModelCrashedError,
    ModelError,
    ModelLoadError,
    ModelUnavailableError,
)

log = logging.getLogger(__name__)

WORKER_MODULE = "models.worker"
BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 60.0


@dataclass(frozen=True)
class Timeouts:
    """How long the worker may stay silent before it is taken for hung and stopped."""

    start: float = 120.0
    """From spawning the process to its first line (Python start-up and imports)."""
    load: float = 900.0
    """Loading the model (a big GGUF from a slow disk takes minutes)."""
    reply: float = 300.0
    """Between two pieces of a reply, or for a whole ``complete`` / ``count_tokens``."""


def signal_name(returncode: int | None) -> str | None:
    """``SIGSEGV`` for a process killed by signal 11 (return code -11), else None."""
    if returncode is None or returncode >= 0:
        return None
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"


class ProcessChatModel:
    """A ``ChatModel`` whose model runs in a worker process (see the module docstring).

    Args:
        spec: what the worker builds (``models.worker.build_model``): ``{"kind": "llama",
            "path": ..., "n_ctx": ..., ...}``.
        name: the model's display name.
        context_size: the context window asked for (the loaded model may report less).
        capable: whether the model is strong enough for fact extraction and summaries.
        auto_restart: restart a crashed worker in the background after the backoff.
        backoff: (first, longest) wait in seconds before a restart; it doubles with each
            crash in a row and starts again from the first after a reply that ends well.
        timeouts: how long the worker may stay silent.
        python: the interpreter that runs the worker.
    """

    def __init__(
        self,
        spec: dict[str, Any],
        *,
        name: str,
        context_size: int,
        capable: bool,
        auto_restart: bool = True,
        backoff: tuple[float, float] = (BACKOFF_FIRST_S, BACKOFF_MAX_S),
        timeouts: Timeouts | None = None,
        python: str | None = None,
    ) -> None:
        self._spec = dict(spec)
        self._name = name
        self._context = context_size
        self._capable = capable
        self._auto_restart = auto_restart
        self._backoff = backoff
        self._timeouts = timeouts or Timeouts()
        self._python = python or sys.executable
        # A plain lock: a stream abandoned by one thread may be closed by another (the
        # garbage collector's), and only a plain lock may be released there.
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._next_id = 0
        self._info: dict[str, Any] | None = None
        self._stderr_tail: deque[str] = deque(maxlen=40)
        self._failures = 0
        self._retry_at = 0.0
        self._last_crash: str | None = None
        self._timer: threading.Timer | None = None
        self._closed = False

    # -- properties -------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def capable(self) -> bool:
        return self._capable

    @property
    def context_size(self) -> int:
        info = self._info
        return int(info["context_size"]) if info else self._context

    @property
    def loaded(self) -> bool:
        return self._info is not None and self.running

    @property
    def running(self) -> bool:
        proc = self._proc
        return proc is not None and proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    @property
    def info(self) -> dict[str, Any]:
        """What the worker reported when the model loaded (pid, cpu_features, ...)."""
        return dict(self._info or {})

    @property
    def cpu_features(self) -> str:
        return str((self._info or {}).get("cpu_features", ""))

    @property
    def last_crash(self) -> str | None:
        """One line on the last crash ("chat model crashed with SIGSEGV while ..."), if any."""
        return self._last_crash

    # -- process ----------------------------------------------------------------------
    def load(self) -> None:
        """Start the worker and load the model now (otherwise it happens on first use)."""
        with self._lock:
            self._ensure_loaded()

    def _ensure_loaded(self) -> None:
        if self._closed:
            raise ModelUnavailableError("the chat model was shut down")
        if self._info is not None and self.running:
            return
        if self._proc is not None and not self.running:  # died between two calls
            self._crashed("waiting for a request")
        if self._proc is None:
            now = time.monotonic()
            if self._last_crash is not None and now < self._retry_at:
                raise ModelUnavailableError(
                    f"{self._last_crash}; restarting in {self._retry_at - now:.0f} s"
                )
            self._spawn()
        rid = self._send("load")
        info = self._result(rid, self._timeouts.load, "loading the model")
        self._info = dict(info) if isinstance(info, dict) else {}
        log.info("chat model worker %s loaded %s", self.pid, self._name)

    def _spawn(self) -> None:
        self._cancel_timer()
        log.info("starting chat model worker for %s", self._name)
        try:
            self._proc = subprocess.Popen(
                [self._python, "-m", WORKER_MODULE],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                # Its own session: Ctrl+C and a closing terminal reach the app, which decides.
                start_new_session=True,
            )
        except OSError as e:
            raise ModelLoadError(f"cannot start the chat model process ({e})") from e
        self._buffer = b""
        self._info = None
        assert self._proc.stderr is not None
        threading.Thread(
            target=self._drain_stderr, args=(self._proc.stderr,), daemon=True,
            name="chat-worker-stderr",
        ).start()
        self._write(self._spec)
        first = self._read(self._timeouts.start, "starting")
        if first.get("event") != "started":
            raise ModelLoadError(f"chat model process said {first!r} at start")

    def _drain_stderr(self, stream: Any) -> None:
        """Keep the last lines the worker printed (llama.cpp's own messages), for the log."""
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                self._stderr_tail.append(line)
                log.debug("chat worker: %s", line)
        stream.close()

    def _write(self, message: dict[str, Any]) -> None:
        proc = self._proc
        if proc is None or proc.stdin is None:
            raise ModelUnavailableError("the chat model process is not running")
        try:
            proc.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self._crashed("receiving a request")

    def _send(self, op: str, **fields: Any) -> int:
        self._next_id += 1
        self._write({"id": self._next_id, "op": op, **fields})
        return self._next_id

    def _read(self, timeout: float, doing: str) -> dict[str, Any]:
        """The worker's next message; a closed pipe or ``timeout`` seconds of silence is a
        crash (``ModelCrashedError``)."""
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        fd = proc.stdout.fileno()
        # poll, not select: select fails on descriptors past 1023, which a long-running app
        # with many files open reaches.
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            ready = poller.poll(max(0.0, left) * 1000) if left > 0 else []
            if not ready:
                log.warning("chat model worker silent %.0f s while %s: stopping it", timeout, doing)
                proc.kill()
                self._crashed(doing, hung=timeout)
            chunk = os.read(fd, 65536)
            if not chunk:
                self._crashed(doing)
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            proc.kill()
            self._crashed(doing, garbled=True)
        return message if isinstance(message, dict) else {}

    def _result(self, rid: int, timeout: float, doing: str) -> Any:
        while True:
            msg = self._read(timeout, doing)
            if msg.get("id") != rid:
                continue  # the tail of a cancelled reply
            if msg.get("event") == "done":
                return msg.get("result")
            if msg.get("event") == "error":
                raise _error_from(msg)

    def _crashed(self, doing: str, *, hung: float = 0.0, garbled: bool = False) -> NoReturn:
        """Record that the worker died; schedule its restart; raise ``ModelCrashedError``."""
        proc, self._proc, self._info = self._proc, None, None
        code: int | None = None
        if proc is not None:
            try:
                code = proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                code = proc.wait()
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    try:
                        pipe.close()
                    except OSError:
                        pass
        sig = signal_name(code)
        if hung:
            what = f"chat model stopped answering for {hung:.0f} s while {doing} and was stopped"
        elif garbled:
            what = f"chat model process sent garbage while {doing} and was stopped"
        elif sig:
            what = f"chat model crashed with {sig} while {doing}"
        else:
            what = f"chat model process exited (status {code}) while {doing}"
        self._last_crash = what
        self._failures += 1
        first, longest = self._backoff
        delay = min(longest, first * 2 ** (self._failures - 1))
        self._retry_at = time.monotonic() + delay
        log.error("%s; restarting in %.0f s", what, delay)
        if self._stderr_tail:
            log.debug("chat worker's last output:\n%s", "\n".join(self._stderr_tail))
        if self._auto_restart and not self._closed:
            self._cancel_timer()
            self._timer = threading.Timer(delay, self._restart_in_background)
            self._timer.daemon = True
            self._timer.start()
        raise ModelCrashedError(what, signal_name=sig)

    def _restart_in_background(self) -> None:
        with self._lock:
            self._timer = None
            if self._closed or self.running:
                return
            try:
                self._ensure_loaded()
            except ModelError as e:  # its own crash schedules the next try
                log.warning("chat model restart failed: %s", e)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def close(self) -> None:
        """Stop the worker (it exits when its stdin closes) and any pending restart."""
        with self._lock:
            self._closed = True
            self._cancel_timer()
            proc, self._proc, self._info = self._proc, None, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()

    # -- ChatModel --------------------------------------------------------------------
    def stream(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        """Yield reply text as the worker generates it. Closing the iterator stops it."""
        with self._lock:
            self._ensure_loaded()
            rid = self._send(
                "stream",
                messages=[m.as_dict() for m in messages],
                max_tokens=max_tokens,
                temperature=temperature,
                stop=list(stop),
            )
            finished = False
            try:
                while True:
                    msg = self._read(self._timeouts.reply, "generating")
                    if msg.get("id") != rid:
                        continue
                    event = msg.get("event")
                    if event == "token":
                        yield str(msg.get("text", ""))
                    elif event == "done":
                        finished = True
                        self._failures = 0
                        return
                    elif event == "error":
                        finished = True
                        raise _error_from(msg)
            except ModelCrashedError:
                finished = True
                raise
            finally:
                if not finished and self.running:
                    self._stop_reply(rid)

    def _stop_reply(self, rid: int) -> None:
        """Tell the worker to stop reply ``rid`` and read what it still sends of it."""
        try:
            self._write({"op": "cancel", "target": rid})
            self._result(rid, self._timeouts.reply, "stopping a reply")
        except ModelError as e:
            log.warning("while stopping a reply: %s", e)

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        json_schema: dict[str, Any] | None = None,
        grammar: str | None = None,
        max_tokens: int = 512,
        temperature: float = 0.0,
    ) -> str:
        """Return the whole reply, constrained by ``json_schema`` or a GBNF ``grammar``."""
        with self._lock:
            self._ensure_loaded()
            rid = self._send(
                "complete",
                messages=[m.as_dict() for m in messages],
                json_schema=json_schema,
                grammar=grammar,
                max_tokens=max_tokens,
                temperature=temperature,
            )
            result = self._result(rid, self._timeouts.reply, "generating")
            self._failures = 0
            return str(result or "")

    def count_tokens(self, text: str) -> int:
        with self._lock:
            self._ensure_loaded()
            rid = self._send("count_tokens", text=text)
            return int(self._result(rid, self._timeouts.reply, "counting tokens"))


def _error_from(message: dict[str, Any]) -> ModelError:
    """The worker's report of a Python error, as the model layer's error."""
    kind = str(message.get("error", "Error"))
    text = str(message.get("message", "")) or kind
    if kind == "ModelLoadError":
        return ModelLoadError(text, title="Model load failed")
    return ModelError(f"chat model error: {text}", title="Chat model error")


@dataclass(frozen=True)
class SmokeResult:
    """What ``smoke_test`` found: ``models.chat.smoke`` of ``mneme doctor --json``."""

    ok: bool
    seconds: float
    cpu_features: str
    error: str | None
    text: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "seconds": round(self.seconds, 2),
            "cpu_features": self.cpu_features,
            "error": self.error,
        }


def smoke_test(model: ChatModel, *, max_tokens: int = 8) -> SmokeResult:
    """Load ``model`` (a ``ProcessChatModel`` loads in its worker), generate a few tokens,
    and say how it went.

    Never raises for a model failure: a crash comes back as ``ok=False`` with its line
    ("chat model crashed with SIGSEGV while generating").
    """
    started = time.monotonic()
    pieces: list[str] = []
    try:
        load = getattr(model, "load", None)
        if load is not None:
            load()
        prompt = [ChatMessage("user", "Say hello in three words.")]
        pieces.extend(model.stream(prompt, max_tokens=max_tokens, temperature=0.0))
        if not "".join(pieces).strip():
            raise ModelError("chat model generated no text")
    except ModelError as e:
        features = str(getattr(model, "cpu_features", ""))
        return SmokeResult(False, time.monotonic() - started, features, str(e))
    features = str(getattr(model, "cpu_features", ""))
    return SmokeResult(True, time.monotonic() - started, features, None, "".join(pieces))
