"""Backups that exist: ``mneme backup FILE`` (an AES-GCM encrypted, consistent snapshot with
the vectors), ``mneme restore FILE`` into an empty home (every table's rows and content equal,
same search results), refusals of a wrong passphrase or a damaged file, ``mneme export`` in
JSONL and Markdown, and the automatic backup taken before migrations."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import keyring
import pytest

from app.services.context import AppContext
from tests.conftest import FIXTURES, fake_factory
from tests.store.helpers import load, run, table_digests
from tests.tiers.conftest import LIFE_STORY

QUERIES = ["Where does Rita live?", "bike repairs", "hiking in the Alps", "Biscuit the dog", "Porto"]


def search_all(ctx: AppContext) -> list[list[tuple[str, float]]]:
    out = []
    for q in QUERIES:
        hits = load(ctx, "search", q, "-k", "8", "--json")["results"]
        out.append([(h["id"], round(h["score"], 6)) for h in hits])
    return out


def filled(app_ctx: AppContext, notes_dir: Path, tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(LIFE_STORY, story)
    for path in (notes_dir, story, FIXTURES / "whatsapp"):
        assert run(app_ctx, "import", str(path)).exit_code == 0


def test_backup_then_restore_into_an_empty_home_round_trips_exactly(
    app_ctx: AppContext, notes_dir: Path, tmp_path: Path, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(app_ctx, notes_dir, tmp_path)
    app_ctx.close()
    original = table_digests(isolated_env / "mneme.db")
    assert original["records"][0] > 200 and original["facts"][0] and original["episodes"][0]
    backup = tmp_path / "out" / "mneme.backup"
    result = run(app_ctx, "backup", str(backup))
    assert result.exit_code == 0, result.output
    assert "keyring" in result.output and "mneme" in result.output  # where the passphrase is
    passphrase = keyring.get_password("mneme", "backup")
    assert passphrase and len(passphrase) >= 20
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    raw = backup.read_bytes()
    assert b"Rita" not in raw and b"SQLite format" not in raw and b"Porto" not in raw
    app_ctx.close()
    assert table_digests(isolated_env / "mneme.db") == original  # the backup wrote nothing
    expected = search_all(app_ctx)
    app_ctx.close()

    # Another machine: an empty home, the passphrase only in its keyring.
    other_home = tmp_path / "elsewhere" / "mneme"
    monkeypatch.setenv("MNEME_HOME", str(other_home))
    other = AppContext(factory=fake_factory())
    restored = run(other, "restore", str(backup), "--json")
    assert restored.exit_code == 0, restored.output
    info = json.loads(restored.output)
    assert info["records"] == original["records"][0]
    assert table_digests(other_home / "mneme.db") == original
    assert search_all(other) == expected
    other.close()
    assert stat.S_IMODE(other_home.stat().st_mode) == 0o700
    for path in other_home.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


def test_restore_takes_the_passphrase_from_a_prompt_and_refuses_a_wrong_one(
    app_ctx: AppContext, notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(app_ctx, "import", str(notes_dir))
    backup = tmp_path / "b.mneme"
    assert run(app_ctx, "backup", str(backup)).exit_code == 0
    app_ctx.close()
    passphrase = keyring.get_password("mneme", "backup")
    assert passphrase
    keyring.delete_password("mneme", "backup")  # a new machine's keyring has none
    monkeypatch.setenv("MNEME_HOME", str(tmp_path / "new" / "mneme"))
    other = AppContext(factory=fake_factory())
    wrong = run(other, "restore", str(backup), input="not the passphrase\n")
    assert wrong.exit_code == 1
    assert "wrong passphrase" in wrong.output.lower() and "Traceback" not in wrong.output
    assert not (tmp_path / "new" / "mneme" / "mneme.db").exists()
    ok = run(other, "restore", str(backup), input=passphrase + "\n")
    assert ok.exit_code == 0, ok.output
    assert load(other, "search", "Rita", "--json")["results"]
    assert keyring.get_password("mneme", "backup") == passphrase  # kept for the next backup
    other.close()


@pytest.mark.parametrize("damage", ["flip", "truncate", "header", "not_a_backup"])
def test_a_damaged_backup_is_refused_with_a_clear_line(
    app_ctx: AppContext, notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    run(app_ctx, "import", str(notes_dir))
    backup = tmp_path / "b.mneme"
    assert run(app_ctx, "backup", str(backup)).exit_code == 0
    app_ctx.close()
    data = bytearray(backup.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x40
    elif damage == "truncate":
        data = data[: len(data) - 100]
    elif damage == "header":
        data[20] ^= 0x01
    else:
        data = bytearray(b"just some file\n" * 50)
    backup.write_bytes(bytes(data))
    monkeypatch.setenv("MNEME_HOME", str(tmp_path / "new" / "mneme"))
    other = AppContext(factory=fake_factory())
    result = run(other, "restore", str(backup), input="\n")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and str(backup) in lines[0], result.output
    assert "damaged" in lines[0] or "not a Mneme backup" in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "new" / "mneme" / "mneme.db").exists()


def test_restore_refuses_a_home_that_is_not_empty(
    app_ctx: AppContext, notes_dir: Path, tmp_path: Path, isolated_env: Path
) -> None:
    run(app_ctx, "import", str(notes_dir))
    backup = tmp_path / "b.mneme"
    assert run(app_ctx, "backup", str(backup)).exit_code == 0
    app_ctx.close()
    digests = table_digests(isolated_env / "mneme.db")
    result = run(app_ctx, "restore", str(backup))
    assert result.exit_code == 1 and "not empty" in result.output
    assert table_digests(isolated_env / "mneme.db") == digests


@pytest.mark.parametrize("fmt", ["jsonl", "markdown"])
def test_export_writes_every_memory_with_its_provenance(
    app_ctx: AppContext, notes_dir: Path, tmp_path: Path, fmt: str
) -> None:
    story = tmp_path / "story"
    shutil.copytree(LIFE_STORY, story)
    run(app_ctx, "import", str(notes_dir))
    run(app_ctx, "import", str(story))
    svc = app_ctx.services
    n_records = svc.db.scalar("SELECT COUNT(*) FROM records")
    n_facts = svc.db.scalar("SELECT COUNT(*) FROM facts")
    n_episodes = svc.db.scalar("SELECT COUNT(*) FROM episodes")
    out = tmp_path / "export"
    result = run(app_ctx, "export", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    if fmt == "jsonl":
        records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
        assert len(records) == n_records
        rita = next(r for r in records if "Rita lives in Porto" in r["text"])
        assert rita["source"]["uri"].endswith("family.md") and rita["id"].startswith("r")
        facts = [json.loads(line) for line in (out / "facts.jsonl").read_text().splitlines()]
        assert len(facts) == n_facts
        assert all(f["evidence"] and f["evidence"][0]["record"].startswith("r") for f in facts
                   if f["extractor"] != "user")
        assert all(e["source"] for f in facts for e in f["evidence"])
        episodes = [json.loads(line) for line in (out / "episodes.jsonl").read_text().splitlines()]
        assert len(episodes) == n_episodes and all(e["records"] for e in episodes)
        assert (out / "persona.jsonl").exists() and (out / "sources.jsonl").exists()
    else:
        text = "\n".join(p.read_text() for p in files)
        assert "Rita lives in Porto" in text and "family.md" in text
        assert "Bought a blue Cannondale road bike in spring." in text
        facts_md = (out / "facts.md").read_text()
        assert facts_md.count("\n- ") >= n_facts
        assert (out / "README.md").exists()
    data = load(app_ctx, "export", "--format", fmt, "--out", str(tmp_path / "again"), "--json")
    assert data["records"] == n_records and data["facts"] == n_facts
