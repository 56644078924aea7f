"""Errors raised by the model layer. Rooted in ``MnemeError`` shared by every layer."""

from __future__ import annotations


class MnemeError(Exception):
    """Base of every error Mneme raises on purpose.

    Args:
        msg: one line a user can act on (it names the file or setting at fault).
        title: a short heading for dialogs and notifications.
    """

    def __init__(self, msg: str, title: str | None = None) -> None:
        super().__init__(msg)
        self.msg = msg
        self.title = title or "Mneme error"

    def __str__(self) -> str:
        return self.msg


class ModelError(MnemeError):
    """A model could not be found, loaded or run."""


class ModelNotFoundError(ModelError):
    """No usable model file at any of the places looked at."""

    def __init__(self, what: str, looked: list[str], hint: str = "") -> None:
        places = "; ".join(looked) if looked else "nowhere"
        msg = f"{what} not found (looked in: {places})"
        if hint:
            msg += f". {hint}"
        super().__init__(msg, title="Model not found")
        self.looked = looked


class ModelLoadError(ModelError):
    """A model file exists but cannot be loaded (corrupt, wrong format, unreadable)."""


class ModelCrashedError(ModelError):
    """The chat model's process died (a signal or an exit) or stopped answering.

    Args:
        msg: one line naming what happened, e.g. "chat model crashed with SIGSEGV while
            generating".
        signal_name: the signal that killed it (``SIGSEGV``), if one did.
    """

    def __init__(self, msg: str, *, signal_name: str | None = None) -> None:
        super().__init__(msg, title="Chat model stopped")
        self.signal_name = signal_name


class ModelUnavailableError(ModelError):
    """The chat model is restarting after a crash; callers answer from memory meanwhile."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg, title="Chat model restarting")


class ModelEndpointError(ModelError):
    """The OpenAI-compatible chat endpoint is down, refused the request, timed out, or
    answered something that is not a chat reply.

    Args:
        msg: one line naming the endpoint and what went wrong.
        status: the HTTP status it answered with, if it answered at all.
        detail: the server's own error message (spaces collapsed), if it gave one.
    """

    def __init__(self, msg: str, *, status: int | None = None, detail: str = "") -> None:
        super().__init__(msg, title="Chat endpoint")
        self.status = status
        self.detail = detail
