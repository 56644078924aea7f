"""Phrasings the fact grammar learned after the blind check5 split (tests/data/statements):
each rule is shown on sentences other than the ones of the set, with the near misses it must
stay silent on (pure functions, no database)."""

from __future__ import annotations

from tests.tiers.test_grammar_phrasings import read


def test_being_at_a_workplace_for_years_or_after_a_change_of_job() -> None:
    assert read("I was at Unilever for three years as an analyst.") == {
        ("me", "works_at", "Unilever", "past"),
        ("me", "job_title", "analyst", "past"),
    }
    assert read("Tom has been at Apple since 2015.") == {("Tom", "works_at", "Apple", "")}
    assert read("New job! I'm at Monzo now.") == set()  # two sentences: no change of job here
    assert read("I switched jobs, I'm at Monzo now.") == {("me", "works_at", "Monzo", "")}
    # Near misses: hours, a university (studying), a place without a change of job.
    assert read("I've been at the hospital for six hours.") == set()
    assert read("I've been at Oxford University since 2019.") == set()
    assert read("I'm at Tesco.") == set()
    assert read("I changed jobs, I'm at the dentist now.") == set()


def test_getting_a_job_as_an_occupation() -> None:
    assert read("I got a new job as a barista.") == {("me", "job_title", "barista", "")}
    assert read("She found a job as a porter at the Royal Infirmary.") == set()  # who is she?
    assert read("I landed a job as a paralegal at a law firm.") == {
        ("me", "job_title", "paralegal", ""),
        ("me", "works_at", "a law firm", ""),
    }
    assert read("I got a job as a favour to my uncle.") == set()


def test_an_occupation_no_longer_held() -> None:
    assert read("I'm not a nurse anymore.") == {("me", "job_title", "nurse", "ended")}
    assert read("I'm no longer a postman.") == {("me", "job_title", "postman", "ended")}
    assert read("I'm not a nurse.") == set()
    assert read("I'm not a morning person anymore.") == set()


def test_a_region_after_grew_up_in_a_town() -> None:
    assert read("I grew up in a fishing village in Cornwall.") == {("me", "from", "Cornwall", "")}
    assert read("I grew up in Cornwall.") == {("me", "from", "Cornwall", "")}
    assert read("I grew up in a big family.") == set()


def test_a_diet_word_before_a_noun_is_no_diet() -> None:
    assert read("We went to a vegetarian restaurant.") == set()
    assert read("We went to a vegan bakery in town.") == set()
    assert read("I went vegetarian in 2019.") == {("me", "diet", "vegetarian", "")}


def test_a_place_holds_no_digit() -> None:
    assert read("I moved to O2 last month.") == set()  # a network, not a place
    assert read("I'm not with EE any more, I moved to O2.") == set()
    assert read("I moved to Leipzig.") == {("me", "lives_in", "Leipzig", "")}


def test_a_bare_dont_drink_is_alcohol() -> None:
    assert read("I don't drink.") == {("me", "avoids", "alcohol", "")}
    assert read("I don't drink anymore!") == {("me", "avoids", "alcohol", "")}
    assert read("I don't drink tea.") == {("me", "avoids", "tea", "")}
    assert read("I don't drink, I'm driving tonight.") == set()
    assert read("I drink.") == set()


def test_a_language_with_an_adverb_and_a_second_game() -> None:
    assert read("I speak Polish fluently and some Czech.") == {
        ("me", "speaks", "Polish", ""),
        ("me", "speaks", "Czech", ""),
    }
    assert read("I play chess and a bit of poker.") == {
        ("me", "plays", "chess", ""),
        ("me", "plays", "poker", ""),
    }
    assert read("I play tennis and the kids watch.") == {("me", "plays", "tennis", "")}


def test_taken_up_and_times_to_come() -> None:
    assert read("I've recently taken up climbing.") == {("me", "activity", "climbing", "")}
    assert read("I'm starting a new course in three weeks.") == {
        ("me", "plans", "start a new course", "")
    }
    assert read("I'm starting a new course.") == set()  # no time to come: as often now
    assert read("My plan is to buy a boat in a few years.") == {("me", "plans", "buy a boat", "")}
