"""The deterministic fact patterns: one ``Rule`` per way people state a personal fact.

Patterns are written for precision: objects must look like what they claim to be (a
capitalised place, an occupation word, a diet word...), hedges and questions are filtered by
``memory.tiers.extract``, and anything ambiguous is left to the LLM extractor (when a capable
model is configured). Subjects: ``{I}`` rules are first person (the record's speaker);
``{S}`` rules name a third person ("Rita lives in Porto", "my sister lives in Porto").
"""

from __future__ import annotations

import functools
import re
import re._constants as _sc  # the pattern parser's node types (see ``needed_words``)
import re._parser as _parser
from dataclasses import dataclass
from typing import Any

from memory.tiers.predicates import RELATIONS
from memory.tiers.vocab import CONDITIONS, DIETS, INSTRUMENTS_AND_GAMES, OCCUPATION_PHRASES, PETS


def _alt(words: object) -> str:
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


_CAP = r"[A-Z][\w'’.&-]*"
_LINK = r"(?:de|da|do|di|del|dos|la|le|los|las|van|von|der|den|upon|on|of|am|im|sur|en|y|and|&)"
PLACE = (
    r"(?P<o>(?:the\s+)?" + _CAP + r"(?:[ -](?:" + _CAP + r"|" + _LINK + r"(?=[ -][A-Z])))*"
    r"(?:,\s+" + _CAP + r"(?:\s+" + _CAP + r")?)?)"
)
ORG_CAP = r"(?P<o>(?:the\s+)?" + _CAP + r"(?:\s+(?:" + _CAP + r"|" + _LINK + r"(?=\s[A-Z])|\d+))*)"
ORG = (
    r"(?P<o>(?:the\s+)?" + _CAP + r"(?:\s+(?:" + _CAP + r"|" + _LINK + r"(?=\s[A-Z])|\d+))*"
    r"|(?:an?|the)\s+(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)"
)
NAME = r"(?P<o>[A-Z][a-zà-ÿ'’-]+(?:\s[A-Z][a-zà-ÿ'’-]+)?)"
PHRASE = r"(?P<o>[^.!?;:\n]{2,120})"
DATE = (
    r"(?P<o>(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+[A-Za-z]{3,9}\.?"
    r"|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?)(?:,?\s+\d{4})?|\d{4}-\d{2}-\d{2})"
)
EMAIL = r"(?P<o>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
PHONE = r"(?P<o>\+?\d[\d ().-]{6,}\d)"
OCC_ANY = r"(?P<o>(?:an?\s+)?[a-zA-Z][\w-]*(?:\s+[a-zA-Z][\w-]*){0,3})"

I_ = r"(?:\b(?:I|i)|\b[Ww]e)"
IM = r"(?:\b(?:I|i)(?:'m|\s+am|m)\b|\b[Ww]e(?:'re|\s+are)\b)"
IVE = I_ + r"(?:'ve|\s+have)?"
ADV = (
    r"(?:\s+(?i:just|recently|finally|actually|now|also|still|currently|officially|already|"
    r"happily|proudly))*"
)
REL = _alt(RELATIONS)
PET = _alt(PETS)
DIET = _alt(DIETS)
CONDITION = _alt(CONDITIONS)
PLAYABLE = _alt(INSTRUMENTS_AND_GAMES)
OCC_PHRASE = _alt(OCCUPATION_PHRASES)
NAME_S = r"(?P<sn>[A-Z][a-zà-ÿ'’-]+(?:\s[A-Z][a-zà-ÿ'’-]+)?)"
S3 = (
    r"(?:(?:\b(?i:my|our)\s+(?P<srel>" + REL + r")(?:,?\s+(?P<sname>[A-Z][a-zà-ÿ'’-]+))?,?)"
    r"|" + NAME_S + r")"
)
S3_POSS = (
    r"(?:(?:\b(?i:my|our)\s+(?P<srel>" + REL + r")(?:\s+(?P<sname>[A-Z][a-zà-ÿ'’-]+))?'s)"
    r"|" + NAME_S + r"'s)"
)
VP = r"(?P<o>[a-z][^.!?;:\n]{2,100})"
GERUND = (
    r"(?!(?:thinking|feeling|going|doing|trying|wanting|waiting|having|getting|looking|meaning|"
    r"wondering|hoping|planning|saying|telling|talking|asking|using|seeing|hearing|coming|"
    r"making|being|keeping|letting|putting|dealing)\b)[a-z]{3,}ing"
)


