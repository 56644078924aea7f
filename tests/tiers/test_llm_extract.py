"""The LLM fact extractor: used only with a capable model, under a JSON schema, and its
facts are stored only when grounded in the record."""

from __future__ import annotations

import json
from collections.abc import Sequence

from app.bootstrap import build_services
from app.settings import Settings
from memory.records import StoredRecord
from memory.tiers.extract import Speaker
from memory.tiers.llm_extract import SCHEMA, LLMExtractor
from models.base import ChatMessage
from models.fakes import FakeChatModel, FakeEmbedder
from tests.tiers.conftest import MovableClock, write_note

TEXT = "Honestly the best part of the week: my daughter Lena started violin lessons."


def rec(text: str = TEXT) -> StoredRecord:
    when = "2024-06-15T10:00:00+00:00"
    return StoredRecord(3, 1, "file:/x.md", "markdown", "note_chunk", 0, text, None, None, None,
                        when, when, "active", None, {})


def model(facts: list[dict[str, object]], capable: bool = True) -> FakeChatModel:
    def respond(messages: Sequence[ChatMessage]) -> str:
        return json.dumps({"facts": facts}) if "JSON" in messages[0].content else "summary"

    return FakeChatModel(capable=capable, responder=respond)


def test_grounded_facts_are_kept_and_invented_ones_dropped() -> None:
    chat = model([
        {"subject": "I", "predicate": "relationship", "detail": "daughter", "object": "Lena"},
        {"subject": "Lena", "predicate": "plays", "object": "violin"},
        {"subject": "I", "predicate": "lives_in", "object": "Vienna"},  # not in the text
        {"subject": "Marco", "predicate": "likes", "object": "violin"},  # unknown subject
    ])
    got = LLMExtractor(lambda: chat).extract(rec(), Speaker("me", True))
    assert {(f.subject, f.predicate, f.object, f.extractor) for f in got} == {
        ("me", "has_daughter", "Lena", "llm"), ("Lena", "plays", "violin", "llm")}
    assert chat.calls[0]["json_schema"] == SCHEMA


def test_not_capable_or_unreadable_means_no_model_facts() -> None:
    weak = model([{"subject": "I", "predicate": "likes", "object": "violin"}], capable=False)
    assert LLMExtractor(lambda: weak).extract(rec(), Speaker("me", True)) == []
    assert weak.calls == []
    broken = FakeChatModel(["not json at all"], capable=True)
    assert LLMExtractor(lambda: broken).extract(rec(), Speaker("me", True)) == []


def test_consolidation_uses_a_capable_model(settings: Settings, clock: MovableClock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    chat = model([{"subject": "I", "predicate": "relationship", "detail": "daughter", "object": "Lena"}])
    svc = build_services(settings, chat_model=chat, embedder=FakeEmbedder(), clock=clock)
    write_note(tmp_path / "n", "2024-06-15", TEXT)
    svc.importer.run([tmp_path / "n"])
    assert svc.tiers is not None
    facts = {(f.predicate, f.object, f.extractor) for f in svc.tiers.facts.listing()}
    # The deterministic extractor reads it too; the model's duplicate is not stored twice.
    assert ("has_daughter", "Lena", "deterministic") in facts
    assert len([f for f in facts if f[0] == "has_daughter"]) == 1
    svc.close()
