"""From what a frame captured to the objects of facts: cleaning, lists and value kinds.

``build(kind, groups, ...)`` turns the groups of a frame's match into ``Value`` items: a
place cleaned of trailing links, a workplace ("called X" keeps X; an unnamed "a small
charity" is kept with less confidence), a list split into its items ("cats and dust mites"),
a date read as a calendar date, "a nut allergy" as nuts. Every value is checked by
``memory.tiers.values.plausible`` before it becomes a fact. Used by
``memory.tiers.extract``.
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
    split_list,
    swap_pronouns,
)
from memory.tiers.countries import country_of_demonym
from memory.tiers.lexicon import number_value
from memory.tiers.phrases import DATE, NAME_WORD, PET, REL, REL_ADJ, TITLE, YEAR, place
from memory.tiers.predicates import RELATIONS
from memory.tiers.timex import parse_calendar_date
from memory.tiers.vocab import (
    ACTIVITY_VERBS,
    CONDITIONS,
    HEALTH_ADJECTIVES,
    INTOLERANT_TO,
    LANGUAGES,
)


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


def _v(obj: str, **kw: object) -> Value:
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
    return [_v(got)] if got else []


_CHAIN = re.compile(
    r"(?:(?P<from>\bfrom)|\b(?:to|into))\s+(?:(?:a|an|the|my|our)\s+(?:new\s+|bigger\s+|"
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
        return [_v(f"move to {tos[-1]}", predicate="plans")] if tos else []
    out = [_v(p, past=True, change=False) for p in froms + tos[:-1]]
    if tos:
        out.append(_v(tos[-1]))
    return out


def _born(g: dict[str, str | None], ctx: Context) -> list[Value]:
    """ "born in 1988 in Cork", "born on 3 May 1990 in Porto": year, birthday, place."""
    out: list[Value] = []
    for prep, raw in re.findall(
        r"\b(in|on|at)\s+([^,.;!?]+?)(?=\s+(?:in|on|at)\s|$|,)", g["pp"] or ""
    ):
        raw = raw.strip()
        when = parse_calendar_date(raw) if re.search(r"\d", raw) else None
        if when is not None:
            out.append(Value(when.display, when.key, predicate="birthday"))
        elif re.fullmatch(YEAR, raw):
            out.append(Value(raw, raw, predicate="birth_year"))
        elif prep == "in" and raw[:1].isupper():
            got = clean_place(raw)
            if got and fold(got.split()[0]) not in ("january", "spring", "summer", "winter"):
                out.append(_v(got, predicate="from"))
    return out


def _demonym(g: dict[str, str | None], ctx: Context) -> list[Value]:
    country = country_of_demonym(g.get("o") or "")
    return [_v(country)] if country else []


def _number(g: dict[str, str | None], ctx: Context) -> list[Value]:
    n = number_value(g.get("o") or "")
    return [Value(str(n), str(n))] if n is not None and 1 <= n <= 120 else []


def _name(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = clean_name(g.get("o") or "")
    return [_v(got)] if got else []


def _org(g: dict[str, str | None], ctx: Context) -> list[Value]:
    raw = g.get("o") or g.get("o2") or g.get("o_g") or ""
    got = clean_org(raw)
    return [_v(got[0], confidence=got[1])] if got else []


def _org_end(g: dict[str, str | None], ctx: Context) -> list[Value]:
    return _org(g, ctx)


def _occupation(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = occupation(g.get("o") or "")
    return [_v(got[0], past=got[1])] if got else []


def _occupation_any(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = occupation_any(g.get("o") or "")
    return [_v(got)] if got else []


_TAUGHT_PEOPLE = frozenset(
    "people others kids children students them us him her myself yourself everyone someone "
    "my our the a an".split()
)


def _teach(g: dict[str, str | None], ctx: Context) -> list[Value]:
    subject = (g.get("o") or "").strip()
    subject = subject if subject[:1].isupper() and subject.lower() != "i" else subject.lower()
    if subject.lower().split()[:1] and subject.lower().split()[0] in _TAUGHT_PEOPLE:
        return []
    if subject.lower() in ("", "at", "in", "for"):
        return [_v("teacher")]
    return [_v(f"{subject} teacher")] if len(subject.split()) <= 2 else []


def _study(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = clean_phrase(g.get("o") or "", 4)
    if not got or got.split()[0].lower() in ("for", "at", "to", "hard", "abroad", "in"):
        return []
    return [_v(got)]


_PET_NAMED = re.compile(
    rf"\b(?:(?i:a|an|one|two|three|our|my|the)\s+)?(?:[a-z]+\s+){{0,2}}?(?P<q>{PET})(?i:s|es)?,?\s+"
    rf"(?:(?i:named|called)\s+)?(?P<n>(?:{TITLE}\s+)?{NAME_WORD}(?:(?:,\s*|\s+and\s+){NAME_WORD})*)"
)
_REL_NAMED = re.compile(
    rf"\b(?i:a|an|one|two|three|four|five|my|our)\s+(?:{REL_ADJ}\s+)*(?P<q>{REL}),?\s+"
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
            out.append(_v(pet, qualifier=article(m.group("q")), object_kind="pet"))
    return out


def _pet(g: dict[str, str | None], ctx: Context) -> list[Value]:
    q = re.sub(r"(?:e?s)$", "", (g.get("q") or "").lower()) if g.get("q") else ""
    species = q if q and re.fullmatch(PET, q) else (g.get("q") or "").lower()
    return [_v(n, qualifier=article(species), object_kind="pet") for n in _names(g.get("o") or "")]


def _role(word: str) -> str | None:
    word = " ".join(word.lower().split())
    if word in ("gp", "gps"):
        return "doctor"
    for cand in (word, word[:-1] if word.endswith("s") else word):
        if cand in RELATIONS:
            return RELATIONS[cand][0]
    return None


def _person(g: dict[str, str | None], ctx: Context) -> list[Value]:
    role = _role(g.get("q") or "") if g.get("q") else None
    pred = f"has_{role.replace(' ', '_')}" if role else None
    return [_v(n, object_kind="person", predicate=pred) for n in _names(g.get("o") or "")]


def _relations(g: dict[str, str | None], ctx: Context) -> list[Value]:
    out: list[Value] = []
    for m in _REL_NAMED.finditer(g.get("rest") or ""):
        role = _role(m.group("q"))
        for got in _names(m.group("n")) if role else []:
            pred = f"has_{(role or '').replace(' ', '_')}"
            out.append(_v(got, object_kind="person", predicate=pred))
    return out


def _children(g: dict[str, str | None], ctx: Context) -> list[Value]:
    value = " ".join((g.get("o") or "").lower().split())
    return [_v(value)] if value else []


def _children_of(g: dict[str, str | None], ctx: Context) -> list[Value]:
    n = number_value(g.get("o") or "")
    return [_v(f"{g['o']} children".lower())] if n else []


def _likes(g: dict[str, str | None], ctx: Context) -> list[Value]:
    text = clean_phrase(g.get("o") or "", 12)
    if not text:
        return []
    out = []
    for item in split_list(text):
        item = clean_phrase(item, 6)
        if item:
            out.append(_v(swap_pronouns(item, ctx.is_self)))
    return out


def _lower(g: dict[str, str | None], ctx: Context) -> list[Value]:
    value = " ".join((g.get("o") or "").lower().split())
    return [_v(value)] if value else []


_PLURAL = {"nut": "nuts", "peanut": "peanuts", "egg": "eggs", "cat": "cats", "dog": "dogs"}


def _allergens(g: dict[str, str | None], ctx: Context) -> list[Value]:
    if g.get("n"):
        nouns = [g["n"] or ""]
        nouns += re.findall(r"\b(?:an?\s+)?([a-z]+(?:\s[a-z]+)?)\s+allerg", g.get("more") or "")
        out = []
        for noun in nouns:
            words = re.sub(r"^(?:an?|and|some|severe|mild)\s+", "", noun.lower()).split()
            if words:
                out.append(_v(" ".join([*words[:-1], _PLURAL.get(words[-1], words[-1])])))
        return out
    text = clean_phrase(g.get("o") or "", 12) or ""
    out = []
    for item in split_list(text, binomials=False):
        item = re.sub(
            r"^(?:\w+ly\s+)?(?:allergic\s+)?(?:to|the|some|all|most|any)\s+",
            "",
            item.strip(),
            flags=re.I,
        )
        item = clean_phrase(item, 4)
        if item:
            out.append(_v(item.lower() if not item[:1].isupper() else item))
    return out


def _intolerance(g: dict[str, str | None], ctx: Context) -> list[Value]:
    what = (g.get("o") or "").lower()
    return [_v(f"{what} intolerance")] if what in INTOLERANT_TO else []


def _health_adj(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = HEALTH_ADJECTIVES.get(" ".join((g.get("o") or "").lower().split()))
    return [_v(got)] if got else []


_CONDITION_WORDS = {fold(c) for c in CONDITIONS}


def _conditions(g: dict[str, str | None], ctx: Context) -> list[Value]:
    out = []
    for item in re.split(r"\s*,\s*|\s+and\s+", g.get("o") or ""):
        item = " ".join(item.split())
        if fold(item) in _CONDITION_WORDS:
            value = "coeliac disease" if fold(item) == "coeliac" else item
            value = "celiac disease" if fold(item) == "celiac" else value
            out.append(_v(value if item.isupper() else value.lower()))
    return out


def _condition(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = clean_phrase(g.get("o") or "", 4)
    return [_v(got)] if got else []


_INJURY = {
    "broke": "a broken",
    "fractured": "a fractured",
    "sprained": "a sprained",
    "injured": "an injured",
    "tore": "a torn",
    "dislocated": "a dislocated",
}
_NOT_BODY = frozenset("heart promise record news bank silence glasses phone leg.".split())


def _injury(g: dict[str, str | None], ctx: Context) -> list[Value]:
    part = (g.get("o") or "").lower()
    if part in _NOT_BODY:
        return []
    return [_v(f"{_INJURY.get(ctx.head.lower(), 'an injured')} {part}")]


def _avoid(g: dict[str, str | None], ctx: Context) -> list[Value]:
    text = clean_phrase(g.get("o") or "", 8) or ""
    return [_v(item) for item in split_list(text) if clean_phrase(item, 4)]


def _languages(g: dict[str, str | None], ctx: Context) -> list[Value]:
    items = re.split(r",\s*|\s+and\s+", g.get("o") or "")
    items = [
        re.sub(r"^(?:a\s+bit\s+of|some|a\s+little|fluent|basic)\s+", "", i.strip()) for i in items
    ]
    return [Value(w, w.lower()) for w in items if w.lower() in LANGUAGES]


def _routine(g: dict[str, str | None], ctx: Context) -> list[Value]:
    phrase = clean_phrase(g.get("o") or "", 10, keep_time=True)
    if not phrase or not any(
        phrase.lower().startswith(v + " ") or phrase.lower() == v for v in ACTIVITY_VERBS
    ):
        return []
    if ctx.frequency and ctx.frequency.lower() not in phrase.lower():
        phrase = f"{phrase} {ctx.frequency.lower()}"
    return [_v(swap_pronouns(phrase, ctx.is_self))]


_HOBBIES = frozenset(
    """
    running swimming painting cycling hiking climbing surfing dancing drawing knitting cooking
    baking gardening meditating journaling skating skiing snowboarding camping fishing singing
    sculpting volunteering biking jogging boxing rowing sewing crocheting reading writing
    sketching woodworking kayaking sailing gaming yoga pottery photography birdwatching
    bouldering pilates archery fencing judo karate crochet calligraphy
    """.split()
)
_GERUND_STOP = frozenset(
    "thinking feeling going doing trying wanting waiting having getting looking meaning wondering "
    "hoping planning saying telling talking asking using seeing hearing coming making being "
    "keeping letting putting dealing struggling".split()
)


def _activity(g: dict[str, str | None], ctx: Context, *, start: bool = False) -> list[Value]:
    raw = (g.get("o") or "").strip()
    text = raw if start else f"{ctx.head} {raw}".strip()
    phrase = clean_phrase(text, 8)
    if phrase:
        phrase = re.sub(r"\s+for\s+(?:[\w-]+\s+){0,3}(?:day|week|month|year)s?$", "", phrase)
        phrase = re.sub(r"\s+(?:hard|so\s+hard|a\s+lot|lately|recently|again)$", "", phrase)
    words = phrase.split() if phrase else []
    if not words or words[-1].lower() in ("on", "at", "in", "with", "to", "for"):
        return []
    first = words[0].lower()
    if first in _GERUND_STOP or (start and not (first.endswith("ing") or first in _HOBBIES)):
        return []
    if start and first.endswith("ing") and len(words) == 1 and first not in _HOBBIES:
        return []
    if len(words) == 1 and first not in _HOBBIES:
        return []
    return [_v(swap_pronouns(" ".join(words), ctx.is_self))]


_PLAN_REJECT_FIRST = frozenset(
    """
    say thank thanks know see hear ask tell let check share talk make show help hang catch give
    chat be have get keep remind send wish congratulate add mention point
    """.split()
)


def _plan(g: dict[str, str | None], ctx: Context, *, want: bool = False) -> list[Value]:
    phrase = clean_phrase(g.get("o") or "", 10)
    if not phrase:
        return []
    words = phrase.split()
    if words[0].lower() in _PLAN_REJECT_FIRST or (want and len(words) < 2):
        return []
    move = re.match(r"(?i)move\s+(?:back\s+)?to\s+(.+)$", phrase)
    if move and clean_place(move.group(1)):
        phrase = f"move to {clean_place(move.group(1))}"
    return [_v(swap_pronouns(phrase, ctx.is_self))]


def _phrase_plan(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = clean_phrase(g.get("o") or "", 6)
    return [_v(got)] if got else []


def _date(g: dict[str, str | None], ctx: Context) -> list[Value]:
    raw = g.get("o") or ""
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


BUILDERS: dict[str, Builder] = {
    "place": _place,
    "move": _move,
    "born": _born,
    "demonym": _demonym,
    "number": _number,
    "self_name": _name,
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
    "children_of": _children_of,
    "likes": _likes,
    "playable": _lower,
    "diet": _lower,
    "allergens": _allergens,
    "intolerance": _intolerance,
    "health_adj": _health_adj,
    "conditions": _conditions,
    "condition": _condition,
    "injury": _injury,
    "avoid": _avoid,
    "languages": _languages,
    "routine": _routine,
    "activity": _activity,
    "activity_start": lambda g, c: _activity(g, c, start=True),
    "plan": _plan,
    "want": lambda g, c: _plan(g, c, want=True),
    "phrase_plan": _phrase_plan,
    "date": _date,
    "email": _email,
    "phone": _phone,
}
"""One builder per value kind a frame, a possessive head or a noun rule names."""


def build(kind: str, groups: dict[str, str | None], ctx: Context) -> list[Value]:
    """The values ``groups`` hold for ``kind`` (empty when none is usable)."""
    return BUILDERS[kind](groups, ctx)
