"""What Mneme knows how to hold as a fact: predicates, their cardinality and how they read.

Used by extraction (which predicates exist), reconciliation (single-valued predicates
supersede or conflict, multi-valued ones add; opposites such as likes/dislikes), the persona
(which section a fact belongs to) and the answers (the readable sentence of a fact).
"""

from __future__ import annotations

from dataclasses import dataclass

SECTIONS = ("identity", "people", "places", "work", "preferences", "health", "routines", "goals")

RELATIONS = {
    # role word -> (canonical role, single-valued)
    "wife": ("wife", True),
    "husband": ("husband", True),
    "spouse": ("spouse", True),
    "partner": ("partner", True),
    "fiance": ("fiance", True),
    "fiancé": ("fiance", True),
    "fiancee": ("fiancee", True),
    "fiancée": ("fiancee", True),
    "girlfriend": ("girlfriend", True),
    "boyfriend": ("boyfriend", True),
    "mother": ("mother", True),
    "mom": ("mother", True),
    "mum": ("mother", True),
    "father": ("father", True),
    "dad": ("father", True),
    "sister": ("sister", False),
    "brother": ("brother", False),
    "sibling": ("sibling", False),
    "son": ("son", False),
    "daughter": ("daughter", False),
    "child": ("child", False),
    "cousin": ("cousin", False),
    "aunt": ("aunt", False),
    "uncle": ("uncle", False),
    "niece": ("niece", False),
    "nephew": ("nephew", False),
    "grandmother": ("grandmother", False),
    "grandma": ("grandmother", False),
    "granny": ("grandmother", False),
    "grandfather": ("grandfather", False),
    "grandpa": ("grandfather", False),
    "stepmother": ("stepmother", False),
    "stepfather": ("stepfather", False),
    "stepson": ("stepson", False),
    "stepdaughter": ("stepdaughter", False),
    "friend": ("friend", False),
    "best friend": ("best friend", False),
    "roommate": ("roommate", False),
    "flatmate": ("roommate", False),
    "neighbor": ("neighbour", False),
    "neighbour": ("neighbour", False),
    "boss": ("boss", False),
    "manager": ("manager", False),
    "colleague": ("colleague", False),
    "coworker": ("colleague", False),
    "co-worker": ("colleague", False),
    "mentor": ("mentor", False),
    "therapist": ("therapist", False),
    "doctor": ("doctor", False),
    "dentist": ("dentist", False),
    "landlord": ("landlord", False),
}


@dataclass(frozen=True)
class PredicateSpec:
    """How a predicate behaves.

    Attributes:
        name: the predicate as stored (``lives_in``).
        single: one current value per subject (a second one supersedes or conflicts).
        mutable: the value can change over time (with a change cue it supersedes).
        section: the persona section it belongs to.
        importance: 0..1, raises the fact's starting strength (decay).
        self_text / other_text: the readable sentence (``{s}`` subject, ``{o}`` object,
            ``{q}`` qualifier); past forms are used for history.
        opposite: the predicate that contradicts it on the same object (likes/dislikes).
        time_varying: a newer value always replaces the older one (age).
    """

    name: str
    single: bool
    mutable: bool
    section: str
    importance: float
    self_text: str
    other_text: str
    self_past: str
    other_past: str
    opposite: str | None = None
    time_varying: bool = False


def _p(
    name: str,
    single: bool,
    mutable: bool,
    section: str,
    importance: float,
    self_text: str,
    other_text: str,
    self_past: str,
    other_past: str,
    **kw: object,
) -> PredicateSpec:
    return PredicateSpec(
        name,
        single,
        mutable,
        section,
        importance,
        self_text,
        other_text,
        self_past,
        other_past,
        **kw,  # type: ignore[arg-type]
    )


