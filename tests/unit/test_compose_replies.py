"""A reply answers the question just put to its speaker (issue 18, answers fit the question):
"How often do you see sunsets like that?" / "I see them at least once a week." The reply is
the speaker's own words; the question it replies to only says what it is about."""

from __future__ import annotations

from memory.compose import compose
from memory.evidence import statements
from memory.recall import Hit

SPEAKERS = ("John", "Maria")


def turn(n: int, speaker: str, text: str, *, conversation: str = "c:1") -> Hit:
    return Hit(item_id=f"r{n}", tier="record", text=text, score=1.0, source="chat",
               source_kind="locomo", timestamp="2023-06-10T10:00:00", speaker=speaker,
               conversation=conversation, record_ids=(n,), relevant=True)


ASKED = turn(7, "Maria", "That picture is amazing! How often do you get to see sunsets like that on your walks?")
REPLY = turn(8, "John", "Thanks, Maria! I see them at least once a week. It's a good way to disconnect.")
Q = "How often does John get to see sunsets on his walks?"


def test_a_reply_answers_the_question_put_just_before_it() -> None:
    got = compose(Q, [ASKED, REPLY], speakers=SPEAKERS)
    assert got is not None and got.text == "I see them at least once a week. [2]"
    assert got.cited == (2,)


def test_only_the_very_next_message_of_the_one_asked_replies() -> None:
    assert compose(Q, [REPLY], speakers=SPEAKERS) is None  # the question is not recalled
    later = turn(9, "John", REPLY.text)
    assert compose(Q, [ASKED, later], speakers=SPEAKERS) is None  # not the next message
    elsewhere = turn(8, "John", REPLY.text, conversation="c:2")
    assert compose(Q, [ASKED, elsewhere], speakers=SPEAKERS) is None
    # Maria's own next message is no answer about John, nor is John's reply about Maria
    assert compose(Q, [ASKED, turn(8, "Maria", REPLY.text)], speakers=SPEAKERS) is None
    asked_maria = Q.replace("John", "Maria").replace(" he ", " she ").replace("his", "her")
    assert compose(asked_maria, [ASKED, REPLY], speakers=SPEAKERS) is None


def test_a_reply_to_another_question_answers_nothing() -> None:
    park = turn(7, "Maria", "Do you take your kid to the park often?")
    again = turn(8, "John", "Yeah, we go a few times a week. It's great for family bonding.")
    assert compose("How often does John take his kids to the library?", [park, again],
                   speakers=SPEAKERS) is None
    got = compose("How often does John take his kids to the park?", [park, again], speakers=SPEAKERS)
    assert got is not None and got.text == "we go a few times a week. [2]"


def test_the_name_a_greeting_calls_is_no_statement() -> None:
    assert statements("Thanks, Melanie. It really mattered.") == ["It really mattered."]
    assert statements("Hey Jon! The store's doing great!") == ["The store's doing great!"]
    assert statements("Pixel.") == ["Pixel."]


def test_a_quote_that_only_restates_the_question_goes_on_with_the_next_sentence() -> None:
    run = turn(3, "John", "Thanks, Maria! I set up a 5K charity run in our neighborhood. It was all for "
                          "a good cause - to help out veterans and their families. We raised some funds!")
    got = compose("What cause did the 5K charity run organized by John support?", [run], speakers=SPEAKERS)
    assert got is not None and got.text == (
        "I set up a 5K charity run in our neighborhood. It was all for a good cause - to help out "
        "veterans and their families. [1]"
    )
    # a picture's caption is no one's words; a "when" question has its answer in the time
    shared = turn(4, "John", "I set up a 5K charity run in our neighborhood. [shares image: a photo of runners]")
    got = compose("What cause did the 5K charity run organized by John support?", [shared], speakers=SPEAKERS)
    assert got is not None and got.text == "I set up a 5K charity run in our neighborhood. [1]"
    got = compose("When did John set up a 5K charity run?", [run], speakers=SPEAKERS)
    assert got is not None and got.text.startswith("I set up a 5K charity run in our neighborhood. [1]")


def test_a_word_that_opens_a_phrase_is_not_stripped_as_a_greeting() -> None:
    said = "Just yesterday I joined a nearby church. So far it's been really great! Great news: I won."
    assert statements(said) == [
        "Just yesterday I joined a nearby church.", "So far it's been really great!", "Great news: I won.",
    ]
    assert statements("Wow I love it. So, I went home.") == ["I love it.", "I went home."]


def test_a_place_at_the_end_of_a_sentence_calls_no_one() -> None:
    from memory.whose import vocative

    gift = "This necklace is a gift from my grandma in my home country, Sweden."
    assert vocative(gift) and not vocative(gift, ("Caroline", "Melanie"))
    assert vocative("Sounds great, Mel!", ("Caroline", "Melanie"))
    necklace = Hit(item_id="r1", tier="record", text=f"Thanks, Melanie! {gift}", score=1.0,
                   source="chat", source_kind="locomo", timestamp=None, speaker="Caroline", relevant=True)
    got = compose("What was grandma's gift to Caroline?", [necklace], speakers=("Caroline", "Melanie"))
    assert got is not None and got.text == f"{gift} [1]"
