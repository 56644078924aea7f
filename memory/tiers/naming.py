"""Facts whose subject is a possessive or a name: "my name is X", "my favourite film is X",
"my dentist is Dr. X", "my cat is called Miró", "her name is Pip", "Pizza is my favourite
food", "Helen is my boss".

``possessive_facts(clause, before, speaker)`` reads one clause of ``memory.tiers.clauses``
whose subject is a possessive head, a relation or pet without a name yet, or a name followed
by "is my ...". "called X" and "named X" always keep X. Used by ``memory.tiers.extract``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from memory.tiers.builders import build
from memory.tiers.clauses import Clause
from memory.tiers.cleaning import article, clean_name, clean_phrase
from memory.tiers.extracted import Speaker
from memory.tiers.grammar import POSSESSIVES
from memory.tiers.objects import Context, Value, object_key
from memory.tiers.phrases import PET, PET_ADJ, REL, REL_ADJ, name, names
from memory.tiers.predicates import RELATIONS, favorite_predicate


@dataclass(frozen=True)
class ClauseFact:
    """A fact read from a clause, before its sentence, times and checks are added."""

    subject: Speaker
    predicate: str
    value: Value
    confidence: float
    change: bool
    negate: bool
    past: bool


_LABELS = frozenset({"work", "personal", "home", "mobile", "cell", "private", "office"})
_FAVOURITE = re.compile(r"(?:.*\s)?favou?rite\s+(?P<thing>[\w-]+(?:\s+[\w-]+)?)$")
_FAVOURITE_REJECT = frozenset({"part", "moment", "memory", "way", "time", "one", "thing", "bit"})
_CALLED = re.compile(
    r"^(?:(?i:called|named)\s+|(?i:an?)\s+(?i:woman|man|guy|girl|lady|person|boy|kid|gentleman|"
    r"chap|fellow|doctor)\s+(?i:called|named)\s+)?"
    + names("o")
    + r"\s*(?:[.,!;]|$|(?=(?i:at|in|from)\s))"
)
_CALLED_ONLY = re.compile(r"^(?i:called|named)\s+" + name("o"))
_INVERTED_FAV = re.compile(
    r"^(?i:my|our)\s+(?:(?i:new|all-time|absolute|current|very)\s+)?(?i:favou?rite)\s+"
    r"(?P<thing>[a-z]+(?:\s+[a-z]+)?)\s*(?:[.,!;]|$)"
)
_INVERTED_KIN = re.compile(
    rf"^(?i:my|our)\s+(?:(?:{REL_ADJ}|{PET_ADJ})\s+)*(?:(?P<role>{REL})|(?P<pet>{PET}))\s*(?:[.,!;]|$)"
)
_INVERTED_HEAD = re.compile(
    r"^(?i:my|our)\s+(?P<head>"
    + "|".join(
        sorted((re.escape(h).replace(r"\ ", r"\s+") for h in POSSESSIVES), key=len, reverse=True)
    )
    + r")\s*(?:[.,!;]|$)",
    re.I,
)
_ANTECEDENT = re.compile(
    rf"\b(?:a|an|the|my|our|new)\s+(?:[a-z]+\s+)?(?:(?P<pet>{PET})|(?P<role>{REL}))\b"
)


def _role_predicate(role: str) -> str | None:
    role = " ".join(role.lower().split())
    canon = RELATIONS.get(role) or RELATIONS.get(role[:-1] if role.endswith("s") else role)
    if canon is None:
        return "has_doctor" if role.lower() in ("gp",) else None
    return f"has_{canon[0].replace(' ', '_')}"


def _kin_fact(speaker: Speaker, role: str | None, pet: str | None, raw: str) -> list[ClauseFact]:
    out = []
    predicate = "has_pet" if pet else _role_predicate(role or "")
    for part in re.split(r",\s*|\s+and\s+", raw):
        got = clean_name(part)
        if not got or predicate is None:
            continue
        if pet:
            value = Value(got, object_key(got), qualifier=article(pet), object_kind="pet")
        else:
            value = Value(got, object_key(got), object_kind="person")
        out.append(ClauseFact(speaker, predicate, value, 0.85, False, False, False))
    return out


def _possessive(clause: Clause, speaker: Speaker) -> list[ClauseFact]:
    head = clause.subject.role or ""
    owner = re.match(r"(.+?)'s\b", head)
    if owner and not re.fullmatch(r"(?i:new\s+year)", owner.group(1)):
        return []  # "my mum's birthday": someone else's ("my New Year's resolution" is mine)
    if clause.subject.name:  # "Rita's birthday is ..."
        speaker = Speaker(clause.subject.name, False)
    rest = clause.rest
    if not clause.be:
        falls = re.match(r"(?i:falls|is)\s+(?:on\s+)?", rest)
        if head not in ("birthday", "bday", "b-day") or not falls:
            return []
        rest = rest[falls.end() :]
    fav = _FAVOURITE.match(head)
    if fav:
        thing = fav.group("thing")
        value = clean_phrase(re.split(r",\s+(?=[a-z])", rest)[0], 6)  # "..., fight me"
        if not value or thing.split()[-1] in _FAVOURITE_REJECT:
            return []
        predicate = favorite_predicate(thing)
        return [
            ClauseFact(
                speaker,
                predicate,
                Value(value, object_key(value)),
                0.8,
                False,
                False,
                clause.be_past,
            )
        ]
    if head.split()[-1] == "job":
        return _job(rest, speaker)
    spec = POSSESSIVES.get(head.split()[-1] if head not in POSSESSIVES else head)
    if spec is None:
        return []
    if spec.predicate in ("goal", "plans"):
        if not rest.lower().startswith("to "):
            return []
        rest = rest[3:]
    if spec.predicate == "allergic_to" and len(head.split()) > 1:
        return _named_allergy(head, speaker)  # "my peanut allergy is getting worse"
    qualifier = head.split()[0] if head.split()[0] in _LABELS else None
    groups: dict[str, str | None] = {"o": rest, "q": qualifier}
    return [
        ClauseFact(speaker, spec.predicate, v, spec.confidence, False, False, False)
        for v in build(spec.kind, groups, Context("", speaker.is_self))
    ]


_NOT_ALLERGENS = frozenset("food worst only main biggest severe bad mild new old skin".split())


def _named_allergy(head: str, speaker: Speaker) -> list[ClauseFact]:
    """ "my peanut allergy is ...": the allergen is in the head, not what is said of it."""
    words = head.lower().split()[:-1]
    if not words or words[-1] in _NOT_ALLERGENS or len(words) > 2:
        return []
    groups: dict[str, str | None] = {"n": " ".join(words), "more": ""}
    return [
        ClauseFact(speaker, "allergic_to", v, 0.8, False, False, False)
        for v in build("allergens", groups, Context("", speaker.is_self))
    ]


def _job(rest: str, speaker: Speaker) -> list[ClauseFact]:
    """ "my (new) job is at Spotify" / "... is as a nurse"."""
    m = re.match(r"(?i:at|with|for)\s+(.+)$", rest)
    if m:
        return [
            ClauseFact(speaker, "works_at", v, 0.85, True, False, False)
            for v in build("org", {"o": m.group(1)}, Context("", speaker.is_self))
        ]
    m = re.match(r"(?i:as)\s+(.+)$", rest)
    if m:
        return [
            ClauseFact(speaker, "job_title", v, 0.85, True, False, False)
            for v in build("occupation_any", {"o": m.group(1)}, Context("", speaker.is_self))
        ]
    return []


_MARRIED = re.compile(r"^(?P<how>married|engaged|dating|together)\b", re.I)


def _partner(clause: Clause, speaker: Speaker, partner: str) -> list[ClauseFact]:
    """ "Julia and I got married": Julia is the speaker's spouse (fiancée, partner)."""
    m = _MARRIED.match(clause.rest)
    if m is None:
        return []
    role = {"married": "spouse", "engaged": "fiance"}.get(m.group("how").lower(), "partner")
    return _kin_fact(speaker, role, None, partner)


