"""The import pipeline with real SQLite and real Chroma (fake embedder)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.pipeline import ImportProgress
from tests.conftest import FIXTURES, write


def test_import_notes_then_reimport_adds_zero(services: Services, notes_dir: Path) -> None:
    first = services.importer.run([notes_dir])
    assert first.summary == {"added": 3, "unchanged": 0, "updated": 0, "skipped": 0, "failed": 0}
    assert first.records_added == 4
    assert services.index.count() == 4
    again = services.importer.run([notes_dir])
    assert again.summary["added"] == 0 and again.summary["unchanged"] == 3
    assert again.records_added == 0
    assert services.store.counts()["records"] == 4


def test_changed_file_replaces_its_records(services: Services, notes_dir: Path) -> None:
    services.importer.run([notes_dir])
    write(notes_dir / "family.md", "# Family\n\nMy sister Rita moved to Lisbon.\n")
    report = services.importer.run([notes_dir])
    fam = next(f for f in report.files if f.path.endswith("family.md"))
    assert (fam.status, fam.new_records, fam.superseded) == ("updated", 1, 1)
    active = [r[0] for r in services.db.execute("SELECT text FROM records WHERE status='active'")]
    assert "My sister Rita moved to Lisbon." in active
    assert not any("Porto" in t for t in active)
    old = services.db.execute("SELECT id FROM records WHERE status='superseded'").fetchall()
    assert len(old) == 1
    assert services.index.get_vectors([f"r{old[0][0]}"]) == {}  # gone from the derived index


def test_bad_inputs_are_reported_and_the_run_goes_on(services: Services, tmp_path: Path) -> None:
    good = write(tmp_path / "in" / "good.md", "Tom likes climbing.")
    latin = tmp_path / "in" / "latin.md"
    latin.write_bytes("Café Olé".encode("latin-1"))
    binary = tmp_path / "in" / "fake.txt"
    binary.write_bytes(os.urandom(2048).replace(b"\x00", b"\x01") + b"\x00" * 10)
    unreadable = write(tmp_path / "in" / "secret.md", "hidden")
    unreadable.chmod(0)
    (tmp_path / "empty").mkdir()
    report = services.importer.run([tmp_path / "in", tmp_path / "empty", tmp_path / "nope.md"])
    by_name = {Path(f.path.split("!")[-1]).name: f for f in report.files}
    assert by_name["good.md"].status == "added"
    assert by_name["latin.md"].status == "failed" and "not UTF-8" in (by_name["latin.md"].reason or "")
    assert by_name["fake.txt"].status == "failed" and "binary" in (by_name["fake.txt"].reason or "")
    if os.geteuid() != 0:  # root can read a chmod 0 file
        assert by_name["secret.md"].status == "failed"
    assert by_name["empty"].status == "failed" and "no files" in (by_name["empty"].reason or "")
    assert by_name["nope.md"].status == "failed" and "no such file" in (by_name["nope.md"].reason or "")
    assert not report.nothing_done
    assert services.store.counts()["records"] >= 1
    assert good.exists()


def test_nothing_done_when_everything_fails(services: Services, tmp_path: Path) -> None:
    report = services.importer.run([tmp_path / "missing"])
    assert report.nothing_done


def test_unsupported_files_are_skipped_with_reason(services: Services, tmp_path: Path) -> None:
    p = tmp_path / "photo.jpg"
    p.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(100))
    report = services.importer.run([p])
    assert report.files[0].status == "skipped"
    assert "unsupported" in (report.files[0].reason or "")


def test_zip_members_are_imported_and_unsafe_paths_skipped(services: Services, tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("vault/a.md", "# A\n\nAlpha note about Lisbon.")
        zf.writestr("vault/.obsidian/app.json", "{}")
        zf.writestr("../evil.md", "nope")
    archive = tmp_path / "vault.zip"
    archive.write_bytes(buf.getvalue())
    report = services.importer.run([archive])
    statuses = {f.path.split("!")[-1]: f.status for f in report.files}
    assert statuses == {"vault/a.md": "added", "../evil.md": "skipped"}


def test_zip_bomb_is_refused(services: Services, tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", b"0" * 120_000_000)
    report = services.importer.run([archive])
    assert report.files[0].status == "failed"
    assert "zip bomb" in (report.files[0].reason or "")


def test_dry_run_stores_nothing(services: Services, notes_dir: Path) -> None:
    report = services.importer.run([notes_dir], dry_run=True)
    assert report.summary["added"] == 3
    assert services.store.counts()["records"] == 0
    assert services.store.import_runs() == []


def test_progress_reports_every_file(services: Services, notes_dir: Path) -> None:
    seen: list[ImportProgress] = []
    services.importer.run([notes_dir], progress=seen.append)
    imports = [p for p in seen if p.phase == "import"]
    assert imports[-1].done == imports[-1].total == 3
    assert seen[-1].phase == "done"


def test_shared_markdown_fixtures_import(services: Services) -> None:
    report = services.importer.run([FIXTURES / "markdown"])
    assert report.summary["added"] == 4 and report.summary["failed"] == 0
    run = services.store.import_runs()[0]
    assert run["added"] == 4 and len(run["report"]["files"]) == 4


@pytest.mark.parametrize("name", ["empty.md", "blank.txt"])
def test_empty_files_are_skipped(services: Services, tmp_path: Path, name: str) -> None:
    p = write(tmp_path / name, "   \n\n")
    report = services.importer.run([p])
    assert report.files[0].status == "skipped"
    assert report.files[0].reason == "no text to import"
