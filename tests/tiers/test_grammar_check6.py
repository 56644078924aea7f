"""Phrasings the fact grammar learned after the blind check6 split (tests/data/statements):
each rule is shown on sentences other than the ones of the set, with the near misses it must
stay silent on (pure functions, no database)."""

from __future__ import annotations

from tests.tiers.test_grammar_phrasings import read


def test_children_in_a_chat_list_or_greeting() -> None:
    assert read("Married with three kids, send help.") == {("me", "has_children", "three kids", "")}
    assert read("I'm 51, widowed, two sons, retired.") == {
        ("me", "age", "51", ""),
        ("me", "has_children", "two sons", ""),
    }
    assert read("Mum of two here, both at school.") == {("me", "has_children", "two children", "")}
    assert read("Dad of one.") == {("me", "has_children", "one child", "")}
    # Near misses: someone else's children, children that do not end the item, no count.
    assert read("My brother is married with three kids.") == set()
    assert read("I'm married with two kids' bikes in the hall.") == set()
    assert read("I'm one of four kids.") == set()
    assert read("We're two girls from Hull.") == set()
    assert read("Dad of the bride here!") == set()


def test_a_named_child_or_pet_with_its_age_before_the_noun() -> None:
    assert read("We have a 4-year-old son called Arlo.") == {
        ("me", "has_son", "Arlo", ""),
        ("Arlo", "age", "4", ""),
    }
    assert read("I've got a two-year-old daughter, Maisie.") == {
        ("me", "has_daughter", "Maisie", ""),
        ("Maisie", "age", "2", ""),
    }
    # A named child is not an unnamed "a son" as well; no name, no age of anyone.
    assert read("We have a son named Arlo.") == {("me", "has_son", "Arlo", "")}
    assert read("We bought a 10-year-old car called Betsy.") == set()
    assert read("I met a 4-year-old boy at the park.") == set()


def test_giving_up_drink_and_a_time_is_no_food() -> None:
    assert read("I quit drinking last year.") == {("me", "avoids", "alcohol", "")}
    assert read("I stopped drinking completely.") == {("me", "avoids", "alcohol", "")}
    assert read("I stopped drinking fizzy drinks.") == {("me", "avoids", "fizzy drinks", "")}
    assert read("I stopped eating three weeks ago.") == set()
    assert read("My dad stopped drinking in 2010.") == set()  # unnamed: no one to hold it


def test_an_activity_ends_at_its_comma() -> None:
    assert read("I'm learning the cello, my neighbours hate it.") == {
        ("me", "activity", "learning the cello", "")
    }
    assert read("I'm knitting a scarf, it's taking ages.") == {
        ("me", "activity", "knitting a scarf", "")
    }


def test_a_landline_and_a_quick_intro() -> None:
    assert read("My landline is 0131 496 0000.") == {("me", "phone", "0131 496 0000", "")}
    assert read("My mum's landline is 0131 496 0000.") == set()
    assert read("Quick intro: Omar, 27, electrician, living in Bolton.") == {
        ("me", "name", "Omar", ""),
        ("me", "age", "27", ""),
        ("me", "job_title", "electrician", ""),
        ("me", "lives_in", "Bolton", ""),
    }
    assert read("Intro: the novel opens in Rome, 1953.") == set()
