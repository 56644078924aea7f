"""Reconciliation: what a newly read fact does to what Mneme already knows.

For each candidate fact, against the stored facts with the same subject and predicate:

- ADD: it is new (multi-valued predicates such as likes, pets, siblings always add);
- REINFORCE: the same fact again: its confidence and strength go up and the record is
  linked as new evidence;
- SUPERSEDE: a change ("moved to Berlin", "started at Northwind", "don't like coffee
  anymore"): the old fact keeps its place as history with ``valid_to`` / ``retired_at``;
- CONFLICT: it cannot be decided (a different birthday; a single-valued fact contradicted
  without any change cue): the new fact waits in the conflict queue for the user
  (``memory.tiers.conflicts``), the current one stays current.

Which of two statements is newer is decided by the time of the records they were read from
(their event time), never by the order of import: "I live in Porto" in one note and "I moved
to Lisbon in March" in a later one make Lisbon current, whichever was imported first, and
Porto history "until March". A statement from an older record than what is known becomes
history instead. A candidate whose object is not a plausible value for its predicate
(``memory.tiers.values``) is never stored. Nothing is overwritten or deleted here. Called by
``memory.tiers.consolidate`` inside its per-batch transaction.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from memory.clock import Clock, iso, system_clock
from memory.db import Database
from memory.tiers.decay import Decay
from memory.tiers.entities import Entities, Entity
from memory.tiers.extracted import ExtractedFact
from memory.tiers.facts import Fact, FactStore, describe, fact_key
from memory.tiers.predicates import spec_for
from memory.tiers.values import plausible

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What reconciliation did with one candidate."""

    action: str
    """add, reinforce, supersede, conflict, history, end or skip."""
    fact_id: int | None = None
    other_fact_id: int | None = None


def forgotten_hash(key: str) -> str:
    """The one-way hash kept for a fact the user made Mneme forget (blocks re-learning it)."""
    return hashlib.sha256(("mneme-forgotten|" + key).encode()).hexdigest()