def _inverted_head(clause: Clause, speaker: Speaker) -> list[ClauseFact]:
    """ "Mandarin is my first language", "Porto is my hometown": a possessive head read
    backwards, its value the subject."""
    m = _INVERTED_HEAD.match(clause.rest)
    if m is None:
        return []
    spec = POSSESSIVES.get(" ".join(m.group("head").lower().split()))
    if spec is None or spec.predicate in ("name", "goal", "plans", "email", "phone"):
        return []
    groups: dict[str, str | None] = {"o": clause.subject.text}
    return [
        ClauseFact(speaker, spec.predicate, v, spec.confidence - 0.05, False, False, False)
        for v in build(spec.kind, groups, Context("", speaker.is_self))
    ]


_NAMED_IT = re.compile(r"^(?i:named|called|call)\s+(?i:him|her|it|them)\s+" + name("o", words=2))


def _named_it(clause: Clause, before: list[Clause], speaker: Speaker) -> list[ClauseFact]:
    """ "Adopted a rescue lurcher, we named him Mango": the pet or person just mentioned."""
    m = _NAMED_IT.match(clause.rest)
    if m is None or not before:
        return []
    found = list(_ANTECEDENT.finditer(before[-1].rest))
    if not found:
        return []
    pet, role = found[-1].group("pet"), found[-1].group("role")
    return _kin_fact(speaker, role, pet, m.group("o"))


