"""Reading a question: which facts it asks about, about whom, and for which period.

"Where do I live?" asks for ``lives_in`` of the user; "What did I do in 2023?" is about 2023;
"Where did I live before I moved?" is about the time before the user's last move (found in
the facts). Used by ``memory.tiers.recall_hook`` to boost the right facts and the memories
of the right period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from memory.clock import parse_iso
from memory.dates import find_times
from memory.tiers.predicates import RELATIONS
from memory.tiers.vocab import BREEDS, PETS

_INTENTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (
        re.compile(
            r"\bwhere\b.*\b(?:live|living|lived|based|home|stay|reside)\b|\b(?:live|living|lived)\b.*\bwhere\b|"
            r"\bmoved?\b|\bcity\b|\baddress\b|\bhometown\b",
            re.I,
        ),
        ("lives_in", "from"),
    ),
    (
        re.compile(
            r"\b(?:work|works|worked|working|job|employer|company|office|career|role|position|boss)\b",
            re.I,
        ),
        ("works_at", "job_title"),
    ),
    (re.compile(r"\b(?:birthday|born|bday)\b", re.I), ("birthday", "from")),
    (
        re.compile(
            r"\b(?:pets?|dogs?|cats?|pupp(?:y|ies)|kittens?|hamsters?|rabbits?|fish)\b", re.I
        ),
        ("has_pet",),
    ),
    (re.compile(r"\ballerg\w*", re.I), ("allergic_to",)),
    (
        re.compile(r"\b(?:diet|vegetarian|vegan|eat|eats|food|foods)\b", re.I),
        ("diet", "allergic_to", "likes", "avoids"),
    ),
    (re.compile(r"\b(?:avoid|avoids|avoiding|intoleran\w*)\b", re.I), ("avoids", "allergic_to")),
    (
        re.compile(
            r"\b(?:like|likes|love|loves|enjoy|enjoys|favou?rite|prefer|prefers|hate|hates|dislike|dislikes|drink|drinks)\b",
            re.I,
        ),
        ("likes", "dislikes", "favorite_*", "plays"),
    ),
    (re.compile(r"\bname\b", re.I), ("name",)),
    (re.compile(r"\bhow old\b|\bage\b", re.I), ("age", "birthday")),
    (re.compile(r"\b(?:from|grew up|hometown)\b", re.I), ("from",)),
    (
        re.compile(r"\b(?:plans?|planning|goals?|want to|hope|hoping|dream)\b", re.I),
        ("plans", "goal"),
    ),
    (
        re.compile(r"\b(?:health|condition|diagnos\w*|sick|illness|injur\w*)\b", re.I),
        ("health", "allergic_to"),
    ),
    (re.compile(r"\b(?:e-?mail|phone|number|contact)\b", re.I), ("email", "phone")),
    (re.compile(r"\b(?:speak|speaks|language|languages)\b", re.I), ("speaks",)),
    (
        re.compile(r"\b(?:study|studies|studying|school|university|college|degree)\b", re.I),
        ("studies_at", "studies"),
    ),
    (
        re.compile(r"\b(?:kids|children|sons?|daughters?)\b", re.I),
        ("has_children", "has_son", "has_daughter", "has_child"),
    ),
    (re.compile(r"\b(?:usually|routine|every day|every morning|habit)\b", re.I), ("routine",)),
]
_SELF = re.compile(r"\b(?:I|me|my|mine|myself)\b", re.I)
_ASKING = re.compile(r"\b(?:tell|remind|show|give)\s+me\b", re.I)
_ANCHORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(before|after|since)\s+(?:I|we)\s+(?:moved|relocated)\b", re.I), "lives_in"),
    (
        re.compile(
            r"\b(before|after|since)\s+(?:I|we)\s+(?:started|changed|switched)\s+(?:my\s+)?(?:new\s+)?(?:job|work|role)\b",
            re.I,
        ),
        "works_at",
    ),
    (
        re.compile(
            r"\b(before|after|since)\s+(?:I|we)\s+(?:got|adopted)\s+(?:the|my|our|a)\s+\w+", re.I
        ),
        "has_pet",
    ),
]


_KIND_OF = {
    "puppy": "dog", "puppies": "dog", "pup": "dog", "kitties": "cat", "bunnies": "rabbit",
    "kitten": "cat", "kitty": "cat", "bunny": "rabbit",
    "budgie": "bird", "budgerigar": "bird", "parrot": "bird", "cockatiel": "bird",
    "canary": "bird", "goldfish": "fish", "maine coon": "cat", "siamese": "cat",
    "persian cat": "cat", "ragdoll": "cat", "tabby": "cat", "bengal cat": "cat", "sphynx": "cat",
}
"""What kind of animal a word names, where it is not the word itself (any other breed of
``BREEDS`` is a dog's)."""
_PET_WORD = re.compile(
    r"\b("
    + "|".join(sorted((re.escape(w) for w in (*PETS, *BREEDS, *_KIND_OF)), key=len, reverse=True))
    + r")(?:e?s)?\b",
    re.I,
)


def pet_kinds(text: str) -> set[str]:
    """The kinds of animal ``text`` names: "dog" for "my greyhound" or "puppies", "cat" for
    "a tabby"."""
    out: set[str] = set()
    for m in _PET_WORD.finditer(text):
        word = " ".join(m.group(1).lower().split())
        kind = _KIND_OF.get(word) or ("dog" if word in BREEDS else word)
        out.add(kind)
    return out


def intent_words(question: str, predicate: str) -> set[str]:
    """The words of ``question`` that ask for ``predicate`` ("dog" asks for ``has_pet``,
    "food" for ``avoids``): a fact of that predicate speaks of them even when it says
    "greyhound" or "pork"."""
    out: set[str] = set()
    for pattern, names in _INTENTS:
        if predicate in names:
            out.update(m.group(0).lower() for m in pattern.finditer(question))
    return out


@dataclass(frozen=True)
class QuestionContext:
    """What a question is about."""

    predicates: tuple[str, ...] = ()
    about_self: bool = False
    names: tuple[str, ...] = ()
    window: tuple[datetime | None, datetime | None] | None = None
    window_text: str = ""
    anchor: tuple[str, str] | None = None
    """("before"|"after"|"since", predicate) for "before I moved": resolved with the facts."""

    def wants(self, predicate: str) -> bool:
        for p in self.predicates:
            if p == predicate or (p.endswith("*") and predicate.startswith(p[:-1])):
                return True
        return False


def read_question(question: str, now: datetime) -> QuestionContext:
    """Intent, subject and period of ``question`` (relative to ``now``)."""
    preds: list[str] = []
    for pattern, names in _INTENTS:
        if pattern.search(question):
            preds += [n for n in names if n not in preds]
    for word in re.findall(r"[a-z]+(?:\s+friend)?", question.lower()):
        role = RELATIONS.get(word)
        if role:
            preds.append(f"has_{role[0].replace(' ', '_')}")
    names = tuple(
        w
        for w in re.findall(r"\b[A-Z][a-zà-ÿ'-]+\b", question)
        if w.lower()
        not in (
            "i",
            "where",
            "what",
            "when",
            "who",
            "how",
            "which",
            "why",
            "do",
            "does",
            "did",
            "is",
            "are",
            "was",
            "tell",
            "my",
            "the",
        )
    )
    window = None
    text = ""
    anchor = None
    for pattern, predicate in _ANCHORS:
        m = pattern.search(question)
        if m:
            anchor = (m.group(1).lower(), predicate)
            text = m.group(0)
            break
    if anchor is None:
        spans = find_times(question, now)
        if spans:
            window = spans[0].window()
            text = spans[0].text
    about_self = bool(_SELF.search(_ASKING.sub(" ", question)))
    return QuestionContext(tuple(preds), about_self, names, window, text, anchor)


def overlaps(
    start: str | None, end: str | None, window: tuple[datetime | None, datetime | None]
) -> bool:
    """Whether ``[start, end)`` (ISO strings, None = open) overlaps ``window``."""
    a, b = parse_iso(start), parse_iso(end)
    lo, hi = window
    if lo is not None and b is not None and b <= lo:
        return False
    return not (hi is not None and a is not None and a >= hi)
