"""Bad input everywhere: each broken, hostile or unsupported file gets its name and a reason,
and the run goes on with the next file."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.base import ParsedFile, ParseOptions
from importers.pipeline import FileResult, Importer
from importers.registry import PARSERS
from importers.source import SourceFile
from tests.conftest import FIXTURES


def run(services: Services, *paths: Path) -> dict[str, FileResult]:
    report = services.importer.run(list(paths))
    return {Path(f.path.split("!")[-1]).name: f for f in report.files}


def test_truncated_json_fails_with_the_position(services: Services, tmp_path: Path) -> None:
    keep = (FIXTURES / "google_keep" / "obsidianimporter_Labelled_note.json").read_text()
    (tmp_path / "keep-cut.json").write_text(keep[:200], encoding="utf-8")
    (tmp_path / "plain-cut.json").write_text('{"a": [1, 2', encoding="utf-8")
    (tmp_path / "ok.md").write_text("Still imported.", encoding="utf-8")
    got = run(services, tmp_path)
    assert got["keep-cut.json"].status == "failed"
    assert got["keep-cut.json"].reason == (
        "invalid JSON: Unterminated string starting at line 1 column 88 (the file looks truncated)"
    )
    assert got["plain-cut.json"].status == "failed"
    assert got["plain-cut.json"].reason == (
        "invalid JSON: Expecting ',' delimiter at line 1 column 12 (the file looks truncated)"
    )
    assert got["ok.md"].status == "added"


def test_json_of_unknown_shape_is_skipped(services: Services, tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({"theme": "dark", "size": 12}))
    (tmp_path / "numbers.json").write_text("[1, 2, 3]")
    got = run(services, tmp_path)
    for name in ("settings.json", "numbers.json"):
        assert got[name].status == "skipped"
        assert got[name].reason == "unsupported format (JSON of unknown shape)"


def test_binary_named_txt_and_formats_in_disguise(services: Services, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "report.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "cal.ics").write_text("this is not a calendar\n")
    (tmp_path / "mail.eml").write_text("just some words, no headers\n")
    (tmp_path / "people.vcf").write_text("no cards here\n")
    (tmp_path / "book.enex").write_text("<en-export><note><title>x</title>")
    (tmp_path / "empty.md").write_text("")
    got = run(services, tmp_path)
    assert (got["notes.txt"].status, got["notes.txt"].reason) == (
        "failed", "binary data, not a text file",
    )
    assert got["report.pdf"].status == "failed"
    assert (got["report.pdf"].reason or "").startswith("not a readable PDF")
    assert got["cal.ics"].status == "failed"
    assert (got["cal.ics"].reason or "").startswith("not a valid iCalendar file")
    assert (got["mail.eml"].status, got["mail.eml"].reason) == (
        "failed", "not an email message (no mail headers at the start)",
    )
    assert (got["people.vcf"].status, got["people.vcf"].reason) == (
        "failed", "no BEGIN:VCARD ... END:VCARD block found",
    )
    assert got["book.enex"].status == "failed"
    assert (got["book.enex"].reason or "").startswith("not well-formed XML")
    assert (got["empty.md"].status, got["empty.md"].reason) == ("skipped", "no text to import")


def test_zip_bomb_is_refused(services: Services, tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.txt", b"\0" * 60_000_000)
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(buf.getvalue())
    report = services.importer.run([bomb, FIXTURES / "markdown"])
    first = report.files[0]
    assert first.path == str(bomb) and first.status == "failed"
    assert "looks like a zip bomb" in (first.reason or "")
    assert report.count("added") == 4  # the run went on


def test_nested_zips_are_opened_to_a_limit(services: Services, tmp_path: Path) -> None:
    def zipped(members: dict[str, bytes]) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, data in members.items():
                zf.writestr(name, data)
        return buf.getvalue()

    inner = zipped({"note.md": b"Inside two zips."})
    (tmp_path / "outer.zip").write_bytes(zipped({"part-1.zip": inner}))
    deep = b"Too deep."
    for n in range(5):
        deep = zipped({f"level{n}.zip" if n else "deep.md": deep})
    (tmp_path / "deep.zip").write_bytes(deep)
    report = services.importer.run([tmp_path / "outer.zip", tmp_path / "deep.zip"])
    assert report.files[0].path.endswith("outer.zip!part-1.zip!note.md")
    assert report.files[0].status == "added"
    assert report.files[-1].status == "skipped"
    assert report.files[-1].reason == "zip nested too deeply; skipped"


def test_unreadable_file(services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("hidden")
    if os.geteuid() != 0:
        secret.chmod(0)
        got = run(services, secret)
        assert got["secret.md"].status == "failed"
        assert "permission denied" in (got["secret.md"].reason or "")
        secret.chmod(0o600)
    import importers.source

    real = importers.source.read_regular_file

    def deny(path: Path) -> bytes:
        if path.name == "secret.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(importers.source, "read_regular_file", deny)
    got = run(services, tmp_path)
    assert got["secret.md"].status == "failed"
    assert got["secret.md"].reason == "cannot read file (Permission denied)"


class Exploding:
    name = "exploding"
    description = "a parser with a bug"

    def sniff(self, f: SourceFile) -> float:
        return 1.0 if f.suffix == ".boom" else 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        raise ValueError("bug in parser")


def test_a_parser_bug_fails_one_file_not_the_run(services: Services, tmp_path: Path) -> None:
    (tmp_path / "a.boom").write_text("x")
    (tmp_path / "b.md").write_text("Fine note.")
    importer = Importer(services.store, services.indexer, parsers=(Exploding(), *PARSERS))
    report = importer.run([tmp_path])
    got = {Path(f.path).name: f for f in report.files}
    assert got["a.boom"].status == "failed"
    assert got["a.boom"].reason == "could not read this file (ValueError: bug in parser)"
    assert got["b.md"].status == "added"
