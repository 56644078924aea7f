"""Phrasings the fact grammar learned after the blind check2 split (tests/data/statements):
each rule is shown on sentences other than the ones of the set, with the near misses it must
stay silent on (pure functions, no database)."""

from __future__ import annotations

from memory.records import StoredRecord
from memory.tiers.extract import Speaker, extract_facts
from memory.tiers.values import plausible

ME = Speaker("me", True)


def read(text: str, kind: str = "note_chunk") -> set[tuple[str, str, str, str]]:
    rec = StoredRecord(
        1,
        1,
        "file:/n.md",
        "markdown",
        kind,
        0,
        text,
        None,
        None,
        None,
        "2026-06-15T10:00:00+00:00",
        "2026-06-15T10:00:00+00:00",
        "active",
        None,
        {},
    )
    out = set()
    for f in extract_facts(rec, ME):
        flag = "past" if f.past else "ended" if f.negate else ""
        out.add(("me" if f.subject_is_self else f.subject, f.predicate, f.object, flag))
    return out


def test_note_heads_without_my_are_the_writers() -> None:
    assert read("Name's Joana. I live in Faro.") == {
        ("me", "name", "Joana", ""),
        ("me", "lives_in", "Faro", ""),
    }
    assert read("Allergies: sesame, kiwi") == {
        ("me", "allergic_to", "sesame", ""),
        ("me", "allergic_to", "kiwi", ""),
    }
    assert read("Favourite film: Paris, Texas") >= {("me", "favorite_film", "Paris, Texas", "")}
    assert read("Allergies: none") == set()
    assert read("Name: John Smith") == set()  # a card about someone else, maybe


def test_a_statement_before_a_trailing_question_is_read() -> None:
    assert read("I'm coeliac - any bakeries you'd recommend?") == {
        ("me", "health", "coeliac disease", "")
    }
    assert read("Are you vegan - or just vegetarian?") == set()


def test_an_introduction_names_the_speaker_and_nothing_else_does() -> None:
    assert ("me", "name", "Marek", "") in read("I'm Marek, I run the bakery on the corner.")
    assert ("me", "name", "Ana", "") in read("I'm Ana, btw.")
    assert read("I'm Catholic, so no meat on Fridays.") == set()
    assert read("I'm Fine, thanks.") == set()
    assert ("me", "name", "Swedish", "") not in read("I'm Swedish, from Malmö.")


def test_a_demonym_or_a_relation_word_is_no_name() -> None:
    assert not plausible("has_mother", "Swedish")
    assert not plausible("has_pet", "English")
    assert plausible("has_husband", "Leo")
    assert read("My dad is Portuguese.") == set()
    assert read("Dad's birthday is 2 March.") == set()
    assert read("Mum lives in Leeds.") == set()


def test_a_bare_left_is_a_job_only_with_a_word_of_work() -> None:
    assert read("I left London in 2019.") == set()
    assert read("I left Tom last year.") == set()
    assert ("me", "works_at", "Accenture", "ended") in read(
        "I left Accenture after six years to join a startup."
    )
    assert read("I resigned from Barclays.") == {("me", "works_at", "Barclays", "ended")}
    assert read("I left my job at the council.") == {("me", "works_at", "the council", "ended")}


def test_work_titles_and_hiring() -> None:
    assert read("I'm the CEO of a charity called Brightwater.") == {
        ("me", "job_title", "CEO", ""),  # an acronym keeps its capitals (check9)
        ("me", "works_at", "Brightwater", ""),
    }
    assert read("I'm the owner of the house.") == set()
    assert read("Got hired at Arup as a structural engineer!") == {
        ("me", "works_at", "Arup", ""),
        ("me", "job_title", "structural engineer", ""),
    }
    assert read("These days I work for Monzo as an analyst.") >= {("me", "works_at", "Monzo", "")}
    assert read("The shop where I work, Greenleaf, opens at nine.") == {
        ("me", "works_at", "Greenleaf", "")
    }


def test_study_phrasings() -> None:
    assert read("I study law part-time.") == {("me", "studies", "law", "")}
    assert read("I graduated in physics from Leeds in 2010.") == {
        ("me", "studies", "physics", "past"),
        ("me", "studies_at", "Leeds", "past"),
    }
    assert read("I did my masters at the University of Porto.") == {
        ("me", "studies_at", "the University of Porto", "past")
    }


