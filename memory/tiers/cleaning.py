"""Cleaning the words a frame captured: cut to the clause, trailing fillers and times off,
names and places trimmed, lists split into items, "my" read from the speaker's side.

Pure string functions used by ``memory.tiers.objects``; what a value may be is checked
afterwards by ``memory.tiers.values``.
"""

from __future__ import annotations

import re

from memory.tiers.vocab import (
    BINOMIALS,
    NOT_NAMES,
    OBJECT_REJECT_FIRST,
    OBJECT_REJECT_PREFIX,
    OCCUPATION_PHRASES,
    OCCUPATION_SUFFIXES,
    OCCUPATIONS,
    TRAILING_FILLER,
)

_CLAUSE_CUT = re.compile(
    r"\s*(?:[;:()\"“”]|\s-\s|\s—\s|\s–\s|\b(?:and|but|because|so|since|when|while|which|who|"
    r"though|although|or|whenever|until|unless|cause|cuz|as well as|before|after|once|by the "
    r"time)\b\s+(?=(?:i|we|it|she|he|"
    r"they|you|my|that|this|there|the|a|an|is|was|do|have|also|not|really)\b)"
    r"|\b(?:before|after)\s+(?=(?:our|your|his|her|their)\b)|\bso\s+(?=no\b)|\bdue\s+to\b"
    r"|\bfor\s+(?:[a-z-]+\s+){0,2}reasons\b|\b(?:because|"
    r"but|though|although|whenever|unless|especially|which|who|that)\b).*$",
    re.I,
)
_TRAILING = re.compile(
    r"(?:\s+(?:"
    + "|".join(re.escape(w) for w in sorted(TRAILING_FILLER, key=len, reverse=True))
    + r"))+\s*$",
    re.I,
)
_TIME_TAIL = re.compile(
    r"\s+(?:(?:last|this|next|every|each)\s+\w+|in\s+(?:19|20)\d{2}|since\s+\w+|yesterday|today|"
    r"tonight|tomorrow|(?:(?:about|around|almost|nearly|over|some)\s+)?(?:a|an|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|several|"
    r"a\s+few|a\s+couple\s+of|\d+)\s+\w+\s+ago|in\s+the\s+(?:morning|evening|afternoon|"
    r"night|summer|winter|spring|fall|autumn|past|meantime)|(?:in|over|during)\s+the\s+"
    r"(?:past|last)\s+(?:few\s+|couple\s+of\s+)?(?:day|week|month|year)s?|on\s+(?:mon|tues|"
    r"wednes|thurs|fri|satur|sun)days?|(?:on|at)\s+weekends?|in\s+(?:january|february|march|"
    r"april|may|june|july|august|september|october|november|december)|in\s+(?:a|one|two|three|four|"
    r"five|six|a\s+few|a\s+couple\s+of|\d+)\s+(?:days?|weeks?|months?|years?))$",
    re.I,
)
_VAGUE = frozenset("it them this that these those him her one ones stuff things".split())
_SELF_SWAP = {
    "my": "your",
    "me": "you",
    "myself": "yourself",
    "our": "your",
    "us": "you",
    "mine": "yours",
    "ours": "yours",
    "we": "you",
    "i": "you",
}
_OTHER_SWAP = {
    "my": "their",
    "me": "them",
    "myself": "themselves",
    "our": "their",
    "us": "them",
    "mine": "theirs",
    "ours": "theirs",
    "we": "they",
    "i": "they",
}
_WORD = re.compile(r"[A-Za-z']+")
_SECOND = frozenset({"you", "your", "yours", "you're", "ya", "u", "i", "i'm", "i've", "i'd", "im"})
_JOB_PAST = re.compile(r"\b(?:former|retired|ex)\b", re.I)
_JOB_SKIP = frozenset(
    "former retired ex proud happy full-time part-time freelance new first second third "
    "their his her my our the a an self-employed newly qualified".split()
)
_AGED = re.compile(r"(?:\d+|[a-z]+)-years?-old")
"""An age before an occupation ("a 45-year-old teacher"): not part of it."""
_NOT_ITEM_START = frozenset(
    """
    as for with in on at from since because especially which who that so but though like
    than even just also too always sometimes usually really very of by about after before
    """.split()
)
"""Words a list item never starts with: where one does, the list is over."""
_NOT_JOBS = ("role model", "team player", "people person", "good listener", "big believer")
"""Phrases ending in an occupation word that are no occupation."""
_ORG_REJECT_HEAD = frozenset(
    "moment time weekend night day morning evening home living while bit lot minute hour "
    "moments times way same".split()
)


