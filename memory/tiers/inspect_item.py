"""``mneme memory show ID``: one item with its tier, strength, retention, evidence and history.

Works for records (``r12``: the facts read from it, its episode), facts (``f3``: evidence,
what it superseded and what superseded it, its conflicts), episodes (``e7``: its records)
and persona statements (``p2``: the facts and records behind it, every earlier wording).
Used by the CLI and the TUI's details view through ``TierServices.show``.
"""

from __future__ import annotations

from typing import Any

from memory.store import MemoryStore
from memory.tiers.conflicts import Conflicts
from memory.tiers.decay import Decay
from memory.tiers.episodes import Episodes
from memory.tiers.facts import FactStore
from memory.tiers.items import parse_item_id
from memory.tiers.persona import Persona


def _display(uri: str) -> str:
    return uri[5:] if uri.startswith("file:") else uri


def show_item(
    item: str,
    *,
    store: MemoryStore,
    facts: FactStore,
    episodes: Episodes,
    persona: Persona,
    conflicts: Conflicts,
    decay: Decay,
) -> dict[str, Any]:
    """Everything about one item as a JSON-ready dict (``id``, ``tier``, ``text``,
    ``status``, ``decay``, ``evidence``, ``history`` and tier-specific extras).

    Raises:
        NotFoundError: no such item.
    """
    ref = parse_item_id(item)
    state = decay.state(ref.item_id).as_json()
    db = store.db
    if ref.tier == "record":
        rec = store.record(ref.id)
        src = store.source(rec.source_id)
        fact_rows = db.execute(
            "SELECT DISTINCT fact_id FROM fact_evidence WHERE record_id = ?", (rec.id,)
        ).fetchall()
        derived = facts.many([int(r[0]) for r in fact_rows])
        history: list[dict[str, Any]] = [
            {"when": src.imported_at, "what": f"source imported ({src.kind})"}
        ]
        if rec.created_at != src.imported_at:
            history.append({"when": rec.created_at, "what": "record stored"})
        if src.updated_at:
            history.append({"when": src.updated_at, "what": "source updated"})
        if rec.status != "active":
            history.append({"when": None, "what": f"now {rec.status}"})
        return {
            "id": rec.item_id,
            "tier": "record",
            "text": rec.text,
            "status": rec.status,
            "source": _display(rec.source_uri),
            "timestamp": rec.event_time,
            "speaker": rec.speaker,
            "decay": state,
            "evidence": [],
            "facts": [
                {"id": f.item_id, "text": f.text, "status": f.status} for f in derived.values()
            ],
            "episodes": [f"e{i}" for i in episodes.of_records([rec.id])],
            "history": history,
        }
    if ref.tier == "fact":
        fact = facts.get(ref.id)
        ev = facts.evidence([fact.id])[fact.id]
        history = [{"when": fact.recorded_at, "what": "learned"}]
        for old in facts.where("f.superseded_by = ?", (fact.id,)):
            history.append(
                {"when": old.retired_at, "what": f"superseded {old.item_id}: {old.text}"}
            )
        if fact.superseded_by:
            newer = facts.get(fact.superseded_by)
            history.append(
                {"when": fact.retired_at, "what": f"superseded by {newer.item_id}: {newer.text}"}
            )
        elif fact.status == "superseded":
            history.append({"when": fact.retired_at, "what": "ended"})
        if fact.status == "retired":
            history.append({"when": fact.retired_at, "what": f"retired ({fact.retire_reason})"})
        for c in conflicts.all():
            if fact.id in (c.fact.id, c.other.id):
                other = c.other if c.fact.id == fact.id else c.fact
                what = f"conflict {c.conflict_id} with {other.item_id}: {c.reason}"
                if c.resolved_at:
                    what += f" (resolved: {c.resolution})"
                history.append({"when": c.created_at, "what": what})
        out = fact.as_json(ev)
        out.update(tier="fact", decay=state, evidence=[e.as_json() for e in ev], history=history)
        return out
    if ref.tier == "episode":
        ep = episodes.get(ref.id)
        recs = store.records(list(ep.record_ids))
        out = ep.as_json()
        out.update(
            tier="episode",
            text=f"{ep.title}: {ep.summary}",
            status="active",
            decay=state,
            evidence=[
                {
                    "id": r.item_id,
                    "source": _display(r.source_uri),
                    "quote": r.text[:200],
                    "timestamp": r.event_time,
                    "speaker": r.speaker,
                }
                for r in recs[:50]
            ],
            history=[{"when": ep.created_at, "what": "episode built"}],
        )
        return out
    st = persona.get(ref.id)
    fs = facts.many(st.fact_ids)
    out = st.as_json()
    out.update(
        tier="persona",
        decay=state,
        evidence=[{"id": f.item_id, "text": f.text, "status": f.status} for f in fs.values()]
        + [{"id": f"r{i}"} for i in st.record_ids],
        history=[
            {"when": h.created_at, "what": f"{h.item_id} ({h.status}): {h.text}"}
            for h in persona.history(st.key)
        ],
    )
    return out
