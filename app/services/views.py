"""Memory items as a front end shows them: frozen views of records, facts, episodes and
persona statements, dossiers, item details, forget previews (no UI library, no database).

Built by the service modules (``items``, ``facts``, ``persona``, ``forget``, ``watch``) from
the core's objects; the TUI's widgets render them and the MCP server can send them as they
are. Cheap to import (the core is named for types only), so the TUI draws its first frame
before ``memory`` and ``importers`` load.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from memory.recall import Hit
    from memory.records import StoredRecord
    from memory.tiers.decay import ItemState
    from memory.tiers.episodes import Episode
    from memory.tiers.facts import Evidence, Fact
    from memory.tiers.persona import Statement

TIERS = ("record", "fact", "episode", "persona")
"""Tier names as ``Hit.tier`` spells them (item id prefixes r, f, e, p)."""


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
    """A memory item as a front end shows it (a record, fact, episode or persona statement)."""

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
    """Everything shown about one item: the item, its source, evidence, history, notes."""

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
    """Filters of a dossier look-up (None: no filter)."""

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
    """What forgetting an item would delete, summed up for the user to confirm."""

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


# -- views of the tiers' items ------------------------------------------------------------
def _decay(state: ItemState | None) -> dict[str, Any]:
    if state is None:
        return {}
    return {"retention": state.retention, "pinned": state.pinned}


def fact_view(
    fact: Fact, evidence: Sequence[Evidence] = (), state: ItemState | None = None
) -> ItemView:
    """A fact as an item: its first source, its validity as the date."""
    first = evidence[0] if evidence else None
    why = [f"{len(evidence)} source{'s' if len(evidence) != 1 else ''}"]
    if fact.valid_from or fact.valid_to:
        why.append(f"valid {(fact.valid_from or '…')[:10]} → {(fact.valid_to or 'now')[:10]}")
    d = _decay(state)
    return ItemView(
        item_id=fact.item_id,
        tier="fact",
        text=fact.text,
        source=display_source(first.source) if first else "",
        source_kind=first.source_kind if first else "",
        timestamp=fact.valid_from or fact.observed_at or fact.recorded_at,
        retention=float(d.get("retention", 1.0)),
        pinned=bool(d.get("pinned", False)),
        status=fact.status,
        why=tuple(why),
    )


def episode_view(ep: Episode, source: str = "", state: ItemState | None = None) -> ItemView:
    """An episode as an item: title and summary, its time span."""
    d = _decay(state)
    why = (", ".join(ep.participants),) if ep.participants else ()
    return ItemView(
        item_id=ep.item_id,
        tier="episode",
        text=f"{ep.title}: {ep.summary}",
        source=source or ep.kind,
        source_kind=ep.kind,
        timestamp=ep.start_time,
        retention=float(d.get("retention", 1.0)),
        pinned=bool(d.get("pinned", False)),
        why=why,
    )


def statement_view(st: Statement, state: ItemState | None = None) -> ItemView:
    """A persona statement as an item."""
    d = _decay(state)
    return ItemView(
        item_id=st.item_id,
        tier="persona",
        text=st.text,
        source=f"persona/{st.section}",
        source_kind="persona",
        timestamp=st.confirmed_at or st.created_at,
        retention=float(d.get("retention", 1.0)),
        pinned=bool(d.get("pinned", False)),
        status=st.status,
        why=(st.origin,) if st.origin else (),
    )
