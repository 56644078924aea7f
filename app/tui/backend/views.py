"""The frozen view dataclasses the TUI's widgets render (no Textual, no database).

Built by the other ``app.tui.backend`` modules from the core's records, facts, episodes,
persona statements and dossiers. Cheap to import (the core is imported for types only), so
the TUI draws its first frame before ``memory`` and ``importers`` load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from models.errors import MnemeError

if TYPE_CHECKING:
    from memory.recall import Hit
    from memory.records import StoredRecord

TIERS = ("record", "fact", "episode", "persona")
"""Tier names as ``Hit.tier`` spells them (item id prefixes r, f, e, p)."""

TIME_WINDOWS: dict[str, int | None] = {
    "any time": None,
    "last 7 days": 7,
    "last 30 days": 30,
    "last year": 365,
}
"""Time filter choices of the memory browser: label -> days back (None: no limit)."""


class NotAvailableError(MnemeError):
    """A memory action whose service is not part of this installation."""


_CHAT_URI = re.compile(r"mneme-chat:chat-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})")


def display_source(uri: str) -> str:
    """A source as users read it: a path for files, ``chat of <date time>`` for Mneme's
    own chat sessions (as recall shows them), the uri otherwise."""
    if uri.startswith("file:"):
        return uri[5:]
    m = _CHAT_URI.match(uri)
    if m:
        y, mo, d, h, mi = m.groups()
        return f"chat of {y}-{mo}-{d} {h}:{mi}"
    return uri


def _retention(meta: dict[str, Any]) -> float:
    try:
        return max(0.0, min(1.0, float(meta.get("retention", 1.0))))
    except (TypeError, ValueError):
        return 1.0


@dataclass(frozen=True)
class ItemView:
    """A memory item as the TUI shows it (a record, fact, episode or persona statement)."""

    item_id: str
    tier: str
    text: str
    source: str
    source_kind: str = ""
    timestamp: str | None = None
    speaker: str | None = None
    retention: float = 1.0
    pinned: bool = False
    status: str = "active"
    why: tuple[str, ...] = ()

    @property
    def date(self) -> str:
        return (self.timestamp or "undated")[:10]

    @property
    def source_name(self) -> str:
        return self.source.rstrip("/").rsplit("/", 1)[-1] or self.source

    @classmethod
    def from_hit(cls, hit: Hit) -> ItemView:
        meta = hit.metadata or {}
        return cls(
            item_id=hit.item_id,
            tier=hit.tier,
            text=hit.text,
            source=display_source(hit.source),
            source_kind=hit.source_kind,
            timestamp=hit.timestamp,
            speaker=hit.speaker,
            retention=_retention(meta),
            pinned=bool(meta.get("pinned", False)),
            why=hit.why,
        )

    @classmethod
    def from_record(cls, rec: StoredRecord) -> ItemView:
        return cls(
            item_id=rec.item_id,
            tier="record",
            text=rec.text,
            source=display_source(rec.source_uri),
            source_kind=rec.source_kind,
            timestamp=rec.event_time or rec.created_at,
            speaker=rec.speaker,
            status=rec.status,
        )


@dataclass(frozen=True)
class HistoryEntry:
    """One event in an item's life: imported, learned, superseded, confirmed..."""

    when: str | None
    what: str


@dataclass(frozen=True)
class ItemDetails:
    """Everything the details modal shows about one item."""

    item: ItemView
    source_title: str | None = None
    evidence: tuple[ItemView, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    notes: tuple[str, ...] = ()
    can_pin: bool = False
    can_forget: bool = False


@dataclass(frozen=True)
class SourceRef:
    """A source a dossier draws on, with how many of its items matched."""

    source: str
    kind: str
    items: int
    latest: str | None


@dataclass(frozen=True)
class Conflict:
    """Two facts that disagree; the user picks which one is current."""

    conflict_id: str
    subject: str
    options: tuple[ItemView, ...]


@dataclass(frozen=True)
class Dossier:
    """What Mneme knows about a subject, by section."""

    subject: str
    facts: tuple[ItemView, ...] = ()
    history: tuple[ItemView, ...] = ()
    episodes: tuple[ItemView, ...] = ()
    persona: tuple[ItemView, ...] = ()
    memories: tuple[ItemView, ...] = ()
    related: tuple[ItemView, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(items for _, items in self.sections())

    def sections(self) -> list[tuple[str, tuple[ItemView, ...]]]:
        """Non-empty item sections in display order."""
        named = [
            ("Current facts", self.facts),
            ("History", self.history),
            ("Timeline of episodes", self.episodes),
            ("Persona", self.persona),
            ("Mentioned in", self.memories),
            ("Related memories (nothing stored names it; these match by meaning)", self.related),
        ]
        return [(name, items) for name, items in named if items]


@dataclass(frozen=True)
class Filters:
    """Memory browser filters (None: no filter)."""

    tier: str | None = None
    source_kind: str | None = None
    days: int | None = None


@dataclass(frozen=True)
class PersonaStatement:
    """One statement of the user's profile, with the items that support it."""

    item_id: str
    text: str
    status: str = "current"
    origin: str = ""
    confirmed_at: str | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonaSection:
    """A section of the profile (identity, people, places, work, preferences...)."""

    title: str
    statements: tuple[PersonaStatement, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ForgetPreview:
    """What forgetting an item would delete, for the confirmation modal."""

    target: str
    summary: str
    lines: tuple[str, ...]
    plan: Any
    empty: bool = False


@dataclass(frozen=True)
class WatchedFolder:
    """A folder from ``settings.watch_folders`` and what the watcher is doing with it."""

    path: str
    status: str