@dataclass(frozen=True)
class Rule:
    """One way of stating a fact.

    Attributes:
        predicate: the predicate produced (``has_{q}`` / ``favorite_{q}`` use the qualifier).
        pattern: the compiled regex; group ``o`` is the object, ``q`` a qualifier, ``p`` a
            former value (``moved from P to O``), ``sn``/``srel``/``sname`` a third person.
        kind: how the object is cleaned and checked (place, org, name, phrase, date...).
        confidence: base confidence.
        change: the wording itself says the value changed ("moved to", "started at").
        negate: the wording ends the fact ("left Acme", "don't like coffee anymore").
        past: the wording states a former value ("used to live in").
        third: the subject is a named third person (``S3``), not the speaker.
    """

    predicate: str
    pattern: re.Pattern[str]
    kind: str
    confidence: float = 0.85
    change: bool = False
    negate: bool = False
    past: bool = False
    third: bool = False


def _r(predicate: str, pattern: str, kind: str, confidence: float = 0.85, **flags: bool) -> Rule:
    return Rule(predicate, re.compile(pattern), kind, confidence, **flags)


RULES: tuple[Rule, ...] = (
    # -- where someone lives --------------------------------------------------------------
    _r("lives_in", I_ + ADV + r"\s+(?i:live|reside)\s+in\s+" + PLACE, "place", 0.9),
    _r("lives_in", IM + ADV + r"\s+(?i:living|based|settled)\s+in\s+" + PLACE, "place", 0.85),
    _r(
        "lives_in",
        IVE
        + ADV
        + r"\s+(?i:moved|relocated)\s+(?i:from)\s+(?P<p>(?:the\s+)?"
        + _CAP
        + r"(?:\s+"
        + _CAP
        + r")*)\s+(?i:to)\s+"
        + PLACE,
        "place",
        0.9,
        change=True,
    ),
    _r(
        "lives_in",
        IVE + ADV + r"\s+(?i:moved|relocated|moved\s+back|moved\s+over)\s+(?i:to|into)\s+" + PLACE,
        "place",
        0.9,
        change=True,
    ),
    _r("lives_in", I_ + r"\s+(?i:used\s+to\s+live|lived)\s+in\s+" + PLACE, "place", 0.8, past=True),
    _r(
        "lives_in",
        S3 + r"\s+(?i:lives|is\s+living|resides|is\s+based)\s+in\s+" + PLACE,
        "place",
        0.8,
        third=True,
    ),
    _r(
        "lives_in",
        S3 + r"\s+(?i:has\s+)?(?i:moved|relocated)\s+to\s+" + PLACE,
        "place",
        0.8,
        change=True,
        third=True,
    ),
    _r("plans", IM + ADV + r"\s+(?i:moving|relocating)\s+to\s+" + PLACE, "move_plan", 0.75),
    _r(
        "plans",
        I_ + r"(?:'ll|\s+will)\s+(?i:be\s+moving|move|relocate)\s+to\s+" + PLACE,
        "move_plan",
        0.7,
    ),
    # -- origin ---------------------------------------------------------------------------
    _r("from", IM + r"\s+(?i:originally\s+)?(?i:from)\s+" + PLACE, "place", 0.85),
    _r("from", I_ + r"\s+(?i:grew\s+up|was\s+raised|was\s+born)\s+in\s+" + PLACE, "place", 0.8),
    _r("from", I_ + r"\s+(?i:originally\s+)?(?i:come|came)\s+from\s+" + PLACE, "place", 0.8),
    _r(
        "from",
        S3 + r"\s+(?i:is|was)\s+(?i:originally\s+)?from\s+" + PLACE,
        "place",
        0.75,
        third=True,
    ),
    _r("from", S3 + r"\s+(?i:grew\s+up)\s+in\s+" + PLACE, "place", 0.75, third=True),
    # -- birthday, age, name --------------------------------------------------------------
    _r(
        "birthday",
        r"\b(?i:my)\s+(?i:birthday|bday|b-day)\s+(?i:is|'s|falls)\s+(?i:on\s+)?" + DATE,
        "date",
        0.9,
    ),
    _r("birthday", I_ + r"\s+(?i:was\s+born)\s+(?i:on\s+)?" + DATE, "date", 0.9),
    _r(
        "birthday",
        S3_POSS + r"\s+(?i:birthday)\s+(?i:is)\s+(?i:on\s+)?" + DATE,
        "date",
        0.85,
        third=True,
    ),
    _r("age", IM + r"\s+(?P<o>\d{1,3})\s+(?i:years?\s+old|yrs\s+old)", "number", 0.85),
    _r("age", I_ + r"\s+(?i:just\s+)?(?i:turned)\s+(?P<o>\d{1,3})\b", "number", 0.85, change=True),
    _r("age", S3 + r"\s+(?i:is)\s+(?P<o>\d{1,3})\s+(?i:years\s+old)", "number", 0.75, third=True),
    _r(
        "name",
        r"\b(?i:my\s+name\s+is|my\s+name's|call\s+me|I\s+go\s+by)\s+" + NAME,
        "self_name",
        0.9,
    ),
    # -- work -----------------------------------------------------------------------------
    _r(
        "works_at",
        I_ + ADV + r"\s+(?i:work|am\s+working|'m\s+working)\s+(?i:at|for)\s+" + ORG,
        "org",
        0.85,
    ),
    _r("works_at", IM + r"\s+(?i:employed)\s+(?i:at|by)\s+" + ORG, "org", 0.85),
    _r(
        "works_at",
        IVE + ADV + r"\s+(?i:started|began|start)\s+(?i:a\s+new\s+job|my\s+new\s+job|"
        r"a\s+job|working|work|my\s+new\s+role|a\s+new\s+role|a\s+new\s+position|an?\s+internship)"
        r"\s+(?i:at|with|for)\s+" + ORG,
        "org",
        0.9,
        change=True,
    ),
    _r(
        "works_at",
        IVE + ADV + r"\s+(?i:joined)\s+" + ORG_CAP + r"(?=\s+(?i:as)\b|\s*[.!,]|$)",
        "org",
        0.75,
        change=True,
    ),
    _r(
        "works_at",
        IVE + ADV + r"\s+(?i:got|landed|accepted|took)\s+(?i:a|an|the)\s+(?i:new\s+)?"
        r"(?i:job|position|role|offer)\s+(?i:at|with)\s+" + ORG,
        "org",
        0.85,
        change=True,
    ),
    _r(
        "works_at",
        r"\b(?i:my\s+new\s+(?:job|employer|workplace)\s+(?:is\s+)?at|I\s+was\s+hired\s+by|"
        r"I\s+got\s+hired\s+(?:at|by))\s+" + ORG,
        "org",
        0.85,
        change=True,
    ),
    _r(
        "works_at",
        IVE + ADV + r"\s+(?i:left|quit|resigned\s+from|was\s+laid\s+off\s+from|"
        r"got\s+laid\s+off\s+from|got\s+fired\s+from|was\s+let\s+go\s+from)\s+"
        r"(?i:my\s+job\s+at\s+)?" + ORG_CAP,
        "org",
        0.8,
        negate=True,
    ),
    _r("works_at", r"\b(?i:my\s+last\s+day\s+at)\s+" + ORG_CAP, "org", 0.85, negate=True),
    _r(
        "works_at",
        S3 + r"\s+(?i:works|is\s+working)\s+(?i:at|for)\s+" + ORG,
        "org",
        0.75,
        third=True,
    ),
    _r(
        "works_at",
        IM
        + ADV
        + r"\s+(?i:an?)\s+(?P<q>(?:[a-z-]+\s+){0,2}[a-z-]+)\s+(?i:at|for|with)\s+"
        + ORG_CAP,
        "org_of_occupation",
        0.8,
    ),
    _r(
        "job_title",
        I_
        + ADV
        + r"\s+(?i:work|am\s+working|'m\s+working)\s+(?i:at|for)\s+"
        + _CAP
        + r"(?:\s+"
        + _CAP
        + r")*\s+(?i:as)\s+"
        + OCC_ANY,
        "occupation_any",
        0.85,
    ),
    _r(
        "job_title",
        IVE + ADV + r"\s+(?i:started|began)\s+(?i:a\s+new\s+job|my\s+new\s+job|a\s+job|"
        r"working|work|my\s+new\s+role|a\s+new\s+role)\s+(?i:at|with|for)\s+"
        + _CAP
        + r"(?:\s+"
        + _CAP
        + r")*\s+(?i:as)\s+"
        + OCC_ANY,
        "occupation_any",
        0.85,
        change=True,
    ),
    _r(
        "job_title",
        I_ + ADV + r"\s+(?i:work|am\s+working|'m\s+working)\s+as\s+" + OCC_ANY,
        "occupation_any",
        0.85,
    ),
    _r(
        "job_title",
        IM + ADV + r"\s+(?i:an?)\s+(?P<o>(?:[a-z-]+\s+){0,2}[a-z-]+)\b",
        "occupation",
        0.8,
    ),
    _r(
        "job_title",
        IVE + ADV + r"\s+(?i:got\s+promoted|was\s+promoted|been\s+promoted)\s+to\s+" + OCC_ANY,
        "occupation_any",
        0.85,
        change=True,
    ),
    _r(
        "job_title",
        r"\b(?i:my\s+new\s+(?:job|role|position)\s+as)\s+" + OCC_ANY,
        "occupation_any",
        0.85,
        change=True,
    ),
    _r(
        "job_title",
        IVE + ADV + r"\s+(?i:joined)\s+" + _CAP + r"(?:\s+" + _CAP + r")*\s+(?i:as)\s+" + OCC_ANY,
        "occupation_any",
        0.8,
        change=True,
    ),
    _r(
        "job_title",
        IVE + ADV + r"\s+(?i:became|become)\s+(?i:an?)\s+(?P<o>(?:[a-z-]+\s+){0,2}[a-z-]+)\b",
        "occupation",
        0.8,
        change=True,
    ),
    _r("job_title", S3 + r"\s+(?i:works\s+as)\s+" + OCC_ANY, "occupation_any", 0.75, third=True),
    _r("studies_at", IM + r"\s+(?i:an?\s+)?(?i:student)\s+at\s+" + ORG_CAP, "org", 0.85),
    _r(
        "studies_at",
        IM + ADV + r"\s+(?i:studying)\s+[a-z][\w ]{1,40}?\s+at\s+" + ORG_CAP,
        "org",
        0.8,
    ),
    _r("studies_at", I_ + r"\s+(?i:graduated)\s+from\s+" + ORG_CAP, "org", 0.8, past=True),
    _r(
        "studies",
        IM + ADV + r"\s+(?i:studying|majoring\s+in)\s+(?P<o>[a-zA-Z][\w ]{1,40}?)"
        r"(?=\s+at\s|\s*[.,!;]|$)",
        "phrase_short",
        0.75,
    ),
    # -- relationships and pets -----------------------------------------------------------
    _r(
        "has_{q}",
        r"\b(?i:my|our)\s+(?:(?i:new|older|younger|little|big|baby|twin|oldest|youngest|"
        r"dear|lovely)\s+)?(?P<q>" + REL + r")(?:,)?\s+" + NAME,
        "person",
        0.85,
    ),
    _r(
        "has_{q}",
        NAME
        + r",\s+(?i:my|our)\s+(?:(?i:older|younger|little|big|twin|best)\s+)?(?P<q>"
        + REL
        + r")\b",
        "person",
        0.8,
    ),
    _r(
        "has_{q}",
        r"\b(?i:my|our)\s+(?P<q>" + REL + r")'s\s+(?i:name\s+is)\s+" + NAME,
        "person",
        0.9,
    ),
    _r(
        "has_pet",
        r"\b(?i:my|our)\s+(?:(?i:new|little|sweet|old|baby|rescue|adopted|beloved|"
        r"fluffy)\s+)*(?P<q>" + PET + r")(?:,)?\s+" + NAME,
        "pet",
        0.85,
    ),
    _r(
        "has_pet",
        IVE + ADV + r"\s+(?i:got|adopted|bought|rescued|have|brought\s+home|welcomed)\s+"
        r"(?i:an?|a\s+new|our|my)\s+(?:(?i:new|little|rescue|sweet|baby|adorable)\s+)*(?P<q>"
        + PET
        + r")\s+(?i:named|called)\s+"
        + NAME,
        "pet",
        0.9,
    ),
    _r(
        "has_pet",
        NAME + r",?\s+(?i:my|our)\s+(?:(?i:new|little|sweet|old)\s+)?(?P<q>" + PET + r")\b",
        "pet",
        0.8,
    ),
    _r(
        "has_children",
        I_ + r"\s+(?i:have)\s+(?P<o>(?i:a|one|two|three|four|five|six|\d)\s+"
        r"(?:(?i:young|little|grown|beautiful|wonderful|amazing|lovely)\s+)?(?i:kids?|children|"
        r"child|sons?|daughters?))\b",
        "phrase_short",
        0.8,
    ),
    # -- likes and dislikes ---------------------------------------------------------------
    _r(
        "favorite_{q}",
        r"\b(?i:my)\s+(?:(?i:new|all-time|absolute|current)\s+)?(?i:favou?rite)\s+"
        r"(?P<q>[a-z]+(?:\s+[a-z]+)?)\s+(?i:is|are|has\s+to\s+be|would\s+be)\s+"
        r"(?:(?i:now|still|definitely|probably)\s+)?" + PHRASE,
        "thing",
        0.8,
    ),
    _r(
        "favorite_{q}",
        r"^(?P<o>[A-Z][^,.!?]{1,40}?)\s+(?i:is)\s+(?:(?i:now|still)\s+)?(?i:my)\s+"
        r"(?:(?i:new|all-time|absolute)\s+)?(?i:favou?rite)\s+(?P<q>[a-z]+)\b",
        "thing",
        0.75,
    ),
    _r(
        "likes",
        I_ + r"(?:\s+(?i:really|absolutely|totally|just|truly|also|still))*\s+"
        r"(?i:love|like|enjoy|adore)\s+" + PHRASE,
        "phrase",
        0.7,
    ),
    _r(
        "likes",
        IM + r"\s+(?i:a\s+)?(?:(?i:big|huge|massive)\s+)?(?i:fan)\s+of\s+" + PHRASE,
        "phrase",
        0.75,
    ),
    _r(
        "likes",
        IM + ADV + r"\s+(?i:really\s+)?(?i:into|passionate\s+about|obsessed\s+with)\s+" + PHRASE,
        "phrase",
        0.7,
    ),
    _r(
        "likes",
        I_ + r"\s+(?i:used\s+to)\s+(?i:love|like|enjoy)\s+" + PHRASE,
        "phrase",
        0.7,
        past=True,
    ),
    _r(
        "dislikes",
        I_ + r"(?:\s+(?i:really|absolutely|totally|just))*\s+(?i:hate|dislike|detest|"
        r"loathe|can't\s+stand|cannot\s+stand|can\s+not\s+stand)\s+" + PHRASE,
        "phrase",
        0.75,
    ),
    _r(
        "dislikes",
        I_ + r"\s+(?i:don't|do\s+not)\s+(?i:really\s+)?(?i:like|enjoy)\s+" + PHRASE,
        "phrase",
        0.7,
    ),
    _r(
        "dislikes",
        IM + r"\s+(?i:not)\s+(?i:a\s+)?(?:(?i:big|huge)\s+)?(?i:fan)\s+of\s+" + PHRASE,
        "phrase",
        0.65,
    ),
    _r(
        "likes",
        I_ + r"\s+(?i:no\s+longer)\s+(?i:like|enjoy|love|drink|eat)\s+" + PHRASE,
        "phrase",
        0.8,
        negate=True,
        change=True,
    ),
    _r(
        "likes",
        IVE + r"\s+(?i:gone\s+off|fallen\s+out\s+of\s+love\s+with|stopped\s+liking|"
        r"stopped\s+drinking|stopped\s+eating|given\s+up|gave\s+up)\s+" + PHRASE,
        "phrase",
        0.75,
        negate=True,
        change=True,
    ),
    _r(
        "plays",
        I_ + ADV + r"\s+(?i:play|started\s+playing|love\s+playing|enjoy\s+playing)\s+"
        r"(?P<o>" + PLAYABLE + r")\b",
        "playable",
        0.8,
    ),
    _r("plays", S3 + r"\s+(?i:plays)\s+(?P<o>" + PLAYABLE + r")\b", "playable", 0.75, third=True),
    # -- health and diet ------------------------------------------------------------------
    _r(
        "diet",
        IM
        + ADV
        + r"\s+(?:(?i:an?)\s+)?(?:(?i:strict|full|proper)\s+)?(?P<o>"
        + DIET
        + r")(?![\w-])(?!\s+(?:food|recipe|restaurant|option|meal|dish))",
        "diet",
        0.85,
    ),
    _r(
        "diet",
        IVE + ADV + r"\s+(?i:went|gone|became|become|turned|switched\s+to\s+being|"
        r"decided\s+to\s+go|started\s+being)\s+(?:(?i:an?)\s+)?(?:(?i:fully|completely)\s+)?"
        r"(?P<o>" + DIET + r")(?![\w-])",
        "diet",
        0.85,
        change=True,
    ),
    _r(
        "diet",
        I_
        + r"\s+(?i:eat|follow|am\s+on|'m\s+on|keep)\s+(?:(?i:an?)\s+)?(?P<o>"
        + DIET
        + r")\s+(?i:diet)",
        "diet",
        0.8,
    ),
    _r(
        "allergic_to",
        IM + ADV + r"\s+(?:(?i:very|severely|highly|deathly|mildly|a\s+bit|slightly)\s+)?"
        r"(?i:allergic)\s+to\s+(?P<o>[a-z][a-z' -]{1,40}?)(?=\s*(?:[.,!;]|and\s|but\s|so\s|$))",
        "phrase_short",
        0.9,
    ),
    _r(
        "allergic_to",
        I_ + r"\s+(?i:have|'ve\s+got|have\s+got)\s+(?:(?i:an?)\s+)?(?:(?i:severe|mild|"
        r"bad|serious)\s+)?(?P<o>[a-z]+(?:\s[a-z]+)?)\s+(?i:allergy)",
        "phrase_short",
        0.85,
    ),
    _r(
        "allergic_to",
        S3 + r"\s+(?i:is)\s+(?:(?i:very|severely)\s+)?(?i:allergic)\s+to\s+"
        r"(?P<o>[a-z][a-z' -]{1,40}?)(?=\s*(?:[.,!;]|and\s|but\s|$))",
        "phrase_short",
        0.8,
        third=True,
    ),
    _r(
        "health",
        IVE + r"(?:\s+(?i:been|was|got))?" + ADV + r"\s+(?i:diagnosed)\s+with\s+"
        r"(?P<o>[a-zA-Z][\w' -]{1,40}?)(?=\s*(?:[.,!;]|and\s|but\s|last\s|this\s|in\s|$))",
        "phrase_short",
        0.85,
    ),
    _r(
        "health",
        I_ + r"\s+(?i:have|'ve\s+got|have\s+got|suffer\s+from|live\s+with|struggle\s+with)\s+"
        r"(?P<o>" + CONDITION + r")\b",
        "condition",
        0.8,
    ),
    _r(
        "health",
        I_ + r"\s+(?P<q>(?i:broke|fractured|sprained|injured|tore|dislocated))\s+(?i:my)\s+"
        r"(?P<o>(?:left\s+|right\s+)?[a-z]+)\b",
        "injury",
        0.8,
    ),
    # -- routines, plans, goals -----------------------------------------------------------
    _r(
        "routine",
        I_ + r"\s+(?i:usually|always|normally|regularly|typically)\s+" + VP,
        "routine",
        0.6,
    ),
    _r(
        "routine",
        r"\b(?i:every|each)\s+(?P<q>(?i:morning|evening|night|day|week|weekend|monday|"
        r"tuesday|wednesday|thursday|friday|saturday|sunday))s?,?\s+" + I_ + r"\s+" + VP,
        "routine_every",
        0.65,
    ),
    _r(
        "routine",
        I_ + r"\s+(?P<o>[a-z][a-z' ]{2,50}?\s+(?i:every|each)\s+(?:(?i:single|other)\s+)?"
        r"(?i:morning|evening|night|day|week|weekend|monday|tuesday|wednesday|thursday|friday|"
        r"saturday|sunday))\b",
        "routine",
        0.65,
    ),
    _r("activity", IVE + r"\s+been\s+(?P<o>" + GERUND + r"\b[^.!?;:\n]{0,120})", "activity", 0.65),
    _r(
        "activity",
        IM + r"(?:\s+(?i:currently|now|still|also))?\s+(?P<o>(?i:learning|taking|studying|"
        r"practicing|practising|training\s+for|volunteering|reading|building|knitting|"
        r"working\s+on|writing)\b[^.!?;:\n]{2,120})",
        "activity",
        0.65,
    ),
    _r(
        "activity",
        I_ + r"(?:\s+(?i:just|recently|finally))?\s+(?i:started|began|took\s+up|picked\s+up)"
        r"\s+(?P<o>" + GERUND + r"\b[^.!?;:\n]{0,120})",
        "activity_start",
        0.65,
        change=True,
    ),
    _r(
        "plans",
        IM + ADV + r"\s+(?i:planning|hoping|intending|aiming)\s+(?i:to|on)\s+" + VP,
        "plan",
        0.7,
    ),
    _r("plans", I_ + r"\s+(?i:plan|intend|hope|aim)\s+to\s+" + VP, "plan", 0.65),
    _r("plans", IVE + r"\s+(?i:decided)\s+to\s+" + VP, "plan", 0.7),
    _r(
        "goal",
        r"\b(?i:my)\s+(?:(?i:main|big|biggest|long-term|new|ultimate|life)\s+)?(?i:goal|dream|"
        r"ambition|aim)\s+(?i:is|has\s+always\s+been|is\s+still)\s+to\s+" + VP,
        "plan",
        0.8,
    ),
    _r("goal", I_ + r"\s+(?:(?i:really|still)\s+)?(?i:want|wanna)\s+to\s+" + VP, "want", 0.55),
    # -- contact details and languages ------------------------------------------------------
    _r(
        "email",
        r"\b(?i:my\s+(?:e-?mail|email\s+address)\s+(?:is|address\s+is)|(?:e-?mail|write\s+to|"
        r"reach)\s+me\s+at)\s+" + EMAIL,
        "email",
        0.9,
    ),
    _r(
        "phone",
        r"\b(?i:my\s+(?:phone\s+|mobile\s+|cell\s+)?(?:number|phone)\s+is|(?:call|text|reach)"
        r"\s+me\s+(?:at|on))\s+" + PHONE,
        "phone",
        0.85,
    ),
    _r(
        "speaks",
        I_ + r"\s+(?i:speak|am\s+fluent\s+in|'m\s+fluent\s+in)\s+(?:(?i:fluent|some|a\s+little|"
        r"basic|good)\s+)?(?P<o>[A-Z][a-z]+(?:(?:,\s*|\s+and\s+)[A-Z][a-z]+)*)",
        "languages",
        0.85,
    ),
)


