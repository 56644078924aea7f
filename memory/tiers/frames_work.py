"""Verb frames of work stated without a verb of work: being at a workplace ("I've been at
the BBC since 2010 as a producer", "changed jobs, I'm now at Microsoft") and getting a job
as an occupation ("I got a job as a receptionist at a dental clinic").

Read by ``memory.tiers.extract`` beside ``memory.tiers.frames_life``; each entry is data,
the engine applies the clause's subject, negation, tense and mood.
"""

from __future__ import annotations

import re

from memory.tiers.grammar import Frame, frame
from memory.tiers.lexicon import NUMBER_WORD_RE
from memory.tiers.phrases import named_org, occupation, org, org_name

_NOT_A_SCHOOL = r"(?!(?:the\s+)?(?:\S+\s+){0,3}?(?:University|College|School|Academy|Uni)\b)"
"""Being at a university for years is studying there, not working: silent."""
_YEARS = (
    rf"(?:,?\s+(?i:for)\s+(?:(?i:over|almost|nearly|about|around)\s+)?(?:\d+|{NUMBER_WORD_RE}|"
    r"(?i:a\s+few|several|many|a\s+couple\s+of))\s+(?i:years?|yrs?|months?)\b"
    r"|,?\s+(?i:since)\s+(?:19|20)\d\d\b)"
)
"""How long one has been at a workplace: years or months, or since a year (not hours)."""
_AS = r"(?:,?\s+(?:(?i:currently|now|still)\s+)?(?i:as)\s+" + occupation("j") + ")?"
_JOB_CHANGE = re.compile(
    r"\b(?:changed|switched|new|moved|swapped)\s+(?:jobs?|roles?|employers?|compan(?:y|ies))\b",
    re.I,
)
"""With a change of job in the sentence, "I'm now at Microsoft" is the new workplace."""

_NO_LONGER_AT = re.compile(
    r"\bno\s+longer\s+at\s|\b(?:not|n't)\s+at\s+\S+(?:\s+\S+){0,3}\s+any\s*more\b",
    re.I,
)
"""'I'm no longer at Deloitte', 'not at Acme anymore': a workplace that ended (not "with
Vodafone": as often a customer's provider)."""

WORK_FRAMES: tuple[Frame, ...] = (
    frame(
        "works_at",
        "at",
        rf"\s+{_NOT_A_SCHOOL}{named_org('o')}(?:\s+(?i:anymore|any\s+more))?\s*(?:$|[.!;,])",
        "org",
        be=True,
        negated="end",
        elliptical=False,
        cue=_NO_LONGER_AT,
    ),
    frame(
        "works_at",
        "retired",
        rf"\s+(?i:from)\s+(?:{named_org('o')}|(?P<o_g>(?i:the)\s+(?:[a-z]+\s+)?(?i:police|army|"
        r"navy|air\s+force|force|civil\s+service|fire\s+service|nhs|council|bank|post\s+office|"
        r"railways?|school|hospital|company|firm)))\b",
        "org",
        stative=False,
        ends=True,
    ),
    frame(
        "works_at",
        "promoted",
        rf"\s+(?i:to)\s+{occupation('j')}\s+(?i:at|with)\s+{named_org('o')}",
        "org",
        change=True,
        stative=False,
        extras=(("j", "job_title", "occupation_any"),),
    ),
    frame(
        "studies_at",
        "at",
        r"\s+(?:(?=(?:\S+\s+){0,3}?(?:Uni|University|College|Poly|Polytechnic)\b)"
        rf"{org_name('o')},?\s+(?i:doing|studying|reading)|{org_name('o2')},?\s+(?i:studying))\s+"
        r"(?P<s>(?!(?:a|an|the|my|some|it|this|that|nothing|well|fine|ok|okay)\b)"
        r"[a-z][a-z ]{2,30}?)"
        r"(?=\s*(?:$|[.,!;]))",
        "org",
        be=True,
        elliptical=False,
        extras=(("s", "studies", "study"),),
    ),
    frame(
        "works_at",
        "at",
        rf"\s+{_NOT_A_SCHOOL}{named_org('o')}(?={_YEARS}){_YEARS}{_AS}",
        "org",
        be=True,
        negated="end",
        elliptical=False,
        extras=(("j", "job_title", "occupation_any"),),
    ),
    frame(
        "works_at",
        "at",
        rf"\s+{_NOT_A_SCHOOL}{named_org('o')}{_AS}(?:\s+(?i:now))?\s*(?:$|[.!;])",
        "org",
        be=True,
        change=True,
        elliptical=False,
        cue=_JOB_CHANGE,
        extras=(("j", "job_title", "occupation_any"),),
    ),
    frame(
        "job_title",
        "got landed found took accepted",
        r"\s+(?i:a|an|the|my)\s+(?:(?i:new|first|dream|full-time|part-time|temporary|summer)\s+)*"
        rf"(?i:job|position|role)\s+(?i:as)\s+{occupation('o')}"
        rf"(?:\s+(?i:at|with|for)\s+{org('w')})?(?=\s*(?:$|[.,!;]|\s(?:and|but|in|last|this)\b))",
        "occupation",
        change=True,
        stative=False,
        extras=(("w", "works_at", "org"),),
    ),
    # "I was made redundant from Barclays" ends the workplace (as "laid off from")
    frame(
        "works_at",
        "made",
        r"\s+(?i:redundant)\s+(?i:from|at|by)\s+" + org_name("o"),
        "org",
        stative=False,
        ends=True,
    ),
)
