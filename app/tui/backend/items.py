"""One memory item: its details (``TierServices.show``), pin / unpin, and forgetting.

Called from the TUI's thread workers (details modal, memory browser, persona evidence).
Forgetting is two steps, like ``mneme forget``: ``forget_preview`` (the dry run, shown in a
confirmation modal) and ``forget_execute``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from app.tui.backend.views import (
    ForgetPreview,
    HistoryEntry,
    ItemDetails,
    ItemView,
    NotAvailableError,
    display_source,
)

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.tiers.decay import ItemState
    from memory.tiers.episodes import Episode
    from memory.tiers.facts import Evidence, Fact
    from memory.tiers.persona import Statement
    from memory.tiers.services import TierServices


def tiers_of(services: Services) -> TierServices:
    """The memory tiers (built by ``app.bootstrap``), or ``NotAvailableError``."""
    if services.tiers is None:
        raise NotAvailableError("the memory tiers are not available in this installation")
    return services.tiers


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
    tiers = tiers_of(services)
    shown = tiers.show(item_id)
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
    records = {
        r.item_id: ItemView.from_record(r)
        for r in services.store.records([int(i[1:]) for i in item_ids if _is(i, "r")])
    }
    found: dict[str, ItemView] = dict(records)
    tiers = services.tiers
    if tiers is not None:
        fact_ids = [int(i[1:]) for i in item_ids if _is(i, "f")]
        facts = tiers.facts.many(fact_ids)
        ev = tiers.facts.evidence(list(facts))
        found.update({f.item_id: fact_view(f, ev.get(f.id, [])) for f in facts.values()})
        eps = tiers.episodes.many([int(i[1:]) for i in item_ids if _is(i, "e")])
        found.update({e.item_id: episode_view(e) for e in eps.values()})
        sts = tiers.persona.many([int(i[1:]) for i in item_ids if _is(i, "p")])
        found.update({s.item_id: statement_view(s) for s in sts.values()})
    return [found[i] for i in item_ids if i in found]


def _is(item_id: str, prefix: str) -> bool:
    return item_id.startswith(prefix) and item_id[1:].isdigit()


# -- actions ------------------------------------------------------------------------------
def pin(services: Services, item_id: str, pinned: bool = True) -> None:
    """Pin ``item_id`` (it never fades) or unpin it (``mneme memory pin/unpin``)."""
    tiers = tiers_of(services)
    if pinned:
        tiers.pin(item_id)
    else:
        tiers.unpin(item_id)


def forget_preview(services: Services, item_id: str) -> ForgetPreview:
    """What ``mneme forget ITEM --dry-run`` would delete."""
    plan = tiers_of(services).forgetter.plan(item=item_id)
    data = plan.as_json()
    summary = (
        f"{len(plan.record_ids)} records, {len(plan.fact_ids)} facts, "
        f"{len(data.get('episodes_deleted', []))} episodes, {len(plan.statement_ids)} persona "
        f"statements, {data.get('vectors', 0)} vectors"
    )
    lines = [f"{r.get('id')}: {r.get('text', '')}" for r in data.get("records", [])[:8]]
    lines += [f"{f['id']}: {f['text']}" for f in data.get("facts", [])[:8]]
    if data.get("facts_restored"):
        lines.append("current again: " + ", ".join(data["facts_restored"]))
    if data.get("episodes_rebuilt"):
        lines.append("episodes re-summarised: " + ", ".join(data["episodes_rebuilt"]))
    return ForgetPreview(
        target=item_id, summary=summary, lines=tuple(lines), plan=plan, empty=plan.empty
    )


def forget_execute(services: Services, preview: ForgetPreview) -> str:
    """Delete what ``preview`` lists (``mneme forget ITEM --yes``); returns a summary."""
    tiers_of(services).forgetter.execute(preview.plan)
    return f"Forgot {preview.target}: {preview.summary}."
