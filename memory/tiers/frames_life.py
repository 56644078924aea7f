"""Verb frames of a life's facts: where someone lives and comes from, age, name, work and
study, family, friends and pets (the model is ``memory.tiers.grammar.Frame``).

Read by ``memory.tiers.extract``; each entry is data, the engine applies the clause's
subject, negation, tense and mood.
"""

from __future__ import annotations

import re

from memory.tiers.grammar import Frame, frame
from memory.tiers.lexicon import NUMBER_WORD_RE
from memory.tiers.phrases import (
    MOVE_CHAIN,
    ORG_NOUN,
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
    r"(?:\s+(?i:remotely|full[- ]time|part[- ]time|freelance|from\s+home|there|here|now|nights|"
    r"days|weekends|evenings|shifts|night\s+shifts|"
    r"currently|still|in\s+(?!the\b)[a-z]+(?:\s+[a-z]+)?|in\s+the\s+(?:[A-Z]{2,5}|[a-z]+)"
    r"(?=\s+(?:at|for)\s)|in\s+\d{4}|since\s+\d{4}))*"
)
_TIME = r"(?:\s+(?i:in\s+\d{4}|last\s+\w+|this\s+\w+|(?:a|one|two|three|\d+)\s+\w+\s+ago))?"
_AS_JOB = rf"(?:{_TIME}\s+(?i:as)\s+{occupation('j')})?"
_JOB_AT = rf"(?:\s+(?i:at|for|with)\s+{org('w')})?"
_NAMED_ORG_AHEAD = (
    rf"(?:(?i:an?|the)\s+(?:[\w'’-]+\s+){{0,2}}?(?i:{ORG_NOUN})\s+(?i:called|named)\s+|(?i:the)\s+)?"
    r"[A-Z]"
)
_FIELD = r"(?:\s+(?i:in|of)\s+[a-z]+(?:\s+[a-z]+)?(?=\s+(?i:at|for|with)\s))?"
"""A field between an occupation and its workplace ("a lecturer in history at Leeds")."""
_JOB_OF = rf"(?:\s+(?i:at|for|with)\s+{org('w')}|\s+(?i:of)\s+{named_org('w2')})?"
"""A workplace after an occupation; "of" too, before a named one ("the CTO of Brightloop",
"the CEO of a startup called Lumen"; not "the author of the movie")."""
_PERSON_CALLED = (
    r"(?:\s+(?i:an?)\s+(?:[a-z]+\s+){0,2}?(?i:man|woman|guy|girl|lady|person|bloke|chap)\s+"
    r"(?i:called|named))?"
)
"""Before a name: "a wonderful man named Tariq" (the name is kept)."""
_MANNER = (
    r"(?:\s+(?i:part[- ]time|full[- ]time|online|remotely|at\s+night|in\s+the\s+evenings?|"
    r"on\s+the\s+side))?"
)
"""How someone studies or works, after the subject ("nursing part-time")."""
_DEGREE = (
    r"(?i:undergrad|undergraduate\s+degree|degree|master'?s|masters|phd|doctorate|ba|bsc|msc|"
    r"ma|mba|bachelor'?s|postgrad|training|apprenticeship)"
)
_STUDY_ADJ = r"(?:(?i:part-time|full-time|evening|night|online|weekend|distance)\s+)?"
_WORK_CUE = re.compile(
    r"\b(?:job|jobs|company|firm|employer|career|role|position|colleagues|boss|startup|"
    r"start-up|redundan\w*|resign\w*|join|joined|joining|hired|promotion|contract)\b",
    re.I,
)
"""Words of work: with one, a bare "left X" is leaving a job."""
_PLACE_CALLED = (
    r"(?:(?i:an?|the)\s+(?:[a-z]+\s+){0,2}?(?i:town|village|city|suburb|island|hamlet|place)\s+"
    r"(?i:called|named)\s+)?"
)
"""Before a place's name: "a small town called Tomar" (the name is kept)."""
_PLACE_IN = (
    r"(?:(?i:an?)\s+(?:[a-z]+\s+){0,2}?(?i:town|village|city|suburb|island|hamlet|region|part)\s+"
    r"(?i:in|of|near|outside)\s+)?"
)
"""Before a region's name: "from a village in Galicia" (the region is kept)."""
_LIST_END = r"(?=\s*(?:$|[.,!;]|\s(?:because|since|which|so|but)\b))"
_NUM = rf"(?P<o>\d{{1,3}}|{NUMBER_WORD_RE})"
_KID_NOUN = (
    r"\s+(?:(?i:young|little|grown|grown-up|beautiful|wonderful|amazing|lovely|small)\s+)?"
    r"(?i:kids?|children|child|sons?|daughters?|boys?|girls?)\b(?!['’])"
)
_CHILDREN = (
    rf"(?P<o>(?i:a|one){_KID_NOUN}(?!,?\s+(?:(?i:called|named)\s+)?[A-Z])"
    rf"|(?i:two|three|four|five|six|seven|eight|nine|[2-9]){_KID_NOUN}|(?i:twins|triplets)\b(?!['’]))"
)
""""two kids" (also before their names: "two kids, Leo and Mia"); "a daughter" only when
no name follows (the named daughter is the fact)."""

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
        "rent rents renting share shares sharing",
        r"\s+(?i:an?|the|our|my)\s+(?:[\w-]+\s+){0,2}?(?i:flat|house|apartment|studio|place|room|"
        r"cottage|condo|loft|(?:one|two|three|four|[1-4])-bed(?:room)?(?:\s+(?:flat|house))?)"
        rf",?\s+(?i:in)\s+{place('o')}\b(?!\s+(?i:every|each|this|next|over|until|till|for\s+(?:the|a|an|one|two|"
        r"three|four|\d+|our|my)\s+(?:few\s+|couple\s+)?(?:week|weekend|fortnight|night|day|summer|"
        r"holiday|vacation|month))\b)",
        "place",
        confidence=0.85,
        negated="drop",
    ),
    frame(
        "lives_in",
        "call calls called",
        rf"\s+{place('o')}\s+(?i:home)\b(?!\s+(?i:and|to)\b)",
        "place",
        confidence=0.85,
        negated="drop",
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
        "moved relocated moving relocating",
        MOVE_CHAIN,
        "move",
        confidence=0.9,
        change=True,
        stative=False,
        future=True,
        negated="drop",
    ),
    frame(
        "lives_in",
        "in",
        rf"\s+{place('o')}(?=,?\s+(?:(?i:for)\s+)?(?:(?i:over|almost|nearly|about|around)\s+)?"
        rf"(?:\d+|{NUMBER_WORD_RE}|(?i:a\s+few|several|many))\s+(?i:years?|yrs?)\b"
        r"|\s+(?i:since)\s+(?:(?:19|20)\d\d|(?i:uni|university|college|school|birth))\b)",
        "place",
        be=True,
        negated="end",
    ),
    frame("from", "from", rf"\s+{_PLACE_CALLED}{_PLACE_IN}{place('o')}", "place", be=True),
    frame(
        "from",
        "grew_up raised",
        rf"\s+(?i:in)\s+{_PLACE_CALLED}{_PLACE_IN}{place('o')}",
        "place",
        stative=False,
    ),
    frame("from", "come comes", rf"\s+(?i:from)\s+{place('o')}", "place", confidence=0.8),
    frame(
        "from",
        "born",
        r"(?P<pp>(?:,?\s+(?i:in|on|at)\s+[^,.;!?]+?(?:,\s+(?:19|20)\d\d)?)+)"
        r"(?=\s*(?:$|[.,;!?])|\s+(?i:so|and|but)\b)",
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
        "age",
        "a",
        rf"\s+{_NUM}[- ](?i:years?)[- ](?i:old)\b"
        r"(?![- ](?:son|daughter|kid|child|boy|girl|dog|cat))",
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
        "called named",
        rf"\s+{name('o', words=3)}(?=\s*(?:$|[.,!;]|\s(?:and|but|by|after)\b))",
        "self_name",
        be=True,
        third=False,
        current_only=True,
        elliptical=False,
    ),
    frame(
        "name",
        "#greeting",
        rf"{name('o', words=2)}(?=\s*(?:$|[.,!;]|\s(?:and|here|from|nice|btw|by\s+the\s+way)\b))",
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
        rf"{_TIME}(?:\s+(?i:as)\s+{occupation('j0')}(?=\s+(?i:at|with|for)\s))?"
        rf"\s+(?i:at|with|for)\s+{org('o')}{_AS_JOB}",
        "org",
        confidence=0.9,
        change=True,
        stative=False,
        extras=(("j0", "job_title", "occupation_any"), ("j", "job_title", "occupation_any")),
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
    frame(
        "works_at",
        "hired",
        rf"\s+(?i:by|at)\s+{org('o')}{_AS_JOB}",
        "org",
        change=True,
        stative=False,
        extras=(("j", "job_title", "occupation_any"),),
    ),
    frame(
        "works_at",
        "left quit resigned laid let fired",
        r"(?:\s+(?i:off|go|from))*\s+(?i:my\s+(?:job|role|position)\s+(?:at|with))\s+" + org("o"),
        "org",
        stative=False,
        ends=True,
    ),
    frame(
        "works_at",
        "quit resigned laid let fired",
        r"(?:\s+(?i:off|go|from))*\s+" + org_name("o"),
        "org",
        stative=False,
        ends=True,
    ),
    frame(
        "works_at",
        "left",
        r"\s+" + org_name("o"),
        "org",
        stative=False,
        ends=True,
        cue=_WORK_CUE,
    ),
    frame(
        "job_title",
        "a an the",
        rf"(?P<o>(?:\s+[\w-]+){{1,4}}?)(?=\s+(?i:at|for|with|in)\s|\s+(?i:of)\s+{_NAMED_ORG_AHEAD}|"
        r"\s*(?:$|[.,!;]|\s(?:and|but|since|who|so)\b))" + _FIELD + _JOB_OF,
        "occupation",
        be=True,
        negated="end",
        extras=(("w", "works_at", "org"), ("w2", "works_at", "org")),
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
        "retrained trained requalified qualified",
        rf"\s+(?i:as)\s+{occupation('o')}(?=\s*(?:$|[.,!;]|\s(?:and|but|in|at|last|this)\b))",
        "occupation_any",
        change=True,
        stative=False,
    ),
    frame(
        "job_title",
        "teach teaches teaching",
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
        rf"(?:\s+(?i:at)\s+{org_name('w')})?{_MANNER}"
        r"(?=\s*(?:$|[.,!;]|\s(?:and|but|because|since)\b))",
        "study",
        confidence=0.8,
        past_heads="studied",
        extras=(("w", "studies_at", "org"),),
    ),
    frame(
        "studies",
        "doing studying_for working_towards",
        rf"\s+(?i:a|an|my)\s+{_STUDY_ADJ}(?i:master'?s|masters|degree|phd|ba|bsc|msc|ma|mba|"
        r"diploma|doctorate|course|bachelor'?s)\s+(?i:in)\s+(?P<o>[a-zA-Z][\w ]{1,40}?)"
        rf"(?:\s+(?i:at)\s+{org('w')})?(?=\s*(?:$|[.,!;]))",
        "study",
        be=True,
        extras=(("w", "studies_at", "org"),),
    ),
    frame(
        "studies",
        "doing",
        rf"\s+(?i:an?|my)\s+{_STUDY_ADJ}(?P<o>MBA|PhD|DPhil|PGCE)"
        rf"(?:\s+(?i:at)\s+{org('w')})?(?=\s*(?:$|[.,!;]))",
        "study",
        be=True,
        extras=(("w", "studies_at", "org"),),
    ),
    frame(
        "studies",
        "in",
        r"\s+(?i:my|the)\s+(?i:first|second|third|fourth|fifth|final|last)\s+(?i:year)\s+(?i:of)\s+"
        r"(?:(?i:an?|my)\s+)?(?P<o>(?![a-z]+ing\b)[a-z][a-z ]{1,30}?)"
        r"(?:\s+(?i:degree|course)(?=\s+(?i:at)\s|\s*(?:$|[.,!;]))|(?=\s+(?i:at)\s))"
        rf"(?:\s+(?i:at)\s+{org_name('w')})?(?=\s*(?:$|[.,!;]))",
        "study",
        be=True,
        extras=(("w", "studies_at", "org"),),
    ),
    frame(
        "studies_at",
        "graduated",
        rf"(?:\s+(?i:in)\s+(?P<s>[a-z][a-z ]{{1,30}}?))?\s+(?i:from)\s+{org_name('o')}"
        r"(?:(?:\s+(?i:in)\s+(?:19|20)\d\d)?,?\s+(?i:with)\s+(?i:a|an)\s+(?:[\w:'-]+\s+)?"
        rf"{_DEGREE}\s+(?i:in)\s+(?P<s2>[a-z][a-z ]{{1,30}}?)(?=\s*(?:$|[.,!;])))?",
        "org",
        stative=False,
        past=True,
        extras=(("s", "studies", "study"), ("s2", "studies", "study")),
    ),
    frame(
        "studies_at",
        "did completed finished",
        rf"\s+(?i:my|an?|the)\s+{_DEGREE}(?:\s+(?i:degree))?"
        r"(?:\s+(?i:in)\s+(?P<s>[a-z][a-z ]{1,30}?))?"
        rf"\s+(?i:at)\s+{org_name('o')}",
        "org",
        stative=False,
        past=True,
        extras=(("s", "studies", "study"),),
    ),
    # -- people and pets --------------------------------------------------------------------
    frame(
        "has_pet",
        "have has had got adopted rescued bought own owns welcomed brought",
        rf"(?P<rest>.*\b{PET}s?\b.*)",
        "pets",
        past_heads="had",
    ),
    frame("has_children", "have has got", rf"\s+{_CHILDREN}", "children", confidence=0.8),
    frame(
        "has_children",
        "a",
        r"(?:\s+(?i:single|proud|busy|working|stay-at-home|tired|happy))?"
        r"\s+(?i:mother|mum|mom|father|dad|parent|mama|papa)\s+(?i:of)\s+"
        rf"(?P<o>\d|{NUMBER_WORD_RE}|(?i:twins|triplets))\b(?:\s+(?:(?i:young|little|grown)\s+)?"
        r"(?P<n>(?i:kids|children|boys|girls|sons|daughters))\b"
        r"(?:,\s+(?P<names>[A-Z][a-z'-]+(?:(?:,\s*|\s+and\s+)[A-Z][a-z'-]+)+)(?=\s*(?:[.!]|$)))?)?",
        "children_of",
        be=True,
    ),
    frame("has_{q}", "have has got", r"(?P<rest>.*)", "relations", confidence=0.85),
    frame(
        "has_spouse", "married", rf"\s+(?i:to){_PERSON_CALLED}\s+{name('o')}", "person", change=True
    ),
    frame(
        "has_fiance", "engaged", rf"\s+(?i:to){_PERSON_CALLED}\s+{name('o')}", "person", change=True
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
