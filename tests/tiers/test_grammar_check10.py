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


def test_a_reason_is_no_part_of_the_food_and_an_auxiliary_alone_no_routine() -> None:
    # "shellfish for religious reasons" was kept whole as a food avoided; "always have" after
    # a dislike was the routine "have".
    assert read("I don't eat lamb or veal for ethical reasons.") == {
        ("me", "avoids", "lamb", ""),
        ("me", "avoids", "veal", ""),
    }
    assert read("I avoid dairy for health reasons.") == {("me", "avoids", "dairy", "")}
    assert read("I don't do gluten for medical reasons") == {("me", "avoids", "gluten", "")}
    assert read("I love thunderstorms, always have.") == {("me", "likes", "thunderstorms", "")}
    assert read("I hate the cold and always have") == {("me", "dislikes", "the cold", "")}
    # Near misses: a time-bound "for" stays silent; a routine with an object stays.
    assert read("I avoid sugar for Lent.") == set()
    assert read("I avoid bread for a week") == set()
    assert read("I always have toast for breakfast.") == {
        ("me", "routine", "have toast for breakfast", "")
    }
    assert read("I usually do yoga on Sundays") == {("me", "routine", "do yoga on Sundays", "")}


def test_more_pastimes_as_routines_and_most_weekdays() -> None:
    # "I surf most mornings", "I commute by bike every day", "go bouldering most Thursdays"
    # were no routines ("surf", "commute" were no activity verbs; "most Thursdays" no
    # frequency).
    assert read("I surf most mornings.") == {("me", "routine", "surf most mornings", "")}
    assert read("I go swimming most Fridays") == {("me", "routine", "go swimming most Fridays", "")}
    assert read("I commute by train every day.") == {
        ("me", "routine", "commute by train every day", "")
    }
    assert read("I climb every Sunday with my cousin.") == {
        ("me", "routine", "climb every Sunday with your cousin", "")
    }
    # Near misses: a one-off, no frequency, someone else's, a frequency without a verb.
    assert read("I surfed once in Cornwall.") == set()
    assert read("I climb the stairs to my flat.") == set()
    assert read("My son skis every weekend.") == set()
    assert read("most Fridays are busy") == set()


def test_been_teaching_x_is_an_x_teacher_and_a_time_is_no_subject() -> None:
    # "I've been teaching maths at a school in X since 2015" gave nothing ("teaching" was no
    # head); "I teach tonight" gave the occupation "tonight teacher" (a wrong fact found on
    # invented sentences, on the blind tree too).
    assert read("I've been teaching chemistry at a sixth-form college in Derby since 2012.") == {
        ("me", "job_title", "chemistry teacher", ""),
        ("me", "works_at", "a sixth-form college", ""),
    }
    assert read("I was teaching history at Eton") == {
        ("me", "job_title", "history teacher", "past"),
        ("me", "works_at", "Eton", "past"),
    }
    assert read("I've been teaching English in Seoul for three years.") == {
        ("me", "job_title", "English teacher", "")
    }
    # Near misses: a class, oneself, a relative, a time, someone else's.
    assert read("I'm teaching a yoga class tonight.") == set()
    assert read("I'm teaching myself Python.") == set()
    assert read("I'm teaching my son to swim.") == set()
    assert read("Teaching tonight, so can't come.") == set()
    assert read("I teach tomorrow morning") == set()
    assert read("My wife has been teaching French at Ampleforth for years.") == set()


