"""Real forgetting: after ``forget``, direct queries of SQLite, FTS, Chroma and the derived
tiers find no trace; what depended on it is re-derived; ``--dry-run`` changes nothing."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.bootstrap import Services
from memory.records import RecordIn
from memory.store import SourceIn
from memory.tiers.forget import ForgetError
from memory.tiers.services import TierServices
from tests.tiers.conftest import LIFE_STORY, write_note

TEXT_COLUMNS = {
    "records": ["text", "speaker", "title", "metadata"],
    "sources": ["uri", "title", "metadata"],
    "facts": ["text", "object", "object_key", "fact_key", "qualifier"],
    "fact_evidence": ["quote"],
    "entities": ["name", "key", "aliases"],
    "episodes": ["title", "summary", "participants", "episode_key"],
    "persona_statements": ["text", "stmt_key"],
    "tier_items": ["text"],
    "conflicts": ["reason"],
    "import_runs": ["paths", "report"],
}


def traces(svc: Services, word: str) -> list[str]:
    """Every place a direct query still finds ``word``."""
    found = []
    for table, cols in TEXT_COLUMNS.items():
        for col in cols:
            n = svc.db.scalar(f"SELECT COUNT(*) FROM {table} WHERE LOWER({col}) LIKE ?",
                              (f"%{word.lower()}%",))
            if n:
                found.append(f"{table}.{col}")
    for fts in ("records_fts", "tier_fts"):
        if svc.db.scalar(f"SELECT COUNT(*) FROM {fts} WHERE {fts} MATCH ?", (f'"{word}"',)):
            found.append(fts)
        svc.db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{fts}_v USING fts5vocab(main, {fts}, row)")
        if svc.db.scalar(f"SELECT COUNT(*) FROM temp.{fts}_v WHERE term = ?", (word.lower(),)):
            found.append(f"{fts} index terms")
    return found


def vector_ids(svc: Services) -> set[str]:
    assert svc.tiers is not None
    return set(svc.index.all_ids()) | set(svc.tiers.index.vectors.all_ids())


def tiers_of(svc: Services) -> TierServices:
    assert svc.tiers is not None
    return svc.tiers


def test_forget_about_leaves_no_trace_anywhere(tsvc: Services) -> None:
    tsvc.importer.run([LIFE_STORY])
    tiers = tiers_of(tsvc)
    assert traces(tsvc, "Rita")
    before_vectors = vector_ids(tsvc)
    rita_records = [int(r[0]) for r in tsvc.db.execute(
        "SELECT id FROM records WHERE text LIKE '%Rita%'")]
    assert len(rita_records) >= 3

    plan = tiers.forget(about="Rita", dry_run=True)
    assert sorted(plan.record_ids) == sorted(rita_records)
    assert {t for t in plan.facts} >= {"Your sister is Rita.", "Rita lives in Porto."}
    assert plan.statement_ids and not plan.executed
    assert traces(tsvc, "Rita") and vector_ids(tsvc) == before_vectors  # dry run: nothing gone

    done = tiers.forget(about="Rita", allow_wide=True)  # whole notes: needs --yes-all
    assert done.executed
    assert traces(tsvc, "Rita") == []
    assert traces(tsvc, "Porto") == []  # only ever said about Rita
    gone = {f"r{i}" for i in rita_records} | {f"f{i}" for i in plan.fact_ids} | \
        {f"p{i}" for i in plan.statement_ids}
    assert not gone & vector_ids(tsvc)
    # No decay state is left for an item that no longer exists.
    states = [str(r[0]) for r in tsvc.db.execute("SELECT item_id FROM item_state")]
    assert set(tiers.decay.states(states)) == set(states)
    # Everything else is still known.
    current = {(f.predicate, f.object) for f in tiers.facts.listing()}
    assert {("lives_in", "Berlin"), ("has_pet", "Biscuit"), ("works_at", "Northwind")} <= current
    assert not tiers.about("Rita").known
    hits = tsvc.recall.search("Where does Rita live?", k=30, include_faded=True)
    assert hits and not [h for h in hits if "rita" in h.text.lower() or "porto" in h.text.lower()]


def test_forget_a_source_and_scrub_its_path(tsvc: Services, tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(LIFE_STORY, story)
    tsvc.importer.run([story])
    tiers = tiers_of(tsvc)
    note = story / "2024-07-06.md"
    assert ("has_pet", "Biscuit") in {(f.predicate, f.object) for f in tiers.facts.listing()}
    plan = tiers.forget(source=str(note))
    assert len(plan.record_ids) == 1 and plan.sources == [f"file:{note}"]
    assert "You have a puppy named Biscuit." in plan.facts
    assert traces(tsvc, "2024-07-06.md") == []
    assert traces(tsvc, "beagle") == []
    assert ("has_pet", "Biscuit") not in {(f.predicate, f.object) for f in tiers.facts.listing()}
    assert "You have a puppy named Biscuit." not in {s.text for s in tiers.persona.statements()}
    # Other notes mention Biscuit; they were not asked to be forgotten.
    assert tsvc.db.scalar("SELECT COUNT(*) FROM records WHERE text LIKE '%Biscuit%'") > 0
    with pytest.raises(ForgetError):
        tiers.forget(source=str(tmp_path / "nowhere.md"))


def test_forgetting_the_record_of_a_change_restores_the_old_fact(tsvc: Services, tmp_path: Path) -> None:
    write_note(tmp_path / "n", "2024-01-03", "I live in Lisbon.")
    write_note(tmp_path / "n", "2024-05-11", "We moved to Berlin today.")
    tsvc.importer.run([tmp_path / "n"])
    tiers = tiers_of(tsvc)
    move = tsvc.db.scalar("SELECT id FROM records WHERE text LIKE '%Berlin%'")
    plan = tiers.forget(item=f"r{move}")
    assert len(plan.fact_ids) == 1 and len(plan.restored_fact_ids) == 1
    assert {(f.object, f.status) for f in tiers.facts.listing(history=True)} == {("Lisbon", "current")}
    assert [s.text for s in tiers.persona.statements("places")] == ["You live in Lisbon."]
    assert traces(tsvc, "Berlin") == []
    assert tsvc.answerer.ask("Where do I live?").text.startswith("You live in Lisbon")


def test_forget_a_fact_is_not_learned_again(tsvc: Services, tmp_path: Path) -> None:
    write_note(tmp_path / "a", "2024-01-03", "I'm allergic to peanuts.")
    tsvc.importer.run([tmp_path / "a"])
    tiers = tiers_of(tsvc)
    [fact] = tiers.facts.listing()
    tiers.forget(item=fact.item_id)
    assert tiers.facts.listing() == [] and tiers.persona.statements() == []
    assert tsvc.db.scalar("SELECT COUNT(*) FROM records") == 1  # the note itself stays
    write_note(tmp_path / "b", "2024-02-03", "I'm allergic to peanuts, as always.")
    tsvc.importer.run([tmp_path / "b"])
    assert tiers.facts.listing() == []


def test_forgetting_part_of_an_episode_resummarises_it(tsvc: Services) -> None:
    tiers = tiers_of(tsvc)
    t0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    lines = ["The hike to the glacier was long.", "Secret: the surprise party is for Nadia.",
             "The glacier was bright blue.", "We had soup at the hut near the glacier."]
    recs = [RecordIn(text=t, kind="message", speaker="Sam", conversation="c1",
                     event_time=t0 + timedelta(minutes=i)) for i, t in enumerate(lines)]
    tsvc.store.append_records(SourceIn(uri="file:/chat.txt", kind="whatsapp", content_hash=""), recs)
    tsvc.indexer.index_pending()
    tiers.consolidate()
    [episode] = tiers.episodes.listing()
    secret = tsvc.db.scalar("SELECT id FROM records WHERE text LIKE 'Secret%'")
    plan = tiers.forget(item=f"r{secret}")
    assert plan.rebuilt_episode_ids == [episode.id]
    [after] = tiers.episodes.listing()
    assert after.id == episode.id and len(after.record_ids) == 3
    assert traces(tsvc, "Nadia") == [] and traces(tsvc, "surprise") == []


def test_forget_needs_exactly_one_existing_target(tsvc: Services) -> None:
    tiers = tiers_of(tsvc)
    with pytest.raises(ForgetError):
        tiers.forget()
    with pytest.raises(ForgetError):
        tiers.forget(about="Nobody Atall")
    with pytest.raises(ForgetError):
        tiers.forget(item="r1", about="x")
