"""Phrasings the fact grammar learned from check7's errors (tests/data/statements): each rule
is shown on invented sentences, never ones of the set, with the near misses it must stay
silent on or read as before (pure functions, no database)."""

from __future__ import annotations

from memory.tiers.extract import sentences
from memory.tiers.initials import join_initials
from tests.tiers.test_grammar_phrasings import read


def test_a_name_given_is_no_first_part_of_a_pair_with_i() -> None:
    # "My name's Tom and I ..." is two clauses: Tom is the writer, not a partner beside them.
    assert read("My name's Dara and I'm a welder.") == {
        ("me", "name", "Dara", ""),
        ("me", "job_title", "welder", ""),
    }
    assert read("My name is Ilse and I work at Lidl.") == {
        ("me", "name", "Ilse", ""),
        ("me", "works_at", "Lidl", ""),
    }
    # Near misses: a relation named before "and I" is still one subject with the writer.
    assert read("My partner Noor and I live in Hull.") == {
        ("me", "lives_in", "Hull", ""),
        ("Noor", "lives_in", "Hull", ""),
        ("me", "has_partner", "Noor", ""),
    }
    assert read("My flatmate's cousin Abe and I moved to Derby.") == {
        ("me", "lives_in", "Derby", ""),
        ("Abe", "lives_in", "Derby", ""),
    }


def test_an_initial_ends_no_sentence() -> None:
    assert read("My favourite author is Iain M. Banks.") == {
        ("me", "favorite_author", "Iain M. Banks", "")
    }
    assert sentences("My favourite poet is T. S. Eliot. I live in Ely.") == [
        "My favourite poet is T. S. Eliot.",
        "I live in Ely.",
    ]
    # Near misses: a letter before "I", "My", "Then" still ends its sentence.
    assert sentences("My blood group is A. I live in Ely.") == [
        "My blood group is A.",
        "I live in Ely.",
    ]
    assert join_initials(["I take vitamin D.", "My GP said so."]) == [
        "I take vitamin D.",
        "My GP said so.",
    ]
    assert join_initials(["Plan B.", "Then we left."]) == ["Plan B.", "Then we left."]


def test_an_adverb_of_place_is_no_part_of_a_workplace() -> None:
    assert read("I work at a pharmacy downtown.") == {("me", "works_at", "a pharmacy", "")}
    assert read("I'm a cook at a diner nearby.") == {
        ("me", "job_title", "cook", ""),
        ("me", "works_at", "a diner", ""),
    }
    # Near misses: the same word inside a name stays.
    assert read("I work at Downtown Dental.") == {("me", "works_at", "Downtown Dental", "")}
    assert read("I work at the Uptown Theatre.") == {("me", "works_at", "the Uptown Theatre", "")}


def test_a_birthday_line_with_a_date_alone() -> None:
    assert read("Birthday: 17 October.") == {("me", "birthday", "17 October", "")}
    assert read("Bday: April 2nd") == {("me", "birthday", "2 April", "")}
    # Near misses: a birthday line that is an errand, or a date with more after it.
    assert read("Birthday: Gran's lunch at noon.") == set()
    assert read("Birthday: 17 October, order the cake.") == set()
    assert read("Birthday list: 17 October") == set()


def test_knowing_a_little_of_a_language() -> None:
    assert read("I know a little Hindi.") == {("me", "speaks", "Hindi", "")}
    assert read("I know a few words of Basque.") == {("me", "speaks", "Basque", "")}
    # Near misses: no quantifier, no language, someone else, a question, a negation.
    assert read("I know Priya.") == set()
    assert read("I know some Canadians.") == set()
    assert read("He knows a little Hindi.") == set()
    assert read("Do you know some Hindi?") == set()
    assert read("I don't know any Hindi.") == set()


def test_made_redundant_ends_a_workplace_and_nearly_states_nothing() -> None:
    assert read("I was made redundant from Boots last year.") == {
        ("me", "works_at", "Boots", "ended")
    }
    # Near misses: someone else, a possibility, a thing made, and "nearly" / "almost".
    assert read("My dad was made redundant from Boots.") == set()
    assert read("I could be made redundant from Boots.") == set()
    assert read("I made a table from oak.") == set()
    assert read("I was nearly made redundant from Boots.") == set()
    assert read("I nearly moved to Dundee.") == set()
    assert read("I almost quit Boots.") == set()
    # "nearly" before a number or another adverb leaves the fact alone.
    assert read("I've lived in Dundee for nearly ten years.") == {("me", "lives_in", "Dundee", "")}
    assert read("I moved to Dundee almost two years ago.") == {("me", "lives_in", "Dundee", "")}
