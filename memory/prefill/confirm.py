"""A value the user accepts or corrects becomes a fact (through the tiers' reconciliation).

``remember_answer`` stores the user's answer as a record of Mneme's own ``mneme:prefill``
source (so the fact has evidence the user can see and forget), then hands the fact to
``memory.tiers.reconcile.Reconciler`` with extractor ``user``:

- the same fact again is reinforced (and marked confirmed: its strength grows);
- a changed value supersedes the old one (which stays as history);
- where the old value cannot change (a birthday, a name) the old one was wrong: the
  conflict this raises is resolved at once in favour of the user's answer.

Answers to questions that map to no predicate are kept as the record only (recall finds them
next time). Used by ``mneme prefill --interactive`` and the TUI's prefill screen.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from memory.clock import iso
from memory.dates import parse_calendar_date
from memory.prefill.intents import Intent, intent_for
from memory.prefill.sources import Subject
from memory.prefill.spec import Field
from memory.records import RecordIn
from memory.store import MemoryStore, SourceIn
from memory.tiers.extract import ExtractedFact, object_key
from memory.tiers.predicates import fact_sentence
from memory.tiers.services import TierServices

log = logging.getLogger(__name__)

PREFILL_SOURCE = "mneme:prefill"
USER_CONFIDENCE = 0.98


@dataclass(frozen=True)
class Remembered:
    """What confirming one answer did.

    Attributes:
        record_id: the record holding the user's answer.
        actions: per fact, what reconciliation did (``add``, ``reinforce``, ``supersede``,
            ``corrected``).
        fact_ids: the facts now holding the answer.
    """

    record_id: int
    actions: tuple[str, ...]
    fact_ids: tuple[int, ...]

    @property
    def summary(self) -> str:
        """A few words for the user ("saved as f12 (reinforced)")."""
        if not self.fact_ids:
            return f"saved as a note (r{self.record_id})"
        parts = [f"f{i} ({a})" for i, a in zip(self.fact_ids, self.actions, strict=True)]
        return "saved as " + ", ".join(parts)


def display_value(field: Field, value: str) -> str:
    """The words a value stands for: a select's option label rather than its code."""
    if field.type in ("select", "radio"):
        for opt in field.options:
            if opt.value == value:
                return opt.text
    return value


def _key(predicate: str, obj: str) -> tuple[str, str]:
    """The object as the fact tier writes it, and its comparison key (the same normalisation
    as ``memory.tiers.extract`` so a confirmed value reinforces what was read)."""
    if predicate == "email":
        return obj, obj.lower()
    if predicate == "phone":
        return obj, re.sub(r"\D", "", obj)
    if predicate == "birthday":
        when = parse_calendar_date(obj)
        return (when.display, when.key) if when else (obj, object_key(obj))
    if predicate in ("diet", "speaks"):
        return obj.lower(), obj.lower() if predicate == "speaks" else object_key(obj.lower())
    return obj, object_key(obj)


def _objects(intent: Intent, value: str, current_name: str | None) -> list[str]:
    """The fact objects an answer states for ``intent``."""
    value = " ".join(value.split())
    if intent.value == "date":
        return [value]
    if intent.value in ("list", "pets"):
        return [p.strip() for p in re.split(r",|;|\band\b", value) if p.strip()]
    if intent.value in ("given", "family"):
        if not current_name:
            return []
        parts = current_name.split()
        if intent.value == "given":
            return [" ".join([value, *parts[1:]])]
        return [" ".join([*parts[:-1], value])] if len(parts) >= 2 else []
    return [value]


def remember_answer(
    tiers: TierServices,
    store: MemoryStore,
    subject: Subject,
    field: Field,
    value: str,
) -> Remembered:
    """Make the user's answer to ``field`` a fact about ``subject``.

    Args:
        tiers: the memory tiers.
        store: the record store (the answer is stored as a record first).
        subject: who the form is about.
        field: the field answered.
        value: the accepted or corrected value (as written into the form).
    """
    shown = display_value(field, value).strip()
    now = tiers.decay.clock()
    rec = RecordIn(
        text=f"{field.display}: {shown}",
        kind="note_chunk",
        speaker=None if subject.is_self else subject.label,
        conversation=PREFILL_SOURCE,
        title="Confirmed form answers",
        event_time=now,
        metadata={"self": subject.is_self, "prefill": True, "field": field.name},
    )
    added = store.append_records(
        SourceIn(uri=PREFILL_SOURCE, kind="mneme-prefill", content_hash="", title="Form answers"),
        [rec],
    )
    record_id = added.new_record_ids[0]
    intent = intent_for(field, subject.names)
    if intent is None or not shown:
        return Remembered(record_id, (), ())
    predicate = intent.predicates[0]
    entity = subject.entity or (
        tiers.entities.self_entity()
        if subject.is_self
        else tiers.entities.get_or_create(subject.label)
    )
    current_name = None
    if intent.value in ("given", "family"):
        names = tiers.facts.current(entity.id, "name")
        current_name = names[0].object if names else None
    actions: list[str] = []
    fact_ids: list[int] = []
    for raw in _objects(intent, shown, current_name):
        obj, key = _key(predicate, raw)
        candidate = ExtractedFact(
            subject=entity.name,
            subject_is_self=subject.is_self,
            predicate=predicate,
            object=obj,
            object_key=key,
            text=fact_sentence(predicate, entity.name, obj, is_self=subject.is_self),
            record_id=record_id,
            quote=rec.text,
            confidence=USER_CONFIDENCE,
            change=True,
            observed_at=iso(now),
            extractor="user",
        )
        outcome = tiers.reconcile(candidate)
        action = outcome.action
        if outcome.action == "conflict" and outcome.fact_id is not None:
            conflict = next(
                (c for c in tiers.conflicts.open() if c.fact.id == outcome.fact_id), None
            )
            if conflict is not None:
                tiers.resolve_conflict(conflict.id, keep=f"f{outcome.fact_id}")
                action = "corrected"
        if outcome.fact_id is not None:
            tiers.decay.confirmed([f"f{outcome.fact_id}"])
            fact_ids.append(outcome.fact_id)
            actions.append(action)
        log.info("prefill answer %r -> %s %s", field.display, action, outcome.fact_id)
    tiers.persona.rebuild("answer confirmed in prefill")
    tiers.index.embed_pending()
    return Remembered(record_id, tuple(actions), tuple(fact_ids))