def possessive_facts(
    clause: Clause, before: list[Clause], speaker: Speaker | None
) -> list[ClauseFact]:
    """Facts of a clause whose subject is a possessive, a nameless relation or pet, a name
    read with "is my ...", or "her name" (its antecedent found in ``before``)."""
    subject = clause.subject
    if clause.negated or clause.unsure:
        return []
    if subject.kind == "speaker" and subject.name and speaker is not None:
        return _partner(clause, speaker, subject.name)
    if subject.kind == "speaker" and speaker is not None:
        return _named_it(clause, before, speaker)
    if subject.kind == "possessive" and subject.name:
        return _possessive(clause, Speaker(subject.name, False))
    if speaker is None:
        return []
    if subject.kind == "possessive":
        return _possessive(clause, speaker)
    if subject.kind == "naming":
        if not clause.be:
            return []
        role, pet = subject.role, None
        if role is None:
            for prev in reversed(before):
                found = list(_ANTECEDENT.finditer(prev.rest))
                if found:
                    pet, role = found[-1].group("pet"), found[-1].group("role")
                    break
        elif re.fullmatch(PET, role):
            role, pet = None, role
        m = re.match(name("o"), clause.rest)
        return _kin_fact(speaker, role, pet, m.group("o")) if m and (role or pet) else []
    if subject.kind in ("relation", "pet") and not subject.name:
        m = _CALLED.match(clause.rest) if clause.be else _CALLED_ONLY.match(clause.rest)
        if m is None:
            return []
        if subject.kind == "pet":
            return _kin_fact(speaker, None, subject.role, m.group("o"))
        return _kin_fact(speaker, subject.role, None, m.group("o"))
    if subject.kind in ("name", "other") and clause.be and subject.text:
        fav = _INVERTED_FAV.match(clause.rest)
        if fav and fav.group("thing").split()[-1] not in _FAVOURITE_REJECT:
            value = clean_phrase(subject.text, 6)
            if value:
                predicate = favorite_predicate(fav.group("thing"))
                v = Value(value, object_key(value))
                return [ClauseFact(speaker, predicate, v, 0.75, False, False, False)]
        kin = _INVERTED_KIN.match(clause.rest)
        if kin and subject.kind == "name" and subject.name:
            return _kin_fact(speaker, kin.group("role"), kin.group("pet"), subject.name)
        return _inverted_head(clause, speaker)
    return []


_DIED = re.compile(
    r"(?i:died|passed\s+away|passed\s+on|was\s+put\s+down|is\s+no\s+longer\s+with)\b"
)


class Departed:
    """The pets and relations a sentence says died ("My old cat Tigger died last week"):
    ``fact in departed`` is True for the speaker's fact naming one, which is a former one."""

    def __init__(self, parsed: list[Clause]) -> None:
        self.names = {
            c.subject.name.casefold()
            for c in parsed
            if c.subject.name and c.subject.kind in ("relation", "pet") and _DIED.match(c.rest)
        }

    def __bool__(self) -> bool:
        return bool(self.names)

    def __contains__(self, fact: object) -> bool:
        return (
            isinstance(fact, ClauseFact)
            and fact.subject.is_self
            and fact.predicate.startswith("has_")
            and fact.value.object.casefold() in self.names
        )
