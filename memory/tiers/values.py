"""What a fact's object may be: per-predicate value checks, written as data.

A fact is never stored when its object could not be what its predicate says: an adjective
is not an allergen ("allergic to severe"), a weekday is not a city, a pronoun is not a name,
"a bakery called" is not a workplace. ``CHECKS`` holds one ``ValueCheck`` per predicate (and
per family: ``has_<role>``, ``favorite_<thing>``); ``plausible(predicate, obj)`` applies it
after the checks every value passes (no pronoun, no dangling "called", not empty).

Used by ``memory.tiers.extract`` (before a candidate is made) and by
``memory.tiers.reconcile`` (before any candidate, also the model extractor's, is stored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from memory.text import fold
from memory.tiers.countries import DEMONYMS
from memory.tiers.lexicon import HOLIDAYS, MONTH_NAMES, PRONOUNS, WEEKDAYS, number_value
from memory.tiers.vocab import (
    BELIEFS_AND_SIGNS,
    DIETS,
    INSTRUMENTS_AND_GAMES,
    LANGUAGES,
    NOT_ALLERGENS,
    NOT_NAMES,
    OBJECT_REJECT_FIRST,
)


@dataclass(frozen=True)
class ValueCheck:
    """What one predicate's object must look like.

    Attributes:
        max_words: longest value, in words.
        capitalised: the value (after a leading "the", a title) starts with a capital.
        reject_words: no word of the value may be one of these (folded).
        reject_first / reject_last: the first / last word may not be one of these.
        reject_whole: the whole value may not be one of these.
        allowed: when set, the value (folded) must be one of these.
        pattern: when set, the value must match it in full.
        number: (low, high) when the value is a number in that range.
    """

    max_words: int = 6
    capitalised: bool = False
    reject_words: frozenset[str] = frozenset()
    reject_first: frozenset[str] = frozenset()
    reject_last: frozenset[str] = frozenset()
    reject_whole: frozenset[str] = frozenset()
    allowed: frozenset[str] = field(default_factory=frozenset)
    pattern: re.Pattern[str] | None = None
    number: tuple[int, int] | None = None


DANGLING = frozenset(
    "a an the and or of to in at on for with from by my our your his her their called named "
    "as is was are be like than".split()
)
"""A value never ends with one of these ("a bakery called", "allergic to the")."""
NO_VALUE = frozenset("none nil n/a na nothing unknown no nope tbd tba ? -".split())
"""What a note writes for "no value" ("Allergies: none"): never an object."""
_INSTITUTIONS = frozenset("army navy marines police raf nhs air force".split())
_CALENDAR = WEEKDAYS | MONTH_NAMES | HOLIDAYS | frozenset({"today", "tomorrow", "tonight"})
_NOT_PLACES = _CALENDAR | frozenset(
    """
    home work school here there town city uni university college office bed hospital church
    heaven hell everywhere nowhere somewhere mine yours ours hr pr
    """.split()
) | _INSTITUTIONS | frozenset(f"the {w}" for w in _INSTITUTIONS)
_LINKS = frozenset(
    "the of and on at in by upon de da do di del dos das la le van von der den y".split()
)
_PERSON = ValueCheck(
    max_words=5,
    capitalised=True,
    reject_words=(NOT_NAMES - frozenset({"mr", "mrs", "ms", "dr", "and"})) | _CALENDAR,
    reject_whole=LANGUAGES
    | frozenset(fold(d) for d in DEMONYMS.values())
    | frozenset(fold(d) for d in DIETS),
)
"""A name; "my mum is Swedish" names nobody."""
_SELF_NAME = replace(_PERSON, reject_whole=_PERSON.reject_whole | BELIEFS_AND_SIGNS)
"""The speaker's name: "I'm Catholic, ..." is no introduction."""
_PLACE = ValueCheck(
    max_words=6,
    capitalised=True,
    reject_whole=_NOT_PLACES,
    reject_first=_CALENDAR,
    reject_words=NOT_NAMES - _LINKS,
    pattern=re.compile(r"[^\d]+"),
)
"""A place: capitalised, never a weekday, a word of no name or a digit ("moved to O2")."""
_PHRASE = ValueCheck(
    max_words=6,
    reject_first=OBJECT_REJECT_FIRST
    | frozenset(
        "my our his her their through by with from for at in on about like than as not".split()
    ),
)
_YEAR = re.compile(r"(?:19|20)\d{2}")
_GENERIC_SCHOOL = re.compile(
    r"(?:the|a)\s+(?:local|community|adult|night|art|music|language|sixth[- ]form|nearby)\s+"
    r"(?:college|uni|university|school|academy)"
)
"""A school named by its kind ("the local college", "a community college")."""
CHECKS: dict[str, ValueCheck] = {
    "name": _SELF_NAME,
    "has_pet": _PERSON,
    "lives_in": _PLACE,
    "from": _PLACE,
    "works_at": ValueCheck(
        max_words=6,
        reject_whole=frozenset({"work", "home", "the moment", "a living", "the weekend"}),
        reject_last=frozenset(
            "moment time weekend night day morning evening home living while bit lot minute "
            "hour moments times way same".split()
        ),
    ),
    "studies_at": ValueCheck(max_words=6, capitalised=True),
    "job_title": ValueCheck(max_words=4, reject_first=OBJECT_REJECT_FIRST),
    "studies": ValueCheck(max_words=5, reject_first=OBJECT_REJECT_FIRST),
    "allergic_to": ValueCheck(
        max_words=4,
        reject_whole=NOT_ALLERGENS,
        reject_words=frozenset({"anything", "everything", "nothing", "something", "allergy"}),
        reject_first=OBJECT_REJECT_FIRST | frozenset({"my", "our", "his", "her", "their"}),
    ),
    "avoids": ValueCheck(
        max_words=4,
        reject_first=OBJECT_REJECT_FIRST | {"my", "much", "any"},
        reject_whole=frozenset({"anymore", "any more", "at all", "a lot", "enough", "often"}),
    ),
    "health": ValueCheck(max_words=5, reject_first=OBJECT_REJECT_FIRST),
    "diet": ValueCheck(max_words=3, allowed=frozenset(fold(d) for d in DIETS)),
    "speaks": ValueCheck(max_words=1, allowed=LANGUAGES),
    "plays": ValueCheck(max_words=4, allowed=frozenset(fold(p) for p in INSTRUMENTS_AND_GAMES)),
    "age": ValueCheck(max_words=1, number=(1, 120)),
    "birth_year": ValueCheck(max_words=1, pattern=_YEAR),
    "email": ValueCheck(max_words=1, pattern=re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    "phone": ValueCheck(max_words=6, pattern=re.compile(r"\+?[\d ().-]{5,}\d")),
    "likes": _PHRASE,
    "dislikes": _PHRASE,
    "favorite_*": ValueCheck(max_words=6, reject_first=OBJECT_REJECT_FIRST),
    "has_*": _PERSON,
    "plans": ValueCheck(max_words=10, reject_first=OBJECT_REJECT_FIRST),
    "goal": ValueCheck(max_words=10, reject_first=OBJECT_REJECT_FIRST),
    "routine": ValueCheck(max_words=12, reject_first=OBJECT_REJECT_FIRST),
    "activity": ValueCheck(max_words=9, reject_first=OBJECT_REJECT_FIRST),
    "has_children": ValueCheck(max_words=4),
}
"""The value check of each predicate (``has_*``: people; ``favorite_*``: anything named)."""


def check_for(predicate: str) -> ValueCheck | None:
    """The check of ``predicate`` (its family's for ``has_<role>`` and ``favorite_<thing>``)."""
    if predicate in CHECKS:
        return CHECKS[predicate]
    if predicate.startswith("favorite_"):
        return CHECKS["favorite_*"]
    if predicate.startswith("has_"):
        return CHECKS["has_*"]
    return None


def _words(value: str) -> list[str]:
    return [w.strip(",.;:!?\"'()") for w in value.split() if w.strip(",.;:!?\"'()")]


_KIND = re.compile(r"^(?:\w+-a-side|beach|indoor|touch|walking|ice|field|street)\s+(?=\w)")
"""A kind of a game before its name ("five-a-side football", "beach volleyball")."""


def plausible(predicate: str, obj: str) -> bool:
    """True when ``obj`` can be the object of ``predicate`` (see the module docstring)."""
    value = " ".join(obj.split())
    words = _words(value)
    if not words:
        return False
    folded = [fold(w) for w in words]
    if fold(value).strip(" .!") in NO_VALUE:
        return False
    if folded[-1] in DANGLING or (len(folded) == 1 and folded[0] in PRONOUNS):
        return False
    if folded[0] in PRONOUNS - {"my", "our"}:
        return False
    if predicate == "studies_at" and _GENERIC_SCHOOL.fullmatch(value):
        return True  # "the local college": a school without a name is still one
    check = check_for(predicate)
    if check is None:
        return True
    if len(words) > check.max_words:
        return False
    whole = fold(value).strip(" .,!?")
    if check.allowed and whole not in check.allowed and _KIND.sub("", whole) not in check.allowed:
        return False
    if check.pattern is not None and not check.pattern.fullmatch(value):
        return False
    if check.number is not None:
        n = number_value(value)
        if n is None or not check.number[0] <= n <= check.number[1]:
            return False
    if whole in check.reject_whole or folded[0] in check.reject_first:
        return False
    if folded[-1] in check.reject_last or set(folded) & check.reject_words:
        return False
    if check.capitalised:
        core = [w for w in words if fold(w) not in ("the", "dr", "dr.", "mr", "mrs", "ms")]
        if not core or not core[0][:1].isupper():
            return False
    return True