def _later(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


class Reconciler:
    """Applies candidate facts to the fact store.

    Args:
        db: the Mneme database.
        facts: the fact store.
        entities: the subjects.
        decay: strengths (new facts start with their predicate's importance).
        clock: "now".
    """

    def __init__(
        self,
        db: Database,
        facts: FactStore,
        entities: Entities,
        decay: Decay,
        clock: Clock = system_clock,
    ) -> None:
        self.db = db
        self.facts = facts
        self.entities = entities
        self.decay = decay
        self.clock = clock

    # -- helpers ------------------------------------------------------------------------
    def _subject(self, c: ExtractedFact) -> Entity:
        if c.subject_is_self:
            return self.entities.self_entity()
        entity = self.entities.get_or_create(c.subject, "person")
        if c.subject_aliases:
            entity = self.entities.add_aliases(entity.id, c.subject_aliases)
        return entity

    def _blocked(self, key: str) -> bool:
        if self.db.scalar(
            "SELECT 1 FROM forgotten_keys WHERE key_hash = ?", (forgotten_hash(key),)
        ):
            return True
        return bool(
            self.db.scalar(
                "SELECT 1 FROM facts WHERE fact_key = ? AND status = 'retired' "
                "AND retire_reason = 'user_rejected'",
                (key,),
            )
        )

    def _insert(
        self,
        subj: Entity,
        c: ExtractedFact,
        status: str,
        *,
        valid_from: str | None,
        valid_to: str | None = None,
        superseded_by: int | None = None,
        since: bool = False,
    ) -> Fact:
        object_id = None
        if c.object_kind in ("person", "pet"):
            obj_ent = self.entities.get_or_create(c.object, c.object_kind)
            if c.object_kind == "pet":
                self.entities.set_kind(obj_ent.id, "pet")
            object_id = obj_ent.id
        text = describe(
            c.predicate,
            subj.name,
            c.object,
            is_self=subj.is_self,
            qualifier=c.qualifier,
            status=status,
            valid_from=valid_from,
            valid_to=valid_to,
            since=since,
        )
        fact = self.facts.insert(
            subj,
            c.predicate,
            c.object,
            c.object_key,
            text=text,
            confidence=c.confidence,
            status=status,
            extractor=c.extractor,
            qualifier=c.qualifier,
            object_id=object_id,
            valid_from=valid_from,
            valid_to=valid_to,
            observed_at=c.observed_at,
            superseded_by=superseded_by,
        )
        self.facts.add_evidence(fact.id, c.record_id, c.quote, c.observed_at)
        self.decay.start(fact.item_id, spec_for(c.predicate).importance)
        return fact

    def _reinforce(self, fact: Fact, c: ExtractedFact) -> Outcome:
        if self.facts.add_evidence(fact.id, c.record_id, c.quote, c.observed_at):
            confidence = min(0.99, 1.0 - (1.0 - fact.confidence) * (1.0 - c.confidence))
            fields: dict[str, object] = {
                "confidence": round(confidence, 4),
                "observed_at": _later(fact.observed_at, c.observed_at),
            }
            if c.valid_from and (fact.valid_from is None or c.valid_from < fact.valid_from):
                fields["valid_from"] = c.valid_from
            self.facts.update(fact, **fields)
            self.decay.mentioned([fact.item_id])
        return Outcome("reinforce", fact.id)

    def _conflict(self, subj: Entity, c: ExtractedFact, other: Fact, reason: str) -> Outcome:
        new = self._insert(subj, c, "conflict", valid_from=c.valid_from or c.observed_at)
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO conflicts (fact_id, other_fact_id, reason, created_at) "
                "VALUES (?, ?, ?, ?)",
                (new.id, other.id, reason, iso(self.clock())),
            )
        log.info("conflict: f%s vs f%s (%s)", new.id, other.id, reason)
        return Outcome("conflict", new.id, other.id)

    def _end(self, old: Fact, when: str | None, by: int) -> None:
        """``old`` stops being current at ``when``; a start it was only observed at, later
        than that, is dropped (it was never a real start)."""
        if when and old.valid_from and old.valid_from > when:
            old = self.facts.update(old, valid_from=None)
        self.facts.supersede(old, valid_to=when, by=by)

    def _fulfil_plans(self, subj: Entity, c: ExtractedFact, when: str | None) -> None:
        """A move that happened ends the plan to make it ("move to Berlin")."""
        if c.predicate != "lives_in":
            return
        plan = self.facts.live_by_key(fact_key(subj.id, "plans", f"move to {c.object_key}"))
        if plan is not None and plan.status == "current":
            self.facts.supersede(plan, valid_to=when, by=None)
            self.facts.add_evidence(plan.id, c.record_id, c.quote, c.observed_at, role="ends")

    # -- the decision -------------------------------------------------------------------
    def apply(self, c: ExtractedFact) -> Outcome:
        """Reconcile one candidate (inside the caller's transaction)."""
        outcome = self._apply(c)
        if outcome.action in ("add", "supersede") and c.predicate == "lives_in":
            self._fulfil_plans(self._subject(c), c, c.valid_from or c.observed_at)
        return outcome

    def _apply(self, c: ExtractedFact) -> Outcome:
        if c.extractor != "user" and not plausible(c.predicate, c.object):
            log.debug("not a plausible %s: %r", c.predicate, c.object)
            return Outcome("skip")
        subj = self._subject(c)
        key = fact_key(subj.id, c.predicate, c.object_key)
        if self._blocked(key):
            return Outcome("skip")
        spec = spec_for(c.predicate)
        when = c.valid_from or c.observed_at
        same = self.facts.live_by_key(key)

        if c.negate:
            if same is not None and same.status == "current":
                end = c.valid_to or c.valid_from or c.observed_at
                self.facts.supersede(same, valid_to=end, by=None)
                self.facts.add_evidence(same.id, c.record_id, c.quote, c.observed_at, role="ends")
                return Outcome("end", same.id)
            return Outcome("skip")

        if c.past:
            if same is not None and same.status == "current":
                end = c.valid_to or c.observed_at
                self.facts.add_evidence(same.id, c.record_id, c.quote, c.observed_at)
                self.facts.supersede(same, valid_to=end, by=None)
                return Outcome("end", same.id)
            history = self.facts.by_key(key, "superseded")
            if history:
                return self._reinforce(history[-1], c)
            fact = self._insert(
                subj,
                c,
                "superseded",
                valid_from=c.valid_from,
                valid_to=c.valid_to or c.observed_at,
            )
            return Outcome("history", fact.id)

        if same is not None:
            return self._reinforce(same, c)

        if spec.single:
            currents = self.facts.current(subj.id, c.predicate)
            if not currents:
                fact = self._insert(
                    subj, c, "current", valid_from=when, since=bool(c.valid_from or c.change)
                )
                return Outcome("add", fact.id)
            cur = max(currents, key=lambda f: f.observed_at or f.valid_from or "")
            # Which statement is newer: the times of the records they were said in, not the
            # times they state ("I moved to Lisbon in March" written after "I live in Porto"
            # is the newer word, though March is before the day Porto was written).
            said = c.observed_at or c.valid_from
            cur_said = cur.observed_at or cur.valid_from
            if said is None or cur_said is None or said >= cur_said:
                if spec.mutable and (c.change or spec.time_varying):
                    fact = self._insert(subj, c, "current", valid_from=when, since=True)
                    for old in currents:
                        self._end(old, when, fact.id)
                    return Outcome("supersede", fact.id, cur.id)
                reason = (
                    f"{spec.name} has one value; {cur.object!r} is known and {c.object!r} was "
                    "stated without saying it changed"
                )
                return self._conflict(subj, c, cur, reason)
            if spec.mutable:
                fact = self._insert(
                    subj,
                    c,
                    "superseded",
                    valid_from=c.valid_from or c.observed_at,
                    valid_to=cur.valid_from or cur.observed_at,
                    superseded_by=cur.id,
                )
                return Outcome("history", fact.id, cur.id)
            reason = f"{spec.name}: an older record says {c.object!r}, a newer one {cur.object!r}"
            return self._conflict(subj, c, cur, reason)

        if spec.opposite:
            opp = self.facts.live_by_key(fact_key(subj.id, spec.opposite, c.object_key))
            if opp is not None and opp.status == "current":
                opp_time = _later(opp.observed_at, opp.valid_from)
                if when is None or opp_time is None or when >= opp_time:
                    if c.change:
                        fact = self._insert(subj, c, "current", valid_from=when, since=True)
                        self.facts.supersede(opp, valid_to=when, by=fact.id)
                        return Outcome("supersede", fact.id, opp.id)
                    reason = (
                        f"{c.predicate} {c.object!r} contradicts {opp.predicate} {opp.object!r}"
                    )
                    return self._conflict(subj, c, opp, reason)
                fact = self._insert(
                    subj,
                    c,
                    "superseded",
                    valid_from=c.valid_from or c.observed_at,
                    valid_to=opp.valid_from or opp.observed_at,
                    superseded_by=opp.id,
                )
                return Outcome("history", fact.id, opp.id)

        fact = self._insert(subj, c, "current", valid_from=when, since=bool(c.valid_from))
        return Outcome("add", fact.id)
