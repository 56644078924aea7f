"""The table of predicates the fact tier holds: cardinality, section and wording of each.

``PredicateSpec`` says how one predicate behaves; ``PREDICATES`` lists the fixed ones
(``favorite_<thing>`` and ``has_<role>`` are made by ``memory.tiers.predicates``). Data only:
the functions that read it live in ``memory.tiers.predicates``.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def make_spec(
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
    """A ``PredicateSpec`` from positional fields (keeps the table below compact)."""
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
    make_spec(
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
    make_spec(
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
    make_spec(
        "birth_year",
        True,
        False,
        "identity",
        0.8,
        "You were born in {o}.",
        "{s} was born in {o}.",
        "You were said to be born in {o}.",
        "{s} was said to be born in {o}.",
    ),
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
        "email",
        False,
        True,
        "identity",
        0.6,
        "Your {ql}email is {o}.",
        "{s}'s {ql}email is {o}.",
        "Your {ql}email was {o}.",
        "{s}'s {ql}email was {o}.",
    ),
    make_spec(
        "phone",
        False,
        True,
        "identity",
        0.6,
        "Your {phone} number is {o}.",
        "{s}'s {phone} number is {o}.",
        "Your {phone} number was {o}.",
        "{s}'s {phone} number was {o}.",
    ),
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
        "avoids",
        False,
        True,
        "health",
        0.7,
        "You don't eat or drink {o}.",
        "{s} doesn't eat or drink {o}.",
        "You used to avoid {o}.",
        "{s} used to avoid {o}.",
    ),
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
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
    make_spec(
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
"""Every fixed predicate by name."""
