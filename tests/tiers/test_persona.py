"""The persona tier: sections with evidence, versioned, updated incrementally, and the
user's confirm / reject / edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bootstrap import Services
from memory.tiers.persona import PersonaError
from tests.tiers.conftest import LIFE_STORY, write_note


def test_profile_sections_with_evidence_from_the_life_story(tsvc: Services) -> None:
    tsvc.importer.run([LIFE_STORY])
    assert tsvc.tiers is not None
    sections = tsvc.tiers.persona.sections()
    text = {name: [s.text for s in items] for name, items in sections.items()}
    assert "You live in Berlin (since May 2024)." in text["places"]
    assert "You lived in Lisbon until May 2024." in text["places"]
    assert "You work at Northwind (since March 2024)." in text["work"]
    assert "You have a puppy named Biscuit." in text["people"]
    assert "Rita lives in Porto (your sister)." in text["people"]
    assert "You are allergic to peanuts." in text["health"]
    assert "You like green tea." in text["preferences"]
    # The conflicting birthday is not in the profile until it is resolved.
    assert text["identity"] == ["Your birthday is 14 May."]
    for items in sections.values():
        for st in items:
            assert st.record_ids, st.text
            assert st.fact_ids or st.key.startswith(("event:", "contact:"))
    only = tsvc.tiers.persona.sections("places")
    assert list(only) == ["places"]


def test_versions_only_when_something_changes(tsvc: Services, tmp_path: Path) -> None:
    assert tsvc.tiers is not None
    write_note(tmp_path / "a", "2024-01-03", "I live in Lisbon.")
    tsvc.importer.run([tmp_path / "a"])
    versions = tsvc.tiers.persona.versions()
    assert len(versions) == 1
    assert tsvc.tiers.persona.rebuild().version_id is None
    [stmt] = tsvc.tiers.persona.statements("places")
    write_note(tmp_path / "b", "2024-05-11", "We moved to Berlin today.")
    tsvc.importer.run([tmp_path / "b"])
    assert len(tsvc.tiers.persona.versions()) == 2
    places = {s.text for s in tsvc.tiers.persona.statements("places")}
    assert places == {"You live in Berlin (since May 2024).", "You lived in Lisbon until May 2024."}
    old = tsvc.tiers.persona.get(stmt.id)
    assert old.status == "retired"  # its wording is kept as history, not recalled
    assert [h.text for h in tsvc.tiers.persona.history(stmt.key)] == ["You live in Lisbon."]


def test_confirm_reject_and_edit(tsvc: Services, tmp_path: Path) -> None:
    assert tsvc.tiers is not None
    write_note(tmp_path / "n", "2024-01-03", "I'm allergic to peanuts. I love jazz. I work at Acme.")
    tsvc.importer.run([tmp_path / "n"])
    by_text = {s.text: s for s in tsvc.tiers.persona.statements()}
    allergy, jazz, work = (by_text["You are allergic to peanuts."], by_text["You like jazz."],
                           by_text["You work at Acme."])
    fact_item = f"f{allergy.fact_ids[0]}"
    before = tsvc.tiers.decay.state(fact_item).strength
    confirmed = tsvc.tiers.persona_feedback(allergy.item_id, "confirm")
    assert confirmed.status == "confirmed" and confirmed.confirmed_at
    assert tsvc.tiers.decay.state(fact_item).strength > before

    tsvc.tiers.persona_feedback(jazz.item_id, "reject")
    assert "You like jazz." not in {s.text for s in tsvc.tiers.persona.statements()}
    assert tsvc.tiers.facts.get(jazz.fact_ids[0]).status == "retired"
    tsvc.tiers.consolidate()
    assert "You like jazz." not in {s.text for s in tsvc.tiers.persona.statements()}

    edited = tsvc.tiers.persona_feedback(work.item_id, "edit", "You work at Acme Robotics in Lisbon.")
    assert edited.origin == "user" and edited.status == "confirmed"
    assert tsvc.tiers.persona.get(work.id).status == "superseded"
    tsvc.tiers.persona.rebuild()
    assert "You work at Acme Robotics in Lisbon." in {s.text for s in tsvc.tiers.persona.statements()}
    assert "You work at Acme." not in {s.text for s in tsvc.tiers.persona.statements()}
    with pytest.raises(PersonaError):
        tsvc.tiers.persona_feedback(work.item_id, "confirm")
