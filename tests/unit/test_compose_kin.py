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
