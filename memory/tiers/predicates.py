"""What Mneme knows how to hold as a fact: predicates, their cardinality and how they read.

The fixed predicates are data in ``memory.tiers.predicate_table``; here are the relation
roles, the families made on demand (``favorite_<thing>``, ``has_<role>``) and the readable
sentence of a fact.

Used by extraction (which predicates exist), reconciliation (single-valued predicates
supersede or conflict, multi-valued ones add; opposites such as likes/dislikes), the persona
(which section a fact belongs to) and the answers (the readable sentence of a fact).
"""

from __future__ import annotations

from memory.tiers.predicate_table import PREDICATES, PredicateSpec, make_spec

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
    "kid": ("child", False),
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
    "grandad": ("grandfather", False),
    "granddad": ("grandfather", False),
    "gran": ("grandmother", False),
    "nan": ("grandmother", False),
    "nana": ("grandmother", False),
    "stepmother": ("stepmother", False),
    "stepfather": ("stepfather", False),
    "stepson": ("stepson", False),
    "stepdaughter": ("stepdaughter", False),
    "friend": ("friend", False),
    "best friend": ("best friend", False),
    "best mate": ("best friend", False),
    "mate": ("friend", False),
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
    "gp": ("doctor", False),
    "dentist": ("dentist", False),
    "landlord": ("landlord", False),
}


def favorite_spec(thing: str) -> PredicateSpec:
    """``favorite_<thing>``: single-valued, changes over time ("my favourite drink is...")."""
    label = thing.replace("_", " ")
    return make_spec(
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


_BRITISH = {"color": "colour", "flavor": "flavour", "colors": "colours", "flavors": "flavours"}


def favorite_predicate(thing: str) -> str:
    """The predicate of one's favourite ``thing`` ("film", "ice cream"), spelt the British way
    whatever the writer's spelling ("favorite color" and "favourite colour" are one fact:
    ``favorite_colour``)."""
    words = [_BRITISH.get(w, w) for w in thing.lower().split()]
    return "favorite_" + "_".join(words)


def relation_spec(role: str) -> PredicateSpec:
    """``has_<role>`` (``has_sister``): the object is a person; partners and parents single."""
    canonical, single = RELATIONS.get(role, (role, False))
    mutable = canonical not in ("mother", "father")
    return make_spec(
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
    return make_spec(
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
    label = f"{qualifier} " if qualifier else ""
    phone = qualifier if qualifier and qualifier.endswith("fax") else f"{label}phone"
    text = template.format(
        s=subject,
        o=obj,
        q=qualifier or "a pet",
        ql=label,
        phone=phone,
        ao=article + obj,
        o3=third_person(obj),
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


__all__ = [
    "PREDICATES",
    "RELATIONS",
    "SECTIONS",
    "PredicateSpec",
    "fact_sentence",
    "favorite_predicate",
    "favorite_spec",
    "relation_spec",
    "spec_for",
    "third_person",
]
