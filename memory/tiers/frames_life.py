"""Verb frames of a life's facts: where someone lives and comes from, age, name, work and
study, family, friends and pets (the model is ``memory.tiers.grammar.Frame``).

Read by ``memory.tiers.extract``; each entry is data, the engine applies the clause's
subject, negation, tense and mood.
"""

from __future__ import annotations

from memory.tiers.grammar import Frame, frame
from memory.tiers.lexicon import NUMBER_WORD_RE
from memory.tiers.phrases import (
    PET,
    PET_ADJ,
    name,
    named_org,
    occupation,
    org,
    org_name,
    place,
)

_FILLER = (
    r"(?:\s+(?i:remotely|full[- ]time|part[- ]time|freelance|from\s+home|there|here|now|"
    r"currently|still|in\s+(?!the\b)[a-z]+(?:\s+[a-z]+)?|in\s+\d{4}|since\s+\d{4}))*"
)
_TIME = r"(?:\s+(?i:in\s+\d{4}|last\s+\w+|this\s+\w+|(?:a|one|two|three|\d+)\s+\w+\s+ago))?"
_AS_JOB = rf"(?:{_TIME}\s+(?i:as)\s+{occupation('j')})?"
_JOB_AT = rf"(?:\s+(?i:at|for|with)\s+{org('w')})?"
_LIST_END = r"(?=\s*(?:$|[.,!;]|\s(?:because|since|which|so|but)\b))"
_NUM = rf"(?P<o>\d{{1,3}}|{NUMBER_WORD_RE})"
_CHILDREN = (
    r"(?P<o>(?i:a|one|two|three|four|five|six|seven|eight|nine|\d)\s+(?:(?i:young|little|"
    r"grown|grown-up|beautiful|wonderful|amazing|lovely|small)\s+)?(?i:kids?|children|child|"
    r"sons?|daughters?|boys?|girls?))\b(?!,?\s+[A-Z])"
)

