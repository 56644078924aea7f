"""The noun-phrase pass of the fact grammar, and who "he" or "she" is within a sentence.

``noun_facts`` searches a sentence the speaker states for the noun-phrase rules of
``memory.tiers.grammar.NOUN_RULES`` ("my sister Rita", "for my asthma", "call me on
0770..."), skipping a match a wish, a report or a condition leads up to. ``Antecedents``
follows the one person a sentence has just named ("My best friend is called Aoife and she
lives in Cork"): a "he" or "she" opening the next clause of the same sentence is that person.
Used by ``memory.tiers.extract``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from memory.tiers.builders import build
from memory.tiers.clauses import Clause, Subject
from memory.tiers.grammar import NOUN_RULES
from memory.tiers.lexicon import NUMBER_WORD_RE
from memory.tiers.naming import ClauseFact, Speaker
from memory.tiers.objects import Context
from memory.tiers.phrases import name

_UNSURE_BEFORE = re.compile(
    r"\b(?:if|wish|would|could|should|might|maybe|perhaps|whether|imagine|pretend|unless|"
    r"said|says|told|thinks|think|asked|hope|apparently|dreamt|dreamed)\b"
)
_NAMED_BEFORE = re.compile(r"\bname\b|\bcalled\b", re.I)
_OWN_NAME = re.compile(r"\b(?:my\s+(?:full\s+|real\s+|first\s+)?name|I\s+am)\s", re.I)
"""The writer's own name before "everyone calls me Dave": the nickname is a name too."""
_AN_AGE = re.compile(
    rf"^(?:\d{{1,2}}|{NUMBER_WORD_RE})(?:\s+(?:years?|yrs?)(?:\s+old)?)?(?:\s+now)?\s*[.!]?$", re.I
)
"""A bare age ("she's 3", "he is two now"): after a pet's name, the pet's age."""


def noun_facts(text: str, speaker: Speaker | None) -> Iterable[ClauseFact]:
    """Facts of the noun-phrase rules found in ``text`` (the speaker's sentence)."""
    if speaker is None:
        return
    lowered = text.lower()
    for rule in NOUN_RULES:
        if rule.needs and not any(w in lowered for w in rule.needs):
            continue
        for m in rule.pattern.finditer(text):
            if _UNSURE_BEFORE.search(lowered[max(0, m.start() - 40) : m.start()]):
                continue
            before = text[: m.start()]
            nickname = _OWN_NAME.search(before)
            if rule.predicate == "name" and _NAMED_BEFORE.search(before) and not nickname:
                continue  # "My son is called Leo but he calls me Boss": no name of the writer
            negate = rule.kind == "org_end"
            bctx = Context("", speaker.is_self)
            for value in build("org" if negate else rule.kind, m.groupdict(), bctx):
                pred = value.predicate or rule.predicate
                if pred == "has_{q}":
                    continue
                yield ClauseFact(speaker, pred, value, rule.confidence, False, negate, False)


_IS_CALLED = re.compile(
    r"(?:^|\s)(?:is|was)\s+(?:called|named)\s+" + name("o", words=3) + r"[.!]?\s*$"
)
_HE_SHE = frozenset({"he", "she"})


class Antecedents:
    """The person the clause before named, for a "he"/"she" opening the next clause."""

    def __init__(self) -> None:
        self.last: str | None = None
        self.pet: str | None = None

    def subject(self, clause: Clause) -> Subject:
        """``clause``'s subject, "he"/"she" resolved to the person just named."""
        subject = clause.subject
        if subject.kind != "other" or subject.text.strip().lower() not in _HE_SHE:
            return subject
        if self.last and not clause.inherited:
            return Subject("name", name=self.last, text=subject.text)
        if self.pet and clause.be and _AN_AGE.match(clause.rest.strip()):
            return Subject("pet", name=self.pet, text=subject.text)
        return subject

    def saw(self, clause: Clause, facts: list[ClauseFact]) -> None:
        """Remember who ``clause`` named: its named subject, the person "my X is called Y"
        or "the new guy is called Y" names; nobody else."""
        named = {f.value.object for f in facts if f.value.object_kind == "person"}
        self.pet = None
        self.saw_pets(facts)
        kind = clause.subject.kind
        m = _IS_CALLED.search(clause.rest) if kind in ("other", "relation", "fragment") else None
        if m:
            named.add(m.group("o"))
        if clause.subject.kind in ("name", "relation") and clause.subject.name:
            named.add(clause.subject.name)
        self.last = named.pop() if len(named) == 1 else None

    def saw_pets(self, facts: Iterable[ClauseFact]) -> None:
        """Remember the one pet a clause named ("a spaniel named Bailey"), for "she's 3",
        and the one person a verb frame named when nobody else was ("I'm married to
        Carlos, he's from Bogota")."""
        facts = list(facts)
        pets = {f.value.object for f in facts if f.value.object_kind == "pet"}
        if len(pets) == 1:
            self.pet = pets.pop()
        people = {f.value.object for f in facts if f.value.object_kind == "person"}
        if len(people) == 1 and self.last is None:
            self.last = people.pop()