def test_an_answer_to_a_quoted_question_about_the_writer() -> None:
    # "Q: where are you from? A: Cork originally, Dublin now" and the like gave nothing: the
    # answer alone is a fragment (memory.tiers.answers).
    assert read("Q: where are you from? A: Sligo originally, Galway now") == {
        ("me", "from", "Sligo", ""),
        ("me", "lives_in", "Galway", ""),
    }
    assert read("> what do you do for a living?\nPlumber, mostly domestic jobs.") == {
        ("me", "job_title", "Plumber", "")
    }
    assert read("Which languages do you speak? - Dutch and German") == {
        ("me", "speaks", "Dutch", ""),
        ("me", "speaks", "German", ""),
    }
    assert read('"When\'s your birthday?" - 3rd of June!') == {("me", "birthday", "3 June", "")}
    assert read("Q: how old are you? A: 29") == {("me", "age", "29", "")}
    assert read("Q: favourite band? A: Blur, obviously.") == {("me", "favorite_band", "Blur", "")}
    assert read("Q: Married? A: Yes, to Farid, ten years in May.") == {
        ("me", "has_spouse", "Farid", "")
    }
    assert ("me", "has_pet", "Dot", "") in read("Q: Any pets? A: Yes, a greyhound called Dot.")
    # Near misses: a question about someone else, a "no", an aside, an unmarked chat
    # question followed by something else, an answer that is no place.
    assert read("Q: where is your sister from? A: Leeds") == set()
    assert read("Q: What does your husband do? A: Nurse") == set()
    assert read("Q: Any pets? A: No, allergic.") == set()
    assert read("Q: where are you from? (asking for the quiz)") == set()
    assert read("Where are you from? Tell me more!") == set()
    assert read("Where are you from? - Tell me more!") == set()
    assert read("Q: where are you from? A: the north, near Leeds") == set()
    assert read("Q: what do you do? A: Nothing much, watch telly") == set()


def test_things_i_love_as_a_key_and_a_clause_after_a_feeling() -> None:
    # "Things I love: cold swims, crosswords" and "I'm so glad we live in X now" gave nothing.
    assert read("Things I love: sea kayaking, sudoku.") == {
        ("me", "likes", "sea kayaking", ""),
        ("me", "likes", "sudoku", ""),
    }
    assert read("Things I hate: queues, wet socks.") == {
        ("me", "dislikes", "queues", ""),
        ("me", "dislikes", "wet socks", ""),
    }
    assert read("I'm so glad we live in Whitstable now, London was too much.") == {
        ("me", "lives_in", "Whitstable", "")
    }
    assert read("I'm happy I work at Oxfam.") == {("me", "works_at", "Oxfam", "")}
    assert read("I'm so grateful that I have a dog called Rex.") == {("me", "has_pet", "Rex", "")}
    # Near misses: things about a place, someone else's likes and home, a hypothetical or a
    # modal after the feeling.
    assert read("Things I love about Lisbon: the light, the food.") == set()
    assert read("Things my son loves: dinosaurs.") == set()
    assert read("I'm glad my sister lives in Leeds.") == set()
    assert read("I'd be happy if we lived in Leeds.") == set()
    assert read("I'm lucky we could move to Bath.") == set()


def test_a_key_over_a_bulleted_list_is_given_to_each_item() -> None:
    # "Goals for this year:" on its own line over "1. read 25 books" gave nothing: each item
    # is read as keyed ("Goals for this year: read 25 books"); "About me: 29" is an age.
    assert read("Goals for 2027:\n1. run a half marathon\n2. learn to bake bread") == {
        ("me", "goal", "run a half marathon", ""),
        ("me", "goal", "learn to bake bread", ""),
    }
    assert read("Allergies:\n- ibuprofen\n- latex") == {
        ("me", "allergic_to", "ibuprofen", ""),
        ("me", "allergic_to", "latex", ""),
    }
    assert read("About me:\n- 41\n- vegetarian\n- live in Hull") == {
        ("me", "age", "41", ""),
        ("me", "diet", "vegetarian", ""),
        ("me", "lives_in", "Hull", ""),
    }
    # Near misses: a list under a key that is no fact of the writer's, someone else's key,
    # numbers under another key, a number with more after it.
    assert read("Shopping:\n- milk\n- eggs") == set()
    assert read("To do:\n- call the vet\n- buy a present for Mum") == set()
    assert read("My son's allergies:\n- nuts") == set()
    assert read("Goals for the team:\n- ship the app") == set()
    assert read("Scores:\n- 29\n- 31") == set()
    assert read("Me: 29 and counting") == set()


