"""A persona correction becomes facts, with the correction as their evidence.

When the user corrects a statement of their profile ("You live in Porto" edited to "You live
in Lisbon since March 2026"), ``correct`` stores the new wording as a record of Mneme's own
``mneme:persona`` source, reads it in the first person with the fact grammar
(``memory.tiers.extract``) and hands each fact to reconciliation as the user's own word
(extractor ``user``, a change): a different value supersedes the old one, which stays as
history, exactly as an accepted prefill answer does (``memory.prefill.confirm``). A fact of
the old statement that the correction no longer states (same predicate, other value) ends
too. The edited statement then stands on the new facts, so the profile does not show the
old and the new side by side. Called by ``TierServices.persona_feedback``; nothing here
touches a user interface.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from memory.clock import Clock, iso
from memory.db import Database
from memory.records import RecordIn, StoredRecord
from memory.store import MemoryStore, SourceIn
from memory.tiers.decay import Decay
from memory.tiers.extracted import ExtractedFact, Speaker
from memory.tiers.facts import FactStore
from memory.tiers.persona import Statement
from memory.tiers.reconcile import Outcome, Reconciler

log = logging.getLogger(__name__)

SOURCE = "mneme:persona"
USER_CONFIDENCE = 0.98
_SECOND_TO_FIRST = (
    (r"\byou are\b", "I am"),
    (r"\byou're\b", "I'm"),
    (r"\byou were\b", "I was"),
    (r"\byou've\b", "I've"),
    (r"\byou'd\b", "I'd"),
    (r"\byou'll\b", "I'll"),
    (r"\byourself\b", "myself"),
    (r"\byours\b", "mine"),
    (r"\byour\b", "my"),
    (r"\byou\b", "I"),
)


def first_person(text: str) -> str:
    """A profile sentence in the user's own voice: "You live in X" -> "I live in X"."""
    out = text
    for pattern, repl in _SECOND_TO_FIRST:
        out = re.sub(pattern, repl, out, flags=re.I)
    return re.sub(r"(^|[.!?]\s+)my\b", lambda m: m.group(1) + "My", out)


@dataclass(frozen=True)
class Correction:
    """What a correction did: its record, and per fact the reconciliation outcome."""

    record_id: int
    outcomes: tuple[Outcome, ...]

    @property
    def fact_ids(self) -> tuple[int, ...]:
        return tuple(o.fact_id for o in self.outcomes if o.fact_id is not None)


def _candidates(text: str, record_id: int, when: str) -> list[ExtractedFact]:
    from memory.tiers.extract import extract_facts  # the grammar: only when correcting

    rec = StoredRecord(
        record_id,
        0,
        SOURCE,
        "mneme-persona",
        "note_chunk",
        0,
        first_person(text),
        None,
        None,
        None,
        when,
        when,
        "active",
        None,
        {"self": True},
    )
    return [
        replace(
            c,
            extractor="user",
            confidence=USER_CONFIDENCE,
            change=not (c.past or c.negate),
            quote=text,
        )
        for c in extract_facts(rec, Speaker("me", True))
    ]


def correct(
    *,
    db: Database,
    store: MemoryStore,
    facts: FactStore,
    reconciler: Reconciler,
    decay: Decay,
    clock: Clock,
    old: Statement,
    new: Statement,
    resolve: Callable[[int], None],
) -> Correction:
    """Make the user's new wording of ``old`` (now ``new``) facts (see the module docstring).

    Args:
        db / store / facts / reconciler / decay / clock: the tiers' collaborators.
        old: the statement as it was.
        new: the user's statement that replaced it.
        resolve: resolves the conflict a fact raised in favour of the user's fact (a
            birthday or a name cannot change: the old one was wrong).
    """
    now = clock()
    rec = RecordIn(
        text=new.text,
        kind="note_chunk",
        conversation=SOURCE,
        title="Persona corrections",
        event_time=now,
        metadata={"self": True, "correction": old.item_id},
    )
    added = store.append_records(
        SourceIn(uri=SOURCE, kind="mneme-persona", content_hash="", title="Persona corrections"),
        [rec],
    )
    record_id = added.new_record_ids[0]
    outcomes: list[Outcome] = []
    with db.transaction():
        for cand in _candidates(new.text, record_id, iso(now) or ""):
            outcomes.append(reconciler.apply(cand))
    for outcome in outcomes:
        if outcome.action == "conflict" and outcome.fact_id is not None:
            resolve(outcome.fact_id)
    made = [o.fact_id for o in outcomes if o.fact_id is not None]
    if not made:
        log.info("correction of %s states no fact Mneme reads", old.item_id)
        return Correction(record_id, tuple(outcomes))
    new_facts = facts.many(made)
    stated = {(f.predicate, f.object_key) for f in new_facts.values()}
    with db.transaction():
        for fact in facts.many(old.fact_ids).values():
            same_kind = any(p == fact.predicate for p, _ in stated)
            restated = (fact.predicate, fact.object_key) in stated
            if fact.status == "current" and same_kind and not restated:
                facts.supersede(fact, valid_to=iso(now), by=made[0])
        first = new_facts[made[0]]
        db.execute(
            "UPDATE persona_statements SET fact_ids = ?, record_ids = ?, stmt_key = ? WHERE id = ?",
            (
                "[" + ", ".join(str(i) for i in made) + "]",
                f"[{record_id}]",
                f"{first.predicate}:{first.object_key}",
                new.id,
            ),
        )
    decay.confirmed([f"f{i}" for i in made])
    return Correction(record_id, tuple(outcomes))
