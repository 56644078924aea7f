"""Remembering what the user tells Mneme through another tool: the text becomes a record of
the user's own (like a note they wrote), indexed and consolidated at once.

Called by the MCP server's ``remember`` tool. Every remembered text goes to one growing
source, ``mneme:remembered`` (kind ``mneme-note``), so ``forget`` can remove one record
(``r12``) or all of them (the source) like any import. A text already remembered word for
word is not stored twice. The core is imported inside the function (module docstring of
``app.services``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.tiers.consolidate import ConsolidationReport

log = logging.getLogger(__name__)

REMEMBERED_URI = "mneme:remembered"
REMEMBERED_KIND = "mneme-note"
MAX_TEXT_CHARS = 20_000
"""A remembered text is one memory, not an archive: longer texts are refused (import a
file instead, which is split into records)."""


@dataclass(frozen=True)
class Remembered:
    """A remembered text as stored: its record, what consolidation read from it."""

    record_id: str
    text: str
    source: str
    timestamp: str | None
    already: bool
    """True when the same text was remembered before (nothing new was stored)."""
    summary: str
    facts: tuple[dict[str, Any], ...]
    """The facts read from the record: ``{"id", "text", "status"}``."""


def remember(services: Services, text: str, *, via: str = "mcp") -> Remembered:
    """Store ``text`` as the user's own record, index it, consolidate it.

    Args:
        services: the services.
        text: what the user wants remembered, in their words.
        via: who passed it on (kept in the record's metadata).

    Raises:
        MnemeError: the text is empty or too long.
    """
    from memory.records import RecordIn
    from memory.sources import SourceIn

    body = text.strip()
    if not body:
        raise MnemeError("nothing to remember: the text is empty")
    if len(body) > MAX_TEXT_CHARS:
        raise MnemeError(
            f"the text is {len(body)} characters; remember at most {MAX_TEXT_CHARS} at a time "
            "(import a longer text as a file: mneme import PATH)"
        )
    store = services.store
    existing = store.source_by_uri(REMEMBERED_URI)
    if existing is not None:
        same = next((r for r in store.source_records(existing.id) if r.text == body), None)
        if same is not None:
            return _result(services, same.item_id, already=True, summary="already remembered")
    rec = RecordIn(
        text=body,
        kind="note_chunk",
        title="Remembered",
        event_time=store.clock(),
        metadata={"self": True, "remembered": True, "via": via},
    )
    added = store.append_records(
        SourceIn(
            uri=REMEMBERED_URI, kind=REMEMBERED_KIND, content_hash="", title="Remembered notes"
        ),
        [rec],
    )
    stored = store.records(list(added.new_record_ids))
    try:
        services.indexer.index_records(stored)
    except MnemeError as e:  # the vectors are derived: the record stays pending
        log.warning("could not index the remembered text now (%s); it stays pending", e)
    report: ConsolidationReport = services.tiers.consolidate()
    return _result(services, stored[0].item_id, already=False, summary=report.summary)


def _result(services: Services, item_id: str, *, already: bool, summary: str) -> Remembered:
    shown = services.tiers.show(item_id)
    return Remembered(
        record_id=item_id,
        text=str(shown.get("text") or ""),
        source=str(shown.get("source") or REMEMBERED_URI),
        timestamp=shown.get("timestamp"),
        already=already,
        summary=summary,
        facts=tuple(shown.get("facts", [])),
    )
