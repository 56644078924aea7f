"""PDF on the real fixtures: text per page, titles, dates, authors, encrypted files with and
without the password, and pages without a text layer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from app.bootstrap import Services
from importers.errors import ParseError
from tests.importers.notes_helpers import FIXTURES, detected, parse_fixture

PDF = FIXTURES / "pdf"


def test_metadata_title_author_and_date() -> None:
    parsed = parse_fixture(PDF / "pypdf_metadata.pdf")
    assert parsed.kind == "pdf"
    assert parsed.title == "The Title"
    (rec,) = parsed.records
    assert rec.text == "Whatever\n1"
    assert rec.title == "The Title (page 1)"
    assert rec.speaker == "Martin Thoma"
    assert rec.event_time == datetime(2022, 4, 15, 7, 32, 43, tzinfo=UTC)  # +02'00' -> UTC
    assert rec.metadata == {"page": 1, "pages": 1}


def test_title_falls_back_to_the_file_name_and_pages_are_numbered() -> None:
    parsed = parse_fixture(PDF / "pypdf_Seige_of_Vicksburg_Sample_OCR.pdf")
    assert parsed.title == "pypdf_Seige_of_Vicksburg_Sample_OCR"  # info title was "Binder1.pdf"
    assert parsed.metadata["pages"] == 6
    assert sorted({r.metadata["page"] for r in parsed.records}) == [1, 2, 3, 4, 5, 6]
    assert parsed.records[0].text.startswith("THE SIEGE OF VICKSBURG. 49\nhowever, did not last long")
    assert all(len(r.text) <= 1400 for r in parsed.records)


def test_crazy_ones_text_matches_the_reference_extraction() -> None:
    parsed = parse_fixture(PDF / "pypdf_crazyones.pdf")
    text = parsed.records[0].text
    assert text.startswith("The Crazy Ones\nOctober 14, 1998\n")
    assert "The round pegs in the square holes." in text
    assert detected(PDF / "pypdf_crazyones.txt") == "text"  # the reference .txt is plain text


def test_encrypted_pdf_needs_the_password() -> None:
    with pytest.raises(ParseError, match="encrypted PDF; pass --password"):
        parse_fixture(PDF / "pypdf_encrypted-file.pdf")
    with pytest.raises(ParseError, match="password does not open it"):
        parse_fixture(PDF / "pypdf_encrypted-file.pdf", password="wrong")
    parsed = parse_fixture(PDF / "pypdf_encrypted-file.pdf", password="test")
    assert [r.text for r in parsed.records] == ["Example"]
    assert parsed.metadata["encrypted"] is True


def _with_blank_pages(tmp_path: Path, source: Path | None, blanks: int) -> Path:
    writer = PdfWriter()
    if source is not None:
        for page in PdfReader(source).pages:
            writer.add_page(page)
    for _ in range(blanks):
        writer.add_blank_page(width=612, height=792)
    out = tmp_path / "scan.pdf"
    with out.open("wb") as fh:
        writer.write(fh)
    return out


def test_pages_without_text_are_reported(tmp_path: Path) -> None:
    path = _with_blank_pages(tmp_path, PDF / "langchain_hello.pdf", blanks=2)
    parsed = parse_fixture(path)
    assert [r.text for r in parsed.records] == ["Hello world!\n1"]
    assert parsed.warnings == [
        "page 2 has no text layer (scanned?)",
        "page 3 has no text layer (scanned?)",
    ]


def test_a_pdf_with_no_text_at_all_is_skipped_with_the_reason(
    services: Services, tmp_path: Path
) -> None:
    path = _with_blank_pages(tmp_path, None, blanks=3)
    report = services.importer.run([path])
    (result,) = report.files
    assert result.status == "skipped"
    assert result.reason == "no text to import (no page has a text layer (scanned?); 3 pages)"


def test_a_truncated_pdf_fails_with_a_reason(tmp_path: Path) -> None:
    data = (PDF / "pypdf_crazyones.pdf").read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: len(data) // 3])
    with pytest.raises(ParseError, match=r"not a readable PDF \(Stream has ended unexpectedly\)"):
        parse_fixture(p)


@pytest.mark.parametrize("name", ["pypdf_r2-empty-password.pdf", "pypdf_r6-empty-password.pdf"])
def test_a_pdf_locked_only_by_an_owner_password_opens_without_asking(name: str) -> None:
    """pypdf's resources/encryption/r2- and r6-empty-password.pdf (BSD-3, copied to
    tests/data/samples/pdf): encrypted with an empty user password, as PDFs limited only in
    printing or copying are (bank statements); every reader opens them without asking, Mneme
    failed them with 'encrypted PDF; pass --password'."""
    samples = Path(__file__).parents[1] / "data" / "samples" / "pdf"
    parsed = parse_fixture(samples / name)
    assert [r.text for r in parsed.records] == ["pdf encryption test\npassword: asdfzxcv"]