# -- a cheap test before the regexes -----------------------------------------------------------
# Fewer than 1% of chat sentences state a fact, yet trying the ~90 patterns on a sentence costs
# ~150 microseconds. Each pattern needs some literal words ("live" or "reside", "moved"...):
# read from the compiled pattern itself, a sentence holding none of a rule's words skips it.

_Parsed = list[tuple[Any, Any]]


def _needed(seq: _Parsed) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``seq`` contains (None: none known).

    Of the requirements found in the sequence, the one with the longest shortest string wins.
    """
    found: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            found.append(frozenset({"".join(run).lower()}))
            run.clear()

    for op, av in seq:
        if op is _sc.LITERAL:
            run.append(chr(av))
            continue
        close_run()
        sub: frozenset[str] | None = None
        if op is _sc.SUBPATTERN:
            sub = _needed(av[3])
        elif op is _sc.ATOMIC_GROUP:
            sub = _needed(av)
        elif op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT) and av[0] >= 1:
            sub = _needed(av[2])
        elif op is _sc.BRANCH:
            parts = [_needed(branch) for branch in av[1]]
            if all(p is not None for p in parts):
                sub = frozenset().union(*(p for p in parts if p is not None))
        if sub:
            found.append(sub)
    close_run()
    found = [f for f in found if all(f)]  # an empty string is no requirement
    if not found:
        return None
    return max(found, key=lambda f: (min(map(len, f)), -len(f)))


def needed_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which any match of ``pattern`` contains, in the case-folding
    sense that holds for ASCII text (None when the pattern has no such words)."""
    return _needed(list(_parser.parse(pattern.pattern, pattern.flags)))


@functools.cache
def rule_needs() -> tuple[frozenset[str] | None, ...]:
    """``needed_words`` of each rule of ``RULES``, in order (computed on first use)."""
    return tuple(needed_words(rule.pattern) for rule in RULES)


@functools.cache
def needed_vocabulary() -> tuple[str, ...]:
    """Every word some rule needs (``rule_needs``): a sentence is checked for each once."""
    return tuple(sorted({w for needs in rule_needs() if needs for w in needs}))
