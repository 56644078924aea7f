"""Where prefill looks: the person a form is about, their facts, persona and recalled memories.

``MemoryView`` is a read-only facade over the store, hybrid recall and the memory tiers
(``memory.tiers.services.TierServices``), shaped for prefill: the subject's current facts for
some predicates ordered by retention, superseded ones as history, live persona statements,
and recalled memories with episode hits opened into their records. Every result carries
``Evidence`` (ids, sources, dates). Used by ``memory.prefill.service`` and
``memory.prefill.draft``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from memory.prefill.result import Evidence
from memory.recall import Hit, Recall
from memory.records import RECORD_COLUMNS, StoredRecord
from memory.store import MemoryStore
from memory.text import fold
from memory.tiers.entities import SELF_KEY, Entity
from memory.tiers.facts import Fact
from memory.tiers.persona import Statement
from memory.tiers.services import TierServices

SELF_SPEAKERS = ("me", "user", "I")


@dataclass(frozen=True)
class Subject:
    """The person a form is filled for.

    Attributes:
        label: how the result names them ("you" or their name).
        names: the names they go by (matched in questions and as chat speakers).
        is_self: the form is about the user.
        entity: their entity in the fact tier, when there is one.
    """

    label: str
    names: tuple[str, ...]
    is_self: bool
    entity: Entity | None

    @property
    def speakers(self) -> tuple[str, ...]:
        """Speaker names under which their own words are stored."""
        return self.names + (SELF_SPEAKERS if self.is_self else ())


class MemoryView:
    """Read access to every tier for prefill.

    Args:
        store: the record store.
        recall: hybrid recall (over records and, with the tiers, derived items).
        tiers: the memory tiers.
        self_names: the names the user goes by.
    """

    def __init__(
        self,
        store: MemoryStore,
        recall: Recall,
        tiers: TierServices,
        self_names: Sequence[str] = (),
    ) -> None:
        self.store = store
        self.recall = recall
        self.tiers = tiers
        self.self_names = tuple(n for n in self_names if n.strip())

    # -- who ------------------------------------------------------------------------------
    def subject(self, name: str | None) -> Subject:
        """The subject called ``name`` (None, "me", a self name: the user)."""
        entities = self.tiers.entities
        if name is None or not name.strip() or entities.is_self_name(name):
            me = entities.self_entity()
            names = list(self.self_names)
            if me is not None:
                names += [me.name, *me.aliases]
            names = [n for n in dict.fromkeys(names) if n and fold(n) not in ("me", "i")]
            return Subject("you", tuple(names), True, me)
        entity = entities.find(name)
        names = [name.strip()]
        if entity is not None and entity.key != SELF_KEY:
            names += [entity.name, *entity.aliases]
        return Subject(name.strip(), tuple(dict.fromkeys(names)), False, entity)

    # -- facts ----------------------------------------------------------------------------
    def facts(self, subject: Subject, predicates: Sequence[str]) -> tuple[list[Fact], list[Fact]]:
        """The subject's current facts for ``predicates`` (best first) and their history.

        Current facts are ordered by the predicate's place in ``predicates``, then by
        retention times confidence, then by recency; conflicting facts are left out (the
        user has not decided them). History: superseded facts, newest first.
        """
        if subject.entity is None or not predicates:
            return [], []
        marks = ",".join("?" * len(predicates))
        rows = self.tiers.facts.where(
            f"f.subject_id = ? AND f.predicate IN ({marks}) "
            "AND f.status IN ('current', 'superseded')",
            (subject.entity.id, *predicates),
        )
        current = [f for f in rows if f.status == "current"]
        history = [f for f in rows if f.status == "superseded"]
        states = self.tiers.decay.states([f.item_id for f in current])
        order = {p: i for i, p in enumerate(predicates)}

        def rank(f: Fact) -> tuple[int, float, str]:
            state = states.get(f.item_id)
            retention = state.retention if state is not None else 1.0
            return (order.get(f.predicate, 99), -retention * f.confidence, "")

        current.sort(key=lambda f: f.valid_from or f.observed_at or "", reverse=True)
        current.sort(key=rank)
        history.sort(key=lambda f: f.valid_to or f.retired_at or "", reverse=True)
        return current, history

    def retention(self, item_id: str) -> float:
        """The item's retention now (1.0 for unknown items)."""
        state = self.tiers.decay.states([item_id]).get(item_id)
        return state.retention if state is not None else 1.0

    def fact_evidence(self, fact: Fact) -> list[Evidence]:
        """The fact itself, then the records it was read from."""
        records = self.tiers.facts.evidence([fact.id]).get(fact.id, [])
        first = records[0].source if records else f"fact ({fact.extractor})"
        when = fact.valid_from or fact.observed_at or fact.recorded_at
        out = [
            Evidence(
                item_id=fact.item_id,
                tier="fact",
                text=fact.text,
                source=first,
                timestamp=when,
                status=fact.status,
                valid_from=fact.valid_from,
                valid_to=fact.valid_to,
                record_ids=tuple(e.record_id for e in records),
            )
        ]
        for ev in records[:3]:
            out.append(
                Evidence(
                    item_id=ev.item_id,
                    tier="record",
                    text=ev.quote,
                    source=ev.source,
                    timestamp=ev.observed_at,
                    record_ids=(ev.record_id,),
                )
            )
        return out

    # -- persona --------------------------------------------------------------------------
    def persona(self) -> list[Statement]:
        """The user's live persona statements."""
        return self.tiers.persona.statements()

    # -- the user's own messages -----------------------------------------------------------
    def own_messages(self, subject: Subject, limit: int = 2000) -> list[StoredRecord]:
        """The subject's own chat messages, newest first (for their writing style)."""
        speakers = [s for s in subject.speakers if s.strip()]
        marks = ",".join("?" * len(speakers)) or "''"
        self_clause = (
            " OR json_extract(r.metadata, '$.role') = 'user' "
            "OR json_extract(r.metadata, '$.self') = 1"
            if subject.is_self
            else ""
        )
        rows = self.store.db.query(
            f"SELECT {RECORD_COLUMNS} FROM records r JOIN sources s ON s.id = r.source_id "
            "WHERE r.status = 'active' AND r.kind IN ('message', 'chat_turn') "
            f"AND (r.speaker COLLATE NOCASE IN ({marks}){self_clause}) "
            "ORDER BY COALESCE(r.event_time, r.created_at) DESC LIMIT ?",
            [*speakers, limit],
        )
        return [StoredRecord.from_row(r) for r in rows]

    # -- recall ---------------------------------------------------------------------------
    def search(self, query: str, k: int = 20) -> list[Hit]:
        """Recalled memories for ``query``: record hits, and episode hits opened into their
        records (each keeps the episode's score and names it in ``metadata["episode"]``).
        Fact and persona hits are left out here (prefill reads those tiers directly)."""
        hits = self.recall.search(query, k=k)
        out: list[Hit] = []
        seen: set[str] = set()
        for hit in hits:
            if hit.tier == "record":
                if hit.item_id not in seen:
                    seen.add(hit.item_id)
                    out.append(hit)
            elif hit.tier == "episode" and hit.record_ids:
                for rec in self.store.records(list(hit.record_ids)):
                    if rec.item_id in seen or rec.status != "active":
                        continue
                    seen.add(rec.item_id)
                    out.append(
                        replace(
                            hit,
                            item_id=rec.item_id,
                            tier="record",
                            text=rec.text,
                            speaker=rec.speaker,
                            timestamp=rec.event_time or rec.created_at,
                            record_ids=(rec.id,),
                            conversation=rec.conversation,
                            metadata={**rec.metadata, "episode": hit.item_id},
                        )
                    )
        return out
