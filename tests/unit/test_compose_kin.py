"""A relation the question names must be in the memory quoted, as a name must: the grandma's
gift does not answer a question about the grandpa's (LoCoMo's adversarial questions swap
exactly such words)."""

from __future__ import annotations

from memory.compose import compose
from memory.recall import Hit
from memory.whose import kin_named

SPEAKERS = ("Caroline", "Melanie")


def turn(n: int, text: str) -> Hit:
    return Hit(item_id=f"r{n}", tier="record", text=text, score=1.0, source="chat",
               source_kind="locomo", timestamp="2023-06-10T10:00:00", speaker="Caroline",
               conversation="c:1", record_ids=(n,), relevant=True)


GIFT = turn(3, "This necklace is super special to me - a gift from my grandma in Sweden.")


def test_a_relation_named_must_be_in_the_memory() -> None:
    assert compose("What was grandpa's gift to Caroline?", [GIFT], speakers=SPEAKERS) is None
    got = compose("What was grandma's gift to Caroline?", [GIFT], speakers=SPEAKERS)
    assert got is not None and "necklace" in got.text and got.cited == (1,)


def test_a_relation_is_found_by_its_synonyms() -> None:
    kids = turn(4, "My children love the beach; we go every summer.")
    got = compose("What do Caroline's kids love?", [kids], speakers=SPEAKERS)
    assert got is not None and "beach" in got.text
    assert compose("What do Caroline's nephews love?", [kids], speakers=SPEAKERS) is None
    assert len(kin_named("my mum and her dad")) == 2
    assert kin_named("What did Caroline paint?") == []


def test_a_short_form_of_a_speaker_s_name_names_them() -> None:
    from memory.whose import short_names, subject_of

    pots = turn(5, "Last week I took my kids to a pottery class. We all made our own bowls!")
    pots = Hit(**{**pots.__dict__, "speaker": "Melanie"})
    got = compose("What did Mel and her kids make at the pottery class?", [pots],
                  speakers=SPEAKERS)
    assert got is not None and "bowls" in got.text
    assert subject_of("What did Mel make?", SPEAKERS).names == ("Melanie", "Mel")
    # Caroline's words do not answer a question about Mel.
    assert compose("What did Mel and her kids make at the pottery class?", [turn(6, pots.text)],
                   speakers=SPEAKERS) is None
    # A short form two speakers share, a stopword or a full name is no short form.
    assert short_names("What did Car say?", ("Carla", "Carmen")) == ()
    assert short_names("What did Caroline say?", SPEAKERS) == ()
    assert short_names("Who said The end?", ("Theodore",)) == ()
