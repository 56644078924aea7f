"""The thing singled out after a liking: "I love jazz, especially Miles Davis".

The verb frames read "jazz" and cut the object at "especially"; ``singled_out`` adds the
noun phrase after it as a second liking (or disliking) of the same subject, when it is a
short phrase that ends the sentence and the liking itself holds ("especially for friends",
"especially the people" after "my job" are no things liked). Called by
``memory.tiers.extract`` on each sentence's facts; pure.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TypeVar

from memory.tiers.cleaning import clean_phrase
from memory.tiers.naming import ClauseFact
from memory.tiers.objects import make_value
from memory.tiers.values import plausible

_SINGLED = re.compile(
    r",\s*(?i:especially|esp\.?|particularly|in\s+particular)\s+"
    r"(?P<o>(?!(?i:for|when|if|in|on|at|with|after|before|during|since|as|because|the|my|our|"
    r"his|her|their|this|that|these|those|it|them)\b)"
    r"[\w'’-]+(?:\s+[\w'’-]+){0,3})\s*[.!]*\s*$"
)

T = TypeVar("T")


def singled_out(found: list[tuple[ClauseFact, T]], sent: str) -> list[tuple[ClauseFact, T]]:
    """``found`` with the thing singled out after the one liking of the sentence."""
    m = _SINGLED.search(sent)
    if m is None:
        return found
    tastes = [(f, t) for f, t in found if f.predicate in ("likes", "dislikes")]
    if len(tastes) != 1:
        return found
    fact, text = tastes[0]
    thing = clean_phrase(m.group("o"), 4)
    if not thing or fact.past or fact.negate or not plausible(fact.predicate, fact.value.object):
        return found
    extra = replace(fact, value=make_value(thing), confidence=fact.confidence - 0.05)
    return [*found, (extra, text)]
