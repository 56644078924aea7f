"""Quoting the subject's own words, model-shortened answers kept only when copied, the
writing style profile and template drafts (unit level, fake models)."""

from __future__ import annotations

from memory.prefill.answers import first_person, quote_answer
from memory.prefill.extractive import grounded_span, shorten_with_model
from memory.prefill.style import style_profile
from memory.recall import Hit
from memory.records import StoredRecord
from models.fakes import FakeChatModel


def hit(text: str, speaker: str | None, score: float = 0.5, n: int = 1) -> Hit:
    return Hit(
        item_id=f"r{n}",
        tier="record",
        text=text,
        score=score,
        source="chat.json",
        source_kind="locomo",
        timestamp="2023-05-08T13:56:00+00:00",
        speaker=speaker,
        record_ids=(n,),
    )


def test_first_person_and_addressed_sentences() -> None:
    assert first_person("I went to a pottery workshop.")
    assert first_person("Researching adoption agencies this week.", elliptical=True)
    assert not first_person("Researching adoption agencies this week.")
    assert not first_person("Your painting of the lake is lovely, I think.")
    assert not first_person("The weather was nice.", elliptical=True)


def test_quote_comes_from_the_subjects_own_words_only() -> None:
    hits = [
        hit(
            "Wow Mel, that charity race for mental health sounds amazing! Did you win?",
            "Caroline",
            0.9,
            1,
        ),
        hit(
            "I ran a charity race for mental health last Saturday. It was tough.", "Melanie", 0.8, 2
        ),
    ]
    args = {"subject_names": ["Caroline"], "include_unsigned": False}
    assert (
        quote_answer(
            "What was the charity race Caroline ran for?", hits, speakers=["Caroline"], **args
        )
        is None
    )
    got = quote_answer(
        "What was the charity race Melanie ran for?",
        hits,
        speakers=["Melanie"],
        subject_names=["Melanie"],
        include_unsigned=False,
    )
    assert got is not None and got.hit.item_id == "r2"
    assert "mental health" in got.value


def test_quote_needs_two_question_words() -> None:
    hits = [hit("I love my research on bees.", "Ana")]
    kw = {"speakers": ["Ana"], "subject_names": ["Ana"], "include_unsigned": False}
    assert quote_answer("What did Ana research?", hits, **kw) is None  # one word is too weak
    assert quote_answer("What is Ana's research about bees?", hits, **kw) is not None


def test_model_span_is_kept_only_when_copied() -> None:
    evidence = "Yep, I made it with coconut milk so it's lactose-free!"
    question = "What ingredient did Nate use to make the ice cream lactose-free?"
    assert grounded_span("Nate used coconut milk to make it.", evidence, question) == "coconut milk"
    assert grounded_span("He used almond milk.", evidence, question) is None or "almond" not in (
        grounded_span("He used almond milk.", evidence, question) or ""
    )
    assert grounded_span("oat cream", evidence, question) is None
    assert grounded_span("lactose-free", evidence, question) is None  # echoes the question
    model = FakeChatModel(['The answer is "five years"'])
    assert (
        shorten_with_model(
            model, "How long has John been surfing?", "I started surfing five years ago."
        )
        == "five years"
    )


def rec(text: str, n: int) -> StoredRecord:
    return StoredRecord(
        id=n,
        source_id=1,
        source_uri="chat",
        source_kind="chat",
        kind="message",
        seq=n,
        text=text,
        speaker="me",
        conversation="c",
        title=None,
        event_time=None,
        created_at="2024",
        status="active",
        external_id=None,
        metadata={},
    )


def test_style_profile_is_counted_from_messages() -> None:
    casual = style_profile(
        [
            rec(t, i)
            for i, t in enumerate(
                ["hey! gonna be late 😅", "haha yes 😊", "hey, cool, see you soon"]
            )
        ]
    )
    assert casual.messages == 3
    assert casual.greeting == "hey" and round(casual.greeting_rate, 2) == 0.67
    assert casual.emoji_rate > 0.6 and casual.emojis[0] in ("😅", "😊")
    assert casual.formality == "casual"
    assert casual.lowercase_start_rate == 1.0
    formal = style_profile(
        [
            rec("Dear Tom, thank you for the invitation. Kind regards, Ana", 1),
            rec("Dear Mia, I would appreciate the document. Kind regards, Ana", 2),
        ]
    )
    assert formal.formality == "formal" and formal.greeting == "dear"
    assert formal.emoji_rate == 0 and formal.contraction_rate == 0
    assert style_profile([]).messages == 0


def test_a_name_called_out_is_not_an_answer() -> None:
    # Caroline's reply opens with "Melanie!": that is not a word about Melanie's blood type.
    hits = [
        hit(
            "Melanie! It's beautiful! I love how blood and the family we choose bond us.",
            "Caroline",
        )
    ]
    kw = {"speakers": ["Caroline"], "subject_names": ["Caroline"], "include_unsigned": False}
    assert quote_answer("What is Melanie's blood type?", hits, **kw) is None