LIFE_FRAMES: tuple[Frame, ...] = (
    # -- where someone lives and comes from -------------------------------------------------
    frame(
        "lives_in",
        "live lives living lived reside resides residing resided",
        rf"(?:\s+(?i:with|near|next\s+to|close\s+to)\s+[^,;.!?]{{1,40}}?)??(?:\s+(?i:in|on)\s+"
        r"(?i:an?|the|our|my)\s+(?:[a-z]+\s+){0,2}(?i:flat|house|apartment|studio|place|room|"
        r"boat|cottage|village|town|suburb|neighbourhood|neighborhood)(?:\s+(?i:just\s+)?"
        rf"(?i:outside|near))?)?,?\s+(?i:in|of)\s+{place('o')}",
        "place",
        confidence=0.9,
        past_heads="lived resided",
        negated="end",
    ),
    frame(
        "lives_in",
        "based settled",
        rf"\s+(?i:in|out\s+of)\s+{place('o')}",
        "place",
        be=True,
        negated="end",
    ),
    frame(
        "lives_in",
        "moved relocated moving relocating move relocate",
        r"(?P<chain>(?:\s+(?i:back|over|here|there|house|home|abroad|away))?\s+(?i:from|to|into)\b"
        r"[^.!?;]*)",
        "move",
        confidence=0.9,
        change=True,
        stative=False,
        future=True,
        negated="drop",
    ),
    frame("from", "from", rf"\s+{place('o')}", "place", be=True),
    frame("from", "grew_up raised", rf"\s+(?i:in)\s+{place('o')}", "place", stative=False),
    frame("from", "come comes", rf"\s+(?i:from)\s+{place('o')}", "place", confidence=0.8),
    frame(
        "from",
        "born",
        r"(?P<pp>(?:,?\s+(?i:in|on|at)\s+[^,.;!?]+?)+)(?=\s*(?:$|[.,;!?]))",
        "born",
        stative=False,
    ),
    frame(
        "from",
        "#demonym",
        r"(?P<o>[A-Z][a-z]+)(?=\s*(?:$|[.,!;]|\s(?:and|but|so|by|born|originally)\b))",
        "demonym",
        be=True,
        confidence=0.8,
    ),
    # -- age, name -------------------------------------------------------------------------
    frame(
        "age",
        "#num",
        rf"{_NUM}(?:\s+(?i:years?|yrs?)\s+old)?(?=\s*(?:$|[.,!;]|(?i:and|but|with|now|today|next|"
        r"this|going\s+on)\b))",
        "number",
        be=True,
        current_only=True,
    ),
    frame(
        "age", "turned", rf"\s+{_NUM}\b", "number", change=True, stative=False, current_only=True
    ),
    frame("name", "go", rf"\s+(?i:by)\s+{name('o', words=3)}", "self_name", third=False),
    frame(
        "name",
        "#greeting",
        rf"{name('o', words=2)}(?=\s*(?:$|[.,!;]|\s(?:and|here|from|nice)\b))",
        "self_name",
        be=True,
        third=False,
        confidence=0.8,
    ),
    # -- work and study ---------------------------------------------------------------------
    frame(
        "works_at",
        "work works working worked",
        rf"{_FILLER}\s+(?i:at|for)\s+{org('o')}{_FILLER}{_AS_JOB}",
        "org",
        past_heads="worked",
        negated="end",
        extras=(("j", "job_title", "occupation_any"),),
    ),
    frame(
        "job_title",
        "work works working worked",
        rf"{_FILLER}\s+(?i:as)\s+{occupation('o')}{_JOB_AT}",
        "occupation_any",
        past_heads="worked",
        negated="end",
        extras=(("w", "works_at", "org"),),
    ),
    frame(
        "works_at",
        "started start began begin",
        r"(?:\s+(?i:a\s+new\s+job|my\s+new\s+job|a\s+job|working|work|my\s+new\s+role|"
        r"a\s+new\s+role|a\s+new\s+position|an?\s+internship|a\s+placement))?"
        rf"\s+(?i:at|with|for)\s+{org('o')}{_AS_JOB}",
        "org",
        confidence=0.9,
        change=True,
        stative=False,
        extras=(("j", "job_title", "occupation_any"),),
    ),
    frame(
        "works_at",
        "joined join",
        rf"\s+{named_org('o')}{_AS_JOB}",
        "org",
        confidence=0.8,
        change=True,
        stative=False,
        extras=(("j", "job_title", "occupation_any"),),
    ),
    frame(
        "works_at",
        "got landed accepted took found",
        r"\s+(?i:a|an|the|my)\s+(?:(?i:new|first|dream|full-time|part-time)\s+)*"
        rf"(?i:job|position|role|internship|placement)\s+(?i:at|with)\s+{org('o')}{_AS_JOB}",
        "org",
        change=True,
        stative=False,
        extras=(("j", "job_title", "occupation_any"),),
    ),
    frame("works_at", "hired", rf"\s+(?i:by|at)\s+{org('o')}", "org", change=True, stative=False),
    frame(
        "works_at",
        "left quit resigned laid let fired",
        r"(?:\s+(?i:off|go|from))*\s+(?:(?i:my\s+job\s+at)\s+"
        + org("o")
        + r"|"
        + org_name("o2")
        + ")",
        "org",
        stative=False,
        ends=True,
    ),
    frame(
        "job_title",
        "a an the",
        r"(?P<o>(?:\s+[\w-]+){1,4}?)(?=\s+(?i:at|for|with|in)\s|\s*(?:$|[.,!;]|\s(?:and|but|"
        r"since|who|so)\b))" + _JOB_AT,
        "occupation",
        be=True,
        extras=(("w", "works_at", "org"),),
    ),
    frame(
        "job_title",
        "became become promoted",
        rf"(?:\s+(?i:to))?\s+{occupation('o')}",
        "occupation_any",
        change=True,
        stative=False,
    ),
    frame(
        "job_title",
        "teach teaches",
        r"(?:\s+(?P<o>(?!(?:at|in|for)\b)[A-Za-z]+\b(?:\s+(?!(?:about|to|how|at|in|for|with|the)\b)"
        rf"[a-z]+\b)?))?(?:\s+(?i:at)\s+{org('w')}|\s+(?i:in)\s+[A-Z][\w'-]*)*(?=\s*(?:$|[.,!;]|"
        r"\s(?:and|but|because|since|so|for|in)\b))",
        "teach",
        extras=(("w", "works_at", "org"),),
    ),
    frame(
        "studies",
        "studying majoring study studies studied major",
        r"(?:\s+(?i:in))?\s+(?P<o>[a-zA-Z][\w ]{1,40}?)"
        rf"(?:\s+(?i:at)\s+{org_name('w')})?(?=\s*(?:$|[.,!;]|\s(?:and|but|because|since)\b))",
        "study",
        confidence=0.8,
        past_heads="studied",
        extras=(("w", "studies_at", "org"),),
    ),
    frame(
        "studies",
        "doing",
        r"\s+(?i:a|an|my)\s+(?i:master'?s|masters|degree|phd|ba|bsc|msc|ma|mba|diploma|"
        rf"doctorate|course|bachelor'?s)\s+(?i:in)\s+(?P<o>[a-zA-Z][\w ]{{1,40}}?)(?:\s+(?i:at)\s+"
        rf"{org_name('w')})?(?=\s*(?:$|[.,!;]))",
        "study",
        be=True,
        extras=(("w", "studies_at", "org"),),
    ),
    frame(
        "studies_at",
        "graduated",
        rf"\s+(?i:from)\s+{org_name('o')}",
        "org",
        stative=False,
        past=True,
    ),
    # -- people and pets --------------------------------------------------------------------
    frame(
        "has_pet",
        "have has had got adopted rescued bought own owns welcomed brought",
        rf"(?P<rest>.*\b{PET}s?\b.*)",
        "pets",
        past_heads="had",
    ),
    frame("has_children", "have has", rf"\s+{_CHILDREN}", "children", confidence=0.8),
    frame(
        "has_children",
        "a",
        r"\s+(?i:mother|mum|mom|father|dad|parent|mama|papa)\s+(?i:of)\s+"
        rf"(?P<o>\d|{NUMBER_WORD_RE})\b",
        "children_of",
        be=True,
    ),
    frame("has_{q}", "have has got", r"(?P<rest>.*)", "relations", confidence=0.85),
    frame(
        "has_spouse",
        "married engaged",
        rf"\s+(?i:to)\s+{name('o')}",
        "person",
        change=True,
    ),
    frame(
        "has_pet",
        "lost buried",
        rf"\s+(?i:our|my)\s+(?:{PET_ADJ}\s+)*(?P<q>{PET}),?\s+{name('o')}",
        "pet",
        stative=False,
        past=True,
    ),
)
