"""The SQLite store: migrations, idempotent ingest, supersede on change, atomic writes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from memory.db import Database
from memory.migrations import applied, migrate
from memory.records import RecordIn, content_hashes
from memory.store import MemoryStore, SourceIn


@pytest.fixture
def store(tmp_path: Path) -> MemoryStore:
    return MemoryStore(Database(tmp_path / "m.db"))


def src(uri: str = "file:/n.md", digest: str = "h1") -> SourceIn:
    return SourceIn(uri=uri, kind="markdown", content_hash=digest)


def test_migrations_from_blank_create_tables_and_wal(tmp_path: Path) -> None:
    db = Database(tmp_path / "m.db")
    first = migrate(db)
    assert first[0] == "m001_initial" and "m002_tiers" in first
    assert migrate(db) == []
    assert applied(db) == first
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sources", "records", "records_fts", "import_runs", "meta"} <= tables
    assert db.scalar("PRAGMA journal_mode") == "wal"


def test_reimport_same_content_adds_nothing(store: MemoryStore) -> None:
    recs = [RecordIn("alpha"), RecordIn("beta")]
    first = store.ingest_source(src(), recs)
    again = store.ingest_source(src(), recs)
    assert (first.status, first.added) == ("added", 2)
    assert (again.status, again.added) == ("unchanged", 0)
    assert store.counts()["records"] == 2


def test_changed_source_keeps_unchanged_records_and_supersedes_vanished(store: MemoryStore) -> None:
    store.ingest_source(src(digest="h1"), [RecordIn("alpha"), RecordIn("beta")])
    res = store.ingest_source(src(digest="h2"), [RecordIn("alpha"), RecordIn("gamma")])
    assert (res.status, res.added, res.kept, res.superseded) == ("updated", 1, 1, 1)
    rows = store.db.query("SELECT text, status, superseded_at FROM records ORDER BY id")
    assert [(r["text"], r["status"]) for r in rows] == [
        ("alpha", "active"),
        ("beta", "superseded"),
        ("gamma", "active"),
    ]
    assert rows[1]["superseded_at"] is not None
    assert store.counts()["records"] == 2


def test_duplicate_record_from_another_source_is_not_stored_twice(store: MemoryStore) -> None:
    msg = RecordIn("see you at 8", kind="message", speaker="Rita", event_time=datetime(2024, 1, 1, tzinfo=UTC))
    store.ingest_source(src("file:/a.txt"), [msg])
    res = store.ingest_source(src("zip:/a.zip!a.txt"), [msg, RecordIn("new one", kind="message")])
    assert (res.added, res.duplicates) == (1, 1)


def test_identical_repeats_in_one_source_are_both_kept() -> None:
    ok = RecordIn("ok", kind="message", speaker="Tom")
    a, b = content_hashes([ok, ok])
    assert a != b
    assert content_hashes([RecordIn("x"), ok, ok])[1:] == [a, b]


def test_failed_write_leaves_nothing_half_written(store: MemoryStore) -> None:
    store.ingest_source(src(digest="h1"), [RecordIn("alpha")])
    broken = RecordIn(None)  # type: ignore[arg-type]  # NOT NULL fails after "beta" went in
    with pytest.raises(sqlite3.IntegrityError):
        store.ingest_source(src(digest="h2"), [RecordIn("alpha"), RecordIn("beta"), broken])
    with pytest.raises(sqlite3.IntegrityError):
        store.ingest_source(src("file:/new.md"), [RecordIn("gamma"), broken])
    texts = [r[0] for r in store.db.execute("SELECT text FROM records")]
    assert texts == ["alpha"]
    assert store.source_by_uri("file:/n.md").content_hash == "h1"  # type: ignore[union-attr]
    assert store.source_by_uri("file:/new.md") is None


def test_fts_index_follows_inserts_and_finds_by_stem(store: MemoryStore) -> None:
    store.ingest_source(src(), [RecordIn("My sister Rita lives in Porto."), RecordIn("Cats sleep a lot")])
    rows = store.db.execute(
        "SELECT rowid FROM records_fts WHERE records_fts MATCH ?", ('"living" OR "porto"',)
    ).fetchall()
    assert len(rows) == 1


def test_append_records_grows_a_chat_source(store: MemoryStore) -> None:
    chat = SourceIn(uri="mneme-chat:c1", kind="mneme-chat", content_hash="")
    store.append_records(chat, [RecordIn("hello", kind="chat_turn")])
    res = store.append_records(chat, [RecordIn("hello", kind="chat_turn")])
    assert res.status == "updated" and res.added == 1
    assert store.counts()["records"] == 2


def test_import_runs_are_kept(store: MemoryStore) -> None:
    run = store.save_import_run(
        started_at="2024-01-01T00:00:00+00:00", paths=["/x"], dry_run=False,
        summary={"added": 2, "failed": 1}, report={"files": []},
    )
    runs = store.import_runs()
    assert runs[0]["id"] == run and runs[0]["added"] == 2 and runs[0]["failed"] == 1


def test_ingest_plan_keeps_adds_skips_duplicates_and_lists_what_vanished() -> None:
    from memory.sources import plan_ingest

    recs = [RecordIn("alpha"), RecordIn("beta"), RecordIn("beta again"), RecordIn("gamma")]
    hashes = ["a", "b", "b", "g"]  # the same hash twice: one record of the source repeated
    plan = plan_ingest(recs, hashes, {"a": 7, "vanished": 8}, elsewhere={"g"})
    assert plan.kept == ((0, 7),)
    assert [(seq, rec.text) for seq, rec, _ in plan.new] == [(1, "beta")]
    assert plan.duplicates == 2  # the repeat, and gamma held by another source
    assert plan.gone == (8,)