def test_a_bios_fragments_are_the_writers() -> None:
    # "Nurse.", "Retired firefighter.", "Software engineer by day, DJ by night.", "Cat mum to
    # Pixel", "dog dad to a labrador called Bosun", "Love hiking, hate small talk" and "Me in
    # a nutshell:" gave nothing.
    assert read("Mancunian at heart. Paramedic. Dog mum to Biscuit.") == {
        ("me", "job_title", "paramedic", ""),
        ("me", "has_pet", "Biscuit", ""),
    }
    assert read("Retired postman. Grandad of four.") >= {("me", "job_title", "postman", "past")}
    assert read("Data analyst by day, drummer by night.") == {
        ("me", "job_title", "data analyst", "")
    }
    assert ("me", "has_pet", "Pip") in {
        f[:3] for f in read("40, vet nurse, cat dad to a grumpy tabby called Pip.")
    }
    assert read("Love sailing, hate mornings.") == {
        ("me", "likes", "sailing", ""),
        ("me", "dislikes", "mornings", ""),
    }
    assert read("Me in a nutshell: Chilean, 27, nurse, fluent in Spanish and English.") == {
        ("me", "from", "Chile", ""),
        ("me", "age", "27", ""),
        ("me", "job_title", "nurse", ""),
        ("me", "speaks", "Spanish", ""),
        ("me", "speaks", "English", ""),
    }
    # Near misses: an appointment or a visit named alone, an occupation with more after it,
    # someone else's pet, a chat's "Love you" / "Love the photos", "Love and ...".
    assert read("Dentist.") == set()
    assert read("Dentist at 9.") == set()
    assert read("Plumber!") == set()
    assert read("Nurse shortage is awful.") == set()
    assert read("Teacher training day tomorrow.") == set()
    assert read("My sister is a cat mum to Pixel.") == set()
    assert read("Love you!") == set()
    assert read("Love the photos!") == set()
    assert read("Love you, hate that you left.") == set()
    assert read("Love and acceptance, love wins.") == set()


def test_a_bio_opening_with_an_age_and_an_occupation() -> None:
    # "35, teacher, dog dad to ..." gave neither the age nor the occupation.
    assert read("52, retired nurse.") == {
        ("me", "age", "52", ""),
        ("me", "job_title", "nurse", "past"),
    }
    assert read("28, vet nurse, London") >= {
        ("me", "age", "28", ""),
        ("me", "job_title", "vet nurse", ""),
    }
    # Near misses: numbers, an address, an occupation with a verb after it.
    assert read("35, 40 and 45 are the sizes.") == set()
    assert read("12, Elm Road, Leeds") == set()
    assert read("30, plumber coming at 9") == set()


def test_five_a_side_from_x_now_in_y_and_greetings_from_a_trip() -> None:
    # "I play five-a-side" gave nothing; "originally from Durban, now in Cape Town" lost the
    # home; "Greetings from Rome!" was the writer's origin (a wrong fact found on invented
    # sentences, on the blind tree too).
    assert read("I play five-a-side.") == {("me", "plays", "five-a-side", "")}
    assert read("My son plays five-a-side.") == set()
    assert read("Originally from Derry, now in Belfast.") == {
        ("me", "from", "Derry", ""),
        ("me", "lives_in", "Belfast", ""),
    }
    assert read("I'm from Cork, but now in Dublin.") == {
        ("me", "from", "Cork", ""),
        ("me", "lives_in", "Dublin", ""),
    }
    # Near misses: someone else's, a greeting from a trip.
    assert read("My sister is originally from Leeds, now in York.") == set()
    assert read("Greetings from Rome, now in Naples!") == set()
    assert read("Greetings from Rome!") == set()
    assert read("Hello from sunny Lisbon!") == set()
    assert read("Hi, I'm from Berlin.") == {("me", "from", "Berlin", "")}


def test_a_fields_student_studies_the_field() -> None:
    # "a nursing student at King's" gave where, not what.
    assert read("I'm a nursing student at Keele.") == {
        ("me", "studies", "nursing", ""),
        ("me", "studies_at", "Keele", ""),
    }
    assert read("I was a history student at York.") == {
        ("me", "studies", "history", "past"),
        ("me", "studies_at", "York", "past"),
    }
    # Near misses: someone else's, no field, a word that is no field.
    assert read("My son is a law student at Durham.") == set()
    assert read("I'm a student at UCL.") == {("me", "studies_at", "UCL", "")}
    assert read("I'm a mature student.") == set()
    assert read("I'm a PhD student at Bath.") == {("me", "studies_at", "Bath", "")}


