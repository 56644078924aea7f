"""Noun phrases of the fact grammar, as regex pieces with a named group for the value.

A value is a kind of noun phrase: a place ("Porto", "Leith, Edinburgh", "the Netherlands"),
a workplace ("Google", "a bookshop called The Owl" -> "The Owl", "a small charity"), a
person ("Dr. Helen Marsh"), a pet ("a greyhound called Biscuit"), a date, an email... Each
function returns the pattern with its value in the group named by the caller, so one frame
can hold several ("moved from P to O"). Names keep their capitals: "called X" and "named X"
always keep X. Used by ``memory.tiers.frames`` and ``memory.tiers.extract``.
"""

from __future__ import annotations

import re

from memory.tiers.lexicon import NUMBER_WORD_RE, TITLES
from memory.tiers.predicates import RELATIONS
from memory.tiers.vocab import (
    BREEDS,
    CONDITIONS,
    DIETS,
    FOODS,
    INSTRUMENTS_AND_GAMES,
    ORG_NOUNS,
    PETS,
)


def alt(items: object) -> str:
    """A regex alternation of ``items``, longest first, spaces matching any whitespace."""
    words = sorted({str(w) for w in items}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"


UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
"""Capital letters (Latin-1 and Latin Extended-A): names start with one."""
CAP = rf"[{UP}][\w'’.&-]*"
"""One capitalised word ("Porto", "L'Oréal", "St.")."""
LINK = r"(?:de|da|do|di|del|dos|das|la|le|los|las|van|von|der|den|upon|on|of|am|im|sur|en|y|and|&)"
"""Lower-case words inside names ("University of Coimbra", "Stratford-upon-Avon")."""
TITLE = r"(?:" + "|".join(TITLES) + r")\.?"
NAME_WORD = rf"[{UP}][\w'’-]*"
NUMBER = r"(?:\d{1,3}|" + NUMBER_WORD_RE + r")"

REL = "(?i:" + alt([*RELATIONS, *(f"{r}s" for r in RELATIONS if not r.endswith("s"))]) + ")"
PET = "(?i:" + alt([*PETS, *BREEDS]) + ")"
PET_PLURAL = alt([*(f"{p}s" for p in PETS), *(f"{b}s" for b in BREEDS), "puppies", "fish"])
DIET = "(?i:" + alt(DIETS) + ")"
CONDITION = "(?i:" + alt([*CONDITIONS, *(re.sub(r"^an?\s+", "", c) for c in CONDITIONS)]) + ")"
PLAYABLE = alt(INSTRUMENTS_AND_GAMES)
FOOD = "(?i:" + alt(FOODS) + ")"
ORG_NOUN = alt(ORG_NOUNS)
PET_ADJ = (
    r"(?i:new|little|sweet|old|baby|rescue|adopted|beloved|fluffy|adorable|lovely|elderly|"
    r"senior|young|tiny|big|black|white|ginger|grey|gray|brown|crazy|lazy|cheeky|good|naughty)"
)
REL_ADJ = (
    r"(?i:new|older|younger|little|big|baby|twin|oldest|youngest|eldest|elder|dear|lovely|"
    r"amazing|wonderful|late|closest|old|childhood|only)"
)


def name(group: str, *, words: int = 4) -> str:
    """A person's or a pet's name: capitalised words, maybe a title ("Dr. Helen Marsh")."""
    return rf"(?P<{group}>(?:{TITLE}\s+)?{NAME_WORD}(?:\s+{NAME_WORD}){{0,{words - 1}}})"


def names(group: str) -> str:
    """One name or a list of them ("Salt and Pepper", "Pedro, Inês and Luis")."""
    one = rf"(?:{TITLE}\s+)?{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}"
    return rf"(?P<{group}>{one}(?:(?:,\s*|\s+and\s+|,\s+and\s+){one})*)"


def place(group: str) -> str:
    """A place: capitalised words with their links, maybe ", Region" ("Leith, Edinburgh")."""
    return (
        rf"(?P<{group}>(?:the\s+)?{CAP}(?:[ -](?:{CAP}|{LINK}(?=[ -][{UP}])))*"
        rf"(?:,\s+{CAP}(?:\s+{CAP})?)?)"
    )


def org_name(group: str) -> str:
    """A named organisation ("Google", "St. James's Hospital", "the University of Coimbra")."""
    return rf"(?P<{group}>(?:the\s+)?{CAP}(?:\s+(?:{CAP}|{LINK}(?=\s[{UP}])|\d+))*)"


def org(group: str, *, generic: bool = True) -> str:
    """A workplace: "called/named X" keeps X; a capitalised name; or (``generic``) an unnamed
    one ("a small charity", "the local library")."""
    named = r"(?:(?:an?|the|my|our|their)\s+(?:[\w'’-]+\s+){0,3}?(?i:called|named)\s+)?" + org_name(
        group
    )
    if not generic:
        return named
    word = r"(?!(?:as|at|in|on|for|with|from|since|by|near|and|but|who|which|that)\b)[a-z][\w'’-]*"
    unnamed = rf"(?P<{group}_g>(?:an?|the)\s+(?:{word}\s+){{0,2}}{word})"
    return rf"(?:{named}|{unnamed})"


def named_org(group: str) -> str:
    """A workplace with a name of its own: "Spotify", "a startup called Lumen" (a generic
    noun before "called" must be a workplace noun)."""
    return (
        rf"(?:(?:an?|the)\s+(?:[\w'’-]+\s+){{0,2}}?{ORG_NOUN}\s+(?i:called|named)\s+)?"
        + org_name(group)
    )


def occupation(group: str) -> str:
    """An occupation as written after "a/an/the" or "as" ("a QA engineer", "their first
    designer"): cleaned and checked by ``memory.tiers.values``."""
    det = r"(?:(?:an?|the|their|his|her|my|our)\s+)?"
    word = r"(?!(?:at|for|with|in|on|from|since|and|but|who|which|until|by)\b)[a-zA-Z][\w-]*"
    return rf"(?P<{group}>{det}{word}(?:\s+{word}){{0,3}})"


def phrase(group: str, limit: int = 120) -> str:
    """Free words up to the end of the clause (cleaned by ``memory.tiers.values``)."""
    return rf"(?P<{group}>[^.!?;:\n]{{1,{limit}}})"


def verb_phrase(group: str) -> str:
    """A verb phrase in the lower case ("run a marathon", "move back to Porto")."""
    det = r"(?!(?:a|an|the|my|our|his|her|their|this|that|some|it|you|me|them|us)\b)"
    return rf"(?P<{group}>{det}[a-z][^.!?;:\n]{{1,100}})"


DATE = (
    r"(?:(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+[A-Za-z]{3,9}\.?"
    r"|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?)(?:,?\s+\d{4})?|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d\d)"
)
MOVE_CHAIN = (
    r"(?P<chain>(?:\s+(?i:back|over|here|there|house|home|abroad|away))?\s+(?i:from|to|into|"
    r"out\s+of)\b[^.!?;]*)"
)
"""After a verb of moving: "from A to B", "back to C" (read by ``memory.tiers.objects``)."""
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
PHONE = r"\+?\(?\d[\d ().-]{5,}\d"
YEAR = r"(?:19|20)\d{2}"
