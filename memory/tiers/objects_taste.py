"""Value kinds of tastes and habits: likes (lists split into items), allergens ("a nut
allergy" -> nuts), conditions, injuries, foods avoided, languages, routines, activities and
plans. Builders of the same shape as ``memory.tiers.objects``; joined by
``memory.tiers.builders``.
"""

from __future__ import annotations

import re

from memory.text import fold
from memory.tiers.cleaning import (
    clean_phrase,
    clean_place,
    only_time,
    split_list,
    swap_pronouns,
)
from memory.tiers.objects import Builder, Context, Value, make_value
from memory.tiers.phrases import place
from memory.tiers.vocab import (
    ACTIVITY_VERBS,
    CONDITIONS,
    HEALTH_ADJECTIVES,
    INTOLERANT_TO,
    LANGUAGES,
)


def _likes(g: dict[str, str | None], ctx: Context) -> list[Value]:
    text = clean_phrase(g.get("o") or "", 12)
    if not text:
        return []
    out = []
    for item in split_list(text):
        item = re.sub(r"^(?:especially|particularly|mainly|mostly)\s+", "", item, flags=re.I)
        cleaned = clean_phrase(item, 6)
        if cleaned:
            out.append(make_value(swap_pronouns(cleaned, ctx.is_self)))
    return out


def _lower(g: dict[str, str | None], ctx: Context) -> list[Value]:
    value = " ".join((g.get("o") or "").lower().split())
    return [make_value(value)] if value else []


def _diet(g: dict[str, str | None], ctx: Context) -> list[Value]:
    """A diet; "gluten-free" or "dairy-free" is the food avoided, not a diet of its own."""
    value = " ".join((g.get("o") or "").lower().split())
    food = value[: -len("-free")] if value.endswith("-free") else ""
    if food:
        return [make_value(food, predicate="avoids")]
    return [make_value(value)] if value else []


_PLURAL = {"nut": "nuts", "peanut": "peanuts", "egg": "eggs", "cat": "cats", "dog": "dogs"}


def _allergens(g: dict[str, str | None], ctx: Context) -> list[Value]:
    if g.get("n"):
        nouns = [g["n"] or ""]
        nouns += re.findall(r"\b(?:an?\s+)?([a-z]+(?:\s[a-z]+)?)\s+allerg", g.get("more") or "")
        out = []
        for noun in nouns:
            words = re.sub(r"^(?:an?|and|some|severe|mild)\s+", "", noun.lower()).split()
            if words:
                out.append(make_value(" ".join([*words[:-1], _PLURAL.get(words[-1], words[-1])])))
        return out
    text = clean_phrase(g.get("o") or "", 12) or ""
    out = []
    for item in split_list(text, binomials=False):
        item = re.sub(
            r"^(?:\w+ly\s+)?(?:allergic\s+)?(?:(?:to|the|some|all|most|any|both|either)\s+)+",
            "",
            item.strip(),
            flags=re.I,
        )
        cleaned = clean_phrase(item, 4)
        if cleaned:
            out.append(make_value(cleaned.lower() if not cleaned[:1].isupper() else cleaned))
    return out


def _intolerance(g: dict[str, str | None], ctx: Context) -> list[Value]:
    what = (g.get("o") or "").lower()
    return [make_value(f"{what} intolerance")] if what in INTOLERANT_TO else []


