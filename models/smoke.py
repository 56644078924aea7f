"""``mneme doctor``'s proof that the chat model works: load it, generate a few tokens, say
how it went (``models.chat.smoke`` of ``doctor --json``)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from models.base import ChatMessage, ChatModel
from models.errors import ModelError


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
