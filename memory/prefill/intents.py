"""What a form field asks for: a small deterministic map from labels to fact predicates.

``intent_for(field, subject_names)`` reads a field's label, name, placeholder and
``autocomplete`` token and returns an ``Intent``: which fact predicates answer it (in order)
and what kind of value it wants (a whole name, a given name, a date, a place...). Short
labels ("First name", "Dietary restriction") match keyword patterns; whole questions match
only question patterns that really ask for the attribute ("What is your dietary
restriction?", "Do you have any pets?"), so "Is Oscar your pet?" does not become a request
for the user's pets. Names of the form's subject in a question are read as "you"/"your".

Predicates follow ``memory.tiers.predicates`` (``lives_in``, ``works_at``, ``has_<role>``,
``favorite_<thing>``...). Used by ``memory.prefill.service``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from memory.prefill.sensitive import _words
from memory.prefill.spec import Field

ROLE_WORDS = {
    "spouse": ("has_spouse", "has_wife", "has_husband", "has_partner"),
    "partner": (
        "has_partner",
        "has_spouse",
        "has_wife",
        "has_husband",
        "has_girlfriend",
        "has_boyfriend",
        "has_fiance",
        "has_fiancee",
    ),
    "husband": ("has_husband", "has_spouse"),
    "wife": ("has_wife", "has_spouse"),
    "boyfriend": ("has_boyfriend", "has_partner"),
    "girlfriend": ("has_girlfriend", "has_partner"),
    "fiance": ("has_fiance", "has_fiancee"),
    "fiancee": ("has_fiancee", "has_fiance"),
    "mother": ("has_mother",),
    "mom": ("has_mother",),
    "mum": ("has_mother",),
    "father": ("has_father",),
    "dad": ("has_father",),
    "sister": ("has_sister",),
    "brother": ("has_brother",),
    "son": ("has_son",),
    "daughter": ("has_daughter",),
    "manager": ("has_manager", "has_boss"),
    "boss": ("has_boss", "has_manager"),
    "doctor": ("has_doctor",),
    "dentist": ("has_dentist",),
    "best friend": ("has_best_friend",),
    "roommate": ("has_roommate",),
}


@dataclass(frozen=True)
class Intent:
    """What a field asks for.

    Attributes:
        key: a stable name (``given_name``, ``city``, ``diet``...).
        predicates: the fact predicates that answer it, best first.
        value: how the value is taken from a fact: ``whole``, ``given``, ``family``,
            ``date``, ``email``, ``phone``, ``number``, ``list`` (all current values joined),
            ``country``.
        query: words for retrieval when no fact answers ("my email address").
    """

    key: str
    predicates: tuple[str, ...]
    value: str = "whole"
    query: str = ""


@dataclass(frozen=True)
class _Rule:
    intent: Intent
    label: re.Pattern[str] | None
    question: re.Pattern[str] | None
    autocomplete: frozenset[str] = frozenset()


def _rule(
    key: str,
    predicates: Sequence[str],
    label: str | None,
    question: str | None,
    *,
    value: str = "whole",
    query: str = "",
    autocomplete: Sequence[str] = (),
) -> _Rule:
    return _Rule(
        Intent(key, tuple(predicates), value, query or key.replace("_", " ")),
        re.compile(label) if label else None,
        re.compile(question) if question else None,
        frozenset(autocomplete),
    )


_Q = r"^(what|which|whats|what's) (is|are|s) (your|ur) "
_RULES: tuple[_Rule, ...] = (
    _rule(
        "email",
        ["email"],
        r"\be ?mail\b",
        _Q + r"(e ?mail|email address)\b",
        value="email",
        query="my email address",
        autocomplete=["email"],
    ),
    _rule(
        "emergency_contact",
        ["has_emergency_contact"],
        r"\bemergency\b",
        r"\bemergency contact\b",
        query="emergency contact",
    ),
    _rule(
        "phone",
        ["phone"],
        r"\b(phone|mobile|cell|telephone|tel)\b",
        _Q + r"(phone|mobile|cell|telephone)( number)?\b",
        value="phone",
        query="my phone number",
        autocomplete=["tel", "tel-national", "mobile"],
    ),
    _rule(
        "pets",
        ["has_pet"],
        r"\bpets?\b|\bpet s names?\b|\b(dog|cat) s name\b",
        r"^(what|which) (pets?|animals?) (do|does) you (have|own)\b|^do you have (any )?pets?\b"
        r"|" + _Q + r"(pets?|dogs?|cats?)( s)? names?\b"
        r"|^what (are|is) the names? of your pets?\b",
        value="pets",
        query="my pet",
    ),
    _rule(
        "children",
        ["has_children", "has_son", "has_daughter", "has_child"],
        r"^(children|kids|number of children|how many children)$",
        r"^(how many|do you have) (children|kids)\b",
        query="my children",
    ),
    _rule(
        "given_name",
        ["name"],
        r"\b(first|given|fore) ?names?\b|\bforename\b",
        _Q + r"(first|given) name\b",
        value="given",
        autocomplete=["given-name"],
    ),
    _rule(
        "family_name",
        ["name"],
        r"\b(last|family|sur) ?names?\b|\bsurname\b",
        _Q + r"(last|family) name\b|" + _Q + r"surname\b",
        value="family",
        autocomplete=["family-name"],
    ),
    _rule(
        "full_name",
        ["name"],
        r"^(your |full |legal |complete )?name$|^name and surname$|^(full|your) name\b",
        _Q + r"(full |legal )?name\b|^who are you\b",
        autocomplete=["name"],
    ),
    _rule(
        "birthday",
        ["birthday"],
        r"\bbirth ?(day|date)\b|\bdate of birth\b|\bdob\b|\bborn\b",
        r"^when (is|s) your birthday\b|" + _Q + r"(birthday|date of birth|birth date)\b"
        r"|^when were you born\b",
        value="date",
        query="my birthday",
        autocomplete=["bday"],
    ),
    _rule(
        "age",
        ["age"],
        r"^(your )?age$|^how old\b",
        r"^how old are you\b|" + _Q + r"age\b",
        value="number",
    ),
    _rule(
        "nationality",
        ["from"],
        r"\bnationality\b|\bcitizenship\b",
        _Q + r"(nationality|citizenship)\b",
        value="country",
    ),
    _rule(
        "origin",
        ["from"],
        r"\bcountry of (origin|birth)\b|\bplace of birth\b|\bbirth ?place\b|\bhome ?town\b"
        r"|\bwhere (are|do) you (come )?from\b",
        r"^where (are|do) you (originally )?(come )?from\b|" + _Q + r"(home ?town|birth ?place)\b"
        r"|^where did you grow up\b|^where were you born\b",
        query="I am from",
    ),
    _rule(
        "country",
        ["lives_in", "from"],
        r"\bcountry\b",
        r"^(what|which) country do you live in\b",
        value="country",
        autocomplete=["country", "country-name"],
    ),
    _rule(
        "city",
        ["lives_in"],
        r"\b(city|town)\b|\bplace of residence\b|\bresidence\b|\bcurrent location\b"
        r"|^location$|\bwhere (do|did) you live\b|\bwhere are you based\b",
        r"^where do you (currently )?live\b|^where are you (currently )?(based|living)\b|"
        + _Q
        + r"(city|town|current city|place of residence)\b"
        r"|^(what|which) (city|town) do you live in\b",
        query="where I live",
        autocomplete=["address-level2"],
    ),
    _rule(
        "employer",
        ["works_at"],
        r"\bemployer\b|\bcompany\b|\borgani[sz]ation\b|\bworkplace\b|\bplace of work\b"
        r"|\bwhere do you work\b",
        r"^where do you (currently )?work\b|^who do you work for\b|"
        + _Q
        + r"(employer|company|workplace)\b|^(which|what) company do you work (for|at)\b",
        query="where I work",
        autocomplete=["organization"],
    ),
    _rule(
        "job_title",
        ["job_title"],
        r"\bjob( title)?\b|\boccupation\b|\bprofession\b|\bposition\b|^role$|\bjob role\b"
        r"|\bwhat do you do\b",
        r"^what do you do( for (a )?(living|work))?\b|" + _Q + r"(job|job title|occupation"
        r"|profession|role|position)\b|^what is your line of work\b",
        query="my job",
        autocomplete=["organization-title"],
    ),
    _rule(
        "school",
        ["studies_at"],
        r"\b(school|university|college)\b",
        r"^where do you study\b|^(which|what) (school|university|college) do you (attend|go to)\b",
        query="where I study",
    ),
    _rule(
        "field_of_study",
        ["studies"],
        r"\bfield of study\b|\bmajor\b|\bdegree subject\b",
        r"^what do you study\b|" + _Q + r"(major|field of study)\b",
        value="list",
    ),
    _rule(
        "diet",
        ["diet"],
        r"\bdiet(ary)?\b|\bfood (restrictions?|preferences?|requirements?)\b"
        r"|\bmeal (preferences?|choice|option)\b",
        _Q + r"(dietary (restrictions?|requirements?|needs|preferences?)|diet)\b"
        r"|^do you have (any )?dietary (restrictions?|requirements?|needs)\b"
        r"|^(are you|is your diet) (vegetarian|vegan)\b",
        query="I am vegetarian vegan diet",
    ),
    _rule(
        "allergies",
        ["allergic_to"],
        r"\ballerg(y|ies|ic)\b",
        r"\b(do|are) you (have )?(any )?(allerg(y|ies|ic))\b|" + _Q + r"allerg(y|ies)\b"
        r"|^what are you allergic to\b",
        value="list",
        query="I am allergic to",
    ),
    _rule(
        "health",
        ["health"],
        r"\b(medical|health) (conditions?|history|issues?)\b",
        r"^do you have (any )?(medical|health) (conditions?|issues?)\b",
        value="list",
    ),
    _rule(
        "languages",
        ["speaks"],
        r"\blanguages?\b",
        r"^(what|which) languages? do you speak\b|" + _Q + r"languages?\b",
        value="list",
    ),
    _rule(
        "hobbies",
        ["likes", "plays"],
        r"\bhobb(y|ies)\b|\binterests?\b",
        r"^what (are|is) your (hobb(y|ies)|interests?)\b|^what do you (like|enjoy) doing\b",
        value="list",
        query="I love I enjoy",
    ),
    _rule(
        "goals",
        ["goal", "plans"],
        r"^(your )?(goals?|plans?)$",
        _Q + r"(goals?|plans?)( for the future| in life)?$",
        value="list",
    ),
)

_FAVORITE = re.compile(r"\bfavou?rite (\w+)\b")
_ROLE = re.compile(
    r"\b(your |ur )?("
    + "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True))
    + r")( s)? (full )?name\b"
)
_ROLE_ALONE = re.compile(
    r"^(your )?("
    + "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True))
    + r")$"
)
_ROLE_QUESTION = re.compile(
    r"^(what|whats|what's) (is|s) (the name of )?(your )?("
    + "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True))
    + r")( s)? ?(full )?(name)?\b|^who is your ("
    + "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True))
    + r")\b"
)
_SPELLING = {"colour": "color", "flavour": "flavor", "color": "colour", "flavor": "flavour"}


def as_second_person(text: str, subject_names: Sequence[str]) -> str:
    """``text`` folded to words, with the subject's names read as "your"/"you"."""
    words = " ".join(_words(text).replace("'", " ").split())
    for name in subject_names:
        key = " ".join(_words(name).replace("'", " ").split())
        if not key:
            continue
        words = re.sub(rf"\b{re.escape(key)} s\b", "your", words)
        words = re.sub(rf"\b{re.escape(key)}\b", "you", words)
    words = re.sub(r"\bdoes you\b", "do you", words)
    words = re.sub(r"\bis you\b", "are you", words)
    words = re.sub(r"\bhas you\b", "have you", words)
    return words