def test_places_called_and_relative_where() -> None:
    assert read("I grew up in a village called Ardara.") == {("me", "from", "Ardara", "")}
    assert read("I moved back to Braga, where I was born.") >= {
        ("me", "lives_in", "Braga", ""),
        ("me", "from", "Braga", ""),
    }
    assert read("We went to Rome, where I met my wife.") == set()


def test_people_and_pets_named_afterwards() -> None:
    assert ("me", "has_pet", "Pickle", "") not in read("We got a new car and named it Pickle.")
    got = read("We rescued a greyhound and named her Dot.")
    assert ("me", "has_pet", "Dot", "") in got
    assert read("My brothers name is Luca") == {("me", "has_brother", "Luca", "")}
    assert read("My best mate Sam moved to Leeds.") >= {("me", "has_best_friend", "Sam", "")}
    assert read("I got engaged to a lovely guy named Rui.") >= {("me", "has_fiance", "Rui", "")}
    assert read("My goal for this year is to swim a mile.") == {("me", "goal", "swim a mile", "")}


def test_health_food_and_languages() -> None:
    assert read("I can't have caffeine, it gives me palpitations.") == {
        ("me", "avoids", "caffeine", "")
    }
    assert read("I can't have kids.") == set()
    assert read("I don't have cats.") == set()
    assert read("I gave up sugar in January.") == {("me", "avoids", "sugar", "")}
    assert read("I gave up football.") == {("me", "likes", "football", "ended")}
    assert read("I'm allergic to wasps, unfortunately.") == {("me", "allergic_to", "wasps", "")}
    assert read("I sprained my ACL skiing.") == {("me", "health", "a sprained ACL", "")}
    assert read("I take tablets for my underactive thyroid.") == {
        ("me", "health", "underactive thyroid", "")
    }
    assert read("My GP told me I have high blood pressure.") == {
        ("me", "health", "high blood pressure", "")
    }
    assert read("My sister told me I have asthma.") == set()
    assert read("My doctor thinks I might have asthma.") == set()
    assert read("I grew up speaking Basque and Spanish.") == {
        ("me", "speaks", "Basque", ""),
        ("me", "speaks", "Spanish", ""),
    }
    assert read("Huge fan of Ursula Le Guin.") == {("me", "likes", "Ursula Le Guin", "")}


# -- rules learned after the blind check3 split (none of these sentences is in the set) ------


def test_a_coordinated_subject_shares_the_predicate() -> None:
    assert read("Tom and I work at Google.") == {
        ("me", "works_at", "Google", ""),
        ("Tom", "works_at", "Google", ""),
    }
    assert read("Me and my wife Ana live in Braga.") == {
        ("me", "has_wife", "Ana", ""),
        ("me", "lives_in", "Braga", ""),
        ("Ana", "lives_in", "Braga", ""),
    }
    assert read("Rui and Marta just moved to Faro.") == {
        ("Rui", "lives_in", "Faro", ""),
        ("Marta", "lives_in", "Faro", ""),
    }
    assert read("My partner and I live in Bergen.") == {("me", "lives_in", "Bergen", "")}
    assert read("Mum and I live in Leeds.") == {("me", "lives_in", "Leeds", "")}
    assert read("Ana and I are vegetarian.") == {
        ("me", "diet", "vegetarian", ""),
        ("Ana", "diet", "vegetarian", ""),
    }
    assert read("Julia and I got married in May.") == {("me", "has_spouse", "Julia", "")}
    assert read("Salt and Pepper are my cats.") == set()
    assert ("Ben", "from", "Derry", "") in read("Ben from work is from Derry.")
    assert read("Paris from above is lovely.") == set()


def test_homes_rented_shared_or_called_home() -> None:
    assert read("We're renting a one-bed in Leith.") == {("me", "lives_in", "Leith", "")}
    assert read("I share a house in Hackney with three friends.") == {
        ("me", "lives_in", "Hackney", "")
    }
    assert read("I call Dublin home.") == {("me", "lives_in", "Dublin", "")}
    assert read("We rent a cottage in Cornwall every summer.") == set()
    assert read("We rented a villa in Crete for two weeks.") == set()
    assert read("I rent a car in Faro.") == set()
    assert read("I own a house in Spain.") == set()
    assert read("I called Tom at home.") == set()
    assert read("Moved out of Leeds in May and now live in York.") == {
        ("me", "lives_in", "Leeds", "past"),
        ("me", "lives_in", "York", ""),
    }
    assert read("We moved out of the flat in May.") == set()
    assert read("I'm from a small village in Donegal.") == {("me", "from", "Donegal", "")}


