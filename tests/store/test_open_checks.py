"""Every command opens the store with a cheap check first: a corrupt database, or one from a
newer Mneme, is refused with one clear line and never written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.services.context import AppContext
from memory.migrations import MIGRATIONS
from tests.store.helpers import integrity, overwrite_pages, root_page, run, sha256

COMMANDS = [
    ("doctor",),
    ("search", "Rita"),
    ("ask", "Where does Rita live?"),
    ("import", "NOTES"),
    ("facts",),
    ("consolidate",),
    ("backup", "BACKUP"),
    ("export", "--format", "jsonl", "--out", "EXPORT"),
]


def one_line_error(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("Error: "), output
    assert "Traceback" not in output
    return lines[0]


def args_for(cmd: tuple[str, ...], notes: Path, tmp: Path) -> list[str]:
    subs = {"NOTES": str(notes), "BACKUP": str(tmp / "b.mneme"), "EXPORT": str(tmp / "export")}
    return [subs.get(a, a) for a in cmd]


def stored(app_ctx: AppContext, notes_dir: Path, home: Path) -> Path:
    assert run(app_ctx, "import", str(notes_dir)).exit_code == 0
    app_ctx.close()
    db = home / "mneme.db"
    assert not (home / "mneme.db-wal").exists() or (home / "mneme.db-wal").stat().st_size == 0
    return db


def test_a_corrupt_database_is_refused_by_every_command_and_never_written(
    app_ctx: AppContext, notes_dir: Path, isolated_env: Path, tmp_path: Path
) -> None:
    db = stored(app_ctx, notes_dir, isolated_env)
    # Two 3 KB regions of the file overwritten: the records table and the full-text index.
    overwrite_pages(db, [root_page(db, "records"), root_page(db, "records_fts_data")])
    assert integrity(db) != "ok"
    before = sha256(db)
    (notes_dir / "new.md").write_text("A brand new note about Lisbon.")
    for cmd in COMMANDS:
        result = run(app_ctx, *args_for(cmd, notes_dir, tmp_path))
        assert result.exit_code == 1, (cmd, result.output)
        line = one_line_error(result.output)
        assert "mneme.db" in line and "damaged" in line, line
        app_ctx.close()
        assert sha256(db) == before, f"{cmd} wrote to the corrupt database"
    assert not (tmp_path / "b.mneme").exists() and not (tmp_path / "export").exists()
    check = run(app_ctx, "doctor", "--check", "--json")
    assert check.exit_code == 1
    data = json.loads(check.output)
    assert data["ok"] is False and data["problems"][0]["check"] == "sqlite"
    assert data["problems"][0]["repairable"] is False
    assert sha256(db) == before


def test_a_half_truncated_database_is_refused(
    app_ctx: AppContext, notes_dir: Path, isolated_env: Path, tmp_path: Path
) -> None:
    db = stored(app_ctx, notes_dir, isolated_env)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    before = sha256(db)
    for cmd in COMMANDS[:4]:
        result = run(app_ctx, *args_for(cmd, notes_dir, tmp_path))
        assert result.exit_code == 1
        assert "mneme.db" in one_line_error(result.output)
        app_ctx.close()
    assert sha256(db) == before


def future(db: Path) -> int:
    """Make ``db`` look written by a later Mneme: one more migration, user_version raised."""
    newer = len(MIGRATIONS) + 1
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('mneme', 'm999_from_the_future', '2031-01-01 00:00:00+00:00')"
    )
    conn.execute(f"PRAGMA user_version = {newer}")
    conn.commit()
    conn.close()
    return newer


def test_a_database_from_a_newer_mneme_is_refused_naming_both_versions(
    app_ctx: AppContext, notes_dir: Path, isolated_env: Path, tmp_path: Path
) -> None:
    db = stored(app_ctx, notes_dir, isolated_env)
    newer = future(db)
    before = sha256(db)
    (notes_dir / "new.md").write_text("A brand new note about Lisbon.")
    for cmd in COMMANDS:
        result = run(app_ctx, *args_for(cmd, notes_dir, tmp_path))
        assert result.exit_code == 1, (cmd, result.output)
        line = one_line_error(result.output)
        assert "newer Mneme" in line, line
        assert f"version {newer}" in line and f"version {len(MIGRATIONS)}" in line, line
        app_ctx.close()
    assert sha256(db) == before
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    assert conn.execute("SELECT COUNT(*) FROM records WHERE text LIKE '%Lisbon%'").fetchone()[0] == 0
    conn.close()
    data = json.loads(run(app_ctx, "doctor", "--check", "--json").output)
    assert data["ok"] is False and data["problems"][0]["check"] == "schema"


@pytest.mark.parametrize("only_user_version", [True, False])
def test_either_sign_of_a_newer_schema_is_enough(
    app_ctx: AppContext, notes_dir: Path, isolated_env: Path, only_user_version: bool
) -> None:
    db = stored(app_ctx, notes_dir, isolated_env)
    conn = sqlite3.connect(db)
    if only_user_version:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    else:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('mneme', 'm999_from_the_future', '2031-01-01')"
        )
    conn.commit()
    conn.close()
    result = run(app_ctx, "search", "Rita")
    assert result.exit_code == 1 and "newer Mneme" in result.output
