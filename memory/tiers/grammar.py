"""The fact grammar's model: verb frames, possessive heads and noun-phrase rules.

A ``Frame`` is one way a predicate is stated as a verb phrase, matched from the start of a
clause's ``rest`` (``memory.tiers.clauses``) whoever its subject is: "live in PLACE", "be
allergic to LIST", "work at ORG as OCCUPATION", "have a PET called NAME". The subject, the
negation, the tense and the mood come from the clause, so one frame covers "I live in X",
"Rita lives in X", "Currently living in X", "I no longer live in X" and "I used to live in
X". ``POSSESSIVES`` reads "my name is X", "my employer is X", "Home is X" by the head noun;
``NOUN_RULES`` are noun phrases that state a fact wherever they stand ("my sister Rita",
"for my asthma", "call me on 0770...").

The frames themselves are data in ``memory.tiers.frames_life`` (places, origin, age, names,
work, study, people, pets) and ``memory.tiers.frames_taste`` (likes, diet, health,
languages, routines, plans); ``memory.tiers.extract`` is the engine and
``memory.tiers.objects`` turns what they capture into values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from memory.tiers.phrases import (
    CONDITION,
    DATE,
    EMAIL,
    ORG_NOUN,
    PET,
    PET_ADJ,
    PET_PLURAL,
    PHONE,
    REL,
    REL_ADJ,
    name,
    names,
    org_name,
)
from memory.tiers.vocab import STUDY_FIELDS


@dataclass(frozen=True)
class Frame:
    """One way of stating a predicate as a verb phrase.

    Attributes:
        predicate: what it states (``has_{q}`` takes the role from group ``q``).
        heads: the words ``rest`` may start with (lower case).
        pattern: ``heads`` then the tail, matched at the start of ``rest``.
        kind: how the captured value becomes an object (``memory.tiers.objects``).
        confidence: base confidence.
        be: True when it is a complement of "to be" ("allergic to"), False when it must not
            follow "to be", None when either.
        change: the wording says the value changed ("moved to", "joined").
        stative: the tense of the clause says whether it still holds ("lived", "used to").
        past_heads: heads in the simple past.
        episodic_past: a simple past states an episode, not a lasting fact ("I loved the
            show"): no fact.
        negated: what "not" does: ``drop``, ``end`` (only with "no longer"/"anymore"),
            ``flip:<predicate>`` ("don't like" -> dislikes) or ``only`` (it needs "not":
            "I don't eat pork").
        future: it may be stated under "will"/"going to" (plans).
        past: the wording itself states a former value ("graduated from").
        ends: the wording ends the fact ("left Acme", "quit my job at the bank").
        elliptical: it may be read without a written subject ("Moved to Lisbon"); not for
            reactions a chat is full of ("Love the colours!").
        current_only: a former value is no fact (an age "I was six").
        third: a named third person may be its subject.
        extras: (group, predicate, kind) of more facts the same match states ("as OCC").
        cue: when set, the clause must also hold this (a bare "left X" is a job only with
            a word of work nearby: "I left London" is a place, "I left Tom" a person).
    """

    predicate: str
    heads: tuple[str, ...]
    pattern: re.Pattern[str]
    kind: str
    confidence: float = 0.85
    be: bool | None = None
    change: bool = False
    stative: bool = True
    past_heads: frozenset[str] = frozenset()
    episodic_past: bool = False
    negated: str = "drop"
    future: bool = False
    past: bool = False
    ends: bool = False
    elliptical: bool = True
    current_only: bool = False
    third: bool = True
    extras: tuple[tuple[str, str, str], ...] = ()
    cue: re.Pattern[str] | None = None


def frame(predicate: str, heads: str, tail: str, kind: str, **kw: object) -> Frame:
    """A ``Frame``; ``heads`` is space-separated (``_`` joins words of one head). A head
    starting with ``#`` is a word class (``CLASSES``): the tail alone is matched."""
    past = kw.pop("past_heads", "")
    if heads.startswith("#"):
        words: tuple[str, ...] = (heads,)
        pattern = re.compile(tail)
    else:
        words = tuple(h.replace("_", " ") for h in heads.split())
        ordered = sorted(words, key=len, reverse=True)
        alt = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in ordered)
        pattern = re.compile(rf"(?P<v>(?i:{alt}))\b" + tail)
    return Frame(
        predicate,
        tuple(w.split()[0] for w in words),
        pattern,
        kind,
        past_heads=frozenset(str(past).split()),
        **kw,  # type: ignore[arg-type]
    )


CLASSES = ("#num", "#diet", "#demonym", "#greeting", "#intolerant", "#health_adj", "#routine")
"""Word classes a frame may start with instead of fixed heads."""


@dataclass(frozen=True)
class Possessive:
    """ "my <head> is <value>": which predicate a head noun states, and the value's kind."""

    predicate: str
    kind: str
    confidence: float = 0.9


