"""What the status line shows: the chat model's name (without loading it) and the size of
the store. Called by the TUI's status bar; ``mneme doctor`` reports the same counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.bootstrap import Services

BUNDLED_MODEL = "SmolLM2-135M (bundled)"


def model_name(services: Services) -> str:
    """The chat model as the user configured it (endpoint, GGUF file, or the bundled one)."""
    s = services.settings
    if s.chat_endpoint:
        return f"{s.chat_endpoint_model} @ {s.chat_endpoint}"
    if s.chat_model:
        return s.chat_model.name
    return BUNDLED_MODEL


def store_counts(services: Services) -> tuple[int, int]:
    """(active records, active sources)."""
    counts = services.store.counts()
    return counts["records"], counts["sources"]