_SPECS = [
    _p(
        "name",
        True,
        False,
        "identity",
        1.0,
        "Your name is {o}.",
        "{s}'s name is {o}.",
        "Your name was {o}.",
        "{s}'s name was {o}.",
    ),
    _p(
        "birthday",
        True,
        False,
        "identity",
        1.0,
        "Your birthday is {o}.",
        "{s}'s birthday is {o}.",
        "Your birthday was given as {o}.",
        "{s}'s birthday was given as {o}.",
    ),
    _p(
        "age",
        True,
        True,
        "identity",
        0.4,
        "You are {o} years old.",
        "{s} is {o} years old.",
        "You were {o} years old.",
        "{s} was {o} years old.",
        time_varying=True,
    ),
    _p(
        "from",
        True,
        False,
        "identity",
        0.8,
        "You are from {o}.",
        "{s} is from {o}.",
        "You were said to be from {o}.",
        "{s} was said to be from {o}.",
    ),
    _p(
        "speaks",
        False,
        False,
        "identity",
        0.4,
        "You speak {o}.",
        "{s} speaks {o}.",
        "You spoke {o}.",
        "{s} spoke {o}.",
    ),
    _p(
        "email",
        False,
        True,
        "identity",
        0.6,
        "Your email is {o}.",
        "{s}'s email is {o}.",
        "Your email was {o}.",
        "{s}'s email was {o}.",
    ),
    _p(
        "phone",
        False,
        True,
        "identity",
        0.6,
        "Your phone number is {o}.",
        "{s}'s phone number is {o}.",
        "Your phone number was {o}.",
        "{s}'s phone number was {o}.",
    ),
    _p(
        "lives_in",
        True,
        True,
        "places",
        0.9,
        "You live in {o}.",
        "{s} lives in {o}.",
        "You lived in {o}.",
        "{s} lived in {o}.",
    ),
    _p(
        "works_at",
        True,
        True,
        "work",
        0.8,
        "You work at {o}.",
        "{s} works at {o}.",
        "You worked at {o}.",
        "{s} worked at {o}.",
    ),
    _p(
        "job_title",
        True,
        True,
        "work",
        0.7,
        "You work as {ao}.",
        "{s} works as {ao}.",
        "You worked as {ao}.",
        "{s} worked as {ao}.",
    ),
    _p(
        "studies_at",
        True,
        True,
        "work",
        0.6,
        "You study at {o}.",
        "{s} studies at {o}.",
        "You studied at {o}.",
        "{s} studied at {o}.",
    ),
    _p(
        "studies",
        False,
        True,
        "work",
        0.5,
        "You study {o}.",
        "{s} studies {o}.",
        "You studied {o}.",
        "{s} studied {o}.",
    ),
    _p(
        "has_pet",
        False,
        True,
        "people",
        0.7,
        "You have {q} named {o}.",
        "{s} has {q} named {o}.",
        "You had {q} named {o}.",
        "{s} had {q} named {o}.",
    ),
    _p(
        "has_children",
        True,
        True,
        "people",
        0.6,
        "You have {o}.",
        "{s} has {o}.",
        "You had {o}.",
        "{s} had {o}.",
        time_varying=True,
    ),
    _p(
        "likes",
        False,
        True,
        "preferences",
        0.4,
        "You like {o}.",
        "{s} likes {o}.",
        "You liked {o}.",
        "{s} liked {o}.",
        opposite="dislikes",
    ),
    _p(
        "dislikes",
        False,
        True,
        "preferences",
        0.4,
        "You dislike {o}.",
        "{s} dislikes {o}.",
        "You disliked {o}.",
        "{s} disliked {o}.",
        opposite="likes",
    ),
    _p(
        "plays",
        False,
        True,
        "preferences",
        0.4,
        "You play {o}.",
        "{s} plays {o}.",
        "You played {o}.",
        "{s} played {o}.",
    ),
    _p(
        "diet",
        True,
        True,
        "health",
        0.7,
        "You are {o}.",
        "{s} is {o}.",
        "You were {o}.",
        "{s} was {o}.",
    ),
    _p(
        "allergic_to",
        False,
        True,
        "health",
        0.9,
        "You are allergic to {o}.",
        "{s} is allergic to {o}.",
        "You were allergic to {o}.",
        "{s} was allergic to {o}.",
    ),
    _p(
        "health",
        False,
        True,
        "health",
        0.7,
        "You have {o}.",
        "{s} has {o}.",
        "You had {o}.",
        "{s} had {o}.",
    ),
    _p(
        "routine",
        False,
        True,
        "routines",
        0.4,
        "You usually {o}.",
        "{s} usually {o3}.",
        "You used to {o}.",
        "{s} used to {o}.",
    ),
    _p(
        "activity",
        False,
        True,
        "routines",
        0.4,
        "You have been {o}.",
        "{s} has been {o}.",
        "You used to be {o}.",
        "{s} used to be {o}.",
    ),
    _p(
        "plans",
        False,
        True,
        "goals",
        0.5,
        "You plan to {o}.",
        "{s} plans to {o}.",
        "You planned to {o}.",
        "{s} planned to {o}.",
    ),
    _p(
        "goal",
        False,
        True,
        "goals",
        0.5,
        "Your goal is to {o}.",
        "{s}'s goal is to {o}.",
        "Your goal was to {o}.",
        "{s}'s goal was to {o}.",
    ),
]
PREDICATES: dict[str, PredicateSpec] = {s.name: s for s in _SPECS}


