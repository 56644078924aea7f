"""Whose words answer a question: the person it names, the user, or anyone.

In a conversation, only what a speaker says of themself answers a question about them:
words said to someone else ("you", "..., Mel!") and remarks on what the other said ("That
sounds great") are about the other person. ``subject_of`` tells who a question is about,
``speaks_for`` whether a memory holds that person's words, ``of_self`` and ``vocative``
whether one of their sentences speaks of themself.

Used by ``memory.compose``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from memory.kinds import NOT_NAMES
from memory.prefill.answers import addressed, first_person
from memory.query import named_people
from memory.recall import Hit
from memory.text import STOPWORDS, fold, match_stem, tokens

FIRST_PERSON = frozenset({"i", "my", "me", "mine", "myself", "i'm", "i've", "i'd"})
SELF_WORDS = frozenset(
    {"i", "i'm", "im", "i've", "ive", "i'd", "i'll", "my", "me", "mine", "we", "we're", "we've",
     "our", "us", "myself"}
)
"""Words with which a speaker speaks of themself (or of a "we" they belong to)."""
LEADING_NOISE = re.compile(
    r"^(?:(?:(?:hey|hi|hello|wow|oh|yeah|yes|yep|sure|thanks|thank you|haha|lol|aw+|omg|ah|hmm|"
    r"ok(?:ay)?)\b[^\w]*)|(?:(?:so|well|totally|absolutely|definitely|great|cool|nice|awesome|"
    r"amazing|true|right)[^\w\s]+\s*))+",
    re.I,
)
"""Interjections opening a sentence ("Wow, ...", "Haha ..."); a word that may open a phrase
("So far it's been great", "Great news") only when punctuation follows it ("So, ...")."""


_VOCATIVE_LEAD = re.compile(
    r"^(?:(?i:hey|hi|oh|wow|aw+|yes|yeah|thanks|thank you|sorry)[\s,]+)?([A-Z][\w'’-]+)\s*,"
)
_VOCATIVE_TAIL = re.compile(r",\s*([A-Z][\w'’-]+)\s*[!?.…]*\s*$")


_FINITE = re.compile(
    r"\b(?:is|are|was|were|can|could|will|would|makes?|helps?|gets?|seems?|sounds?|looks?|"
    r"feels?|means?|keeps?)\b|'s\b|’s\b"
)
_I_TO_YOU = re.compile(
    r"\b(?:I|we)(?:'m|'re| am| are| was)?\s+(?:\w+\s+){0,3}?(?:you|your)\b", re.I
)

_THAT_IS = re.compile(
    r"(?:that|this|it|which)(?:'s|’s| is| was| sounds| looks)\s+(?:\w+\s+)?(?:awesome|great|"
    r"amazing|cool|nice|wonderful|fantastic|incredible|impressive|lovely|beautiful|inspiring|"
    r"exciting|awesome|brilliant|fun|sweet|adorable|hilarious|crazy|wild|tough|hard|sad)\b",
    re.I,
)



def of_self(sentence: str) -> bool:
    """The speaker speaks of themself: "I", "my", "we", or a sentence that drops its "I"
    ("Researching adoption agencies", "Just got back"); a sentence opening with a gerund as
    its subject ("Winning the tournament is awesome!") is a remark, not about the speaker."""
    plain = sentence.replace("’", "'")
    if addressed(plain):  # "I think you did great" / "I'm so proud of you" are about "you"
        plain = _I_TO_YOU.sub(" ", plain)
    words = set(tokens(plain))
    if words & SELF_WORDS:
        return True  # "Taking your advice, I'm sprucing up my plan" is about the speaker
    if addressed(sentence) or not first_person(sentence, elliptical=True):
        return False
    text = LEADING_NOISE.sub("", sentence)
    first = tokens(text)[:1]
    if not (first and first[0].endswith("ing")):
        return True
    clauses = re.split(r"\s*[,;:]\s+|\s+[-–—]+\s+", text)
    said_of_it = len(clauses) > 1 and _THAT_IS.match(clauses[1])
    return not (_FINITE.search(clauses[0]) or said_of_it)


def vocative(sentence: str, speakers: Sequence[str] = ()) -> bool:
    """The sentence calls someone by name ("Mel, family is the best!", "Sounds great,
    Mel!"): it speaks to them. With ``speakers`` known, only a name one of them goes by
    (its first three letters: "Mel" of Melanie) is called ("a gift from my grandma in my home
    country, Sweden." calls no one)."""
    text = sentence.strip(" \"'")
    firsts = {tokens(s)[0][:3] for s in speakers if tokens(s)}
    for pattern in (_VOCATIVE_LEAD, _VOCATIVE_TAIL):
        m = pattern.search(text)
        name = fold(m.group(1)) if m else ""
        if not name or name in STOPWORDS or name in NOT_NAMES:
            continue
        if not firsts or name[:3] in firsts:
            return True
    return False



@dataclass(frozen=True)
class Subject:
    """Whose words may answer: ``speaker`` (the named speakers'), ``user`` or ``any``."""

    kind: str
    names: tuple[str, ...] = ()


_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")


def short_names(question: str, speakers: Sequence[str]) -> tuple[str, ...]:
    """Speakers the question calls by a short form of their first name ("Mel" for
    Melanie), each followed by that short form; a short form that could be two speakers'
    calls neither."""
    out: list[str] = []
    for word in _CAPITALISED.findall(question):
        short = fold(word)
        if short in STOPWORDS or short in NOT_NAMES:
            continue
        whose = [s for s in speakers if tokens(s)[:1] and tokens(s)[0] != short
                 and tokens(s)[0].startswith(short)]
        if len(whose) == 1 and whose[0] not in out:
            out += [whose[0], word]
    return tuple(out)


def subject_of(question: str, speakers: Sequence[str]) -> Subject:
    """Who the question is about, as far as whose words may answer it: the speakers it names
    (in full, by first name or by a short form of it) or the user."""
    named = (*named_people(question, speakers), *short_names(question, speakers))
    if named:
        return Subject("speaker", tuple(named))
    if set(tokens(question)) & FIRST_PERSON:
        return Subject("user")
    return Subject("any")


def speaks_for(hit: Hit, subject: Subject, self_names: Sequence[str]) -> bool:
    """True when ``hit`` holds words ``subject`` may be answered from."""
    if subject.kind == "any":
        return True
    who = fold(hit.speaker or "").strip()
    if subject.kind == "user":
        mine = {fold(n).strip() for n in self_names if n.strip()}
        meta = hit.metadata
        return not who or who in mine or meta.get("self") is True or meta.get("role") == "user"
    if not who:
        return False
    if who in {fold(n).strip() for n in subject.names}:
        return True
    firsts = {tokens(n)[0] for n in subject.names if tokens(n)}
    return tokens(who)[0] in firsts


KIN = (
    "grandpa grandfather granddad",
    "grandma grandmother granny nan",
    "mom mum mother mommy mummy",
    "dad father daddy",
    "brother brothers",
    "sister sisters",
    "son sons",
    "daughter daughters",
    "kid kids child children",
    "parent parents",
    "wife",
    "husband",
    "uncle",
    "aunt auntie",
    "cousin cousins",
    "niece",
    "nephew",
    "boss",
    "girlfriend",
    "boyfriend",
    "grandkids grandchildren grandchild",
)
"""Words for people by their relation, each with its synonyms."""
_KIN = [frozenset(match_stem(w) for w in group.split()) for group in KIN]


def kin_named(question: str) -> list[frozenset[str]]:
    """The relations a question names ("grandpa's gift"), each as the stems that say it: a
    memory about the grandma does not answer a question about the grandpa, as a trip to
    England does not answer one about France."""
    said = {match_stem(t) for t in tokens(question)}
    return [group for group in _KIN if group & said]
