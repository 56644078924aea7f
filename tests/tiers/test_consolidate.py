"""Consolidation is incremental, idempotent and resumable: no duplicate facts, ever."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bootstrap import Services, build_services
from app.settings import Settings
from memory.chat import ChatSession
from memory.errors import StoreError
from memory.tiers.reconcile import Reconciler
from models.fakes import FakeChatModel, FakeEmbedder
from tests.tiers.conftest import LIFE_STORY, MovableClock


def snapshot(svc: Services) -> list[tuple[str, str, str, str]]:
    rows = svc.db.execute(
        "SELECT e.name, f.predicate, f.object, f.status FROM facts f JOIN entities e "
        "ON e.id = f.subject_id ORDER BY 1, 2, 3, 4"
    ).fetchall()
    return [tuple(r) for r in rows]


def counts(svc: Services) -> dict[str, int]:
    tables = ("facts", "fact_evidence", "conflicts", "episodes", "episode_records",
              "persona_statements", "persona_versions", "tier_items")
    return {t: int(svc.db.scalar(f"SELECT COUNT(*) FROM {t}") or 0) for t in tables}


def test_consolidating_twice_changes_nothing(tsvc: Services) -> None:
    report = tsvc.importer.run([LIFE_STORY])
    assert report.summary["added"] == 198
    assert tsvc.tiers is not None
    before, facts = counts(tsvc), snapshot(tsvc)
    assert before["facts"] >= 15 and before["episodes"] == 198
    again = tsvc.tiers.consolidate()
    assert again.records == 0 and again.episodes == 0 and again.persona_version is None
    assert counts(tsvc) == before and snapshot(tsvc) == facts
    # Re-importing the same files adds nothing either.
    tsvc.importer.run([LIFE_STORY])
    assert counts(tsvc) == before
    live = tsvc.db.execute(
        "SELECT fact_key, COUNT(*) FROM facts WHERE status IN ('current', 'conflict') "
        "GROUP BY fact_key HAVING COUNT(*) > 1").fetchall()
    assert live == []


def test_a_crash_mid_way_resumes_without_duplicates(
    settings: Settings, clock: MovableClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A clean run, in its own home, is the reference.
    clean = build_services(settings.model_copy(update={"home": tmp_path / "clean"}),
                           chat_model=FakeChatModel(), embedder=FakeEmbedder(), clock=clock)
    clean.importer.run([LIFE_STORY])
    expected = snapshot(clean)
    clean.close()

    svc = build_services(settings, chat_model=FakeChatModel(), embedder=FakeEmbedder(), clock=clock)
    assert svc.tiers is not None
    original = Reconciler.apply
    calls = {"n": 0}

    def crashing(self: Reconciler, cand):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 9:
            raise StoreError("simulated crash: disk full")
        return original(self, cand)

    monkeypatch.setattr(Reconciler, "apply", crashing)
    svc.tiers.consolidator.batch = 20
    report = svc.importer.run([LIFE_STORY])  # the import succeeds; consolidation stops
    assert report.summary["added"] == 198
    partial = svc.tiers.consolidator.pending()
    assert 0 < partial["facts"] < 198
    monkeypatch.setattr(Reconciler, "apply", original)
    svc.tiers.consolidate()
    assert svc.tiers.consolidator.pending()["facts"] == 0
    assert snapshot(svc) == expected
    svc.tiers.consolidate()
    assert snapshot(svc) == expected
    svc.close()


def test_cancel_stops_between_batches_and_the_next_run_finishes(tsvc: Services) -> None:
    assert tsvc.tiers is not None
    tsvc.importer.consolidation = None  # import only; consolidate by hand
    tsvc.importer.run([LIFE_STORY])
    tsvc.tiers.consolidator.batch = 25
    ticks: list[tuple[str, int, int]] = []

    def progress(p):  # type: ignore[no-untyped-def]
        ticks.append((p.phase, p.done, p.total))

    report = tsvc.tiers.consolidate(progress=progress, cancel=lambda: len(ticks) >= 2)
    assert report.cancelled and report.records == 50
    assert tsvc.tiers.consolidator.pending()["facts"] == 198 - 50
    report = tsvc.tiers.consolidate(progress=progress)
    assert not report.cancelled and report.records == 148
    phases = [t[0] for t in ticks]
    assert {"facts", "episodes", "persona", "index"} <= set(phases)
    assert ticks[-1][1] == ticks[-1][2]


def test_chat_turns_are_consolidated_after_each_reply(tsvc: Services) -> None:
    assert tsvc.tiers is not None
    session = ChatSession(
        tsvc.store, tsvc.recall, tsvc.indexer, lambda: FakeChatModel(["Nice!"]),
        clock=tsvc.store.clock, after_turn=tsvc.tiers.after_records,
    )
    reply = session.reply("I just adopted a kitten named Miso.")
    assert "".join(reply.stream())  # the reply (stored as the assistant turn)
    facts = {(f.predicate, f.object) for f in tsvc.tiers.facts.listing()}
    assert ("has_pet", "Miso") in facts
    # Mneme's own reply is never read as the user's fact.
    assert all(f.subject == "me" for f in tsvc.tiers.facts.listing())
    [episode] = tsvc.tiers.episodes.listing()
    assert episode.kind == "chat_session" and len(episode.record_ids) == 2
