"""Issue 14, "what was seen" 1: one bad file used to stop the whole import (files before it
stored but never indexed, files after it never read). Each case is now that file's own
``failed`` or ``skipped`` result with a reason, and the rest of the run is imported,
indexed and consolidated. Real pipeline, real SQLite and Chroma, fake embedder."""

from __future__ import annotations

import io
import os
import socket
import zipfile
from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.base import ParseOptions
from importers.chunking import split_long
from importers.pipeline import ImportReport
from importers.registry import detect
from importers.source import SourceFile


def by_name(report: ImportReport) -> dict[str, tuple[str, str | None]]:
    return {f.path.rsplit("/", 1)[-1]: (f.status, f.reason) for f in report.files}


def assert_rest_done(services: Services, report: ImportReport, *names: str) -> None:
    """The good files were imported, and everything stored was indexed and consolidated."""
    got = by_name(report)
    for name in names:
        assert got[name][0] == "added", (name, got[name])
    assert services.store.counts()["records_pending_index"] == 0
    assert services.tiers is not None and services.tiers.pending() == 0


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def flip_inside(archive: bytes, needle: bytes) -> bytes:
    """``archive`` with one byte flipped inside the stored data that starts with ``needle``."""
    at = archive.index(needle) + len(needle) // 2
    return archive[:at] + bytes([archive[at] ^ 0x20]) + archive[at + 1 :]


def test_a_damaged_zip_inside_a_zip_fails_alone(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-before.md").write_text("Rita plays the cello.", encoding="utf-8")
    (folder / "z-after.md").write_text("Tom collects stamps.", encoding="utf-8")
    inner = zip_bytes(
        {"good.md": b"Ana keeps bees on the roof.", "bad.md": b"Omar bakes bread on Sundays."}
    )
    damaged_inner = flip_inside(inner, b"Omar bakes bread")  # bad CRC inside the inner zip
    (folder / "m-parts.zip").write_bytes(zip_bytes({"inner.zip": damaged_inner}))
    outer = zip_bytes({"inner.zip": inner})
    (folder / "n-outer.zip").write_bytes(flip_inside(outer, b"Ana keeps bees"))  # outer CRC
    report = services.importer.run([folder])
    got = {f.path.removeprefix(str(folder.resolve()) + "/"): f for f in report.files}
    assert got["m-parts.zip!inner.zip!good.md"].status == "added"
    bad = got["m-parts.zip!inner.zip!bad.md"]
    assert bad.status == "failed" and "Bad CRC-32" in (bad.reason or ""), bad
    whole = got["n-outer.zip!inner.zip"]
    assert whole.status == "failed" and "damaged zip member (Bad CRC-32" in (whole.reason or "")
    assert_rest_done(services, report, "a-before.md", "z-after.md")


def test_symlink_loops_and_broken_links_are_skipped(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.md").write_text("Rita plays the cello.", encoding="utf-8")
    (folder / "sub" / "z.md").write_text("Tom collects stamps.", encoding="utf-8")
    os.symlink("loop-b.md", folder / "loop-a.md")
    os.symlink("loop-a.md", folder / "loop-b.md")
    os.symlink("..", folder / "sub" / "up")  # a folder link back to its parent
    os.symlink("nowhere.md", folder / "broken.md")
    os.symlink("a.md", folder / "same-as-a.md")  # followed once: a.md is imported once
    report = services.importer.run([folder])
    got = by_name(report)
    assert got["loop-a.md"] == ("skipped", "symlink loop; skipped")
    assert got["loop-b.md"] == ("skipped", "symlink loop; skipped")
    assert got["up"] == (
        "skipped", "symlink to a folder already walked (a loop, or a second way in); skipped"
    )
    assert got["broken.md"] == ("skipped", "broken symlink (its target is missing); skipped")
    assert [f.path for f in report.files].count(str((folder / "a.md").resolve())) == 1
    assert_rest_done(services, report, "a.md", "z.md")


def test_undecodable_file_names_are_stored_and_shown_escaped(
    services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = folder / os.fsdecode(b"bad_\xff\xfe.md")
    good.write_text("Rita plays the cello.", encoding="utf-8")
    (folder / os.fsdecode(b"broken_\xff.eml")).write_text("no headers here\n", encoding="utf-8")
    (folder / "z.md").write_text("Tom collects stamps.", encoding="utf-8")
    report = services.importer.run([folder])
    got = by_name(report)
    assert got["bad_\\xff\\xfe.md"][0] == "added"
    assert got["broken_\\xff.eml"][0] == "failed"  # noted in the store without a crash
    uris = {s.uri for s in services.store.sources()}
    assert f"file:{folder.resolve()}/bad_\\xff\\xfe.md" in uris
    failed = services.store.sources(status="failed")
    assert [s.uri.rsplit("/", 1)[-1] for s in failed] == ["broken_\\xff.eml"]
    assert_rest_done(services, report, "z.md")
    again = services.importer.run([folder])
    assert by_name(again)["bad_\\xff\\xfe.md"][0] == "unchanged"


@pytest.mark.timeout(120)  # a guard: the old code waited on the pipe forever
def test_pipes_sockets_and_devices_are_skipped_unopened(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("Rita plays the cello.", encoding="utf-8")
    os.mkfifo(folder / "pipe.md")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.md"))
    (folder / "z.md").write_text("Tom collects stamps.", encoding="utf-8")
    opened: list[str] = []
    real_open = os.open

    def spy(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(os.fsdecode(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    try:
        report = services.importer.run([folder, Path("/dev/null")])
    finally:
        sock.close()
    got = by_name(report)
    assert got["pipe.md"] == ("skipped", "not a regular file (named pipe); skipped unread")
    assert got["sock.md"] == ("skipped", "not a regular file (socket); skipped unread")
    assert got["null"] == ("skipped", "not a regular file (character device); skipped unread")
    assert not [p for p in opened if p.endswith(("pipe.md", "sock.md", "/dev/null"))]
    assert_rest_done(services, report, "a.md", "z.md")


@pytest.mark.timeout(60)
def test_a_pipe_swapped_in_for_a_file_is_refused_without_blocking(tmp_path: Path) -> None:
    from importers.source import read_regular_file

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match=r"not a regular file \(named pipe\)"):
        read_regular_file(fifo)


@pytest.mark.slow
@pytest.mark.timeout(300)  # a guard, not a timing check: the old chunker took many minutes
def test_a_50_mb_single_line_file_is_chunked_in_one_pass(tmp_path: Path) -> None:
    line = ("lorem ipsum dolor sit amet, consectetur " * 1_300_000)[:50_000_000]
    pieces = split_long(line, 1200)
    assert len(pieces) > 40_000 and max(len(p) for p in pieces) <= 1200
    assert " ".join(pieces) == line.strip()
    path = tmp_path / "huge.md"
    path.write_text(line, encoding="utf-8")
    f = SourceFile.from_path(path)
    parser = detect(f)
    assert parser is not None and parser.name == "markdown"
    assert len(parser.parse(f, ParseOptions()).records) == len(pieces)
