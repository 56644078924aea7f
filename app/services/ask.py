"""Asking memory: an answer with its cited sources, or the ranked memories for a query.

Called by ``mneme ask``, ``mneme search``, the TUI's prefill screen (one question) and the
MCP server; the chat goes through ``app.services.chat``. The core is imported inside the
functions (module docstring of ``app.services``).
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


def warm_up(services: Services) -> None:
    """Load what the first question needs, so it is answered at once: the embedder (one
    query's worth) and both vector indexes. Nothing is read or written. The MCP server calls
    it in the background at start.

    Raises:
        MnemeError: a model or an index cannot be loaded (the first question says so too).
    """
    services.embedder.embed_batch(["warm up"])
    services.index.count()
    services.tiers.index.vectors.count()


def hits_json(query: str, hits: Sequence[Hit]) -> dict[str, Any]:
    """``query`` and its hits as ``mneme search --json`` prints them."""
    from memory.recall import hits_to_json

    return hits_to_json(query, hits)
