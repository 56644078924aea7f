"""The TUI's one door to the headless core.

Screens never query the database: from their thread workers they call these functions,
which call the same services as the CLI (``MemoryStore``, ``Recall``, ``Answerer``,
``ChatSession``, ``Importer`` and, when present, the memory-tier services) and return frozen
view dataclasses the widgets render. Nothing here imports Textual.

Where a memory-tier service has not landed yet, the function says what it falls back to
(recall results instead of a dossier, a record's details from ``MemoryStore``) or raises
``NotAvailableError`` with a one-line reason the screen shows as a notification.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from importers.pipeline import ImportReport, ProgressSink
from memory.chat import CHAT_KIND, ChatSession, ConversationInfo, conversations
from memory.clock import iso
from memory.errors import MnemeError, NotFoundError
from memory.recall import Hit
from memory.records import StoredRecord

if TYPE_CHECKING:
    from app.bootstrap import Services

log = logging.getLogger(__name__)

TIERS = ("record", "fact", "episode", "persona")
"""Tier names as ``Hit.tier`` spells them (item id prefixes r, f, e, p)."""

TIME_WINDOWS: dict[str, int | None] = {
    "any time": None,
    "last 7 days": 7,
    "last 30 days": 30,
    "last year": 365,
}
"""Time filter choices of the memory browser: label -> days back (None: no limit)."""

BUNDLED_MODEL = "SmolLM2-135M (bundled)"


class NotAvailableError(MnemeError):
    """A memory action whose service is not part of this installation yet."""


# -- views --------------------------------------------------------------------------------
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
            source=hit.source,
            source_kind=hit.source_kind,
            timestamp=hit.timestamp,
            speaker=hit.speaker,
            retention=_retention(meta),
            pinned=bool(meta.get("pinned", False)),
            why=hit.why,
        )

    @classmethod
    def from_record(cls, rec: StoredRecord) -> ItemView:
        source = rec.source_uri[5:] if rec.source_uri.startswith("file:") else rec.source_uri
        return cls(
            item_id=rec.item_id,
            tier="record",
            text=rec.text,
            source=source,
            source_kind=rec.source_kind,
            timestamp=rec.event_time or rec.created_at,
            speaker=rec.speaker,
            retention=_retention(rec.metadata),
            pinned=bool(rec.metadata.get("pinned", False)),
            status=rec.status,
        )


def _retention(meta: dict[str, Any]) -> float:
    try:
        return max(0.0, min(1.0, float(meta.get("retention", 1.0))))
    except (TypeError, ValueError):
        return 1.0


@dataclass(frozen=True)
class HistoryEntry:
    """One event in an item's life: imported, updated, superseded, pinned, reinforced."""

    when: str | None
    what: str


