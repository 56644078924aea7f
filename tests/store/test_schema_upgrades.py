"""Upgrading a store of every earlier schema version Mneme shipped (``tests/data/schemas``,
made by ``make_fixtures.py`` from the code of the commit that shipped it): the migrations run
after an automatic backup (SQLite backup API, the last one kept), nothing stored is lost,
and the upgraded store answers."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.bootstrap import build_services
from app.services.context import AppContext
from memory.migrations import MIGRATIONS
from models.fakes import FakeChatModel, FakeEmbedder
from tests.store.helpers import load, run, table_digests

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
FIXTURES = sorted(SCHEMAS.glob("v*.db"))


def test_every_shipped_version_has_a_fixture() -> None:
    shipped = {int(p.stem[1:]) for p in FIXTURES}
    assert shipped == set(range(1, len(MIGRATIONS)))  # every version before the current one


def applied(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [str(r[0]) for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_an_old_store_is_backed_up_then_upgraded_without_loss(fixture: Path, isolated_env: Path) -> None:
    home = isolated_env
    home.mkdir(parents=True)
    db = home / "mneme.db"
    shutil.copyfile(fixture, db)
    old = table_digests(db)
    old_version = len(applied(db))
    ctx = AppContext(factory=lambda s: build_services(s, chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder()))
    # The vectors were never part of the fixture: the check says so, the repair rebuilds them.
    data = json.loads(run(ctx, "doctor", "--check", "--json").output)
    assert applied(db) == [m.__name__ for m in MIGRATIONS]
    backups = sorted((home / "backups").glob("*.db"))
    assert len(backups) == 1 and f"v{old_version}" in backups[0].name
    assert table_digests(backups[0]) == old  # a faithful copy of the store before migrating
    new = table_digests(db)
    for table, (rows, digest) in old.items():
        if table in ("_sqlite_migrations", "sqlite_stat1"):
            continue
        assert new[table] == (rows, digest), table  # nothing stored was changed or lost
    assert "vectors" in {p["check"] for p in data["problems"]}
    assert load(ctx, "doctor", "--repair", "--json")["ok"] is True
    assert load(ctx, "doctor", "--check", "--json") == {"ok": True, "problems": []}
    hits = load(ctx, "search", "Rita Porto", "--json")["results"]
    assert hits and any("Porto" in h["text"] for h in hits)
    ctx.close()


def test_only_the_last_migration_backup_is_kept(isolated_env: Path) -> None:
    home = isolated_env
    (home / "backups").mkdir(parents=True)
    stale = home / "backups" / "mneme-v0-before-migration.db"
    stale.write_bytes(b"older backup")
    shutil.copyfile(FIXTURES[0], home / "mneme.db")
    ctx = AppContext(factory=lambda s: build_services(s, chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder()))
    assert ctx.services.store  # opening migrates
    ctx.close()
    kept = sorted(p.name for p in (home / "backups").iterdir())
    assert len(kept) == 1 and kept[0] != stale.name
    # A store already current takes no backup.
    assert ctx.services.store
    ctx.close()
    assert sorted(p.name for p in (home / "backups").iterdir()) == kept
