"""Reconciliation and the conflict queue, through real imports and consolidation (fakes for
the models): add, reinforce, supersede, conflict, history, and nothing silently lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bootstrap import Services
from memory.tiers.conflicts import ConflictError
from memory.tiers.services import TierServices
from tests.tiers.conftest import write_note


def tiers_of(svc: Services) -> TierServices:
    assert svc.tiers is not None
    return svc.tiers


def by_object(tiers: TierServices, predicate: str) -> dict[str, str]:
    return {f.object: f.status for f in tiers.facts.listing(history=True) if f.predicate == predicate}


def test_change_supersedes_and_keeps_history(tsvc: Services, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    write_note(notes, "2024-01-03", "I live in Lisbon, near the river.")
    write_note(notes, "2024-02-03", "I live in Lisbon and the winter is mild.")
    write_note(notes, "2024-05-11", "We moved to Berlin today.")
    tsvc.importer.run([notes])
    tiers = tiers_of(tsvc)
    assert by_object(tiers, "lives_in") == {"Lisbon": "superseded", "Berlin": "current"}
    [old] = [f for f in tiers.facts.listing(history=True) if f.object == "Lisbon"]
    [new] = [f for f in tiers.facts.listing() if f.object == "Berlin"]
    assert old.valid_from == "2024-01-03T00:00:00+00:00"
    assert old.valid_to == "2024-05-11T00:00:00+00:00" and old.retired_at is not None
    assert old.superseded_by == new.id and old.text == "You lived in Lisbon until May 2024."
    assert new.text == "You live in Berlin (since May 2024)."
    # Reinforced: two records are the evidence of Lisbon, and it got stronger.
    assert len(tiers.facts.evidence([old.id])[old.id]) == 2
    assert old.confidence > 0.9
    assert tiers.facts.listing() == [f for f in tiers.facts.listing() if f.status != "superseded"]


def test_records_imported_out_of_order_become_history(tsvc: Services, tmp_path: Path) -> None:
    write_note(tmp_path / "a", "2024-05-11", "We moved to Berlin today.")
    tsvc.importer.run([tmp_path / "a"])
    write_note(tmp_path / "b", "2023-02-01", "I live in Lisbon.")
    tsvc.importer.run([tmp_path / "b"])
    tiers = tiers_of(tsvc)
    assert by_object(tiers, "lives_in") == {"Berlin": "current", "Lisbon": "superseded"}
    assert tiers.conflicts.open() == []


def test_contradiction_without_a_change_cue_goes_to_the_queue(tsvc: Services, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    write_note(notes, "2024-02-10", "My birthday is on 14 May.")
    write_note(notes, "2024-10-20", "My birthday is on June 2.")
    tsvc.importer.run([notes])
    tiers = tiers_of(tsvc)
    assert by_object(tiers, "birthday") == {"14 May": "current", "2 June": "conflict"}
    [conflict] = tiers.conflicts.open()
    assert {conflict.fact.object, conflict.other.object} == {"14 May", "2 June"}
    assert "birthday" in conflict.reason

    with pytest.raises(ConflictError):
        tiers.resolve_conflict(conflict.conflict_id, keep="f999")
    kept = conflict.other.item_id
    resolved = tiers.resolve_conflict(conflict.conflict_id, keep=kept)
    assert resolved.resolved_at and tiers.conflicts.open() == []
    assert by_object(tiers, "birthday") == {"14 May": "current"}
    # Retired, not deleted; and the rejected value is not learned again.
    rejected = tiers.facts.listing(statuses=["retired"])
    assert [f.object for f in rejected] == ["2 June"] and rejected[0].retire_reason == "user_rejected"
    write_note(tmp_path / "m", "2024-11-01", "My birthday is on June 2.")
    tsvc.importer.run([tmp_path / "m"])
    assert tiers.conflicts.open() == [] and by_object(tiers, "birthday") == {"14 May": "current"}


def test_reject_and_keep_both(tsvc: Services, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    write_note(notes, "2024-01-01", "I work at Acme.")
    write_note(notes, "2024-01-02", "I work at Globex.")
    write_note(notes, "2024-03-01", "I'm vegetarian.")
    write_note(notes, "2024-03-02", "I'm vegan.")
    tsvc.importer.run([notes])
    tiers = tiers_of(tsvc)
    work, diet = sorted(tiers.conflicts.open(), key=lambda c: c.fact.predicate != "works_at")
    tiers.resolve_conflict(work.conflict_id, keep_both=True)
    assert by_object(tiers, "works_at") == {"Acme": "current", "Globex": "current"}
    tiers.resolve_conflict(diet.conflict_id, reject=diet.fact.item_id)
    assert by_object(tiers, "diet") == {"vegetarian": "current"}


def test_multi_valued_predicates_add_and_opposites_supersede(tsvc: Services, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    write_note(notes, "2024-01-05", "I love coffee. My friend Tom came over.")
    write_note(notes, "2024-02-05", "I love jazz. My friend Ana came over too.")
    write_note(notes, "2024-09-14", "I don't like coffee anymore.")
    tsvc.importer.run([notes])
    tiers = tiers_of(tsvc)
    assert by_object(tiers, "has_friend") == {"Tom": "current", "Ana": "current"}
    assert by_object(tiers, "likes") == {"coffee": "superseded", "jazz": "current"}
    assert by_object(tiers, "dislikes") == {"coffee": "current"}


def test_ending_a_job_and_fulfilling_a_plan(tsvc: Services, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    write_note(notes, "2024-01-03", "I work at Tidewave.")
    write_note(notes, "2024-03-15", "Today was my last day at Tidewave.")
    write_note(notes, "2024-04-20", "We are moving to Berlin next month!")
    write_note(notes, "2024-05-11", "We moved to Berlin today.")
    tsvc.importer.run([notes])
    tiers = tiers_of(tsvc)
    [job] = [f for f in tiers.facts.listing(history=True) if f.predicate == "works_at"]
    assert job.status == "superseded" and job.valid_to == "2024-03-15T00:00:00+00:00"
    assert job.superseded_by is None
    assert by_object(tiers, "plans") == {"move to Berlin": "superseded"}
    roles = {e.role for e in tiers.facts.evidence([job.id])[job.id]}
    assert roles == {"supports", "ends"}


def test_facts_json_shape(tsvc: Services, tmp_path: Path) -> None:
    write_note(tmp_path / "n", "2024-01-09", "My sister Rita lives in Porto.")
    tsvc.importer.run([tmp_path / "n"])
    tiers = tiers_of(tsvc)
    facts = tiers.facts.listing(about="Rita")
    ev = tiers.facts.evidence([f.id for f in facts])
    items = [f.as_json(ev[f.id]) for f in facts]
    assert {(i["subject"], i["predicate"], i["object"]) for i in items} == {
        ("me", "has_sister", "Rita"), ("Rita", "lives_in", "Porto")}
    for item in items:
        assert set(item) >= {"id", "subject", "predicate", "object", "text", "status",
                             "valid_from", "valid_to", "confidence", "sources"}
        assert item["status"] == "current" and item["id"].startswith("f")
        assert item["sources"][0]["id"].startswith("r") and item["sources"][0]["source"].endswith(".md")
