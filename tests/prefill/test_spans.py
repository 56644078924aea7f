"""Prefill finds what the facts missed: the user's own sentence, cut to a span that fits the
field (real SQLite + Chroma, fake models; the records are not consolidated into facts)."""

from __future__ import annotations

import pytest

from app.bootstrap import Services
from memory.prefill.intents import intent_for
from memory.prefill.service import Prefiller
from memory.prefill.sources import MemoryView
from memory.prefill.spans import field_span, question_span
from memory.prefill.spec import Field, FormSpec
from tests.prefill.conftest import Script


def fill(svc: Services, label: str, field_type: str = "text", subject: str | None = None) -> tuple[str, str | None, str]:
    assert svc.tiers is not None
    prefiller = Prefiller(MemoryView(svc.store, svc.recall, svc.tiers))
    form = FormSpec("questions", (Field(name="f", label=label, type=field_type),))
    got = prefiller.fill(form, subject, use_model=False).fields[0]
    return got.status, got.value, got.method


def test_a_field_no_fact_answers_is_filled_from_the_users_own_sentence(svc: Services) -> None:
    script = Script(svc)
    script.record("Quick note for the school trip: I'm allergic to shellfish and kiwi.", "2024-08-01")
    status, value, method = fill(svc, "Food allergies")
    # The scripted facts hold peanuts; the note (never consolidated) adds nothing to a
    # field that facts already answer.
    assert (status, value, method) == ("filled", "peanuts", "fact")
    status, value, method = fill(svc, "Medical conditions")
    assert status == "unknown"


def test_only_a_span_that_fits_the_field_is_used(settings: object) -> None:
    from app.cli.context import AppContext
    from models.fakes import FakeChatModel
    from tests.conftest import fake_factory

    ctx = AppContext(factory=fake_factory(FakeChatModel(["I don't know."])))
    try:
        svc = ctx.services
        script = Script(svc)
        script.record("Note to self: I'm allergic to peanuts and shellfish.", "2024-08-01")
        script.record("My sister thinks I might be allergic to cats.", "2024-08-02")
        script.record("I have a severe allergy, so carry an EpiPen.", "2024-08-03")
        status, value, method = fill(svc, "Food allergies")
        assert (status, value, method) == ("filled", "peanuts, shellfish", "span")
        status, value, _ = fill(svc, "Favourite colour")
        assert status == "unknown"
    finally:
        ctx.close()


def test_field_span_reads_the_label_when_the_grammar_does_not() -> None:
    intent = intent_for(Field(name="a", label="Allergies"))
    assert intent is not None
    assert field_span(intent, "Allergies", "Allergies: peanuts, eggs and shellfish.", None) == [
        "peanuts",
        "eggs",
        "shellfish",
    ]
    assert field_span(intent, "Allergies", "I'm allergic to peanuts.", None) == ["peanuts"]
    assert field_span(intent, "Allergies", "Am I allergic to peanuts?", None) == []
    assert field_span(intent, "Allergies", "I'm not allergic to peanuts.", None) == []
    assert field_span(intent, "Allergies", "I have a severe allergy.", None) == []


@pytest.mark.parametrize(
    ("question", "sentence", "span"),
    [
        ("What did Caroline research?", "Researching adoption agencies - it's been a dream.",
         "adoption agencies"),
        ("What country is Caroline's grandma from?",
         "It was a gift from my grandma in my home country, Sweden.", "Sweden"),
        ("What kind of art does Caroline make?", "I love making abstract art, it frees me.",
         "abstract art"),
        ("How often does Melanie go to the beach?", "We usually go once or twice a year.",
         "once or twice a year"),
        ("How many kids does Melanie have?", "I have three kids and a dog.", "three"),
        ("Who is Melanie a fan of?", "I'm a fan of modern music like Ed Sheeran.", "Ed Sheeran"),
        ("What books has Melanie read?", 'I loved reading "Charlotte\'s Web" as a kid.',
         "Charlotte's Web"),
        ("Why did Melanie start running?", "I started running to clear my head.", None),
        ("What kind of online group did Caroline join?",
         "I joined a service-focused online group last week.", "service-focused online group"),
        ("What type of show did Melanie host?", "I taught recipes on my own cooking show!",
         "cooking show"),
        ("What event did Caroline participate in?",
         "I participated in a marching event for veterans.", "marching event for veterans"),
        ("What did Melanie make for the party?", "I made vegan ice cream last Friday and shared it.",
         "vegan ice cream"),
        ("What is the name of Melanie's puppy?", "I got a puppy! Her name's Coco.", "Coco"),
        ("What movie has Melanie recently seen?", 'I saw a movie, I think it was called "Inception".',
         "Inception"),
        ("How did Caroline describe the views?", "The views were spectacular, and we had fun.",
         "spectacular"),
        ("What did Melanie paint?", "Painting is fun.", None),
    ],
)
def test_question_span_by_the_questions_type(question: str, sentence: str, span: str | None) -> None:
    assert question_span(question, sentence, ["Caroline", "Melanie"]) == span