@dataclass(frozen=True)
class ItemDetails:
    """Everything the details modal shows about one item."""

    item: ItemView
    source_title: str | None = None
    evidence: tuple[ItemView, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
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
    """Two items that disagree; the user picks which one is current."""

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
    sources: tuple[SourceRef, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.facts or self.history or self.episodes or self.persona or self.memories)

    def sections(self) -> list[tuple[str, tuple[ItemView, ...]]]:
        """Non-empty item sections in display order."""
        named = [
            ("Current facts", self.facts),
            ("History", self.history),
            ("Timeline of episodes", self.episodes),
            ("Persona", self.persona),
            ("Memories", self.memories),
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
    confidence: float = 1.0
    status: str = "active"
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonaSection:
    """A section of the profile (e.g. "Family", "Work", "Health")."""

    title: str
    statements: tuple[PersonaStatement, ...] = field(default_factory=tuple)


# -- status -------------------------------------------------------------------------------
def model_name(services: Services) -> str:
    """The chat model as the status bar names it (without loading it)."""
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


# -- chat ---------------------------------------------------------------------------------
def new_session(services: Services, conversation: str | None = None) -> ChatSession:
    """A chat session on ``services`` (resuming ``conversation`` when given)."""
    names = services.settings.self_names
    return ChatSession(
        services.store,
        services.recall,
        services.indexer,
        lambda: services.chat_model,
        conversation=conversation,
        user_name=names[0] if names else "me",
        k=services.settings.answer_memories,
        clock=services.store.clock,
    )


def find_conversations(
    services: Services, query: str = "", limit: int = 200
) -> list[ConversationInfo]:
    """Past conversations, newest first; with ``query``, those whose title or turns match.

    Title matches come first, then conversations whose turns recall finds for ``query``.
    """
    convs = conversations(services.store, limit=limit)
    query = query.strip()
    if not query:
        return convs
    q = query.lower()
    by_id = {c.conversation: c for c in convs}
    found: OrderedDict[str, ConversationInfo] = OrderedDict(
        (c.conversation, c) for c in convs if q in c.title.lower()
    )
    for hit in services.recall.search(query, k=40):
        if hit.source_kind == CHAT_KIND and hit.relevant and hit.conversation in by_id:
            found.setdefault(hit.conversation, by_id[hit.conversation])
    return list(found.values())


# -- details ------------------------------------------------------------------------------
def _record_id(item_id: str) -> int:
    if not item_id.startswith("r") or not item_id[1:].isdigit():
        raise NotFoundError(f"no memory item {item_id} (only records can be opened yet)")
    return int(item_id[1:])


def item_details(services: Services, item_id: str, why: tuple[str, ...] = ()) -> ItemDetails:
    """The details of one item: its text, source, evidence and history.

    A record's evidence is its neighbourhood in its source (two items either side).
    """
    rec = services.store.record(_record_id(item_id))
    src = services.store.source(rec.source_id)
    view = ItemView.from_record(rec)
    if why:
        view = replace(view, why=why)
    siblings = services.store.source_records(rec.source_id)
    pos = next((i for i, r in enumerate(siblings) if r.id == rec.id), None)
    evidence: tuple[ItemView, ...] = ()
    if pos is not None:
        around = siblings[max(0, pos - 2) : pos + 3]
        evidence = tuple(ItemView.from_record(r) for r in around)
    history = [HistoryEntry(src.imported_at, f"source imported ({src.kind})")]
    if rec.created_at and rec.created_at != src.imported_at:
        history.append(HistoryEntry(rec.created_at, "record stored"))
    if src.updated_at:
        history.append(HistoryEntry(src.updated_at, "source updated"))
    if rec.status != "active":
        history.append(HistoryEntry(None, f"now {rec.status}"))
    return ItemDetails(
        item=view,
        source_title=src.title,
        evidence=evidence,
        history=tuple(history),
        can_pin=False,
        can_forget=False,
    )


def evidence_items(services: Services, item_ids: tuple[str, ...] | list[str]) -> list[ItemView]:
    """The items behind ``item_ids`` (records until the tiers can resolve their own ids)."""
    rec_ids = [int(i[1:]) for i in item_ids if i.startswith("r") and i[1:].isdigit()]
    return [ItemView.from_record(r) for r in services.store.records(rec_ids)]


# -- memory browser -----------------------------------------------------------------------
def _keep(item: ItemView, filters: Filters, since: str | None) -> bool:
    if filters.tier and item.tier != filters.tier:
        return False
    if filters.source_kind and item.source_kind != filters.source_kind:
        return False
    return not (since and (item.timestamp or "") < since)


def lookup(
    services: Services, subject: str, filters: Filters | None = None, k: int = 40
) -> Dossier:
    """What Mneme knows about ``subject``, as a dossier.

    Until the tiers' dossier service lands, the dossier holds the relevant recall results
    ("Memories") and the sources they come from.
    """
    filters = filters or Filters()
    since = None
    if filters.days is not None:
        since = iso(services.store.clock() - timedelta(days=filters.days))
    hits = [h for h in services.recall.search(subject, k=k) if h.relevant]
    items = tuple(v for v in map(ItemView.from_hit, hits) if _keep(v, filters, since))
    return Dossier(subject=subject, memories=items, sources=_sources(items))


def _sources(items: tuple[ItemView, ...]) -> tuple[SourceRef, ...]:
    acc: OrderedDict[str, list[ItemView]] = OrderedDict()
    for item in items:
        acc.setdefault(item.source, []).append(item)
    refs = [
        SourceRef(
            source=src,
            kind=group[0].source_kind,
            items=len(group),
            latest=max((g.timestamp for g in group if g.timestamp), default=None),
        )
        for src, group in acc.items()
    ]
    refs.sort(key=lambda r: -r.items)
    return tuple(refs)


def source_kinds(services: Services) -> list[str]:
    """The kinds of the stored sources (markdown, whatsapp, mneme-chat, ...), sorted."""
    return sorted({s.kind for s in services.store.sources(status="active")})


# -- memory actions (tiers) ---------------------------------------------------------------
def pin(services: Services, item_id: str, pinned: bool = True) -> None:
    """Pin ``item_id`` (it never decays) or unpin it."""
    raise NotAvailableError(f"cannot pin {item_id}: the memory tiers are not installed yet")


def forget(services: Services, item_id: str) -> None:
    """Forget ``item_id``: it is no longer recalled (the user's data is kept)."""
    raise NotAvailableError(f"cannot forget {item_id}: the memory tiers are not installed yet")


def resolve_conflict(services: Services, conflict_id: str, keep_item_id: str) -> None:
    """Resolve a conflict by keeping ``keep_item_id`` as the current value."""
    raise NotAvailableError(f"cannot resolve {conflict_id}: the memory tiers are not installed yet")


def persona(services: Services) -> tuple[PersonaSection, ...]:
    """The user's profile by section (empty until the persona tier exists)."""
    return ()


def persona_feedback(
    services: Services, item_id: str, action: str, text: str | None = None
) -> None:
    """Confirm (reinforce), edit (replace the text) or reject (retire) a persona statement."""
    raise NotAvailableError(f"cannot {action} {item_id}: the persona tier is not installed yet")


# -- import and watched folders -----------------------------------------------------------
@dataclass(frozen=True)
class WatchedFolder:
    """A folder from ``settings.watch_folders`` and what the watcher is doing with it."""

    path: str
    status: str


def run_import(
    services: Services,
    paths: list[str],
    *,
    dry_run: bool,
    progress: ProgressSink | None = None,
) -> ImportReport:
    """``mneme import`` (``Importer.run``): import or preview ``paths``, reporting progress."""
    return services.importer.run(
        [Path(p).expanduser() for p in paths], dry_run=dry_run, progress=progress
    )


def watched_folders(services: Services, watcher: Any = None) -> list[WatchedFolder]:
    """The configured watched folders with their status.

    Args:
        services: the services (their settings name the folders).
        watcher: the app's running folder watcher, if any (it may report per-folder status).
    """
    out = []
    for folder in services.settings.watch_folders:
        path = Path(folder).expanduser()
        if not path.is_dir():
            status = "missing"
        elif watcher is None:
            status = "not watched (the folder watcher is not running)"
        else:
            status = str(getattr(watcher, "status", lambda _p: "watching")(path))
        out.append(WatchedFolder(str(path), status))
    return out


def consolidation_available(services: Services) -> bool:
    """True when a consolidation service exists to run after chats and imports."""
    return False


def consolidate(services: Services) -> str:
    """Run one consolidation pass; returns a one-line summary."""
    raise NotAvailableError("consolidation is not installed yet")
