""""What do I know about X" across every tier, abstaining when nothing is known; questions
with time expressions favour the memories of that period."""

from __future__ import annotations

from pathlib import Path

from app.bootstrap import Services
from tests.tiers.conftest import LIFE_STORY, MovableClock, write_note


def test_dossier_of_a_person(tsvc: Services) -> None:
    tsvc.importer.run([LIFE_STORY])
    assert tsvc.tiers is not None
    dossier = tsvc.tiers.about("Rita")
    assert dossier.known and dossier.entity is not None and dossier.entity.name == "Rita"
    assert {f.text for f in dossier.facts} == {"Your sister is Rita.", "Rita lives in Porto."}
    assert len(dossier.timeline) >= 3
    assert [e.start_time for e in dossier.timeline] == sorted(e.start_time for e in dossier.timeline)  # type: ignore[type-var]
    assert all("Rita" in r.text for r in dossier.memories)
    assert any("Rita" in s.text for s in dossier.persona)
    data = dossier.as_json()
    assert set(data) >= {"subject", "known", "facts", "history", "timeline", "persona", "memories"}
    assert data["facts"][0]["sources"] and set(data["memories"][0]) >= {"id", "source", "text", "timestamp"}


def test_dossier_of_a_place_has_history_and_of_me_is_the_profile(tsvc: Services) -> None:
    tsvc.importer.run([LIFE_STORY])
    assert tsvc.tiers is not None
    lisbon = tsvc.tiers.about("Lisbon")
    assert [f.text for f in lisbon.history] == ["You lived in Lisbon until May 2024."]
    assert lisbon.facts == []
    me = tsvc.tiers.about("me")
    assert me.entity is not None and me.entity.is_self
    assert "You live in Berlin (since May 2024)." in {f.text for f in me.facts}
    assert {f.object for f in me.conflicts} == {"2 June"}
    assert len(me.persona) >= 10


def test_nothing_known_means_abstain(tsvc: Services) -> None:
    tsvc.importer.run([LIFE_STORY])
    assert tsvc.tiers is not None
    assert not tsvc.tiers.about("Zanzibar").known
    assert tsvc.tiers.about("Zanzibar").as_json()["known"] is False


def test_time_expressions_pick_the_period(tsvc: Services, clock: MovableClock) -> None:
    tsvc.importer.run([LIFE_STORY])
    def facts(question: str) -> list:  # type: ignore[type-arg]
        return [h for h in tsvc.recall.search(question, k=10) if h.tier == "fact"]

    assert facts("Where do I live?")[0].text.startswith("You live in Berlin")
    before = facts("Where did I live before I moved?")
    assert before[0].text.startswith("You lived in Lisbon") and any("in period" in w for w in before[0].why)
    assert facts("Where did I live in March 2024?")[0].text.startswith("You lived in Lisbon")
    assert facts("Where do I live now, in 2025?")[0].text.startswith("You live in Berlin")
    answer = tsvc.answerer.ask("Where do I live?")
    assert answer.text.startswith("You live in Berlin") and answer.sources[0].record_ids


def test_ask_json_keeps_its_shape_with_fact_sources(tsvc: Services, tmp_path: Path) -> None:
    write_note(tmp_path / "n", "2024-01-20", "I'm allergic to peanuts.")
    tsvc.importer.run([tmp_path / "n"])
    data = tsvc.answerer.ask("What am I allergic to?").as_json()
    assert data["known"] is True and data["answer"].startswith("You are allergic to peanuts")
    assert set(data["sources"][0]) >= {"id", "source", "text", "timestamp"}
    assert data["sources"][0]["id"].startswith("f") and data["sources"][0]["source"].endswith(".md")
