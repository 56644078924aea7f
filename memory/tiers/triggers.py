"""Which frames a clause can match, found by its first word, and a cheap test before any.

Fewer than 1% of chat sentences state a fact, so a sentence with none of the words a frame,
a possessive head or a noun rule starts from (``has_trigger``) is skipped before it is cut
into clauses. Frames are indexed by their head words (``frames_for``); word classes (a
number, a diet, a nationality, a habit...) are tried when the clause has one
(``class_frames``). ``VERB_HEADS`` and ``COPULAR_HEADS`` tell ``memory.tiers.clauses``
which segments start a verb phrase. Used by ``memory.tiers.extract``.
"""

from __future__ import annotations

import re
from collections import defaultdict

from memory.text import fold, tokens
from memory.tiers.clauses import Clause
from memory.tiers.countries import DEMONYMS, country_of_demonym
from memory.tiers.frames_chat import CHAT_FRAMES
from memory.tiers.frames_life import LIFE_FRAMES
from memory.tiers.frames_taste import TASTE_FRAMES
from memory.tiers.frames_work import WORK_FRAMES
from memory.tiers.grammar import POSSESSIVES, Frame
from memory.tiers.lexicon import GREETINGS, HABITUAL, NUMBER_WORDS
from memory.tiers.phrases import NAME_WORD
from memory.tiers.predicates import RELATIONS
from memory.tiers.vocab import (
    ACTIVITY_VERBS,
    BREEDS,
    CONDITIONS,
    DIETS,
    FOODS,
    HEALTH_ADJECTIVES,
    OCCUPATION_SUFFIXES,
    OCCUPATIONS,
    PETS,
)

FRAMES: tuple[Frame, ...] = LIFE_FRAMES + WORK_FRAMES + TASTE_FRAMES + CHAT_FRAMES
_BY_HEAD: dict[str, list[Frame]] = defaultdict(list)
_BY_CLASS: dict[str, list[Frame]] = defaultdict(list)
for _frame in FRAMES:
    for _head in dict.fromkeys(_frame.heads):
        (_BY_CLASS if _head.startswith("#") else _BY_HEAD)[_head].append(_frame)

_DIET_WORDS = frozenset(w for d in DIETS for w in tokens(d))
_HEALTH_WORDS = frozenset(w for a in HEALTH_ADJECTIVES for w in tokens(a))
VERB_HEADS: frozenset[str] = (
    frozenset(h for f in FRAMES if f.be is not True for h in f.heads if not h.startswith("#"))
    - {"a", "an", "the", "on", "get", "gets", "getting"}
) | {"named"}
"""Words a verb phrase of some frame starts with ("named": "... and named her Dot" is read by
``memory.tiers.naming``; "get" only in "I get by in Italian": "... and getting involved"
continues the clause before)."""
COPULAR_HEADS: frozenset[str] = (
    frozenset(h for f in FRAMES if f.be is True for h in f.heads if not h.startswith("#"))
    | _DIET_WORDS
    | _HEALTH_WORDS
    | frozenset({"strict", "severely", "very", "type", "lactose", "gluten"})
) - {"in"}
"""Words a complement of "to be" may start with ("allergic", "vegan", "a teacher"; "in" only
in "I'm in my second year of ...": ", in Leeds" continues the clause before)."""
_ACTIVITY_HEADS = frozenset(v.split()[0] for v in ACTIVITY_VERBS)
_EVERY = re.compile(
    r"\b(?:every|each)\s+(?:single\s+|other\s+)?(?:morning|evening|night|day|week|weekend|month|"
    r"year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b|\b(?:once|twice|"
    r"\w+\s+times)\s+(?:a|per|every)\s+(?:day|week|month|year)\b|\bon\s+(?:mon|tues|wednes|"
    r"thurs|fri|satur|sun)days\b|\bmost\s+(?:mornings|evenings|days|nights|weekends|(?:mon|tues|"
    r"wednes|thurs|fri|satur|sun)days)\b"
    r"|\b(?:on|at)\s+(?:the\s+)?weekends\b",
    re.I,
)

