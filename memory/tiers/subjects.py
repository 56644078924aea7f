"""Who a clause is about: the subject a segment opens with, read after its fronted words.

``subject_of`` recognises the speaker ("I", "we", "my partner and I"), a relation or pet
("my sister Rita", "our greyhound"), a possessive head ("my name", "Rita's birthday"), a
name followed by a verb ("Tom lives..."), or someone Mneme cannot name ("she", "the
narrator"). ``strip_front`` reads fronted words first: discourse words, adverbs, time and
place phrases ("Since March", "Every Sunday"), and the words that make a clause unsure
("If", "Apparently"). ``antecedent`` finds who a relative clause ("who lives in Taipei") is
about. Used by ``memory.tiers.clauses``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from memory.text import fold
from memory.tiers.lexicon import (
    ADVERBS,
    CONDITIONALS,
    DISCOURSE,
    FRONT_PREPOSITIONS,
    GREETINGS,
    HABITUAL,
    HEDGES,
    PRONOUN_SUBJECTS,
    REPORTING,
    STORY,
    TIME_WORDS,
)
from memory.tiers.phrases import NAME_WORD, PET, PET_ADJ, REL, REL_ADJ, TITLE, UP, name
from memory.tiers.predicates import RELATIONS


@dataclass(frozen=True)
class Subject:
    """Who a clause is about.

    ``kind``: ``speaker`` (I, we), ``name`` (a named person or thing), ``relation`` ("my
    sister", maybe with ``name``), ``pet`` ("our greyhound Pepper"), ``possessive`` ("my
    name", ``role`` is the head noun), ``naming`` ("my sister's name", "her name"), ``other``
    (a pronoun or a noun phrase Mneme cannot name), ``none`` (no subject written: the
    speaker's, in an elliptical "Moved to Lisbon") or ``fragment`` (no subject and no verb
    Mneme reads). ``also``: a second named person of a coordinated subject ("Kim and Leo",
    "my sister Joana and I"), who shares what the clause states.
    """

    kind: str
    name: str | None = None
    role: str | None = None
    text: str = ""
    also: str | None = None


# -- subjects -------------------------------------------------------------------------------
_FRONT = re.compile(r"^(?:(?P<word>[A-Za-z]+)(?P<punct>[,!]+)?\s+)", re.I)
_CHILDHOOD = re.compile(
    r"^(?:(?:when|as)\s+I\s+was\s+(?:a\s+(?:kid|child|teenager|teen|baby|boy|girl|student)|"
    r"little|young|younger|small|growing\s+up)\s*,?\s*|(?:as\s+an?\s+(?:little\s+|young\s+)?"
    r"(?:kid|child|teenager|teen|boy|girl)|growing\s+up)\s*,?\s*(?=I\s))",
    re.I,
)
_EVERY = re.compile(
    r"^((?:every|each)\s+(?:single\s+|other\s+)?[a-z]+|on\s+[a-z]+days|most\s+[a-z]+s)\s*,?\s+",
    re.I,
)
_NOUNS = rf"(?:{REL}|{PET})"
_SELF_SUBJECT = re.compile(
    rf"^(?:(?:(?i:my|our)\s+[\w'’ -]{{0,30}}?(?:\s*\b(?P<kin>{NAME_WORD}))?"
    rf"|(?P<partner>{NAME_WORD}))\s+and\s+I\b|(?i:me)\s+and\s+(?i:my|our)\s+(?:{REL_ADJ}\s+)?{_NOUNS}"
    rf"(?:\s+(?P<kin2>{NAME_WORD}))?|I\b|(?i:we)\b)"
)
_NAME_AND_KIN = re.compile(
    rf"^(?P<name>{NAME_WORD})\s+and\s+(?:his|her|their)\s+(?:{REL})s?\s+(?=[a-z])"
)
"""'Mark and his wife live in Perth': Mark's fact (his unnamed wife's is nobody's to name)."""
_NAME_PAIR = re.compile(rf"^(?P<name>{NAME_WORD})\s+and\s+(?P<also>{NAME_WORD})\s+(?=[a-z])")
"""Two people as one subject: "Kim and Leo just moved to Malmö"."""
_NAME_FROM = re.compile(
    rf"^(?P<name>{NAME_WORD})\s+from\s+(?:work|school|uni|college|university|church|yoga|next\s+door|"
    r"upstairs|downstairs|the\s+(?:office|gym|team|club|choir|band))\s+(?=[a-z])"
)
"""A person named with where they are known from: "Jess from work is from Cork"."""
_KIN_SUBJECT = re.compile(
    rf"^(?i:my|our)\s+(?:(?:{REL_ADJ}|{PET_ADJ})\s+)*(?:(?P<role>{REL})|(?P<pet>{PET})(?i:e?s)?)(?!\s+(?i:tongue)\b)"
    rf"(?P<naming>'?s\s+(?i:full\s+)?name)?(?:\s+(?!(?:And|But)\b){name('name')})?\b(?!')"
)
_BARE_NAMING = re.compile(r"\s+(?i:full\s+)?(?i:name)\b(?=\s+(?i:is|was)\b)")
_ANY_NAMED = re.compile(rf"^(?i:my|our)\s+[\w-]+(?:'s)?(?:\s+[\w-]+)?\s+{name('name')}\b")
_POSSESSIVE = re.compile(
    rf"^(?:(?:(?i:my|our)|(?P<owner>{NAME_WORD}(?:\s+{NAME_WORD})?)'s)\s+"
    r"(?P<head>(?:[\w'-]+\s+){0,3}?(?:full\s+name|name|birthday|bday|b-day|"
    r"e-?mail(?:\s+address)?|(?:phone|mobile|cell|home|work)\s+number|number|mobile|"
    r"native\s+language|first\s+language|mother\s+tongue|goal|dream|ambition|aim|plan|"
    r"resolution|hometown|home\s+town|home|job|employer|allergies|allergy|diet|hobbies|hobby|"
    r"interests|passion|"
    r"favou?rite\s+[\w-]+(?:\s+[\w-]+)?))|(?P<home>Home))"
    r"(?:\s+(?i:this|next)\s+(?i:year|month|week|summer|winter|spring|autumn|fall)"
    r"|\s+(?i:for)\s+(?:(?i:this|next|the)\s+[a-z]+|\d{4}))?(?=\s+(?:is|are|was|has|falls|:)\b)",
)
_ANAPHOR = re.compile(r"^(?i:his|her|its|their)\s+(?i:full\s+)?name\b")
_NAME_SUBJECT = re.compile(
    rf"^(?P<name>(?:{TITLE}\s+)?[{UP}][\w'’.-]*(?:\s+[{UP}][\w'’-]*){{0,2}})\s+"
)
_OTHER_SUBJECT = re.compile(
    r"^(?:(?:" + "|".join(sorted(PRONOUN_SUBJECTS)) + r")\b|(?:the|a|an|his|her|their|your|"
    r"this|that|these|those)\s+(?:[\w'-]+\s+){0,3}?(?=(?:is|was|are|were|has|had|lives|works|"
    r"moved|loves|hates|says|said|thinks|keeps|does|will|would|can)\b))",
    re.I,
)
_VERBISH = re.compile(
    r"(?:am|is|are|was|were|has|have|had|does|did|will|would|can|could|just|also|still|"
    r"never|not|always|usually|really|[a-z]+(?:s|ed))\b"
)
_PLURAL_VERB = re.compile(
    r"(?:am|is|are|was|were|has|have|had|does|did|will|would|can|could|just|also|still|"
    r"never|not|always|usually|really|[a-z]+(?:s|ed)|live|work|study|teach|speak|love|like|"
    r"hate|own|run|play|eat|come|go|got|met|both)\b"
)
"""What may follow a subject of two ("Kim and Leo live ..."): a base form too."""


@dataclass
class Front:
    """What the words before a subject said: unsure, in childhood, a greeting, a habit."""

    hedged: bool = False
    childhood: bool = False
    greeting: bool = False
    habitual: bool = False
    frequency: str = ""


_COMMON_CAPITALS = frozenset(
    """
    lots life work home today tomorrow tonight yesterday everything nothing something things
    family friends people kids everyone art music food dinner lunch breakfast weekend books
    movies films games songs pictures photos parents dogs cats plans days weeks moments
    memories stories animals sports holidays vacations trips classes lessons
    """.split()
)
"""Capitalised words at a sentence start that are not somebody's name."""
_WH_AND_SUBORDINATORS = frozenset(
    "when where what why how which who whose while since because after before if as once until "
    "though although unless whenever".split()
)
_OPENING_VERBS = frozenset(
    "got get been went had did made took came started began joined moved left finished "
    "graduated adopted switched quit bought lost spent retired relocated".split()
)
"""Verbs a note may open with, its "I" dropped ("Got hired by Ocado"): never a name."""
_NOT_SUBJECT_NAMES = (
    ADVERBS
    | HABITUAL
    | DISCOURSE
    | HEDGES
    | GREETINGS
    | PRONOUN_SUBJECTS
    | _WH_AND_SUBORDINATORS
    | _OPENING_VERBS
    | {"i", "we", "my", "our"}
)


def strip_front(seg: str) -> tuple[str, Front]:
    """Read fronted material off ``seg``: discourse words, adverbs, time and place phrases."""
    front = Front()
    text = seg
    for _ in range(8):
        m = _CHILDHOOD.match(text)
        if m:
            front.childhood = True
            text = text[m.end() :]
            continue
        m = _EVERY.match(text)
        if m:
            front.frequency = m.group(1)
            text = text[m.end() :]
            continue
        m = _FRONT.match(text)
        if not m:
            break
        word = m.group("word").lower()
        if word == "no" and (
            re.match(r"no\s+longer\b", text, re.I)
            or not (m.group("punct") or re.match(r"no\s+(?:I|we|my|our)\b", text, re.I))
        ):
            break  # "No longer vegan", "no dairy": the clause's own words
        if word in GREETINGS:
            front.greeting = True
        elif word in CONDITIONALS or word in REPORTING or word in HEDGES:
            front.hedged = True
        elif word in DISCOURSE or word in ADVERBS or (word.endswith("ly") and len(word) > 4):
            pass
        elif word in HABITUAL:
            front.habitual = True
        elif word in FRONT_PREPOSITIONS or word in TIME_WORDS:
            pp = _fronted_phrase(text)
            if pp is None:
                break
            if STORY.search(text[:pp]):
                front.hedged = True
            text = text[pp:]
            continue
        else:
            break
        text = text[m.end() :]
    return text, front


def _fronted_phrase(text: str) -> int | None:
    """The end of a fronted phrase ("After university", "Since last summer,") when a
    subject follows it within five words, else None."""
    for m in re.finditer(r"[,]?\s+", text):
        head = text[: m.start()]
        if len(head.split()) > 5:
            return None
        after = text[m.end() :]
        if "," in m.group(0) or _SELF_SUBJECT.match(after) or _KIN_SUBJECT.match(after):
            return m.end()
    return None


def subject_of(seg: str) -> tuple[Subject | None, str]:
    """The subject ``seg`` opens with (None: none written) and the text after it."""
    m = _SELF_SUBJECT.match(seg)
    if m:
        # "Julia and I": the speaker, with a partner named in the subject.
        also = m.group("partner") or m.group("kin") or m.group("kin2")
        if also and (fold(also) in _NOT_SUBJECT_NAMES or fold(also) in RELATIONS):
            also = None  # "Mum and I": the relation is read by the resolver, not as a name
        return Subject("speaker", name=m.group("partner"), text=m.group(0), also=also), seg[
            m.end() :
        ]
    m = _NAME_FROM.match(seg)
    if m and _VERBISH.match(seg[m.end() :]) and fold(m.group("name")) not in _NOT_SUBJECT_NAMES:
        return Subject("name", name=m.group("name"), text=m.group(0).strip()), seg[m.end() - 1 :]
    m = _NAME_PAIR.match(seg)
    if (
        m
        and _PLURAL_VERB.match(seg[m.end() :])
        and not {fold(m.group("name")), fold(m.group("also"))}
        & (_NOT_SUBJECT_NAMES | set(RELATIONS))
    ):
        return Subject(
            "name", name=m.group("name"), text=m.group(0).strip(), also=m.group("also")
        ), seg[m.end() - 1 :]
    m = _NAME_AND_KIN.match(seg)
    if m and _PLURAL_VERB.match(seg[m.end() :]) and fold(m.group("name")) not in _NOT_SUBJECT_NAMES:
        return Subject("name", name=m.group("name"), text=m.group(0).strip()), seg[m.end() - 1 :]
    m = _KIN_SUBJECT.match(seg)
    if m:
        role = (m.group("role") or m.group("pet") or "").lower()
        kind = "naming" if m.group("naming") else ("relation" if m.group("role") else "pet")
        end = m.end()
        bare = _BARE_NAMING.match(seg, end)
        if kind != "naming" and not m.group("name") and role.endswith("s") and bare:
            kind, role, end = "naming", role[:-1], bare.end()  # "my sisters name is Ana"
        return Subject(
            kind, name=m.group("name"), role=" ".join(role.split()), text=seg[:end]
        ), seg[end:]
    m = _POSSESSIVE.match(seg)
    if m:
        head = " ".join((m.group("head") or "home").lower().split())
        owner = m.group("owner")
        if owner and owner.lower() in RELATIONS:  # "Mum's birthday": a relation, not a name
            head, owner = f"{owner.lower()}'s {head}", None
        return Subject("possessive", name=owner, role=head, text=m.group(0)), seg[m.end() :]
    m = _ANAPHOR.match(seg)
    if m:
        return Subject("naming", role=None, text=m.group(0)), seg[m.end() :]
    m = _ANY_NAMED.match(seg)
    if m and _VERBISH.match(seg[m.end() :].lstrip()):
        return Subject("name", name=m.group("name"), text=m.group(0)), seg[m.end() :]
    m = _NAME_SUBJECT.match(seg)
    first = m.group("name").split()[0].lower() if m else ""
    if m and "I" in m.group("name").split()[1:]:
        first = "i"  # "When I was 10": no name
    single = m is not None and " " not in m.group("name")
    common = single and (first.endswith(("ing", "'s")) or first in _COMMON_CAPITALS)
    if m and _VERBISH.match(seg[m.end() :]) and first not in _NOT_SUBJECT_NAMES:
        if single and first in RELATIONS:  # "Mum lives in Leeds": the speaker's mother
            role = first
            return Subject("relation", role=role, text=m.group("name")), seg[m.end() - 1 :]
        if common:  # "Music is my passion": a thing, read only as "X is my ..."
            return Subject("other", text=m.group("name")), seg[m.end() - 1 :]
        return Subject("name", name=m.group("name"), text=m.group("name")), seg[m.end() - 1 :]
    m = _OTHER_SUBJECT.match(seg)
    if m:
        return Subject("other", text=m.group(0)), seg[m.end() :]
    return None, seg


def antecedent(before: str) -> Subject:
    """The subject of a relative clause: the noun phrase just before "who"."""
    kin = list(re.finditer(_KIN_SUBJECT.pattern[1:], before))
    if kin and kin[-1].end() >= len(before.rstrip(" ,")) - 1:
        m = kin[-1]
        role = (m.group("role") or m.group("pet") or "").lower()
        kind = "relation" if m.group("role") else "pet"
        return Subject(kind, name=m.group("name"), role=" ".join(role.split()), text=m.group(0))
    named = re.search(rf"({name('n')})\s*,?\s*$", before)
    if named and named.group(1).split()[0].lower() not in ("i", "my", "our"):
        return Subject("name", name=named.group(1), text=named.group(1))
    return Subject("other", text=before[-30:])
