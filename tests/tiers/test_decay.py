"""Forgetting by fading, with an injected clock: the Ebbinghaus curve done right."""

from __future__ import annotations

import math
from pathlib import Path

from app.bootstrap import Services
from memory.tiers.decay import DecayPolicy
from tests.tiers.conftest import MovableClock, write_note


def memorybank_retention(t: float, s: float) -> float:
    """MemoryBank's published formula, exactly as written: ``math.exp(-t / 5*S)``."""
    return math.exp(-t / 5 * s)


def test_stronger_memories_keep_more_than_weaker_ones_unlike_memorybank() -> None:
    policy = DecayPolicy()
    weak, strong = 1.0, 3.0
    for days in (1, 10, 100, 400):
        assert policy.retention("record", strong, days) > policy.retention("record", weak, days)
    # The precedence slip parses as exp(-(t/5)*S): the stronger memory fades faster.
    assert memorybank_retention(10, strong) < memorybank_retention(10, weak)
    # Ours at S=1 is exp(-t/τ); with S it is exp(-t/(S·τ)).
    assert math.isclose(policy.retention("fact", 1.0, 365), math.exp(-1))
    assert math.isclose(policy.retention("fact", 2.0, 365), math.exp(-0.5))


def test_facts_and_persona_fade_slowest_and_horizon_grows_with_strength() -> None:
    policy = DecayPolicy()
    assert policy.tau("persona") >= policy.tau("fact") > policy.tau("episode") > policy.tau("record")
    assert policy.horizon_days("record", 2.0) == 2 * policy.horizon_days("record", 1.0)
    assert policy.initial_strength(1.0) > policy.initial_strength(0.0)


def _import_two_notes(svc: Services, tmp_path: Path) -> tuple[str, str, str]:
    notes = tmp_path / "notes"
    write_note(notes, "2024-11-01", "Picked up the blue kayak from the repair shop in Setúbal.")
    write_note(notes, "2024-11-02", "The orchestra played Sibelius at the old theatre downtown.")
    write_note(notes, "2024-11-03", "Planted tulip bulbs along the garden fence for spring.")
    svc.importer.run([notes])

    def rid(word: str) -> str:
        return "r" + str(svc.db.scalar("SELECT id FROM records WHERE text LIKE ?", (f"%{word}%",)))

    return rid("kayak"), rid("orchestra"), rid("tulip")


def test_decay_with_an_injected_clock(tsvc: Services, clock: MovableClock, tmp_path: Path) -> None:
    kayak, orchestra, tulip = _import_two_notes(tsvc, tmp_path)
    tiers = tsvc.tiers
    assert tiers is not None
    horizon = tiers.decay.state(kayak).horizon_days
    assert 300 < horizon < 400  # a year or so for an unused record

    # The orchestra note is recalled into an answer now: it gets stronger.
    [orch_hit] = [h for h in tsvc.recall.search("orchestra Sibelius", k=5) if h.item_id == orchestra]
    tsvc.recall.note_used([orch_hit])
    tiers.pin(tulip)
    assert tiers.decay.state(orchestra).strength > tiers.decay.state(kayak).strength

    clock.advance(days=horizon * 0.5)
    assert not tiers.decay.state(kayak).faded
    assert 0.05 < tiers.decay.state(kayak).retention < 0.5

    # After its horizon the never-recalled note has faded; the recalled one lasts longer;
    # the pinned one never fades.
    clock.advance(days=horizon * 0.6)
    assert tiers.decay.state(kayak).faded
    assert not tiers.decay.state(orchestra).faded
    assert tiers.decay.state(orchestra).retention > tiers.decay.state(kayak).retention
    clock.advance(days=3650)
    assert tiers.decay.state(tulip).retention == 1.0 and not tiers.decay.state(tulip).faded
    assert tiers.decay.state(orchestra).faded

    # Faded: left out of default recall, still found with include_faded.
    default = [h.item_id for h in tsvc.recall.search("blue kayak repair", k=10)]
    assert kayak not in default
    with_faded = tsvc.recall.search("blue kayak repair", k=10, include_faded=True)
    found = [h for h in with_faded if h.item_id == kayak]
    assert found and "faded" in found[0].why and found[0].metadata["faded"] is True

    # Recalled into an answer, it comes back (strength up, last access now).
    tsvc.recall.note_used(found)
    state = tiers.decay.state(kayak)
    assert not state.faded and state.retention > 0.999 and state.access_count == 1
    assert kayak in [h.item_id for h in tsvc.recall.search("blue kayak repair", k=10)]


def test_answers_reinforce_what_they_used(tsvc: Services, tmp_path: Path) -> None:
    kayak, _, _ = _import_two_notes(tsvc, tmp_path)
    tiers = tsvc.tiers
    assert tiers is not None
    before = tiers.decay.state(kayak).strength
    answer = tsvc.answerer.ask("Where did I pick up the blue kayak?")
    assert answer.known and kayak in [h.item_id for h in answer.sources]
    assert tiers.decay.state(kayak).strength > before


def test_mentioned_again_restores_a_faded_record(tsvc: Services, clock: MovableClock, tmp_path: Path) -> None:
    kayak, _, _ = _import_two_notes(tsvc, tmp_path)
    tiers = tsvc.tiers
    assert tiers is not None
    clock.advance(days=800)
    assert tiers.decay.state(kayak).faded
    write_note(tmp_path / "later", "2027-03-01", "Picked up the blue kayak from the repair shop in Setúbal.", title="Again")
    tsvc.importer.run([tmp_path / "later"])
    assert not tiers.decay.state(kayak).faded


def test_retention_weights_ranking_without_hiding_relevant_old_memories(
    tsvc: Services, clock: MovableClock, tmp_path: Path
) -> None:
    notes = tmp_path / "n"
    write_note(notes, "2024-01-01", "Lighthouse keeper stories from the northern coast.")
    tsvc.importer.run([notes])
    old = next(h for h in tsvc.recall.search("lighthouse keeper stories", k=5) if h.tier == "record")
    clock.advance(days=200)
    later = next(h for h in tsvc.recall.search("lighthouse keeper stories", k=5) if h.tier == "record")
    assert later.item_id == old.item_id and later.score < old.score
    assert 0.05 < later.metadata["retention"] < 1.0