def swap_pronouns(text: str, is_self: bool) -> str:
    """ "my" read from the fact's side: "your" for the user, "their" for anyone else."""
    table = _SELF_SWAP if is_self else _OTHER_SWAP
    return _WORD.sub(lambda m: table.get(m.group(0).lower(), m.group(0)), text)


def only_time(text: str) -> bool:
    """Whether ``text`` is a time and nothing else ("two years ago", "last week")."""
    return bool(text.strip()) and not _TIME_TAIL.sub("", " " + text.strip(" .,!")).strip()


def clean_phrase(raw: str, max_words: int, *, keep_time: bool = False) -> str | None:
    """The object phrase cut to its clause, or None when it is vague or cut mid-phrase."""
    raw = re.sub(r"^(?:both|either)\s+(?=\S+\s+(?:and|or)\s)", "", raw.strip(), flags=re.I)
    text = _CLAUSE_CUT.sub("", raw)
    cut_at_comma = len(text) < len(raw) and raw[len(text) :].lstrip().startswith(",")
    if len(text) < len(raw) and raw[len(text) :].lstrip()[:1] in '"“”(':
        return None  # a quoted title or an aside was the point: do not keep half of it
    for _ in range(3):
        text = _TRAILING.sub("", text.rstrip(" .!;")).strip()
        if not keep_time:
            text = _TIME_TAIL.sub("", text).strip()
    text = text.strip(" .,!;:'\"-")
    words = text.split()
    if not words or len(words) > max_words:
        return None
    first = words[0].lower().strip("'\"")
    if first in OBJECT_REJECT_FIRST or (first in ("to", "the", "a", "an") and len(words) == 1):
        return None
    lowered = {w.lower().strip(",.") for w in words}
    if lowered & _SECOND:
        return None
    if text.lower().startswith(OBJECT_REJECT_PREFIX):
        return None
    if words[-1].lower() in ("a", "an", "the", "and", "of", "to", "my", "our", "with", "for"):
        return None
    if lowered & _VAGUE:
        return None  # "holding them": means nothing out of its conversation
    if cut_at_comma and len(words) >= 2 and words[-2].lower() in ("a", "an", "the"):
        return None  # "a safe, inviting place" cut to "a safe"
    return text


def split_list(text: str, *, binomials: bool = True) -> list[str]:
    """Items of a list ("cooking, reading and long walks"); fixed pairs ("mac and cheese")
    stay whole when ``binomials``."""
    protected = text
    if binomials:
        for pair in BINOMIALS:
            protected = re.sub(
                re.escape(pair),
                lambda m: m.group(0).replace(" and ", " _AND_ "),
                protected,
                flags=re.I,
            )
    pieces = re.split(r"(\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*)", protected)
    out: list[str] = []
    separator = ""
    for i, piece in enumerate(pieces):
        if i % 2:
            separator = piece.strip()
            continue
        part = piece.replace(" _AND_ ", " and ").strip()
        if part and part.split()[0].lower() in _NOT_ITEM_START:
            break  # "peanuts, as always": the list has ended
        if (
            part
            and out
            and separator == ","
            and re.fullmatch(r"(?:\S+\s+)?(?:a|an|the)\s+\w+", out[-1], re.I)
            and not re.match(r"(?:a|an|the|my|our)\b", part, re.I)
        ):
            out[-1] = f"{out[-1]}, {part}"  # "a safe, inviting place": one item
        elif part:
            out.append(part)
    return out


_LEAD_VERBS = frozenset(
    "meet met say walked walking fed feeding took taking saw hugged introducing miss missing "
    "found brushed bathed cuddled cuddling welcome welcomed give gave hug kiss feed walk "
    "brush".split()
)
"""Verbs a sentence may open with before a name ("Meet Waffles, my golden retriever!")."""