POSSESSIVES: dict[str, Possessive] = {
    "name": Possessive("name", "self_name"),
    "full name": Possessive("name", "self_name"),
    "birthday": Possessive("birthday", "date"),
    "bday": Possessive("birthday", "date"),
    "b-day": Possessive("birthday", "date"),
    "email": Possessive("email", "email"),
    "e-mail": Possessive("email", "email"),
    "email address": Possessive("email", "email"),
    "number": Possessive("phone", "phone"),
    "phone number": Possessive("phone", "phone"),
    "mobile number": Possessive("phone", "phone"),
    "cell number": Possessive("phone", "phone"),
    "mobile": Possessive("phone", "phone"),
    "landline": Possessive("phone", "phone"),
    "native language": Possessive("speaks", "languages"),
    "first language": Possessive("speaks", "languages"),
    "mother tongue": Possessive("speaks", "languages"),
    "goal": Possessive("goal", "plan", 0.8),
    "dream": Possessive("goal", "plan", 0.8),
    "ambition": Possessive("goal", "plan", 0.8),
    "aim": Possessive("goal", "plan", 0.8),
    "resolution": Possessive("goal", "plan", 0.8),
    "plan": Possessive("plans", "plan", 0.8),
    "hometown": Possessive("from", "place", 0.85),
    "home town": Possessive("from", "place", 0.85),
    "home": Possessive("lives_in", "place", 0.8),
    "employer": Possessive("works_at", "org", 0.85),
    "allergies": Possessive("allergic_to", "allergens"),
    "allergy": Possessive("allergic_to", "allergens"),
    "diet": Possessive("diet", "diet"),
    "hobbies": Possessive("likes", "likes", 0.75),
    "hobby": Possessive("likes", "likes", 0.75),
    "interests": Possessive("likes", "likes", 0.7),
    "passion": Possessive("likes", "likes", 0.75),
}
"""Head nouns of "my X is Y" (``favourite <thing>`` and relations are read apart)."""


@dataclass(frozen=True)
class NounRule:
    """A noun phrase that states a fact wherever it stands in the speaker's sentence.

    ``needs``: lower-case strings one of which a sentence must contain for the rule to be
    tried (a cheap test before the pattern)."""

    predicate: str
    pattern: re.Pattern[str]
    kind: str
    confidence: float = 0.85
    needs: tuple[str, ...] = ()


def noun_rule(
    predicate: str, pattern: str, kind: str, confidence: float = 0.85, needs: str = ""
) -> NounRule:
    return NounRule(predicate, re.compile(pattern), kind, confidence, tuple(needs.split("|")))


_FIELD = "(?i:" + "|".join(sorted(STUDY_FIELDS, key=len, reverse=True)) + ")"
"""A field of study before "degree" ("my law degree at Exeter")."""

