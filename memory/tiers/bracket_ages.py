"""Ages given beside a list of names: in brackets, or "A and B are 7 and 4".

"I have two kids, Leo (7) and Mia (4)" names two children and gives each an age. The
brackets are dropped before the clauses are read (``memory.tiers.heads.drop_asides``), so
the names parse as a list; ``bracket_ages`` then gives each name its age, but only a name
the sentence made a child, a relative or a pet of the speaker's ("Apollo (13) is my
favourite film" gives no age). ``pair_ages`` reads "Leo and Mia, who are 7 and 4" (or
"are both 6") respectively, in place of the ages the clauses gave (the last name took both
numbers). Called by ``memory.tiers.extract``; pure.
"""

from __future__ import annotations

import re
from typing import TypeVar

from memory.tiers.lexicon import NUMBER_WORD_RE, number_value
from memory.tiers.naming import ClauseFact, Speaker
from memory.tiers.objects import make_value
from memory.tiers.phrases import NAME_WORD

_NAME_AGE = re.compile(
    r"\b(?P<n>[A-Z][a-z'’-]+)\s*\(\s*(?P<a>\d{1,2})\s*(?:(?i:yrs?|years?|y/?o|mo(?:nths?)?))?\s*\)"
)

T = TypeVar("T")


def bracket_ages(found: list[tuple[ClauseFact, T]], sent: str) -> list[tuple[ClauseFact, T]]:
    """``found`` with the age of each child, relative or pet named with "(N)" after it."""
    if "(" not in sent:
        return found
    ages = {m.group("n"): m.group("a") for m in _NAME_AGE.finditer(sent)}
    if not ages:
        return found
    out = list(found)
    for fact, text in found:
        kin = fact.predicate.startswith("has_") and fact.predicate != "has_children"
        name = fact.value.object
        if not (kin and fact.subject.is_self and name in ages) or fact.past or fact.negate:
            continue
        unit = re.search(rf"\b{re.escape(name)}\s*\(\s*\d+\s*mo", sent, re.I)
        if unit:
            continue  # "Ivy (8 months)": no age in years
        value = make_value(ages.pop(name))
        out.append((ClauseFact(Speaker(name, False), "age", value, 0.8, False, False, False), text))
    return out


_N = rf"(?:\d{{1,2}}|{NUMBER_WORD_RE})"
_PAIR_AGES = re.compile(
    rf"\b(?P<a>{NAME_WORD})\s+and\s+(?P<b>{NAME_WORD})\s*,?\s+(?:who\s+)?(?:are|were)\s+"
    rf"(?:(?P<both>both\s+)?(?P<n1>{_N})(?:\s+and\s+(?P<n2>{_N}))?)"
    r"(?=\s*(?:(?:years?|yrs?)(?:\s+old)?)?\s*(?:$|[.,!;]))",
    re.I,
)


def pair_ages(found: list[tuple[ClauseFact, T]], sent: str) -> list[tuple[ClauseFact, T]]:
    """``found`` with the ages of "A and B are 7 and 4" (or "are both 6") given in order."""
    m = _PAIR_AGES.search(sent)
    if m is None or not (m["a"][:1].isupper() and m["b"][:1].isupper()):
        return found
    first = number_value(m["n1"])
    second = number_value(m["n2"]) if m["n2"] else first
    if first is None or second is None:
        return found
    names = {m["a"]: str(first), m["b"]: str(second)}
    kept = [(f, t) for f, t in found if not (f.predicate == "age" and f.subject.name in names)]
    if len(kept) == len(found):
        return found  # no age was read for them: the clause said something else
    text = next(t for f, t in found if f.predicate == "age" and f.subject.name in names)
    for person, age in names.items():
        fact = ClauseFact(Speaker(person, False), "age", make_value(age), 0.8, False, False, False)
        kept.append((fact, text))
    return kept

