"""A quote holding the question's words still does not answer it when it denies them, when
they belong to the person spoken to, or when it says the opposite of a word asked
(``memory.stance``). Each rule with its near misses: the same memory still answers the
question it does answer."""

from __future__ import annotations

from memory.compose import compose
from memory.recall import Hit
from memory.stance import counted_stems, denies, opposes, opposite_stems
from memory.text import match_stem

SPEAKERS = ("Priya", "Tomas")


def turn(n: int, text: str, speaker: str = "Priya") -> Hit:
    return Hit(item_id=f"r{n}", tier="record", text=text, score=1.0, source="chat",
               source_kind="whatsapp", timestamp="2024-03-02T09:00:00", speaker=speaker,
               conversation="c:1", record_ids=(n,), relevant=True)


def stems(*words: str) -> set[str]:
    return {match_stem(w) for w in words}


def test_a_denied_word_does_not_match() -> None:
    ski = turn(1, "I don't ski, but a long walk in the snow makes me feel alive.")
    assert compose("How does Priya feel while skiing?", [ski], speakers=SPEAKERS) is None
    walk = turn(2, "A long walk in the snow makes me feel alive, even though I don't ski.")
    got = compose("How does Priya feel on a walk in the snow?", [walk], speakers=SPEAKERS)
    assert got is not None and "alive" in got.text
    # A question that denies too is answered by the denial.
    got = compose("What does Priya not play?", [turn(3, "I don't play tennis, sadly.")],
                  speakers=SPEAKERS)
    assert got is not None and "tennis" in got.text


def test_the_listener_s_things_are_not_the_speaker_s() -> None:
    dogs = turn(1, "I had no idea greyhounds were so gentle until I met your greyhounds!")
    assert compose("What do Priya's greyhounds eat?", [dogs], speakers=SPEAKERS) is None
    got_dog = turn(2, "I'm sure you'd be getting a second greyhound soon!")
    assert compose("Why did Priya get a second greyhound?", [got_dog], speakers=SPEAKERS) is None
    own = turn(3, "My greyhounds eat a raw diet, mostly chicken and some veg.")
    got = compose("What do Priya's greyhounds eat?", [own], speakers=SPEAKERS)
    assert got is not None and "raw diet" in got.text


def test_the_listener_may_be_the_person_asked_about() -> None:
    # Two people named: "your bakery" in Tomas's words is Priya's bakery.
    praise = turn(1, "Your bakery looks amazing, the bread is the best in town!", "Tomas")
    got = compose("What did Tomas say about Priya's bakery?", [praise], speakers=SPEAKERS)
    assert got is not None and "bread" in got.text


def test_an_opposite_does_not_answer() -> None:
    calm = turn(1, "Knitting keeps me calm and brings me so much happiness.")
    assert compose("What makes Priya anxious and brings her sadness?", [calm],
                   speakers=SPEAKERS) is None
    got = compose("What keeps Priya calm?", [calm], speakers=SPEAKERS)
    assert got is not None and "Knitting" in got.text
    causes = turn(2, "I give my time and money to causes I support, like the food bank.")
    assert compose("What cause does Priya oppose with her time and money?", [causes],
                   speakers=SPEAKERS) is None
    got = compose("What cause does Priya support with her time and money?", [causes],
                  speakers=SPEAKERS)
    assert got is not None and "food bank" in got.text


def test_stance_helpers() -> None:
    assert stems("hate") <= opposite_stems(match_stem("love"))
    assert stems("love") <= opposite_stems(match_stem("hates"))
    assert opposite_stems(match_stem("table")) == frozenset()
    assert opposes(stems("avoid", "city"), stems("explore", "new", "city"))
    assert not opposes(stems("avoid", "city"), stems("avoid", "explore", "city"))
    assert denies("I no longer live there") and denies("I can't swim")
    assert not denies("I know how to swim")
    said = counted_stems("I don't really surf, but I met your surfers and loved it")
    assert not said & stems("surf", "surfers")
    assert stems("met", "loved") <= said
    assert stems("surf") <= counted_stems("I don't surf", deny=False)
    assert stems("surfers") <= counted_stems("I met your surfers", of_speaker=False)
    # "you know" and "thank you so much" say nothing of the listener's.
    assert stems("paint") <= counted_stems("You know I paint every day")


def fact(n: int, text: str, predicate: str, obj: str, qualifier: str | None = None) -> Hit:
    return Hit(item_id=f"f{n}", tier="fact", text=text, score=2.0, source="facts",
               source_kind="fact", timestamp="2024-03-02T09:00:00", record_ids=(n,),
               why=(f"answers: {predicate.replace('_', ' ')}",), relevant=True,
               metadata={"status": "current", "predicate": predicate, "subject": "me",
                         "object": obj, "qualifier": qualifier})


def test_a_fact_answers_the_words_that_ask_for_its_kind() -> None:
    pet = fact(1, "You have a greyhound named Pepper.", "has_pet", "Pepper", "a greyhound")
    got = compose("What is my dog called?", [pet])
    assert got is not None and "Pepper" in got.text and got.method == "fact"
    got = compose("What's my puppy's name?", [pet])
    assert got is not None and "Pepper" in got.text
    # Another kind of animal is not answered by the greyhound.
    assert compose("What is my cat called?", [pet]) is None
    pork = fact(2, "You don't eat or drink pork.", "avoids", "pork")
    got = compose("What food do I avoid?", [pork])
    assert got is not None and "pork" in got.text
