"""The folder watcher with real SQLite, real Chroma and real file system events: files
created, changed and deleted in a watched folder are followed by the store; a watcher that
starts catches up with what changed while it was stopped. The tests poll the store until a
deadline; nothing asserts on elapsed time."""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.errors import ImportFailure
from importers.watch import FolderWatcher, WatchEvent

DEADLINE = 20.0


def wait_for(check: Callable[[], bool], timeout: float = DEADLINE) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return check()


def status_of(services: Services, path: Path) -> str | None:
    src = services.store.source_by_uri(f"file:{path.resolve()}")
    return src.status if src else None


def texts(services: Services, status: str = "active") -> list[str]:
    rows = services.db.execute("SELECT text FROM records WHERE status = ? ORDER BY id", (status,))
    return [r[0] for r in rows]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "watched"
    d.mkdir()
    return d


@pytest.fixture
def events() -> list[WatchEvent]:
    return []


@pytest.fixture
def watcher(services: Services, folder: Path, events: list[WatchEvent]) -> Iterator[FolderWatcher]:
    w = FolderWatcher(
        services.importer, services.store, [folder], on_event=events.append, debounce=0.3
    )
    yield w
    w.stop()


def started(w: FolderWatcher, events: list[WatchEvent]) -> FolderWatcher:
    w.start()
    assert wait_for(lambda: any(e.kind == "caught_up" for e in events))
    return w


def test_create_modify_delete_and_come_back(
    services: Services, watcher: FolderWatcher, folder: Path, events: list[WatchEvent]
) -> None:
    started(watcher, events)
    note = folder / "rita.md"
    note.write_text("Rita lives in Porto.\n", encoding="utf-8")
    assert wait_for(lambda: texts(services) == ["Rita lives in Porto."])

    note.write_text("Rita moved to Lisbon.\n", encoding="utf-8")
    assert wait_for(lambda: texts(services) == ["Rita moved to Lisbon."])
    assert texts(services, "superseded") == ["Rita lives in Porto."]

    note.unlink()
    assert wait_for(lambda: status_of(services, note) == "removed")
    assert texts(services) == []
    assert texts(services, "removed") == ["Rita moved to Lisbon."]  # kept, not deleted
    assert services.recall.search("Rita Lisbon") == []  # nor anything derived from it
    faded = services.recall.search("Rita Lisbon", include_faded=True)
    assert faded and all("its sources were removed" in h.why for h in faded)
    removed = [e for e in events if e.kind == "removed"]
    assert removed and removed[-1].path == str(note.resolve()) and removed[-1].records == 1

    note.write_text("Rita moved to Lisbon.\n", encoding="utf-8")  # the same file comes back
    assert wait_for(lambda: status_of(services, note) == "active")
    assert wait_for(lambda: texts(services) == ["Rita moved to Lisbon."])
    assert texts(services, "removed") == []
    hits = [h for h in services.recall.search("Rita Lisbon") if h.tier == "record"]
    assert [h.text for h in hits] == ["Rita moved to Lisbon."]


def test_a_burst_of_writes_is_imported_once(
    services: Services, watcher: FolderWatcher, folder: Path, events: list[WatchEvent]
) -> None:
    watcher.debounce = 1.0
    started(watcher, events)
    runs_before = len(watcher.reports)
    note = folder / "draft.txt"
    for n in range(5):
        note.write_text(f"Draft number {n}.\n", encoding="utf-8")
    assert wait_for(lambda: len(watcher.reports) > runs_before)
    assert texts(services) == ["Draft number 4."]  # the first import already saw the last write
    assert len(watcher.reports) - runs_before == 1
    assert [f.status for f in watcher.reports[-1].files] == ["added"]


