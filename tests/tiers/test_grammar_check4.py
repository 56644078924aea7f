"""Phrasings the fact grammar learned after the blind check4 split (tests/data/statements):
each rule is shown on sentences other than the ones of the set, with the near misses it must
stay silent on (pure functions, no database)."""

from __future__ import annotations

from tests.tiers.test_grammar_phrasings import read


def test_keyed_note_lines_are_the_writers() -> None:
    assert read("Likes: climbing, jazz and old films") == {
        ("me", "likes", "climbing", ""),
        ("me", "likes", "jazz", ""),
        ("me", "likes", "old films", ""),
    }
    assert read("Dislikes: coriander, queues") == {
        ("me", "dislikes", "coriander", ""),
        ("me", "dislikes", "queues", ""),
    }
    assert read("Languages: Welsh (native), English") == {
        ("me", "speaks", "Welsh", ""),
        ("me", "speaks", "English", ""),
    }
    assert read("Home: Bergen") == {("me", "lives_in", "Bergen", "")}
    assert read("DOB: 3 Jan 1990") == {("me", "birthday", "3 January 1990", "")}
    assert read("Pets: a cat, Mochi") == {("me", "has_pet", "Mochi", "")}
    assert read("Goal for 2027: learn to swim") == {("me", "goal", "learn to swim", "")}
    assert read("Sister: Ines, a nurse in Faro") >= {("me", "has_sister", "Ines", "")}
    assert read("About me: Priya, 40, architect.") == {
        ("me", "name", "Priya", ""),
        ("me", "age", "40", ""),
        ("me", "job_title", "architect", ""),
    }
    # Near misses: a card about someone else, a day's plan, a dialogue, a reminder.
    assert read("Name: John Smith") == set()
    assert read("Plans: dinner with Sam at 8") == set()
    assert read("Me: I said no, obviously not") == set()
    assert read("Mum: call back before six") == set()


def test_asides_in_brackets() -> None:
    assert read("Lotte (my sister) lives in Ghent.") == {
        ("me", "has_sister", "Lotte", ""),
        ("Lotte", "lives_in", "Ghent", ""),
    }
    assert read("I'm writing a thesis (slowly).") == {("me", "activity", "writing a thesis", "")}
    assert read("Call me on +44 (0)20 7946 0000") == {("me", "phone", "+44 (0)20 7946 0000", "")}


def test_is_contracted_after_a_noun_and_named_relatives() -> None:
    assert read("My sister's called Ana.") == {("me", "has_sister", "Ana", "")}
    assert read("My sister's cat is called Tom.") == set()  # a possessive: her cat
    assert read("We have a dog that's called Rolo.") == {("me", "has_pet", "Rolo", "")}
    assert read("My neighbour, a lovely woman named Edith, feeds the cat.") == {
        ("me", "has_neighbour", "Edith", "")
    }
    assert read("Tom's a doctor in Leeds.") == {("Tom", "job_title", "doctor", "")}


def test_introductions_listing_age_and_more() -> None:
    assert read("I'm Tom, 45, from Leeds.") == {
        ("me", "name", "Tom", ""),
        ("me", "age", "45", ""),
        ("me", "from", "Leeds", ""),
    }
    assert read("hi, i'm Ana btw") == {("me", "name", "Ana", "")}
    assert read("I'm here, 5 minutes away.") == set()


def test_elliptical_tastes_and_ended_diets() -> None:
    assert read("Not a huge fan of opera.") == {("me", "dislikes", "opera", "")}
    assert read("No longer vegetarian.") == {("me", "diet", "vegetarian", "ended")}
    assert read("No, I'm vegetarian.") == {("me", "diet", "vegetarian", "")}
    assert read("Started eating meat again.") == set()  # not a pastime
    assert read("fav band is Blur, obviously") == {("me", "favorite_band", "Blur", "")}
    assert read("My favourite season has always been autumn.") == {
        ("me", "favorite_season", "autumn", "")
    }


def test_he_or_she_is_the_person_just_named() -> None:
    assert read("My best friend is called Aoife and she lives in Cork.") >= {
        ("Aoife", "lives_in", "Cork", "")
    }
    assert read("The new guy at work is called Dmitri and he's from Minsk.") == {
        ("Dmitri", "from", "Minsk", "")
    }
    assert read("My sister Ana lives in Faro and she is a nurse.") >= {
        ("Ana", "job_title", "nurse", "")
    }
    # Two people named: "she" could be either, so nothing is said of her.
    assert read("My sister is called Ana and my brother is called Rui, he lives in Porto.") >= {
        ("Rui", "lives_in", "Porto", "")
    }
    assert read("My boss is called Tom and he said I'm lazy.") == {("me", "has_boss", "Tom", "")}
    assert read("She lives in Cork.") == set()


