"""Issue 18 item 6: a stray ``SOURCES.tsv`` padded answers. A file list that describes the
other files of a folder (file, path, repository, commit, license) and a license text say
nothing about the user's life: they are skipped with the reason, and rows an earlier
version stored from them are marked removed (kept, left out of answers, never deleted)."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.bootstrap import Services
from importers.base import ParseOptions
from importers.formats.table import PARSER as TABLE
from importers.source import SourceFile
from memory.store import SourceIn
from tests.conftest import FIXTURES, write

MANIFEST_REASON = (
    "a list of files and where they came from (folder, file, repository, path, commit, "
    "license), not memories; skipped"
)
MIT = "MIT License\n\nCopyright (c) 2024 Someone\n\nPermission is hereby granted, free of charge..."


def test_file_lists_and_license_texts_are_skipped_but_tables_are_not(
    services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(FIXTURES / "SOURCES.tsv", folder / "SOURCES.tsv")
    write(folder / "LICENSE", MIT)
    write(folder / "people.csv", "Name,City,Path\nRita,Porto,/home/rita\nTom,Lyon,/home/tom\n")
    write(folder / "files.csv", "File,Size,Modified\na.txt,12,2024-01-01\n")  # no provenance
    write(folder / "notes.md", "Rita plays the cello.")
    report = services.importer.run([folder])
    got = {Path(f.path).name: (f.status, f.reason) for f in report.files}
    assert got["SOURCES.tsv"] == ("skipped", MANIFEST_REASON)
    assert got["LICENSE"] == ("skipped", "a license text, not a memory; skipped")
    assert got["people.csv"][0] == "added"
    assert got["files.csv"][0] == "added"
    assert got["notes.md"][0] == "added"
    texts = [r.text for s in services.store.sources() for r in services.store.source_records(s.id)]
    assert not any("repository:" in t or "Permission is hereby" in t for t in texts)


def test_rows_stored_from_a_file_list_before_are_marked_removed(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "SOURCES.tsv"
    shutil.copy(FIXTURES / "SOURCES.tsv", path)
    f = SourceFile.from_path(path)
    parsed = TABLE.parse(f, ParseOptions())  # what an earlier version stored, row by row
    services.store.ingest_source(
        SourceIn(uri=f.uri, kind="table", content_hash=f.content_hash()), parsed.records
    )
    rows = services.store.counts()["records"]
    assert rows == len(parsed.records) > 100
    (result,) = services.importer.run([path]).files
    assert result.status == "skipped"
    assert result.reason == (
        f"{MANIFEST_REASON}; the {rows} records stored from it before are now marked removed"
    )
    assert services.store.counts()["records"] == 0
    assert len(services.store.source_records(services.store.sources()[0].id, status="removed")) == rows