NOUN_RULES: tuple[NounRule, ...] = (
    noun_rule(
        "has_{q}",
        rf"\b(?i:my|our)\s+(?:{REL_ADJ}\s+)*(?P<q>{REL})(?:,)?\s+{names('o')}",
        "person",
        needs="my|our",
    ),
    noun_rule(
        "has_{q}",
        rf"(?<!\bI\sam\s)(?<!\bname\sis\s){name('o')},\s+(?i:my|our)\s+(?:{REL_ADJ}\s+)*"
        rf"(?P<q>{REL})\b",
        "person",
        0.8,
        needs="my|our",
    ),
    noun_rule(
        "has_pet",
        rf"\b(?i:my|our)\s+(?:(?i:two|three|four)\s+)?(?:{PET_ADJ}\s+)*(?P<q>{PET}|{PET_PLURAL})"
        rf"(?:,)?\s+{names('o')}",
        "pet",
        needs="my|our",
    ),
    noun_rule(
        "has_pet",
        rf"{name('o')},?\s+(?i:my|our)\s+(?:{PET_ADJ}\s+)*(?P<q>{PET})\b",
        "pet",
        0.8,
        needs="my|our",
    ),
    noun_rule("health", rf"\b(?i:my)\s+(?P<o>{CONDITION})\b", "conditions", 0.75, needs="my"),
    # a note's "Sesame allergy, quite a bad one" (not "Food allergy", "Severe allergy", nor
    # "Peanut allergy, carries an EpiPen": a note about someone else)
    noun_rule(
        "allergic_to",
        r"^(?!(?i:my|our|his|her|their|the|an?|no|any|some|food|severe|serious|bad|mild|"
        r"seasonal|skin|drug|this|that)\b)(?P<n>[A-Za-z]+(?:\s[a-z]+)?)\s+(?i:allerg(?:y|ies))"
        r"(?=\s*(?:$|[.,!;(]))(?!,?\s*(?:\w+\s+)?(?i:carries|carry|has|needs|takes|uses|gets|keeps|"
        r"is|was|brings)\b)",
        "allergens",
        0.75,
        needs="allerg",
    ),
    # "I'm a software developer living in Bristol", "a Brit based in Spain"
    noun_rule(
        "lives_in",
        r"^I\s+am\s+an?\s+(?:(?!(?:of|about|for|with|to)\b)[\w-]+\s+){1,4}?(?:living|based)\s+"
        r"(?i:in)\s+"
        r"(?P<o>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\b",
        "place",
        0.75,
        needs="living|based",
    ),
    # "Musicals are not my thing", "Jazz isn't really my cup of tea"
    noun_rule(
        "dislikes",
        r"^(?P<o>[A-Za-z][\w' -]{1,40}?)\s+(?:is|are)\s+not\s+(?:(?i:really|really\s+)?)?"
        r"(?i:my)\s+(?i:thing|cup\s+of\s+tea|scene)\b",
        "likes",
        0.7,
        needs="not",
    ),
    # "with my wife Ingrid and our two boys", "I took my three kids to the zoo"
    noun_rule(
        "has_children",
        r"(?<!\bof\s)\b(?i:my|our)\s+(?P<o>(?i:two|three|four|five|six|[2-6])\s+(?:(?i:little|young|"
        r"grown|grown-up|teenage)\s+)?(?i:kids|children|boys|girls|sons|daughters))\b(?!['’])",
        "children",
        0.75,
        needs="my|our",
    ),
    # "I'm on blood thinners for a heart condition", "I take sertraline for anxiety"
    noun_rule(
        "health",
        r"^I\s+(?:am\s+on|am\s+taking|take|use)\s+(?:(?!(?:my|our|his|her|their|him|them|to)\b)"
        r"[\w-]+\s+){1,4}?(?i:for)\s+"
        rf"(?:(?i:my)\s+)?(?P<o>{CONDITION})\b",
        "conditions",
        0.75,
        needs=" for ",
    ),
    # "I'm gluten-free because of coeliac disease": the condition behind one's own diet
    noun_rule(
        "health",
        r"^I\s+(?:am\s+[\w-]+-free|avoid\s+[\w -]{1,30}?|(?:can|do)\s+not\s+(?:eat|have|drink)\s+"
        r"[\w -]{1,30}?|am\s+on\s+an?\s+[\w -]{1,20}?\s+diet)\s+"
        rf"(?i:because\s+of|due\s+to)\s+(?:(?i:my)\s+)?(?P<o>{CONDITION})\b",
        "conditions",
        0.75,
        needs="because of|due to",
    ),
    noun_rule(
        "works_at",
        rf"\b(?i:the|my)\s+(?:(?i:{ORG_NOUN})|(?i:place|employer))\s+(?:(?i:that|where)\s+)?"
        rf"I\s+work(?:\s+(?i:for|at),?|,)\s+{org_name('o')}",
        "org",
        needs="work",
    ),
    noun_rule(
        "works_at", rf"\b(?i:my\s+last\s+day\s+at)\s+{org_name('o')}", "org_end", needs="last"
    ),
    # "one year left of my law degree at Exeter" (not a degree finished, got or done)
    noun_rule(
        "studies",
        rf"(?<!finished\s)(?<!completed\s)(?<!did\s)(?<!got\s)\b(?i:my)\s+(?P<o>{_FIELD})\s+"
        r"(?i:degree|course)\s+(?i:at)\s",
        "study",
        needs="degree|course",
    ),
    noun_rule(
        "studies_at",
        rf"(?<!finished\s)(?<!completed\s)(?<!did\s)(?<!got\s)\b(?i:my)\s+(?:{_FIELD})\s+"
        rf"(?i:degree|course)\s+(?i:at)\s+{org_name('o')}",
        "org",
        needs="degree|course",
    ),
    noun_rule(
        "email",
        rf"\b(?i:my\s+(?P<q>work|personal|new|private|home)?\s*(?:e-?mail|email\s+address)\s+"
        rf"(?:is|address\s+is|:)|(?:e-?mail|write\s+to|reach|contact|ping|message|find|drop)\s+me"
        rf"(?:\s+(?i:a\s+(?:line|note|message|mail|e-?mail)))?\s+(?i:at|on)"
        r"|(?:reach|contact|find|get\s+hold\s+of)\s+me\b[^.!?@]{0,60}?\bby\s+e-?mail"
        rf"(?:\s+(?i:at|on))?:?)\s+(?P<o>{EMAIL})",
        "email",
        0.9,
        needs="@",
    ),
    noun_rule(
        "phone",
        r"\b(?i:my\s+(?:new\s+)?(?P<q>work|home|mobile|cell|personal)?\s*(?:phone\s+)?"
        r"(?:number|phone|mobile|landline)\s+(?:is|:)|(?:call|text|reach|ring|whatsapp)\s+me\s+(?:at|on))\s+"
        rf"(?P<o>{PHONE})",
        "phone",
        needs="number|phone|mobile|landline|me at|me on",
    ),
    noun_rule(
        "name",
        r"\b(?i:call|calls|called)\s+me\s+(?!(?:at|on|when|if|back|later|tomorrow)\b)"
        + name("o", words=2),
        "self_name",
        0.8,
        needs="call",
    ),
    noun_rule(
        "birthday",
        rf"\b(?:(?i:my\s+(?:birthday|bday))\s+(?i:is|falls)\s+(?i:on\s+)?[^.!?]*?|"
        rf"(?i:it\s+is\s+my\s+(?:birthday|bday)\s+on)\s+)(?P<o>{DATE})",
        "date",
        0.9,
        needs="birthday|bday",
    ),
)
"""Noun-phrase rules, searched anywhere in a sentence the speaker states."""