_TRIGGERS = (
    frozenset(h for f in FRAMES for h in f.heads if not h.startswith("#"))
    | frozenset(w for head in POSSESSIVES for w in tokens(head))
    | frozenset(f"{w}{s}" for r in RELATIONS for w in tokens(r) for s in ("", "s"))
    | frozenset(f"{w}{s}" for p in (*PETS, *BREEDS) for w in tokens(p) for s in ("", "s"))
    | frozenset(w for c in CONDITIONS for w in tokens(c) if len(w) > 3)
    | _DIET_WORDS
    | _HEALTH_WORDS
    | GREETINGS
    | HABITUAL
    | frozenset(NUMBER_WORDS)
    | frozenset(
        "favourite favorite favourites favorites fav fave intolerant every each call calls text "
        "reach "
        "email e-mail number phone mobile company firm employer gp allergy allergies called "
        "named kids job position role internship fan native speaker last master masters "
        "degree phd diploma course bachelor puppies intolerance hobbies hobby interests "
        "year thing twins triplets".split()
    )
    | OCCUPATIONS
    | frozenset(w for food in FOODS for w in tokens(food))
    | frozenset(fold(a) for a in DEMONYMS.values())
) - {
    *("a", "an", "the", "on", "in", "have", "has", "had", "do", "doing"),
    *("got", "get", "gets", "getting"),
}
"""Words one of which a sentence must hold to be read at all (see the module docstring).
Very common words ("have", "got") are left out: a frame they start needs another word too
("allergy", a pet, a number) or a possessive, which is in the list."""


_LEAD = re.compile(r"[\w'-]+")
_DIGIT = re.compile(r"\d")


def has_trigger(sentence: str) -> bool:
    """True when ``sentence`` may state a fact (it holds a trigger word, a digit, "I'm"
    before a capital, or a frequency such as "most mornings")."""
    if "@" in sentence or _DIGIT.search(sentence) or _I_AM_CAPITAL.search(sentence):
        return True
    if _EVERY.search(sentence):
        return True
    words = tokens(sentence)
    words += [part for w in words if "-" in w for part in w.split("-")]
    return not _TRIGGERS.isdisjoint(words) or any(w.endswith(OCCUPATION_SUFFIXES) for w in words)


def frames_for(rest: str) -> list[Frame]:
    """The frames whose head is the first word of ``rest``."""
    m = _LEAD.match(rest)
    return list(_BY_HEAD.get(fold(m.group(0)), ())) if m else []


_INTRO = re.compile(
    rf"^{NAME_WORD}(?:\s+{NAME_WORD})?(?:\s*,|\s+(?:by\s+the\s+way|btw|here)\b|\s*[.!]?$)"
)
_I_AM_CAPITAL = re.compile(r"\b[Ii](?:'m|\s+am)\s+[A-Z][a-z]|\bbeen\s+in\s+[A-Z][a-z]")
"""'I'm Ana', 'I'm Welsh', 'I've been in London since uni': a name or a place may follow."""


def _introduction(clause: Clause) -> bool:
    """ "I'm Kasia, by the way", "I'm Lukas, I'm 33": "I am" and a capitalised word set
    off by a comma, as people introduce themselves (its value check drops "Catholic")."""
    return (
        clause.subject.kind == "speaker"
        and clause.subject.text.strip() == "I"
        and clause.be
        and not clause.inherited
        and _INTRO.match(clause.rest) is not None
    )


def class_frames(clause: Clause) -> list[Frame]:
    """The word-class frames the clause may match (a number, a diet, a habit...)."""
    rest = clause.rest
    m = _LEAD.match(rest)
    first = m.group(0) if m else ""
    low = fold(first)
    out: list[Frame] = []
    copular = clause.be or clause.subject.kind == "none"
    if copular and (first.isdigit() or low.split("-")[0] in NUMBER_WORDS):
        out += _BY_CLASS["#num"]
    if copular:
        out += _BY_CLASS["#diet"] + _BY_CLASS["#health_adj"]
        if first[:1].isupper() and country_of_demonym(first):
            out += _BY_CLASS["#demonym"]
        if clause.greeting or _introduction(clause):
            out += _BY_CLASS["#greeting"]
        if "intolerant" in rest.lower():
            out += _BY_CLASS["#intolerant"]
    if low in _ACTIVITY_HEADS and (clause.habitual or _EVERY.search(clause.text)):
        out += _BY_CLASS["#routine"]
    return out
