"""Ages written in brackets after the names of one's children or pets.

"I have two kids, Leo (7) and Mia (4)" names two children and gives each an age. The
brackets are dropped before the clauses are read (``memory.tiers.heads.drop_asides``), so
the names parse as a list; ``bracket_ages`` then gives each name its age, but only a name
the sentence made a child, a relative or a pet of the speaker's ("Apollo (13) is my
favourite film" gives no age). Called by ``memory.tiers.extract``; pure.
"""

from __future__ import annotations

import re
from typing import TypeVar

from memory.tiers.naming import ClauseFact, Speaker
from memory.tiers.objects import make_value

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