def test_being_an_occupation_is_the_writers_and_a_modal_after_a_gerund() -> None:
    # "Being a sous chef is brutal some weeks" gave nothing; "Being a nurse must be hard"
    # gave the writer the occupation nurse (a wrong fact found on invented sentences, on the
    # blind tree too: a modal after a gerund phrase makes it the subject).
    assert read("Being a paramedic is exhausting some weeks.") == {
        ("me", "job_title", "paramedic", "")
    }
    assert read("Being a data engineer has been more meetings than I thought.") == {
        ("me", "job_title", "data engineer", "")
    }
    # Near misses: a modal, a dream, a negation, someone else's words, no occupation.
    assert read("Being a nurse must be hard.") == set()
    assert read("Being a nurse would be hard for me.") == set()
    assert read("Being a vet is my dream job.") == set()
    assert read("Being a teacher is not for me.") == set()
    assert read("Being a nurse is tough, my sister says.") == set()
    assert read("Being a parent is hard.") == set()


def test_my_fields_degree_at_a_university() -> None:
    # "one year left of my law degree at Exeter" gave neither the field nor the place.
    assert read("Exams done, one term left of my history degree at Durham.") == {
        ("me", "studies", "history", ""),
        ("me", "studies_at", "Durham", ""),
    }
    assert read("Started my nursing course at Keele today.") == {
        ("me", "studies", "nursing", ""),
        ("me", "studies_at", "Keele", ""),
    }
    # Near misses: a degree finished, someone else's, a hope.
    assert read("I finished my law degree at Exeter in 2019.") == set()
    assert read("My sister's law degree at Exeter.") == set()
    assert read("I hope my law degree at Exeter pays off.") == set()


def test_two_girls_named_are_daughters_and_a_count_is_no_subject_taught() -> None:
    # "I have two girls, Isla and Maeve" gave the count and not the daughters; "I teach two
    # girls, Amy and Jo" gave the occupation "two girls teacher" (a wrong fact found on
    # invented sentences, on the blind tree too).
    assert read("I have two girls, Isla and Maeve.") == {
        ("me", "has_children", "two girls", ""),
        ("me", "has_daughter", "Isla", ""),
        ("me", "has_daughter", "Maeve", ""),
    }
    assert read("We have two boys, Sam and Leo.") == {
        ("me", "has_children", "two boys", ""),
        ("me", "has_son", "Sam", ""),
        ("me", "has_son", "Leo", ""),
    }
    # Near misses: someone else's, girls met, girls taught, a count taught.
    assert read("My sister has two girls, Amy and Jo.") == set()
    assert read("I met two girls, Amy and Jo, at the bar.") == set()
    assert read("I teach two girls, Amy and Jo.") == set()
    assert read("I teach one class a week.") == set()
    assert read("I teach maths.") == {("me", "job_title", "maths teacher", "")}


def test_a_parent_of_two_girls_named_after_the_count() -> None:
    # "Mum of two girls, Isla and Maeve." gave the count and not the daughters.
    assert read("Mum of two girls, Ada and Nell.") == {
        ("me", "has_children", "two girls", ""),
        ("me", "has_daughter", "Ada", ""),
        ("me", "has_daughter", "Nell", ""),
    }
    assert read("I'm a dad of two boys, Sam and Leo.") == {
        ("me", "has_children", "two boys", ""),
        ("me", "has_son", "Sam", ""),
        ("me", "has_son", "Leo", ""),
    }
    # Near misses: no names, someone else's, "two" without the noun.
    assert read("Mum of two girls here.") == {("me", "has_children", "two girls", "")}
    assert read("My sister is a mum of two girls, Amy and Jo.") == set()
    assert read("I'm a mum of two, Amy and Jo.") == {("me", "has_children", "two children", "")}


def test_a_medication_key_names_the_condition() -> None:
    # "Current medication: sertraline for anxiety" gave nothing ("I'm on X for Y" did).
    assert read("Meds: metformin for type 2 diabetes") == {("me", "health", "type 2 diabetes", "")}
    assert read("Current medication: sertraline for anxiety.") == {("me", "health", "anxiety", "")}
    # Near misses: none, a drug alone, someone else's.
    assert read("Medication: none") == set()
    assert read("Medications: ibuprofen") == set()
    assert read("Mum's medication: statins for cholesterol") == set()
