"""Issue 14, "what was seen" 7 and 8: an interrupted import resumes all of its work.

Ctrl+C used to escape as a bare KeyboardInterrupt ("Aborted!"), and the re-run said
"unchanged" and either never consolidated or indexed in silence with the file bar at 0/1.
Now Ctrl+C raises ``ImportInterrupted`` saying what was stored and how to resume, and the
re-run says it is resuming and finishes indexing and consolidation with progress.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.pipeline import ImportProgress
from tests.conftest import write


def notes(folder: Path, files: int = 3, paragraphs: int = 30) -> Path:
    for n in range(files):
        body = "\n\n".join(
            f"Entry {i} of note {n}: my friend Rita lives in Porto and plays chess on day {i}."
            for i in range(paragraphs)
        )
        write(folder / f"note-{n}.md", f"# Note {n}\n\n{body}\n")
    return folder


def interrupt(*_args: object, **_kwargs: object) -> int:
    raise KeyboardInterrupt


def test_ctrl_c_says_what_was_stored_and_the_rerun_resumes(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importers.pipeline import ImportInterrupted

    folder = notes(tmp_path / "notes")
    with monkeypatch.context() as m:
        m.setattr(services.indexer, "index_pending", interrupt)  # Ctrl+C while indexing
        with pytest.raises(ImportInterrupted) as caught:
            services.importer.run([folder])
    stored = services.store.counts()["records"]
    assert stored > 0 and services.store.counts()["records_pending_index"] == stored
    message = str(caught.value)
    assert message.startswith(
        f"Import interrupted. Stored before the interruption: 3 file(s), {stored} new records "
        f"({stored} records not yet indexed, {stored} not yet consolidated)."
    )
    assert f"To resume, run: mneme import {folder}" in message

    ticks: list[ImportProgress] = []
    again = services.importer.run([folder], progress=ticks.append)
    assert again.summary["unchanged"] == 3
    assert again.resumed is not None
    assert again.resumed["message"] == (
        f"Resuming the interrupted import of {folder}: {stored} records to index, "
        f"{stored} to consolidate."
    )
    assert ticks[0].phase == "resume" and ticks[0].current == again.resumed["message"]
    index = [t for t in ticks if t.phase == "index"]
    assert (index[0].done, index[0].total) == (0, stored)  # the bar moves from the start
    assert (index[-1].done, index[-1].total) == (stored, stored)
    assert [t.current for t in ticks if t.phase == "consolidate"][:1] == ["facts"]
    assert services.store.counts()["records_pending_index"] == 0
    assert services.tiers is not None and services.tiers.pending() == 0
    assert services.tiers.episodes.listing()
    assert services.importer.run([folder]).resumed is None  # nothing left: no resume


def test_a_rerun_after_a_kill_late_in_the_import_consolidates(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped after every file was stored and indexed, as consolidation began: the
    re-run said "unchanged" and left 0 episodes."""
    folder = notes(tmp_path / "notes")
    assert services.tiers is not None
    with monkeypatch.context() as m:
        m.setattr(services.tiers.consolidator, "run", interrupt)
        with pytest.raises(BaseException):  # noqa: B017 (the stop itself is not under test)
            services.importer.run([folder])
    assert services.tiers.pending() > 0 and not services.tiers.episodes.listing()
    again = services.importer.run([folder])
    assert again.summary["unchanged"] == 3
    assert services.tiers.pending() == 0 and services.tiers.episodes.listing()
    assert again.resumed is not None and again.consolidated is not None


def test_the_file_bar_moves_before_a_big_file_is_indexed(
    services: Services, tmp_path: Path
) -> None:
    """One big file used to be stored and indexed before its tick, so the bar sat at 0/1
    for the whole file."""
    folder = notes(tmp_path / "notes", files=1, paragraphs=200)
    services.importer.index_batch = 10
    ticks: list[ImportProgress] = []
    services.importer.run([folder], progress=ticks.append)
    phases = [(t.phase, t.done) for t in ticks]
    first_index = phases.index(("index", 0))
    assert ("import", 1) in phases[:first_index]


def test_another_running_import_is_not_taken_for_an_interrupted_one(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While another process imports (the TUI, a second terminal), the records it has not
    indexed yet are its work in progress: this run does not claim to resume them."""
    import json
    import subprocess
    import sys

    import psutil

    folder = notes(tmp_path / "notes", files=1)
    with monkeypatch.context() as m:
        m.setattr(services.indexer, "index_pending", lambda *_a, **_k: 0)
        services.importer.run([folder])  # stored, not yet indexed: as if in progress
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        marker = {
            "pid": other.pid,
            "created": psutil.Process(other.pid).create_time(),
            "started_at": "2024-01-01T00:00:00+00:00",
            "paths": ["/elsewhere"],
        }
        services.store.set_meta("import.running.other", json.dumps(marker))
        again = services.importer.run([folder])
        assert again.resumed is None
        assert services.store.counts()["records_pending_index"] == 0  # still indexed at the end
    finally:
        other.kill()
        other.wait()
    assert [m.paths for m in services.importer.markers.interrupted()] == [("/elsewhere",)]
