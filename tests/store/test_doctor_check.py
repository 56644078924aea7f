"""``mneme doctor --check`` finds what is wrong with a store and ``--repair`` rebuilds what is
derived from SQLite; a deleted ``chroma/`` folder no longer goes unnoticed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from app.bootstrap import build_services
from app.services.context import AppContext
from models.fakes import FakeChatModel, FakeEmbedder
from tests.store.helpers import load, run
from tests.tiers.conftest import LIFE_STORY


def check(ctx: AppContext) -> dict:  # type: ignore[type-arg]
    result = run(ctx, "doctor", "--check", "--json")
    data = json.loads(result.output)
    assert result.exit_code == (0 if data["ok"] else 1), result.output
    assert set(data) == {"ok", "problems"}
    return data


def checks_of(data: dict) -> set[str]:  # type: ignore[type-arg]
    return {p["check"] for p in data["problems"]}


def test_a_healthy_store_passes(app_ctx: AppContext, notes_dir: Path) -> None:
    assert check(app_ctx) == {"ok": True, "problems": []}  # empty store
    run(app_ctx, "import", str(notes_dir))
    assert check(app_ctx) == {"ok": True, "problems": []}
    human = run(app_ctx, "doctor", "--check")
    assert human.exit_code == 0 and "No problems found" in human.output


def test_a_deleted_chroma_folder_is_noticed_and_repaired(
    app_ctx: AppContext, notes_dir: Path, isolated_env: Path
) -> None:
    run(app_ctx, "import", str(notes_dir))
    before = load(app_ctx, "ask", "Where does Rita live?", "--json")
    assert before["known"] is True and before["sources"]
    app_ctx.close()
    shutil.rmtree(isolated_env / "chroma")

    data = check(app_ctx)
    assert data["ok"] is False
    [vectors] = [p for p in data["problems"] if p["check"] == "vectors"]
    assert "chroma" in vectors["message"] and "missing" in vectors["message"]
    assert vectors["repairable"] is True
    plain = run(app_ctx, "doctor")
    assert plain.exit_code == 0 and "missing" in plain.output  # the plain report warns too
    # Asking no longer pretends the memory is empty: one clear line naming the repair.
    asked = run(app_ctx, "ask", "Where does Rita live?")
    assert asked.exit_code == 1
    assert "mneme doctor --repair" in asked.output and "Traceback" not in asked.output
    app_ctx.close()

    repaired = run(app_ctx, "doctor", "--repair", "--json")
    assert repaired.exit_code == 0, repaired.output
    report = json.loads(repaired.output)
    assert report["ok"] is True and "vectors" in {f["check"] for f in report["fixed"]}
    assert check(app_ctx) == {"ok": True, "problems": []}
    after = load(app_ctx, "ask", "Where does Rita live?", "--json")
    assert [s["id"] for s in after["sources"]] == [s["id"] for s in before["sources"]]


def test_fts_out_of_step_is_found_and_rebuilt(app_ctx: AppContext, notes_dir: Path, isolated_env: Path) -> None:
    run(app_ctx, "import", str(notes_dir))
    app_ctx.close()
    conn = sqlite3.connect(isolated_env / "mneme.db")
    conn.execute("DROP TRIGGER records_au")
    conn.execute("UPDATE records SET text = 'Rita moved to Faro with her cats.' WHERE text LIKE '%Porto%'")
    conn.execute("INSERT INTO records_fts(records_fts, rowid, text, speaker, title) "
                 "SELECT 'delete', id, text, speaker, title FROM records WHERE text LIKE '%Alps%'")
    conn.commit()
    conn.close()
    # Put the trigger back as it was, so only the data is out of step.
    from memory.migrations import m001_initial  # noqa: F401  (the schema's source of truth)

    conn = sqlite3.connect(isolated_env / "mneme.db")
    conn.execute(
        "CREATE TRIGGER records_au AFTER UPDATE OF text, speaker, title ON records BEGIN "
        "INSERT INTO records_fts(records_fts, rowid, text, speaker, title) "
        "VALUES ('delete', old.id, old.text, old.speaker, old.title); "
        "INSERT INTO records_fts(rowid, text, speaker, title) "
        "VALUES (new.id, new.text, new.speaker, new.title); END"
    )
    conn.commit()
    conn.close()
    data = check(app_ctx)
    assert "fts" in checks_of(data)
    assert load(app_ctx, "doctor", "--repair", "--json")["ok"] is True
    assert check(app_ctx)["ok"] is True
    hits = load(app_ctx, "search", "Faro", "--json")["results"]
    assert hits and "Faro" in hits[0]["text"]


def test_orphans_missing_vectors_and_an_interrupted_run_are_found_and_repaired(
    settings, isolated_env: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    story = tmp_path / "story"
    shutil.copytree(LIFE_STORY, story)
    svc = build_services(settings, chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder())
    svc.importer.run([story])
    assert svc.tiers is not None
    facts = svc.db.scalar("SELECT COUNT(*) FROM facts")
    episodes = svc.db.scalar("SELECT COUNT(*) FROM episodes")
    assert facts and episodes
    svc.close()
    conn = sqlite3.connect(isolated_env / "mneme.db")
    conn.execute("PRAGMA foreign_keys = OFF")
    # Interrupted run: a record stored but neither indexed nor consolidated.
    conn.execute("INSERT INTO records (source_id, kind, seq, text, created_at, content_hash, status, embedded) "
                 "SELECT id, 'note_chunk', 0, 'I adopted a cat named Miso.', '2025-01-01T00:00:00+00:00', 'h-miso', 'active', 0 "
                 "FROM sources ORDER BY id LIMIT 1")
    # Vectors said to exist that do not: three records marked embedded whose vectors are gone.
    gone = [r[0] for r in conn.execute("SELECT id FROM records WHERE embedded = 1 ORDER BY id LIMIT 3")]
    # Orphans: evidence pointing at a record that no longer exists, a fact with no evidence.
    fact_id = conn.execute("SELECT fact_id FROM fact_evidence LIMIT 1").fetchone()[0]
    conn.execute("INSERT INTO fact_evidence (fact_id, record_id, role, quote) VALUES (?, 999999, 'supports', 'x')", (fact_id,))
    lonely = conn.execute("SELECT id FROM facts WHERE status = 'current' AND extractor != 'user' "
                          "ORDER BY id DESC LIMIT 1").fetchone()[0]
    conn.execute("DELETE FROM fact_evidence WHERE fact_id = ?", (lonely,))
    conn.commit()
    conn.close()
    svc = build_services(settings, chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder())
    svc.index.delete([f"r{i}" for i in gone])
    svc.close()

    ctx = AppContext(factory=lambda s: build_services(s, chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder()))
    data = check(ctx)
    assert {"vectors", "consolidation", "orphans"} <= checks_of(data), data
    msgs = " ".join(p["message"] for p in data["problems"])
    assert "3" in msgs and "not consolidated" in msgs
    plain = run(ctx, "doctor", "--json")
    assert json.loads(plain.output)["store"]["problems"], plain.output
    ctx.close()
    repaired = json.loads(run(ctx, "doctor", "--repair", "--json").output)
    assert repaired["ok"] is True, repaired
    assert {"vectors", "consolidation", "orphans"} <= {f["check"] for f in repaired["fixed"]}
    assert check(ctx) == {"ok": True, "problems": []}
    assert any("Miso" in h["text"] for h in load(ctx, "search", "cat Miso", "--json")["results"])
    ctx.close()
    conn = sqlite3.connect(isolated_env / "mneme.db")
    assert conn.execute("SELECT status FROM facts WHERE id = ?", (lonely,)).fetchone()[0] == "retired"
    assert conn.execute("SELECT COUNT(*) FROM fact_evidence WHERE record_id = 999999").fetchone()[0] == 0
    conn.close()


def test_a_changed_embedder_is_found_and_repair_reindexes(app_ctx: AppContext, notes_dir: Path) -> None:
    run(app_ctx, "import", str(notes_dir))
    app_ctx.close()
    other = AppContext(factory=lambda s: build_services(
        s, chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder(dimension=32, model_id="fake/other")))
    data = check(other)
    [emb] = [p for p in data["problems"] if p["check"] == "embedder"]
    assert "fake/hash-embedder" in emb["message"] and "fake/other" in emb["message"]
    assert load(other, "doctor", "--repair", "--json")["ok"] is True
    assert check(other)["ok"] is True
    assert load(other, "search", "Cannondale", "--json")["results"]
    other.close()
