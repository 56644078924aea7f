"""The memory browser's data: "what do I know about X" (``TierServices.about``), filters,
the source kinds, and resolving conflicts (``TierServices.resolve_conflict``).

When no stored item names the subject, the dossier carries recall's relevant hits as
"related memories" (matched by meaning), so a look-up never comes back blank while
something related is stored.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from app.tui.backend.items import episode_view, fact_view, statement_view, tiers_of
from app.tui.backend.views import (
    Conflict,
    Dossier,
    Filters,
    ItemView,
    SourceRef,
    display_source,
)

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.records import StoredRecord
    from memory.tiers.episodes import Episode
    from memory.tiers.facts import Fact


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
    tiers = tiers_of(services)
    since = None
    if filters.days is not None:
        since = iso(services.store.clock() - timedelta(days=filters.days))
    found = tiers.about(subject)
    all_facts = [*found.facts, *found.history, *found.conflicts]
    ids = [f.item_id for f in all_facts]
    ids += [e.item_id for e in found.timeline] + [s.item_id for s in found.persona]
    ids += [r.item_id for r in found.memories]
    states = tiers.decay.states(ids)

    def facts(items: Iterable[Fact]) -> tuple[ItemView, ...]:
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
    conflicts = tuple(
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
        facts=facts([*found.facts, *found.conflicts]),
        history=facts(found.history),
        episodes=kept(episode(e) for e in found.timeline),
        persona=kept(statement_view(s, states.get(s.item_id)) for s in found.persona),
        memories=memories,
        related=related,
        conflicts=conflicts,
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


BOTH = "both"
"""The choice "both are true" in the conflict modal."""


def resolve_conflict(services: Services, conflict_id: str, keep: str) -> str:
    """Resolve a conflict: keep ``keep`` (a fact id) as current, or ``BOTH``.

    Same as ``mneme conflicts resolve``; returns a one-line summary.
    """
    tiers = tiers_of(services)
    if keep == BOTH:
        view = tiers.resolve_conflict(conflict_id, keep_both=True)
    else:
        view = tiers.resolve_conflict(conflict_id, keep=keep)
    return f"Resolved {view.conflict_id}: {view.resolution or 'done'}."
