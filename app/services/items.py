"""One memory item (a record r12, fact f3, episode e7 or persona statement p2): its details
with provenance, retention and history, the items behind it, and pinning.

Called by ``mneme memory show``, ``mneme pin`` / ``unpin``, the TUI's details modal, memory
browser and persona screen. The core is imported inside the functions (module docstring of
``app.services``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from app.services.views import (
    HistoryEntry,
    ItemDetails,
    ItemView,
    display_source,
    episode_view,
    fact_view,
    statement_view,
)

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.tiers.decay import ItemState as ItemState


def show(services: Services, item_id: str) -> dict[str, Any]:
    """Everything stored about ``item_id`` as plain data (``mneme memory show --json``).

    Raises:
        NotFoundError: no such item.
    """
    return services.tiers.show(item_id)


def pin(services: Services, item_id: str, pinned: bool = True) -> ItemState:
    """Pin ``item_id`` (it never fades) or unpin it; returns its decay state."""
    tiers = services.tiers
    return tiers.pin(item_id) if pinned else tiers.unpin(item_id)


# -- details ------------------------------------------------------------------------------
def _evidence_view(e: dict[str, Any], tier: str = "record") -> ItemView:
    return ItemView(
        item_id=str(e.get("id", "")),
        tier=tier,
        text=str(e.get("quote") or e.get("text") or ""),
        source=display_source(str(e.get("source") or "")),
        timestamp=e.get("timestamp"),
        speaker=e.get("speaker"),
        status=str(e.get("status") or "active"),
    )


def _record_context(services: Services, record_id: int) -> list[ItemView]:
    """A record and its neighbours in its source (two either side)."""
    rec = services.store.record(record_id)
    siblings = services.store.source_records(rec.source_id)
    pos = next((i for i, r in enumerate(siblings) if r.id == rec.id), None)
    if pos is None:
        return [ItemView.from_record(rec)]
    return [ItemView.from_record(r) for r in siblings[max(0, pos - 2) : pos + 3]]


def _notes(shown: dict[str, Any]) -> list[str]:
    notes = []
    decay = shown.get("decay") or {}
    if decay:
        horizon = decay.get("horizon_days")
        fades = (
            "never fades (pinned)"
            if decay.get("pinned")
            else "fades in about "
            + (f"{round(horizon)} days" if horizon and math.isfinite(horizon) else "a long time")
        )
        n = int(decay.get("access_count", 0) or 0)
        notes.append(
            f"Strength {decay.get('strength', 0):.2f} · recalled {n} time{'s' if n != 1 else ''} "
            f"· {fades}"
        )
    if shown.get("valid_from") or shown.get("valid_to"):
        start = (shown.get("valid_from") or "…")[:10]
        notes.append(f"Valid {start} → {(shown.get('valid_to') or 'now')[:10]}")
    if shown.get("episodes"):
        notes.append("Part of episodes " + ", ".join(shown["episodes"]))
    if shown.get("superseded_by"):
        notes.append(f"Superseded by {shown['superseded_by']}")
    return notes


def item_details(services: Services, item_id: str, why: tuple[str, ...] = ()) -> ItemDetails:
    """Everything about ``item_id`` (``mneme memory show``): text, provenance, retention,
    evidence, history; a record also shows the facts read from it and its neighbours."""
    shown = services.tiers.show(item_id)
    decay = shown.get("decay") or {}
    tier = str(shown.get("tier", "record"))
    evidence: list[ItemView] = []
    source = display_source(str(shown.get("source") or ""))
    source_title = None
    timestamp = shown.get("timestamp")
    if tier == "record":
        rec = services.store.record(int(str(shown["id"])[1:]))
        source_title = services.store.source(rec.source_id).title
        timestamp = rec.event_time or rec.created_at
        evidence += [_evidence_view(f, "fact") for f in shown.get("facts", [])]
        evidence += _record_context(services, rec.id)
    elif tier == "fact":
        evidence += [_evidence_view(e) for e in shown.get("evidence", [])]
        source = evidence[0].source if evidence else ""
        timestamp = shown.get("valid_from") or shown.get("recorded_at")
    elif tier == "episode":
        evidence += [_evidence_view(e) for e in shown.get("evidence", [])]
        source = evidence[0].source if evidence else str(shown.get("kind", ""))
        timestamp = shown.get("start")
    else:
        source = f"persona/{shown.get('section', '')}"
        timestamp = shown.get("confirmed_at") or shown.get("created_at")
        refs = [str(e["id"]) for e in shown.get("evidence", [])]
        evidence += evidence_items(services, refs)
    item = ItemView(
        item_id=str(shown["id"]),
        tier=tier,
        text=str(shown.get("text") or ""),
        source=source,
        timestamp=timestamp,
        speaker=shown.get("speaker"),
        retention=float(decay.get("retention", 1.0)),
        pinned=bool(decay.get("pinned", False)),
        status=str(shown.get("status") or "active"),
        why=why,
    )
    history = tuple(
        HistoryEntry(h.get("when"), str(h.get("what", ""))) for h in shown.get("history", [])
    )
    return ItemDetails(
        item=item,
        source_title=source_title,
        evidence=tuple(evidence),
        history=history,
        notes=tuple(_notes(shown)),
        can_pin=True,
        can_forget=True,
    )


def evidence_items(services: Services, item_ids: Sequence[str]) -> list[ItemView]:
    """The items behind ``item_ids`` (records, facts, episodes, persona), in that order."""
    found: dict[str, ItemView] = {
        r.item_id: ItemView.from_record(r)
        for r in services.store.records([int(i[1:]) for i in item_ids if _is(i, "r")])
    }
    tiers = services.tiers
    facts = tiers.facts.many([int(i[1:]) for i in item_ids if _is(i, "f")])
    ev = tiers.facts.evidence(list(facts))
    found.update({f.item_id: fact_view(f, ev.get(f.id, [])) for f in facts.values()})
    eps = tiers.episodes.many([int(i[1:]) for i in item_ids if _is(i, "e")])
    found.update({e.item_id: episode_view(e) for e in eps.values()})
    sts = tiers.persona.many([int(i[1:]) for i in item_ids if _is(i, "p")])
    found.update({s.item_id: statement_view(s) for s in sts.values()})
    return [found[i] for i in item_ids if i in found]


def _is(item_id: str, prefix: str) -> bool:
    return item_id.startswith(prefix) and item_id[1:].isdigit()