def is_question(field: Field) -> bool:
    """True for a field asked as a whole question rather than a short label."""
    label = field.label.strip()
    return field.type == "question" and (label.endswith("?") or len(label.split()) > 4)


def intent_for(field: Field, subject_names: Sequence[str] = ()) -> Intent | None:
    """What ``field`` asks for, or None when no deterministic mapping applies.

    Args:
        field: the form field.
        subject_names: names of the person the form is about (read as "you").
    """
    tokens = set((field.autocomplete or "").lower().split())
    for rule in _RULES:
        if tokens & rule.autocomplete:
            return rule.intent
    if field.type == "email":
        return _by_key("email")
    if field.type == "tel":
        return _by_key("phone")
    question = is_question(field)
    texts = [as_second_person(field.label, subject_names)]
    if not question and field.name and field.name != field.label:
        texts.append(as_second_person(field.name, subject_names))
    for text in texts:
        found = _match(text, question)
        if found is not None:
            return found
    return None


def _match(text: str, question: bool) -> Intent | None:
    if not text:
        return None
    if question:
        role = _ROLE_QUESTION.search(text)
        if role:
            word = role.group(5) or role.group(9)
            return Intent(f"relation_{word}", ROLE_WORDS[word], "list", f"my {word}")
    else:
        role = _ROLE.search(text) or _ROLE_ALONE.match(text)
        if role:
            word = role.group(2)
            return Intent(f"relation_{word}", ROLE_WORDS[word], "list", f"my {word}")
    favorite = _FAVORITE.search(text)
    if favorite and (not question or re.match(_Q + r"favou?rite\b", text)):
        thing = favorite.group(1)
        names = [f"favorite_{thing}"]
        if thing in _SPELLING:
            names.append(f"favorite_{_SPELLING[thing]}")
        return Intent(f"favorite_{thing}", tuple(names), "whole", f"my favourite {thing}")
    for rule in _RULES:
        pattern = rule.question if question else rule.label
        if pattern is not None and pattern.search(text):
            return rule.intent
    return None


def _by_key(key: str) -> Intent:
    return next(r.intent for r in _RULES if r.intent.key == key)