def clean_name(raw: str) -> str | None:
    """A person's or a pet's name, or None when it is not one ("Rita And" -> "Rita")."""
    name = re.sub(r"'s$", "", raw.strip(" ,.!?")).strip(" '")
    name = re.sub(r"^(Dr|Mr|Mrs|Ms|Mx|Prof)\s+", r"\1. ", name)
    parts = name.split()
    titled = parts[:1] and parts[0].rstrip(".").lower() in ("dr", "mr", "mrs", "ms", "mx", "prof")
    core = parts[1:] if titled else parts
    if len(core) > 1 and not titled and core[0].lower() in _LEAD_VERBS:
        core = parts = core[1:]  # "Meet Waffles, my retriever": the verb is no name
        name = " ".join(core)
    if not core:
        return None
    if any(p.lower().strip("'.") in NOT_NAMES for p in core):
        if core[0].lower().strip("'") in NOT_NAMES:
            return None
        # "Ana Sousa but friends call me Nana" -> "Ana Sousa": the capitalised words before
        # the first word that is no name; "Rita And" -> "Rita".
        kept: list[str] = []
        for p in core:
            if not p[:1].isupper() or p.lower().strip("'.,") in NOT_NAMES:
                break
            kept.append(p.rstrip(","))
            if p.endswith(","):
                break
        return " ".join(parts[:1] + kept) if titled else " ".join(kept)
    return name


def clean_place(raw: str) -> str | None:
    """A place trimmed of trailing links ("Porto and" -> "Porto"), or None."""
    place = raw.strip(" ,.'")
    place = re.sub(r"(?:\s+(?:de|da|do|di|del|la|le|van|von|der|of|and|&|on|am|im))+$", "", place)
    words = place.split()
    if not words or len(words) > 6:
        return None
    core = [w for w in words if w.lower() not in ("the", "of", "and", "upon", "on", "de")]
    if not core or any(w.lower().strip(",.'") in NOT_NAMES for w in core):
        return None
    return place


_PLACE_ADVERB = re.compile(
    r"(?:\s+(?:downtown|uptown|nearby|locally|remotely|part-time|full-time|now))+\s*[.,!]?$"
)


def clean_org(raw: str) -> tuple[str, float] | None:
    """A workplace and a confidence change (an unnamed one, "a hospital", is less sure)."""
    org = re.sub(r"\s+(?:in|on|at|near|by|for|from|with|since|as|last|this)(?:\s.*)?$", "", raw)
    org = re.sub(r"\s+to\s+[a-z].*$", "", org)  # "the bank to go freelance": no infinitive
    org = _PLACE_ADVERB.sub("", org)  # "a bank downtown": the adverb says where, not who
    org = org.strip(" ,.'")
    words = org.split()
    if not words or len(words) > 6:
        return None
    if words[0].lower() in ("a", "an", "the") and len(words) > 1 and words[1][:1].islower():
        if words[-1].lower() in _ORG_REJECT_HEAD:
            return None
        return org, -0.2
    if any(w.lower() in NOT_NAMES for w in words if w.lower() not in ("the", "of", "and", "&")):
        return None
    return org, 0.0


def occupation(raw: str) -> tuple[str, bool] | None:
    """The longest leading run of words ending in an occupation ("head chef"), and whether
    it is a former one ("retired")."""
    past = bool(_JOB_PAST.search(raw))
    words = [w.lower().strip("-,.") for w in raw.split()]
    words = [w for w in words if w not in _JOB_SKIP and not _AGED.fullmatch(w)] or words
    text = " ".join(words)
    for phrase in OCCUPATION_PHRASES:
        if text.startswith(phrase):
            return phrase, past
    best = None
    for i, w in enumerate(words[:3]):
        if w in OCCUPATIONS or w.endswith(OCCUPATION_SUFFIXES):
            best = " ".join(words[: i + 1])
    if best and any(best.endswith(n) for n in _NOT_JOBS):
        return None
    if best:  # "GP", "CTO" keep their capitals
        upper = {w.strip("-,.") for w in raw.split() if w.strip("-,.").isupper()}
        best = " ".join(w.upper() if w.upper() in upper else w for w in best.split())
    return (best, past) if best else None


def occupation_any(raw: str) -> str | None:
    """An occupation stated after "as" or "promoted to" (any words, cut at the clause)."""
    text = re.split(
        r"\b(?:at|for|in|with|and|but|since|because|so|who|where|which|from|last|this|on)\b"
        r"|[,.;!]",
        raw,
        maxsplit=1,
    )[0]
    words = [w for w in text.split() if w.lower() not in _JOB_SKIP]
    if not words or len(words) > 4 or words[0].lower() in OBJECT_REJECT_FIRST:
        return None
    return " ".join(words)


def article(noun: str) -> str:
    """ "a cat", "an iguana"."""
    noun = " ".join(noun.lower().split())
    return ("an " if noun[:1] in "aeiou" else "a ") + noun