def _health_adj(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = HEALTH_ADJECTIVES.get(" ".join((g.get("o") or "").lower().split()))
    return [make_value(got)] if got else []


_CONDITION_WORDS = {fold(c) for c in CONDITIONS} | {
    fold(re.sub(r"^an?\s+", "", c)) for c in CONDITIONS
}


_SEVERITY = re.compile(
    r"^(?:(?:very|really|quite|pretty)\s+)?(?:mild|severe|bad|chronic|slight|moderate|"
    r"terrible|awful)\s+(?=\S)",
    re.I,
)


def _conditions(g: dict[str, str | None], ctx: Context) -> list[Value]:
    out = []
    for item in re.split(r"\s*,\s*|\s+and\s+", g.get("o") or ""):
        item = _SEVERITY.sub("", " ".join(item.split()))  # "asthma and mild eczema"
        if fold(item) in _CONDITION_WORDS:
            value = "coeliac disease" if fold(item) == "coeliac" else item
            value = "celiac disease" if fold(item) == "celiac" else value
            out.append(make_value(value if item.isupper() else value.lower()))
    return out


def _condition(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = clean_phrase(g.get("o") or "", 4)
    return [make_value(got)] if got else []


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
    raw = " ".join((g.get("o") or "").split())
    part = raw if raw.split()[-1:] and raw.split()[-1].isupper() else raw.lower()  # "ACL"
    if part.lower() in _NOT_BODY:
        return []
    return [make_value(f"{_INJURY.get(ctx.head.lower(), 'an injured')} {part}")]


def _avoid(g: dict[str, str | None], ctx: Context) -> list[Value]:
    raw = re.sub(r"(?i)\s*\b(?:completely|altogether|for\s+good)\b", "", g.get("o") or "")
    raw = re.sub(r"(?i)^\s*anything\s+(?:with|containing)\s+(?:any\s+)?", "", raw)
    if not raw.strip(" .,!") or only_time(raw):
        return []  # "I stopped drinking two years ago": a time is no food (see frames_chat)
    text = clean_phrase(raw, 8) or ""
    return [make_value(item) for item in split_list(text) if clean_phrase(item, 4)]


def _languages(g: dict[str, str | None], ctx: Context) -> list[Value]:
    items = re.split(r",\s*|\s+and\s+", g.get("o") or "")
    items = [
        re.sub(
            r"^(?:a\s+bit\s+of|some|a\s+little|fluent|basic)\s+"
            r"|\s+(?:fluently|well|natively|at\s+home|at\s+work)$",
            "",
            i.strip(" .,!;"),
        )
        for i in items
    ]
    return [Value(w[:1].upper() + w[1:], w.lower()) for w in items if w.lower() in LANGUAGES]


_ELLIPTICAL = frozenset("have has had do does did".split())
"""An auxiliary alone stands for a verb said before ("I hate mornings, always have")."""


def _routine(g: dict[str, str | None], ctx: Context) -> list[Value]:
    phrase = clean_phrase(g.get("o") or "", 10, keep_time=True)
    if not phrase or phrase.lower() in _ELLIPTICAL or not any(
        phrase.lower().startswith(v + " ") or phrase.lower() == v for v in ACTIVITY_VERBS
    ):
        return []
    if ctx.frequency and ctx.frequency.lower() not in phrase.lower():
        phrase = f"{phrase} {ctx.frequency.lower()}"
    return [make_value(swap_pronouns(phrase, ctx.is_self))]


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


_STARTED_NOT_ACTIVITY = frozenset("eating drinking working dating smoking using feeling".split())
"""What "started X-ing" names that is no pastime ("started working at X" is a job)."""


_LEARNT_ON = re.compile(r"^(learning\s+\S+.*?)\s+(?:on|via|with|through|using)\s+[A-Z]\S*$")
"""The app or the teacher of a learning activity is no part of it ("... on Duolingo")."""
_LEARNT_FOR = re.compile(r"^(learning\s+(?:to\s+)?\S+)\s+for\s+(?:an?|my|our|the|work|fun)\b.*$")
"""Why one learns is no part of it ("learning Spanish for a trip to Mexico")."""


def _activity(g: dict[str, str | None], ctx: Context, *, start: bool = False) -> list[Value]:
    # One verb phrase: a comma ends it ("training for a 10k, my knees hate me").
    raw = (g.get("o") or "").split(",")[0].strip()
    text = raw if start else f"{ctx.head} {raw}".strip()
    phrase = clean_phrase(text, 8)
    if phrase:
        phrase = re.sub(r"\s+for\s+(?:[\w-]+\s+){0,3}(?:day|week|month|year)s?$", "", phrase)
        phrase = re.sub(r"\s+(?:hard|so\s+hard|a\s+lot|lately|recently|again)$", "", phrase)
        phrase = _LEARNT_FOR.sub(r"\1", _LEARNT_ON.sub(r"\1", phrase))
    words = phrase.split() if phrase else []
    if not words or words[-1].lower() in ("on", "at", "in", "with", "to", "for"):
        return []
    first = words[0].lower()
    if first in _GERUND_STOP or (start and not (first.endswith("ing") or first in _HOBBIES)):
        return []
    if start and first in _STARTED_NOT_ACTIVITY:
        return []
    if start and first.endswith("ing") and len(words) == 1 and first not in _HOBBIES:
        return []
    if len(words) == 1 and first not in _HOBBIES:
        return []
    return [make_value(swap_pronouns(" ".join(words), ctx.is_self))]


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
    move = re.match(r"(?i:move\s+(?:back\s+)?to)\s+" + place("p"), phrase)
    if move and clean_place(move.group("p")):
        phrase = f"move to {clean_place(move.group('p'))}"
    return [make_value(swap_pronouns(phrase, ctx.is_self))]


_LEMMA = {
    "getting": "get",
    "starting": "start",
    "having": "have",
    "going": "go",
    "heading": "go",
    "flying": "fly",
    "off": "go",
}


def _progressive_plan(g: dict[str, str | None], ctx: Context) -> list[Value]:
    """ "we're going to Iceland in October" -> "go to Iceland"; "I'm starting a pottery course
    in September" -> "start a pottery course"."""
    verb = _LEMMA.get(ctx.head.lower())
    if g.get("p"):
        got = clean_place(g.get("p") or "")
        return [make_value(f"{verb} to {got}")] if verb and got else []
    obj = clean_phrase(g.get("o") or "", 5)
    return [make_value(swap_pronouns(f"{verb} {obj}", ctx.is_self))] if verb and obj else []


def _phrase_plan(g: dict[str, str | None], ctx: Context) -> list[Value]:
    got = clean_phrase(g.get("o") or "", 6)
    return [make_value(got)] if got else []


TASTE_BUILDERS: dict[str, Builder] = {
    "likes": _likes,
    "playable": _lower,
    "diet": _diet,
    "allergens": _allergens,
    "intolerance": _intolerance,
    "health_adj": _health_adj,
    "conditions": _conditions,
    "condition": _condition,
    "injury": _injury,
    "avoid": _avoid,
    "teetotal": lambda g, c: [make_value("alcohol")],
    "languages": _languages,
    "routine": _routine,
    "activity": _activity,
    "activity_start": lambda g, c: _activity(g, c, start=True),
    "plan": _plan,
    "want": lambda g, c: _plan(g, c, want=True),
    "phrase_plan": _phrase_plan,
    "progressive_plan": _progressive_plan,
}
"""Builders of the value kinds of ``memory.tiers.frames_taste``."""
