"""Phrasings the fact grammar learned from check9's errors (tests/data/statements): each rule
is shown on invented sentences, never ones of the set, with the near misses it must stay
silent on or read as before (pure functions, no database)."""

from __future__ import annotations

from memory.tiers.predicates import favorite_predicate, spec_for
from tests.tiers.test_grammar_phrasings import read


def test_a_favourite_is_one_predicate_whatever_the_spelling() -> None:
    # "My favorite color is teal" was favorite_color beside favorite_colour: two facts for
    # one (neither superseding the other). The predicate is spelt the British way.
    assert read("My favorite color is teal.") == {("me", "favorite_colour", "teal", "")}
    assert read("my favourite colour is teal") == {("me", "favorite_colour", "teal", "")}
    assert read("Teal is my favorite color.") == {("me", "favorite_colour", "Teal", "")}
    assert read("My favorite flavor is pistachio.") == {("me", "favorite_flavour", "pistachio", "")}
    assert read("Pistachio is my favorite flavor.") == {
        ("me", "favorite_flavour", "Pistachio", "")
    }
    assert favorite_predicate("ice cream") == "favorite_ice_cream"
    assert favorite_predicate("Color") == "favorite_colour"
    # Near miss: other words keep their spelling; facts stored before still have a spec.
    assert read("My favorite film is Heat.") == {("me", "favorite_film", "Heat", "")}
    assert spec_for("favorite_color").section == "preferences"