def test_catch_up_on_start(
    services: Services, folder: Path, events: list[WatchEvent], tmp_path: Path
) -> None:
    keep = folder / "keep.md"
    change = folder / "change.md"
    gone = folder / "gone.md"
    sub = folder / "sub"
    sub.mkdir()
    for p, text in ((keep, "Keep me."), (change, "Old words."), (gone, "Soon deleted.")):
        p.write_text(text, encoding="utf-8")
    (sub / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    first = FolderWatcher(services.importer, services.store, [folder], on_event=events.append)
    first.catch_up()
    assert sorted(texts(services)) == ["Keep me.", "Old words.", "Soon deleted."]
    assert [e.kind for e in events].count("skipped") == 1  # the photo

    # While nobody watches: one new file, one changed, one deleted.
    change.write_text("New words, and more of them.", encoding="utf-8")
    gone.unlink()
    (sub / "new.md").write_text("Brand new note.", encoding="utf-8")

    events.clear()
    second = FolderWatcher(
        services.importer, services.store, [folder], on_event=events.append, debounce=0.3
    )
    try:
        started(second, events)
    finally:
        second.stop()
    assert sorted(texts(services)) == ["Brand new note.", "Keep me.", "New words, and more of them."]
    assert status_of(services, gone) == "removed"
    assert status_of(services, keep) == "active"
    kinds = sorted((e.kind, Path(e.path).name) for e in events if e.path)
    assert kinds == [("added", "new.md"), ("removed", "gone.md"), ("updated", "change.md")]
    caught = next(e for e in events if e.kind == "caught_up")
    assert caught.detail == "2 new or changed, 1 records marked removed"


def test_zip_members_are_removed_with_their_zip(
    services: Services, watcher: FolderWatcher, folder: Path, events: list[WatchEvent]
) -> None:
    started(watcher, events)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.md", "Alpha note.")
        zf.writestr("b.md", "Beta note.")
    archive = folder / "notes.zip"
    archive.write_bytes(buf.getvalue())
    assert wait_for(lambda: sorted(texts(services)) == ["Alpha note.", "Beta note."])
    archive.unlink()
    assert wait_for(lambda: texts(services) == [])
    stamps = services.store.source_stamps(f"zip:{archive.resolve()}!")
    assert [s.status for s in stamps] == ["removed", "removed"]


def test_hidden_temp_and_ignored_files_are_left_alone(
    services: Services, folder: Path, events: list[WatchEvent], tmp_path: Path
) -> None:
    data = folder / "mneme-data"
    data.mkdir()
    w = FolderWatcher(
        services.importer, services.store, [folder], on_event=events.append,
        debounce=0.3, ignore=[data],
    )
    try:
        started(w, events)
        (folder / ".hidden.md").write_text("secret", encoding="utf-8")
        (folder / "note.md.swp").write_text("swap", encoding="utf-8")
        (folder / "backup.md~").write_text("tilde", encoding="utf-8")
        (data / "log.txt").write_text("internal", encoding="utf-8")
        (folder / "real.md").write_text("A real note.", encoding="utf-8")
        assert wait_for(lambda: texts(services) == ["A real note."])
    finally:
        w.stop()
    imported = [e.path for e in events if e.kind == "added"]
    assert imported == [str((folder / "real.md").resolve())]


def test_watching_a_missing_folder_is_refused(services: Services, tmp_path: Path) -> None:
    w = FolderWatcher(services.importer, services.store, [tmp_path / "nope"])
    with pytest.raises(ImportFailure, match="not a folder"):
        w.start()
    assert not w.running


def test_a_failing_callback_does_not_stop_the_watcher(
    services: Services, folder: Path
) -> None:
    def boom(event: WatchEvent) -> None:
        raise RuntimeError("UI bug")

    w = FolderWatcher(services.importer, services.store, [folder], on_event=boom, debounce=0.3)
    w.start()
    try:
        (folder / "x.md").write_text("Still imported.", encoding="utf-8")
        assert wait_for(lambda: texts(services) == ["Still imported."])
        assert w.running
    finally:
        w.stop()
    assert not w.running


def test_a_deleted_subfolder_marks_all_its_files_removed(
    services: Services, watcher: FolderWatcher, folder: Path, events: list[WatchEvent]
) -> None:
    import shutil

    started(watcher, events)
    sub = folder / "trip"
    sub.mkdir()
    (sub / "day1.md").write_text("Day one in Porto.", encoding="utf-8")
    (sub / "day2.md").write_text("Day two in Braga.", encoding="utf-8")
    assert wait_for(lambda: sorted(texts(services)) == ["Day one in Porto.", "Day two in Braga."])
    shutil.rmtree(sub)
    assert wait_for(lambda: texts(services) == [])
    assert sorted(texts(services, "removed")) == ["Day one in Porto.", "Day two in Braga."]
    moved_in = folder / "later"
    moved_in.mkdir()
    (moved_in / "day3.md").write_text("Day three in Lisbon.", encoding="utf-8")
    assert wait_for(lambda: texts(services) == ["Day three in Lisbon."])


def test_catch_up_after_an_interrupted_import_says_it_resumes(
    services: Services,
    folder: Path,
    watcher: FolderWatcher,
    events: list[WatchEvent],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importers.pipeline import ImportInterrupted

    (folder / "a.md").write_text("Rita plays the cello.", encoding="utf-8")
    (folder / os.fsdecode(b"bad_\xff.md")).write_text("Tom collects stamps.", encoding="utf-8")

    def interrupt(*_a: object, **_k: object) -> int:
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(services.indexer, "index_pending", interrupt)
        with pytest.raises(ImportInterrupted):
            watcher.catch_up()
    watcher.catch_up()
    kinds = [e.kind for e in events]
    assert "resumed" in kinds
    resumed = next(e for e in events if e.kind == "resumed")
    assert (resumed.detail or "").startswith("Resuming the interrupted import of ")
    assert services.store.counts()["records_pending_index"] == 0
    events.clear()
    watcher.catch_up()  # undecodable names compare with what is stored: nothing to redo
    assert [e.kind for e in events] == ["caught_up"]
    assert events[0].detail == "0 new or changed, 0 records marked removed"