def test_a_nickname_after_the_name_is_a_name_too() -> None:
    assert read("My name's Siobhan but everyone calls me Shiv.") == {
        ("me", "name", "Siobhan", ""),
        ("me", "name", "Shiv", ""),
    }
    assert read("Everyone calls me Shiv.") == {("me", "name", "Shiv", "")}
    # Near miss: after someone else's name, "calls me" names nobody.
    assert read("My son is called Leo but he calls me Boss.") == {("me", "has_son", "Leo", "")}


def test_words_of_family_work_health_and_routine() -> None:
    assert read("My nan Rose lives in Cork.") == {
        ("me", "has_grandmother", "Rose", ""),
        ("Rose", "lives_in", "Cork", ""),
    }
    assert read("I work nights at Tesco.") == {("me", "works_at", "Tesco", "")}
    assert read("I work days, so evenings are free.") == set()
    assert read("I've got a slight allergy to latex.") == {("me", "allergic_to", "latex", "")}
    assert read("I have a slight cold.") == set()
    assert read("I love pizza too much.") == {("me", "likes", "pizza", "")}
    assert read("We've got two kids.") == {("me", "has_children", "two kids", "")}
    assert read("We've got two tickets to Lisbon.") == set()
    assert read("I'm a proud dad of twins.") == {("me", "has_children", "twins", "")}
    assert read("I get terrible migraines.") == {("me", "health", "migraines", "")}
    assert read("I get bad vibes from him.") == set()
    assert ("me", "routine", "help at the food bank", "") in read(
        "I help at the food bank on weekends."
    )
    assert read("I'm away on weekends.") == set()
    assert read("I'm an audiologist at the Royal Free.") >= {("me", "job_title", "audiologist", "")}
    assert read("I'm a tourist in Rome.") == set()


def test_contacts_doctors_and_fans() -> None:
    assert read("ping me at lena.k@posteo.de") == {("me", "email", "lena.k@posteo.de", "")}
    assert read("She emailed the form to info@acme.com") == set()
    assert read("My GP is Dr. Ruiz at the health centre.") == {("me", "has_doctor", "Dr. Ruiz", "")}
    assert read("I'm a huge Liverpool fan.") == {("me", "likes", "Liverpool", "")}
    assert read("I'm not a big Marvel fan.") == {("me", "dislikes", "Marvel", "")}
    assert read("I'm a big fan.") == set()
    assert read("big fan of jazz, esp. Coltrane") >= {("me", "likes", "jazz", "")}
    assert ("me", "likes", "esp", "") not in read("big fan of jazz, esp. Coltrane")


def test_ages_and_plans_that_are_not_now() -> None:
    assert read("I want to retire before I'm 60.") == set()
    assert read("I'm 60 and retired.") == {("me", "age", "60", "")}
    assert read("I was going to move to Berlin but it fell through.") == set()
    assert read("I'm going to move to Berlin.") == {("me", "plans", "move to Berlin", "")}


def test_born_with_a_bare_date() -> None:
    assert read("Born 3 May 1990 in Porto.") == {
        ("me", "birthday", "3 May 1990", ""),
        ("me", "from", "Porto", ""),
    }
    assert read("born 1985, raised in Leeds") == {
        ("me", "birth_year", "1985", ""),
        ("me", "from", "Leeds", ""),
    }


def test_progressive_plans_need_a_time_to_come() -> None:
    assert read("we're getting married in June!!") == {("me", "plans", "get married", "")}
    assert read("We're getting married.") == set()
    assert read("I'm having a baby in March.") == {("me", "plans", "have a baby", "")}
    assert read("I'm having a coffee in the garden.") == set()
    assert read("I'm getting a bit tired.") == set()
    assert read("I'm going to Iceland in October.") == {("me", "plans", "go to Iceland", "")}
    assert read("We're heading to Crete next summer.") == {("me", "plans", "go to Crete", "")}
    assert read("I'm going to Tesco later.") == set()
    assert read("I'm going to the shops.") == set()


def test_foods_avoided_and_years_spent_in_a_place() -> None:
    assert read("I avoid gluten when I can.") == {("me", "avoids", "gluten", "")}
    assert read("I avoid crowds.") == set()
    assert read("I can't do dairy.") == {("me", "avoids", "dairy", "")}
    assert read("I can't do mornings.") == set()
    assert read("teetotal for ten years") == {("me", "avoids", "alcohol", "")}
    assert read("Been in Berlin for six years now.") == {("me", "lives_in", "Berlin", "")}
    assert read("I've been in Paris for 3 days.") == set()
    assert read("I was in the Army for 10 years.") == set()
    assert read("I've been in HR for 5 years.") == set()
    assert read("no I live in Leeds") == {("me", "lives_in", "Leeds", "")}
    assert read("Was great to see you!") == set()
