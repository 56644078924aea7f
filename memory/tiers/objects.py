"""From what a frame captured to the objects of facts: the value model, and the value kinds
of life's facts (places, work, people, pets, dates, contact details).

A builder turns the groups of a frame's match into ``Value`` items: a
place cleaned of trailing links, a workplace ("called X" keeps X; an unnamed "a small
charity" is kept with less confidence), a list split into its items ("cats and dust mites"),
a date read as a calendar date, "a nut allergy" as nuts. Every value is checked by
``memory.tiers.values.plausible`` before it becomes a fact. The kinds of
tastes and habits are in ``memory.tiers.objects_taste``; ``memory.tiers.builders`` joins
them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from memory.text import fold, stem, tokens
from memory.tiers.cleaning import (
    article,
    clean_name,
    clean_org,
    clean_phrase,
    clean_place,
    occupation,
    occupation_any,
    only_time,
)
from memory.tiers.countries import country_of_demonym
from memory.tiers.lexicon import number_value
from memory.tiers.phrases import DATE, NAME_WORD, PET, REL, REL_ADJ, TITLE, YEAR, place
from memory.tiers.predicates import RELATIONS
from memory.tiers.timex import parse_calendar_date


@dataclass(frozen=True)
class Value:
    """One object read from a match (``predicate`` overrides the frame's, e.g. a role)."""

    object: str
    key: str
    qualifier: str | None = None
    object_kind: str | None = None
    confidence: float = 0.0
    past: bool = False
    predicate: str | None = None
    change: bool | None = None


def object_key(obj: str) -> str:
    """The normalised object used to tell "the same fact" apart: folded, stemmed words."""
    words = [stem(t) for t in tokens(obj) if t not in ("the", "a", "an")]
    return " ".join(words) or fold(obj).strip()


def make_value(obj: str, **kw: object) -> Value:
    """A ``Value`` of ``obj`` with its comparison key."""
    return Value(obj, object_key(obj), **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Context:
    """What a builder may need beyond the groups: the verb, the speaker's point of view."""

    head: str
    is_self: bool
    frequency: str = ""


Builder = Callable[[dict[str, str | None], Context], list[Value]]


_PLACE_START = re.compile(place("p"))


def _place(g: dict[str, str | None], ctx: Context) -> list[Value]:
    m = _PLACE_START.match((g.get("o") or "").strip())
    got = clean_place(m.group("p")) if m else None
    return [make_value(got)] if got else []


_CHAIN = re.compile(
    r"(?:(?P<from>\bfrom|\bout\s+of)|\b(?:to|into))\s+(?:(?:a|an|the|my|our)\s+(?:new\s+|bigger\s+|"
    r"smaller\s+|little\s+)?(?:flat|house|apartment|place|home|condo|studio|room)\s+in\s+)?"
    + place("p")
)


def _move(g: dict[str, str | None], ctx: Context) -> list[Value]:
    """ "moved from A to B and then to C": A and B are history, C is where they live."""
    chain = g.get("chain") or ""
    chain = re.split(r"\b(?:because|since|for|but|so|which|when)\b|[.;!?]", chain)[0]
    froms: list[str] = []
    tos: list[str] = []
    for m in _CHAIN.finditer(chain):
        got = clean_place(m.group("p"))
        if got:
            (froms if m.group("from") else tos).append(got)
    if ctx.head.lower() in ("moving", "relocating", "move", "relocate"):
        return [make_value(f"move to {tos[-1]}", predicate="plans")] if tos else []
    out = [make_value(p, past=True, change=False) for p in froms + tos[:-1]]
    if tos:
        out.append(make_value(tos[-1]))
    return out


_PLACE_CALLED = re.compile(
    r"^(?:an?|the)\s+(?:[a-z]+\s+){0,2}?(?:town|village|city|suburb|island|hamlet|place)\s+"
    r"(?:called|named)\s+(?=[A-Z])"
)


_SHORT_YEAR = re.compile(r"(?<=[A-Za-z.\d])(\s+)'(\d\d)\b(?=\s*$|[.,;!?)]|\s+(?:in|at)\b)")


_NUMERIC_DATE = re.compile(r"\b(\d{1,2})([/.])(\d{1,2})\2((?:19|20)\d\d)\b")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _numeric_date(m: re.Match[str]) -> str:
    """ "14/02/1979" -> "14 February 1979" when it can only be read one way: a day over 12
    decides (02/14/1979 is American), dots are day first (12.05.1987); "03/04/1990" could be
    either and is no date ("")."""
    a, sep, b, year = int(m[1]), m[2], int(m[3]), m[4]
    if a > 12 >= b or (sep == "." and a <= 31 and b <= 12):
        day, month = a, b
    elif b > 12 >= a:
        day, month = b, a
    else:
        return ""
    return f"{day} {_MONTHS[month - 1]} {year}" if 1 <= month <= 12 and day <= 31 else ""


def full_year(raw: str) -> str:
    """ "3rd Jan '88" -> "3rd Jan 1988": a year after a day and month, written short; a
    numeric date spelled out when it can only be read one way ("14/02/1979")."""
    raw = _NUMERIC_DATE.sub(_numeric_date, raw)
    return _SHORT_YEAR.sub(
        lambda m: f"{m.group(1)}{(2000 if int(m.group(2)) < 30 else 1900) + int(m.group(2))}",
        raw,
    )


def _born(g: dict[str, str | None], ctx: Context) -> list[Value]:
    """ "born in 1988 in Cork", "born on 3 May 1990 in Porto": year, birthday, place."""
    out: list[Value] = []
    for prep, raw in re.findall(
        r"\b(in|on|at)\s+([^,.;!?]+?(?:,\s+\d{4})?)(?=\s+(?:in|on|at)\s|$|,)", g["pp"] or ""
    ):
        raw = _PLACE_CALLED.sub("", raw.strip())  # "a small town called Tomar" -> "Tomar"
        when = parse_calendar_date(full_year(raw)) if re.search(r"\d", raw) else None
        if when is not None:
            out.append(Value(when.display, when.key, predicate="birthday"))
        elif re.fullmatch(YEAR, raw):
            out.append(Value(raw, raw, predicate="birth_year"))
        elif re.fullmatch(r"'\d\d", raw):  # "born in '88"
            year = str((2000 if int(raw[1:]) < 30 else 1900) + int(raw[1:]))
            out.append(Value(year, year, predicate="birth_year"))
        elif prep == "in" and raw[:1].isupper():
            got = clean_place(raw)
            if got and fold(got.split()[0]) not in ("january", "spring", "summer", "winter"):
                out.append(make_value(got, predicate="from"))
    return out


def _demonym(g: dict[str, str | None], ctx: Context) -> list[Value]:
    country = country_of_demonym(g.get("o") or "")
    return [make_value(country)] if country else []


def _number(g: dict[str, str | None], ctx: Context) -> list[Value]:
    n = number_value(g.get("o") or "")
    return [Value(str(n), str(n))] if n is not None and 1 <= n <= 120 else []


def _name(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = clean_name(g.get("o") or "")
    return [make_value(got)] if got else []


def _org(g: dict[str, str | None], ctx: Context) -> list[Value]:
    raw = g.get("o") or g.get("o2") or g.get("o_g") or ""
    got = clean_org(raw)
    return [make_value(got[0], confidence=got[1])] if got else []


def _org_end(g: dict[str, str | None], ctx: Context) -> list[Value]:
    return _org(g, ctx)


def _occupation(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = occupation(g.get("o") or "")
    return [make_value(got[0], past=got[1])] if got else []


def _head_of(g: dict[str, str | None], ctx: Context) -> list[Value]:
    """ "head of marketing" (the field kept, not checked against the occupations)."""
    field = " ".join((g.get("o") or "").lower().split())
    return [make_value(f"head of {field}")] if field and field not in ("the", "a", "my") else []


def _occupation_any(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = occupation_any(g.get("o") or "")
    return [make_value(got)] if got else []


_TAUGHT_PEOPLE = frozenset(
    "people others kids children students them us him her myself yourself everyone someone "
    "my our the a an".split()
)


_WHEN = frozenset("tonight today tomorrow yesterday later again now soon weekly daily".split())
"""A time after "teach" is no subject ("Teaching tonight, so can't come")."""


def _teach(g: dict[str, str | None], ctx: Context) -> list[Value]:
    subject = (g.get("o") or "").strip()
    first = subject.lower().split()[:1]
    if first and (first[0] in _WHEN or only_time(subject) or number_value(first[0])):
        return []  # "Teaching tonight", "I teach two girls, Amy and Jo"
    subject = subject if subject[:1].isupper() and subject.lower() != "i" else subject.lower()
    if subject.lower().split()[:1] and subject.lower().split()[0] in _TAUGHT_PEOPLE:
        return []
    if subject.lower() in ("", "at", "in", "for"):
        return [make_value("teacher")]
    return [make_value(f"{subject} teacher")] if len(subject.split()) <= 2 else []


def _study(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = clean_phrase(g.get("o") or "", 4)
    if not got or got.split()[0].lower() in ("for", "at", "to", "hard", "abroad", "in"):
        return []
    return [make_value(got)]


_PET_NAMED = re.compile(
    rf"\b(?:(?i:a|an|one|two|three|our|my|the)\s+)?(?:[a-z]+\s+){{0,2}}?(?P<q>{PET})(?i:s|es)?,?\s+"
    rf"(?:(?i:named|called)\s+)?(?P<n>(?:{TITLE}\s+)?{NAME_WORD}(?:(?:,\s*|\s+and\s+){NAME_WORD})*)"
)
_REL_NAMED = re.compile(
    rf"\b(?i:a|an|one|two|three|four|five|my|our)\s+(?:{REL_ADJ}\s+)*(?P<q>{REL}|(?i:girls|boys)),?\s+"
    rf"(?:(?i:called|named)\s+)?(?P<n>(?:{TITLE}\s+)?{NAME_WORD}(?:\s+{NAME_WORD})?"
    rf"(?:(?:,\s*|\s+and\s+){NAME_WORD})*)"
)


def _names(raw: str) -> list[str]:
    out = []
    for part in re.split(r",\s*|\s+and\s+", raw):
        got = clean_name(part)
        if got:
            out.append(got)
    return out


def _pets(g: dict[str, str | None], ctx: Context) -> list[Value]:
    out: list[Value] = []
    for m in _PET_NAMED.finditer(g.get("rest") or ""):
        for pet in _names(m.group("n")):
            out.append(make_value(pet, qualifier=article(m.group("q")), object_kind="pet"))
    return out


def _pet(g: dict[str, str | None], ctx: Context) -> list[Value]:
    q = re.sub(r"(?:e?s)$", "", (g.get("q") or "").lower()) if g.get("q") else ""
    species = q if q and re.fullmatch(PET, q) else (g.get("q") or "").lower()
    return [
        make_value(n, qualifier=article(species), object_kind="pet")
        for n in _names(g.get("o") or "")
    ]


def _role(word: str) -> str | None:
    word = " ".join(word.lower().split())
    if word in ("gp", "gps"):
        return "doctor"
    if word in ("girls", "boys"):  # "two girls, Isla and Maeve" (a count or "my" before)
        return "daughter" if word == "girls" else "son"
    for cand in (word, word[:-1] if word.endswith("s") else word):
        if cand in RELATIONS:
            return RELATIONS[cand][0]
    return None


def _person(g: dict[str, str | None], ctx: Context) -> list[Value]:
    role = _role(g.get("q") or "") if g.get("q") else None
    pred = f"has_{role.replace(' ', '_')}" if role else None
    return [make_value(n, object_kind="person", predicate=pred) for n in _names(g.get("o") or "")]


def _relations(g: dict[str, str | None], ctx: Context) -> list[Value]:
    out: list[Value] = []
    for m in _REL_NAMED.finditer(g.get("rest") or ""):
        role = _role(m.group("q"))
        for got in _names(m.group("n")) if role else []:
            pred = f"has_{(role or '').replace(' ', '_')}"
            out.append(make_value(got, object_kind="person", predicate=pred))
    return out


def _children(g: dict[str, str | None], ctx: Context) -> list[Value]:
    value = " ".join((g.get("o") or "").lower().split())
    return [make_value(value)] if value else []


def _children_count(g: dict[str, str | None], ctx: Context) -> list[Value]:
    """A list's item "two kids": the count is the frame's head."""
    noun = " ".join((g.get("n") or "").lower().split())
    return [make_value(f"{ctx.head.lower()} {noun}")] if noun else []


def _children_of(g: dict[str, str | None], ctx: Context) -> list[Value]:
    if (g.get("o") or "").lower() in ("twins", "triplets"):  # "a mum of twins"
        return [make_value((g.get("o") or "").lower())]
    n = number_value(g.get("o") or "")
    noun = (g.get("n") or ("child" if n == 1 else "children")).lower()
    out = [make_value(f"{g['o']} {noun}".lower())] if n else []
    role = {"girls": "daughter", "daughters": "daughter", "boys": "son", "sons": "son"}.get(noun)
    if out and role and g.get("names"):  # "a mum of two girls, Isla and Maeve"
        out += [
            make_value(k, object_kind="person", predicate=f"has_{role}")
            for k in _names(g["names"] or "")
        ]
    return out


def _date(g: dict[str, str | None], ctx: Context) -> list[Value]:
    raw = full_year(g.get("o") or "")
    m = re.search(DATE, raw)
    when = parse_calendar_date(m.group(0)) if m else None
    return [Value(when.display, when.key)] if when else []


def _email(g: dict[str, str | None], ctx: Context) -> list[Value]:
    raw = (g.get("o") or "").strip().rstrip(".")
    m = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", raw)
    q = (g.get("q") or "").lower() or None
    return [Value(m.group(0), m.group(0).lower(), qualifier=q)] if m else []


def _phone(g: dict[str, str | None], ctx: Context) -> list[Value]:
    raw = (g.get("o") or "").strip()
    digits = re.sub(r"\D", "", raw)
    q = (g.get("q") or "").lower() or None
    return [Value(raw, digits, qualifier=q)] if 7 <= len(digits) <= 15 else []


LIFE_BUILDERS: dict[str, Builder] = {
    "place": _place,
    "move": _move,
    "born": _born,
    "demonym": _demonym,
    "number": _number,
    "self_name": _name,
    "head_of": _head_of,
    "org": _org,
    "org_end": _org_end,
    "occupation": _occupation,
    "occupation_any": _occupation_any,
    "teach": _teach,
    "study": _study,
    "pets": _pets,
    "pet": _pet,
    "person": _person,
    "relations": _relations,
    "children": _children,
    "children_count": _children_count,
    "children_of": _children_of,
    "date": _date,
    "email": _email,
    "phone": _phone,
}
"""Builders of the value kinds of ``memory.tiers.frames_life``."""
