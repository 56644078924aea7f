"""Phrasings the fact grammar learned in the round after check6 (tests/data/statements, no
new blind split): each rule is shown on invented sentences, never ones of the set, with the
near misses it must stay silent on (pure functions, no database)."""

from __future__ import annotations

from memory.tiers.gerund import gerund_subject
from tests.tiers.test_grammar_phrasings import read


def test_a_bounded_past_episode_is_no_current_diet() -> None:
    assert read("I went vegetarian for a week in 2019, never again.") == set()
    assert read("Went keto for two months once.") == set()
    assert read("I went pescatarian once.") == set()
    # Near misses: a change that lasts is a diet.
    assert read("I went vegetarian two years ago.") == {("me", "diet", "vegetarian", "")}
    assert read("I've been vegan for ten years.") == {("me", "diet", "vegan", "")}


def test_a_workplace_never_runs_into_an_infinitive() -> None:
    assert read("I quit my job at the bakery to travel.") == {
        ("me", "works_at", "the bakery", "ended")
    }
    assert read("I work at a school to pay the bills.") == {("me", "works_at", "a school", "")}


def test_a_grade_stays_with_the_occupation() -> None:
    assert read("I'm a junior architect at Arup.") == {
        ("me", "job_title", "junior architect", ""),
        ("me", "works_at", "Arup", ""),
    }
    assert read("I'm a senior nurse.") == {("me", "job_title", "senior nurse", "")}
    # Near miss: a college year is no occupation.
    assert read("I'm a junior at Yale.") == set()


def test_the_type_of_diabetes_after_a_comma() -> None:
    assert read("I'm diabetic, type 2.") == {("me", "health", "type 2 diabetes", "")}
    assert read("Diabetic, type 1, since I was nine.") == {("me", "health", "type 1 diabetes", "")}
    # Near miss: "type 1" that starts another clause is not the type.
    assert read("I'm diabetic, type 1 runs in the family.") == {("me", "health", "diabetes", "")}


def test_a_gerund_subject_is_no_plan_but_an_elliptical_trip_is() -> None:
    assert gerund_subject("Going to the gym every day has changed my life.")
    assert not gerund_subject("Going to Porto in June.")
    assert not gerund_subject("Going to Porto in June, it's booked.")
    assert not gerund_subject("Playing chess and reading are my main hobbies.")
    assert read("Going to the gym and eating well has made a difference.") == set()
    assert read("Flying to Oslo in June was a disaster.") == set()
    assert read("Going to Porto in June!") == {("me", "plans", "go to Porto", "")}
    assert read("Heading to Kyoto next month.") == {("me", "plans", "go to Kyoto", "")}
    # Near miss: no time to come, no plan ("Going to the shops, back soon").
    assert read("Going to Porto, back soon.") == set()


def test_the_app_of_a_learning_activity_and_x_free() -> None:
    assert read("I'm learning Welsh on Duolingo.") == {("me", "activity", "learning Welsh", "")}
    assert read("I'm working on Paperclip.") == {("me", "activity", "working on Paperclip", "")}
    assert read("I've been dairy-free since March.") == {("me", "avoids", "dairy", "")}
    assert read("I'm vegetarian.") == {("me", "diet", "vegetarian", "")}
    assert read("My brother is dairy-free.") == set()


def test_a_workplace_that_ended_or_a_promotion() -> None:
    assert read("I'm no longer at Accenture.") == {("me", "works_at", "Accenture", "ended")}
    assert read("I'm not at Acme anymore.") == {("me", "works_at", "Acme", "ended")}
    assert read("I retired from the army in 2015.") == {("me", "works_at", "the army", "ended")}
    assert read("I got promoted to head of sales at Boots.") == {
        ("me", "works_at", "Boots", ""),
        ("me", "job_title", "head of sales", ""),
    }
    assert read("Started a new job this week as a paralegal at Clifford Chance.") == {
        ("me", "job_title", "paralegal", ""),
        ("me", "works_at", "Clifford Chance", ""),
    }
    # Near misses: a provider one is "with", a sport one retired from, no change at all.
    assert read("I'm not with EE anymore.") == set()
    assert read("I retired from running.") == set()
    assert read("I'm at Asda now.") == set()


def test_where_and_what_one_studies_in_a_chat() -> None:
    assert read("I'm at Exeter Uni doing law.") == {
        ("me", "studies_at", "Exeter Uni", ""),
        ("me", "studies", "law", ""),
    }
    assert read("I'm at Bath studying maths.") == {
        ("me", "studies_at", "Bath", ""),
        ("me", "studies", "maths", ""),
    }
    assert read("I'm doing a part-time PhD at Kent.") == {
        ("me", "studies", "PhD", ""),
        ("me", "studies_at", "Kent", ""),
    }
    assert read("I'm doing a night course in Spanish at the community college.") == {
        ("me", "studies", "Spanish", ""),
        ("me", "studies_at", "the community college", ""),
    }
    assert read("I graduated from York with a degree in physics.") == {
        ("me", "studies_at", "York", "past"),
        ("me", "studies", "physics", "past"),
    }
    # Near misses: "doing" at a shop is no study; a generic place is no school.
    assert read("I'm at Tesco doing a big shop.") == set()
    assert read("I'm at Tesco doing inventory.") == set()
    assert read("I'm doing a course at the local gym.") == set()


def test_a_nickname_and_a_pets_age_after_its_name() -> None:
    assert read("My name is Margaret but you can call me Peggy.") == {
        ("me", "name", "Margaret", ""),
        ("me", "name", "Peggy", ""),
    }
    assert read("We have a spaniel called Poppy, she's 7.") == {
        ("me", "has_pet", "Poppy", ""),
        ("Poppy", "age", "7", ""),
    }
    # Near misses: not an age; no pet named just before.
    assert read("We have a spaniel called Poppy, she's lovely.") == {("me", "has_pet", "Poppy", "")}
    assert read("We went to the park, she's 7.") == set()


def test_a_birthday_by_the_age_turned_and_a_short_birth_year() -> None:
    assert read("I turn 30 on the 4th of July, party time") == {("me", "birthday", "4 July", "")}
    assert read("Born in '85, so no spring chicken.") == {("me", "birth_year", "1985", "")}
    # Near misses: no date, something else turning.
    assert read("I turn 30 next week.") == set()
    assert read("The heating turns on on the 1st of October.") == set()


def test_he_or_she_after_the_one_person_a_verb_named() -> None:
    assert read("I'm married to Tomas, he's from Lima.") == {
        ("me", "has_spouse", "Tomas", ""),
        ("Tomas", "from", "Lima", ""),
    }
    # Near miss: "he" with nobody named before is nobody Mneme can name.
    assert read("I'm married, he's from Lima.") == set()
