"""A candidate fact read from one record (``ExtractedFact``), apart from the grammar that
reads it (``memory.tiers.extract``): the modules that only store, reconcile or show facts
import it from here without compiling the grammar's patterns (a one-shot ``mneme search``
never reads a fact)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractedFact:
    """A candidate fact read from one record, before reconciliation.

    Attributes:
        subject: the subject's name.
        subject_is_self: the fact is about the user.
        predicate / object / object_key: the statement; ``object_key`` is the normalised
            object used to compare facts.
        qualifier: extra wording (the pet's species "a puppy"; a phone's "mobile").
        object_kind: ``person`` or ``pet`` when the object is itself an entity.
        text: the readable sentence.
        change / negate / past: the wording says the value changed, ended, or was former.
        valid_from / valid_to: explicit times stated in the text (ISO), else None.
        observed_at: the record's time (ISO).
        quote: the sentence the fact was read from.
        subject_aliases: other names of the subject (a contact's given + family name...).
    """

    subject: str
    subject_is_self: bool
    predicate: str
    object: str
    object_key: str
    text: str
    record_id: int
    quote: str
    confidence: float = 0.8
    qualifier: str | None = None
    object_kind: str | None = None
    change: bool = False
    negate: bool = False
    past: bool = False
    valid_from: str | None = None
    valid_to: str | None = None
    observed_at: str | None = None
    extractor: str = "deterministic"
    subject_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Speaker:
    """Who a record's first person is."""

    name: str
    is_self: bool
