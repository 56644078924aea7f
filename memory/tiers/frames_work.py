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
from memory.tiers.phrases import named_org, occupation, org

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

WORK_FRAMES: tuple[Frame, ...] = (
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
)
