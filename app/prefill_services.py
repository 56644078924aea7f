"""Building the prefill and reply-draft services from the app's ``Services``.

Used by ``app.cli.prefill`` and the TUI's prefill screen, so both front ends fill forms the
same way. The chat model is offered to prefill only when it is capable (a user-supplied GGUF
or an endpoint): with the bundled tiny model prefill stays on its deterministic path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from memory.prefill.draft import Drafter
from memory.prefill.service import Prefiller
from memory.prefill.sources import MemoryView
from models.base import ChatModel

if TYPE_CHECKING:
    from app.bootstrap import Services


def memory_view(services: Services) -> MemoryView:
    """Read access to every tier for prefill."""
    return MemoryView(services.store, services.recall, services.tiers, services.settings.self_names)


def capable_model(services: Services) -> ChatModel | None:
    """The configured chat model when it is capable, else None (never loads the tiny one)."""
    configured = services.settings.chat_capable
    if configured is None:
        configured = bool(services.settings.chat_endpoint or services.settings.chat_model)
    if not configured and services._chat_model is None:
        return None
    model = services.chat_model
    return model if model.capable else None


def build_prefiller(services: Services) -> Prefiller:
    """The form filler for ``services``."""
    return Prefiller(memory_view(services), model=lambda: capable_model(services))


def build_drafter(services: Services) -> Drafter:
    """The reply drafter for ``services``."""
    return Drafter(memory_view(services), model=lambda: capable_model(services))