def favorite_spec(thing: str) -> PredicateSpec:
    """``favorite_<thing>``: single-valued, changes over time ("my favourite drink is...")."""
    label = thing.replace("_", " ")
    return _p(
        f"favorite_{thing}",
        True,
        True,
        "preferences",
        0.5,
        f"Your favourite {label} is {{o}}.",
        f"{{s}}'s favourite {label} is {{o}}.",
        f"Your favourite {label} was {{o}}.",
        f"{{s}}'s favourite {label} was {{o}}.",
    )


def relation_spec(role: str) -> PredicateSpec:
    """``has_<role>`` (``has_sister``): the object is a person; partners and parents single."""
    canonical, single = RELATIONS.get(role, (role, False))
    mutable = canonical not in ("mother", "father")
    return _p(
        f"has_{canonical.replace(' ', '_')}",
        single,
        mutable,
        "people",
        0.8,
        f"Your {canonical} is {{o}}.",
        f"{{s}}'s {canonical} is {{o}}.",
        f"Your {canonical} was {{o}}.",
        f"{{s}}'s {canonical} was {{o}}.",
    )


def spec_for(predicate: str) -> PredicateSpec:
    """The spec of any stored predicate (fixed, ``favorite_*`` or ``has_<role>``)."""
    if predicate in PREDICATES:
        return PREDICATES[predicate]
    if predicate.startswith("favorite_"):
        return favorite_spec(predicate[len("favorite_") :])
    if predicate.startswith("has_"):
        return relation_spec(predicate[len("has_") :].replace("_", " "))
    return _p(
        predicate,
        False,
        True,
        "identity",
        0.3,
        "You: {o}.",
        "{s}: {o}.",
        "You (before): {o}.",
        "{s} (before): {o}.",
    )


def fact_sentence(
    predicate: str,
    subject: str,
    obj: str,
    *,
    is_self: bool,
    qualifier: str | None = None,
    past: bool = False,
) -> str:
    """The readable sentence of a fact ("You live in Berlin.", "Rita's sister is Ana.")."""
    spec = spec_for(predicate)
    if is_self:
        template = spec.self_past if past else spec.self_text
    else:
        template = spec.other_past if past else spec.other_text
    article = "an " if obj[:1].lower() in "aeiou" else "a "
    text = template.format(
        s=subject, o=obj, q=qualifier or "a pet", ao=article + obj, o3=third_person(obj)
    )
    return text[0].upper() + text[1:]


_IRREGULAR = {"have": "has", "be": "is", "do": "does", "go": "goes"}


def third_person(phrase: str) -> str:
    """The verb phrase for "she/he": "watch movies" -> "watches movies" (first word only)."""
    head, _, rest = phrase.partition(" ")
    low = head.lower()
    if low in _IRREGULAR:
        verb = _IRREGULAR[low]
    elif low.endswith(("s", "sh", "ch", "x", "z", "o")):
        verb = head + "es"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        verb = head[:-1] + "ies"
    else:
        verb = head + "s"
    return f"{verb} {rest}".strip()
