from __future__ import annotations

from memory.compose import compose
from memory.grounding import is_grounded
from memory.recall import Hit


def hit(text: str, score: float = 1.0) -> Hit:
    return Hit(item_id="r1", tier="record", text=text, score=score, source="n.md",
               source_kind="markdown", timestamp=None, relevant=True)


RITA = [hit("My sister Rita lives in Porto.")]


def test_grounded_answer_passes() -> None:
    assert is_grounded("Rita lives in Porto [1].", "Where does Rita live?", RITA)


def test_invented_detail_fails() -> None:
    assert not is_grounded("Rita lives in Porto, a small town in the Caribbean.", "Where does Rita live?", RITA)


def test_echoing_the_question_fails() -> None:
    assert not is_grounded("Rita lives.", "Where does Rita live?", RITA)


def test_answer_must_name_the_entity_the_memory_names() -> None:
    dog = [hit("We adopted a beagle called Biscuit last week.")]
    assert not is_grounded("Your dog is a beagle.", "What is my dog called?", dog)
    assert is_grounded("Your dog is called Biscuit.", "What is my dog called?", dog)


def test_answer_from_an_unrelated_sentence_fails() -> None:
    hits = [hit("Went hiking in the Alps with Tom. The weather was cold but clear.")]
    assert not is_grounded("The weather was cold but clear.", "Who did I go hiking with?", hits)


def test_composed_answer_quotes_the_best_sentence_with_citation() -> None:
    hits = [hit("The weather was cold. Went hiking in the Alps with Tom.", 0.9), hit("Tom likes tea.", 0.2)]
    got = compose("Who did I go hiking with?", hits)
    assert got is not None and got.text == "Went hiking in the Alps with Tom. [1]"