def test_dates_of_birth_as_people_write_them() -> None:
    assert read("I was born on March 2nd, 1981.") == {("me", "birthday", "2 March 1981", "")}
    assert read("Born in '03, raised in Leeds.") == {
        ("me", "birth_year", "2003", ""),
        ("me", "from", "Leeds", ""),
    }
    assert read("It's my birthday on 12 June!") == {("me", "birthday", "12 June", "")}
    assert read("It's my sister's birthday on 3 May.") == set()
    assert read("It was my birthday on Friday.") == set()
    assert read("I'm a 52-year-old nurse.") == {
        ("me", "age", "52", ""),
        ("me", "job_title", "nurse", ""),
    }
    assert read("I have a 5-year-old son.") == set()


def test_names_called_and_signed() -> None:
    assert read("I'm called Astrid.") == {("me", "name", "Astrid", "")}
    assert read("Hi all, Tomás here!") == {("me", "name", "Tomás", "")}
    assert read("I'm named after my grandfather.") == set()
    assert read("Called Rita to tell her about the flat.") == set()
    assert read("I was called Tom at school.") == set()
    assert read("Paris here we come!") == set()
    assert read("Mum here.") == set()
    assert read("Looky here, I got this new pup for you!") == set()


def test_pets_named_after_a_verb_or_in_a_list_and_pets_lost() -> None:
    assert read("Give Biscuit, my beagle, a hug.") == {("me", "has_pet", "Biscuit", "")}
    assert read("Fed Olive, our whippet, at six.") == {("me", "has_pet", "Olive", "")}
    assert read("Our two dogs, Ziggy and Stardust, hate the vet.") >= {
        ("me", "has_pet", "Ziggy", ""),
        ("me", "has_pet", "Stardust", ""),
    }
    assert read("My old dog Rufus passed away in May.") == {("me", "has_pet", "Rufus", "past")}
    assert read("My grandpa Joe died last year.") == {("me", "has_grandfather", "Joe", "past")}
    assert ("me", "has_pet", "Rex", "past") not in read("Rex died in the film, my dog Rex is fine.")
    assert read("I'm a dad of three girls.") == {("me", "has_children", "three girls", "")}


def test_work_and_study_phrasings_of_check3() -> None:
    assert read("I work in the ED at St Mary's as a registrar.") >= {
        ("me", "works_at", "St Mary's", "")
    }
    assert read("I'm a professor of chemistry at Uppsala University.") == {
        ("me", "job_title", "professor", ""),
        ("me", "works_at", "Uppsala University", ""),
    }
    assert read("Started as an intern at Arup in 2019.") >= {("me", "works_at", "Arup", "")}
    assert read("I lived in Rome before I moved to Paris.") == {
        ("me", "lives_in", "Rome", "past"),
        ("me", "lives_in", "Paris", ""),
    }
    assert read("I qualified as a solicitor last year.") == {("me", "job_title", "solicitor", "")}
    assert read("Job: electrician") == {("me", "job_title", "electrician", "")}
    assert read("Work: busy as always") == set()
    assert read("I'm in my third year of law at Trinity.") == {
        ("me", "studies", "law", ""),
        ("me", "studies_at", "Trinity", ""),
    }
    assert read("I'm in my first year of marriage.") == set()
    assert read("In my first year of teaching at Eton I was lost.") == set()


def test_tastes_health_and_languages_of_check3() -> None:
    assert read("I'm intolerant to histamine.") == {("me", "health", "histamine intolerance", "")}
    assert read("I'm intolerant of people who are late.") == set()
    assert read("I stay away from sugar these days.") == {("me", "avoids", "sugar", "")}
    assert read("I try to stay away from sugar.") == set()  # trying is no fact yet
    assert read("Stay away from my coffee!") == set()
    assert read("I get by in Spanish and Catalan.") == {
        ("me", "speaks", "Spanish", ""),
        ("me", "speaks", "Catalan", ""),
    }
    assert read("I get by in life.") == set()
    assert read("I play beach volleyball.") == {("me", "plays", "beach volleyball", "")}
    assert read("I play the fool sometimes.") == set()
    assert read("My mother tongue is Dutch.") == {("me", "speaks", "Dutch", "")}
