"""An avoided food that a bare "I'm allergic" in the same sentence names as the allergen.

"I can't eat shellfish, I'm allergic." states an allergy to shellfish, not a food merely
avoided: the verb frames read the first clause as ``avoids`` and the second has no object.
``allergen_avoided`` turns that one avoided food into ``allergic_to``. Called by
``memory.tiers.extract`` on each sentence's facts; pure.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TypeVar

from memory.tiers.clauses import Clause
from memory.tiers.naming import ClauseFact

_BARE_ALLERGIC = re.compile(
    r"^(?:(?:very|really|severely|seriously|quite|super|so|badly)\s+)?allergic"
    r"(?:\s+to\s+(?:it|them|that|those))?\s*[.!]*$",
    re.I,
)
"""A speaker's allergy with no object of its own ("I'm allergic", "allergic to it")."""

T = TypeVar("T")


def allergen_avoided(
    found: list[tuple[ClauseFact, T]], parsed: list[Clause]
) -> list[tuple[ClauseFact, T]]:
    """``found`` with the one food the speaker avoids read as an allergen, when a clause of
    the sentence is a bare "I'm allergic" (two foods avoided: which one is unclear, so
    nothing changes)."""
    bare = any(
        ((c.subject.kind == "speaker" and c.be) or c.subject.kind == "none")  # "- allergic!"
        and not (c.negated or c.unsure or c.modal)
        and _BARE_ALLERGIC.match(c.rest)
        for c in parsed
    )
    if not bare:
        return found
    avoided = [i for i, (f, _) in enumerate(found) if f.predicate == "avoids" and f.subject.is_self]
    if len(avoided) != 1:
        return found
    out = list(found)
    fact, text = out[avoided[0]]
    out[avoided[0]] = (replace(fact, predicate="allergic_to"), text)
    return out
