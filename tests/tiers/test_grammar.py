"""The fact grammar piece by piece: clauses and their flags, noun phrases, value checks
(pure functions, no database)."""

from __future__ import annotations

import pytest

from memory.records import StoredRecord
from memory.tiers.clauses import clauses
from memory.tiers.extract import Speaker, extract_facts
from memory.tiers.triggers import COPULAR_HEADS, VERB_HEADS
from memory.tiers.values import plausible

ME = Speaker("me", True)


def read(text: str, who: Speaker = ME) -> set[tuple[str, str, str, str]]:
    rec = StoredRecord(1, 1, "file:/n.md", "markdown", "note_chunk", 0, text, None, None, None,
                       "2026-06-15T10:00:00+00:00", "2026-06-15T10:00:00+00:00", "active", None, {})
    out = set()
    for f in extract_facts(rec, who):
        flag = "past" if f.past else "ended" if f.negate else ""
        out.add(("me" if f.subject_is_self else f.subject, f.predicate, f.object, flag))
    return out


def test_coordinated_clauses_share_their_subject_and_verb() -> None:
    [_, second] = clauses("I am vegetarian and allergic to peanuts.", VERB_HEADS, COPULAR_HEADS)
    assert second.subject.kind == "speaker" and second.be and second.rest.startswith("allergic")
    assert read("I live in Oslo, work at Equinor and have two kids.") == {
        ("me", "lives_in", "Oslo", ""),
        ("me", "works_at", "Equinor", ""),
        ("me", "has_children", "two kids", ""),
    }
    assert read("My brother Tomás lives in Valencia and works as a chef.") >= {
        ("Tomás", "lives_in", "Valencia", ""),
        ("Tomás", "job_title", "chef", ""),
        ("me", "has_brother", "Tomás", ""),
    }


def test_relative_clauses_take_their_antecedent() -> None:
    assert ("Mei", "lives_in", "Taipei", "") in read("I have a sister, Mei, who lives in Taipei.")
    assert read("The film is about a man who moves to Tokyo.") == set()
    assert read("I work for a small charity that helps refugees.") == {
        ("me", "works_at", "a small charity", "")
    }


def test_called_and_named_keep_the_name() -> None:
    assert read("Just joined a startup called Lumen as their first designer.") == {
        ("me", "works_at", "Lumen", ""),
        ("me", "job_title", "designer", ""),
    }
    assert read("We adopted a greyhound named Pepper.") == {("me", "has_pet", "Pepper", "")}
    assert read("My best friend is called Priya.") == {("me", "has_best_friend", "Priya", "")}
    assert read("The hotel was called The Grand.") == set()


def test_from_a_to_b_and_moves() -> None:
    assert read("We moved from Leeds to York and then to Durham.") == {
        ("me", "lives_in", "Leeds", "past"),
        ("me", "lives_in", "York", "past"),
        ("me", "lives_in", "Durham", ""),
    }
    assert read("I'm moving to Madrid next month.") == {("me", "plans", "move to Madrid", "")}
    assert read("Born in 1988 in Cork.") == {("me", "birth_year", "1988", ""), ("me", "from", "Cork", "")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I don't eat pork.", {("me", "avoids", "pork", "")}),
        ("I no longer live in Paris.", {("me", "lives_in", "Paris", "ended")}),
        ("I don't like horror films.", {("me", "dislikes", "horror films", "")}),
        ("I'm not allergic to anything.", set()),
        ("I used to work at IBM.", {("me", "works_at", "IBM", "past")}),
        ("I might move to Berlin next year.", set()),
        ("Someday I'd love to live in Kyoto.", set()),
        ("I wish I lived by the sea.", set()),
        ("If I were rich I'd live in Monaco.", set()),
        ("She told me she lives in Rome now.", set()),
        ("Apparently my cousin works at NASA.", set()),
        ("Do you still live in Bristol?", set()),
        ("I'm lactose intolerant.", {("me", "health", "lactose intolerance", "")}),
        ("I take metformin for my type 2 diabetes.", {("me", "health", "type 2 diabetes", "")}),
        ("My dentist is Dr. Almeida.", {("me", "has_dentist", "Dr. Almeida", "")}),
        ("I'm planning a trip to Japan.", {("me", "plans", "trip to Japan", "")}),
        ("I have a severe allergy to shellfish.", {("me", "allergic_to", "shellfish", "")}),
        ("I have a severe allergy.", set()),
        ("When I was little I lived in Kenya.", {("me", "lives_in", "Kenya", "past")}),
        ("Hi, I'm Tomasz, nice to meet you all.", {("me", "name", "Tomasz", "")}),
        ("My New Year's resolution is to drink less tea.", {("me", "goal", "drink less tea", "")}),
        ("My mum's birthday is on 3 May.", set()),
        ("My first language is Polish.", {("me", "speaks", "Polish", "")}),
        ("I've gone off spicy food.", {("me", "likes", "spicy food", "ended")}),
        ("We rent a tiny flat in Ghent.", {("me", "lives_in", "Ghent", "")}),
        ("We rent out a tiny flat in Ghent.", set()),
        ("We live in a tiny flat in Ghent.", {("me", "lives_in", "Ghent", "")}),
        ("When did you move to Ghent", set()),
    ],
)
def test_negation_mood_and_ordinary_phrasings(text: str, expected: set[tuple[str, str, str, str]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("predicate", "value", "ok"),
    [
        ("allergic_to", "severe", False),
        ("allergic_to", "shellfish", True),
        ("lives_in", "Monday", False),
        ("lives_in", "Christmas", False),
        ("lives_in", "New York City", True),
        ("name", "She", False),
        ("name", "Ines Carvalho", True),
        ("has_sister", "it", False),
        ("works_at", "a bakery called", False),
        ("works_at", "Pão Quente", True),
        ("age", "300", False),
        ("diet", "happy", False),
        ("speaks", "Klingonese", False),
        ("email", "not an email", False),
    ],
)
def test_values_are_checked_per_predicate(predicate: str, value: str, ok: bool) -> None:
    assert plausible(predicate, value) is ok
