"""Facts and what Mneme knows about something: the fact tier, its conflicts, episodes, and
"what do I know about X" as the core's dossier (``mneme about``) or as views by section
(the TUI's memory browser).

Called by ``mneme facts``, ``mneme conflicts``, ``mneme about``, ``mneme episodes`` and the
TUI's memory browser and conflict modal. The core is imported inside the functions (module
docstring of ``app.services``). When no stored item names the subject, ``lookup`` carries
recall's relevant hits as "related memories" (matched by meaning), so a look-up never comes
back blank while something related is stored.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from app.services.views import (
    Conflict,
    Dossier,
    Filters,
    ItemView,
    SourceRef,
    display_source,
    episode_view,
    fact_view,
    statement_view,
)

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.records import StoredRecord
    from memory.tiers.about import Dossier as Known
    from memory.tiers.conflicts import ConflictView as ConflictView
    from memory.tiers.episodes import Episode as Episode
    from memory.tiers.facts import Evidence as Evidence
    from memory.tiers.facts import Fact as Fact


# -- facts and conflicts ------------------------------------------------------------------
def facts(
    services: Services, *, about: str | None = None, history: bool = False
) -> tuple[list[Fact], dict[int, list[Evidence]]]:
    """The facts (about ``about`` only; with ``history``, superseded ones too) and the
    evidence of each, by fact id."""
    store = services.tiers.facts
    found = store.listing(about=about, history=history)
    return found, store.evidence([f.id for f in found])


def conflicts(services: Services, *, show_all: bool = False) -> list[ConflictView]:
    """Open conflicts (with ``show_all``, resolved ones too)."""
    queue = services.tiers.conflicts
    return queue.all() if show_all else queue.open()


def conflict_json(services: Services, view: ConflictView) -> dict[str, Any]:
    """A conflict with both facts, as ``mneme conflicts --json`` prints it."""
    return view.as_json(services.tiers.facts)


def resolve_conflict(
    services: Services,
    conflict_id: str,
    *,
    keep: str | None = None,
    reject: str | None = None,
    keep_both: bool = False,
) -> ConflictView:
    """Resolve a conflict: keep one fact (a fact id), reject one, or keep both; the persona
    and the search index follow."""
    return services.tiers.resolve_conflict(
        conflict_id, keep=keep, reject=reject, keep_both=keep_both
    )


# -- episodes -----------------------------------------------------------------------------
def since_date(text: str) -> str | None:
    """``text`` (a date such as 2024-05-01) as the ISO time ``episodes`` takes; None when it
    is not a date."""
    from importers.timeparse import parse_datetime
    from memory.clock import iso

    parsed = parse_datetime(text)
    return iso(parsed) if parsed is not None else None


def episodes(
    services: Services, *, since: str | None = None, limit: int | None = None
) -> list[Episode]:
    """Episodes from ``since`` (an ISO time) on, oldest first; with ``limit``, the latest."""
    found = services.tiers.episodes.listing(since=since)
    return found[-limit:] if limit else found


# -- what do I know about X ---------------------------------------------------------------
def about(services: Services, subject: str, *, include_faded: bool = False) -> Known:
    """Every tier's knowledge about ``subject`` ("me": the user), as the core keeps it."""
    return services.tiers.about(subject, include_faded=include_faded)


def _keep(item: ItemView, filters: Filters, since: str | None) -> bool:
    if filters.tier and item.tier != filters.tier:
        return False
    if filters.source_kind and item.source_kind != filters.source_kind:
        return False
    return not (since and (item.timestamp or "") < since)


def lookup(
    services: Services, subject: str, filters: Filters | None = None, k: int = 30
) -> Dossier:
    """The dossier of ``subject`` by section, filtered by tier, source kind and time."""
    from memory.clock import iso

    filters = filters or Filters()
    tiers = services.tiers
    since = None
    if filters.days is not None:
        since = iso(services.store.clock() - timedelta(days=filters.days))
    found = tiers.about(subject)
    all_facts = [*found.facts, *found.history, *found.conflicts]
    ids = [f.item_id for f in all_facts]
    ids += [e.item_id for e in found.timeline] + [s.item_id for s in found.persona]
    ids += [r.item_id for r in found.memories]
    states = tiers.decay.states(ids)

    def fact_views(items: Iterable[Fact]) -> tuple[ItemView, ...]:
        views = (fact_view(f, found.evidence.get(f.id, []), states.get(f.item_id)) for f in items)
        return tuple(v for v in views if _keep(v, filters, since))

    def kept(views: Iterable[ItemView]) -> tuple[ItemView, ...]:
        return tuple(v for v in views if _keep(v, filters, since))

    episode_sources: dict[int, tuple[str, str]] = {}
    for e in found.timeline:
        if e.source_id is not None and e.source_id not in episode_sources:
            src = services.store.source(e.source_id)
            episode_sources[e.source_id] = (display_source(src.uri), src.kind)

    def episode(e: Episode) -> ItemView:
        where, kind = episode_sources.get(e.source_id or -1, ("", e.kind))
        return replace(episode_view(e, where, states.get(e.item_id)), source_kind=kind)

    def record(r: StoredRecord) -> ItemView:
        view = ItemView.from_record(r)
        state = states.get(r.item_id)
        return replace(view, retention=state.retention, pinned=state.pinned) if state else view

    memories = kept(record(r) for r in found.memories[:k])
    related: tuple[ItemView, ...] = ()
    if not found.known:
        hits = [h for h in services.recall.search(subject, k=k) if h.relevant]
        related = kept(ItemView.from_hit(h) for h in hits)
    conflict_facts = {f.id for f in found.conflicts}
    open_conflicts = tuple(
        Conflict(
            conflict_id=c.conflict_id,
            subject=c.reason or subject,
            options=(
                fact_view(c.other, found.evidence.get(c.other.id, [])),
                fact_view(c.fact, found.evidence.get(c.fact.id, [])),
            ),
        )
        for c in tiers.conflicts.open()
        if {c.fact.id, c.other.id} & conflict_facts
    )
    dossier = Dossier(
        subject=subject,
        facts=fact_views([*found.facts, *found.conflicts]),
        history=fact_views(found.history),
        episodes=kept(episode(e) for e in found.timeline),
        persona=kept(statement_view(s, states.get(s.item_id)) for s in found.persona),
        memories=memories,
        related=related,
        conflicts=open_conflicts,
    )
    return _with_sources(dossier)


def _with_sources(dossier: Dossier) -> Dossier:
    acc: OrderedDict[str, list[ItemView]] = OrderedDict()
    for _, items in dossier.sections():
        for item in items:
            if item.source and item.tier != "persona":
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
    return replace(dossier, sources=tuple(refs))


def source_kinds(services: Services) -> list[str]:
    """The kinds of the stored sources (markdown, whatsapp, mneme-chat, ...), sorted."""
    return sorted({s.kind for s in services.store.sources(status="active")})
