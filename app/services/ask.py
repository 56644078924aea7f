"""Asking memory: an answer with its cited sources, or the ranked memories for a query.

Called by ``mneme ask``, ``mneme search`` and the TUI's prefill screen (one question); the
chat goes through ``app.services.chat``. The core is imported inside the functions (module
docstring of ``app.services``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.answer import Answer as Answer
    from memory.recall import Hit as Hit


def ask(services: Services, question: str, *, include_faded: bool = False) -> Answer:
    """Answer ``question`` from memory, citing its sources; when nothing relevant is stored
    the answer says so instead of guessing."""
    return services.answerer.ask(question, include_faded=include_faded)


def search(
    services: Services, query: str, k: int | None = None, *, include_faded: bool = False
) -> list[Hit]:
    """The ``k`` memories that best match ``query`` (default ``settings.search_results``)."""
    return services.recall.search(
        query, k or services.settings.search_results, include_faded=include_faded
    )


def hits_json(query: str, hits: Sequence[Hit]) -> dict[str, Any]:
    """``query`` and its hits as ``mneme search --json`` prints them."""
    from memory.recall import hits_to_json

    return hits_to_json(query, hits)
