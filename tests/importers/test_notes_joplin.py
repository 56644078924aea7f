"""Joplin RAW export items (<id>.md: title, body, metadata footer ending in type_); written
for the test in our own words after the layout Joplin's serializer writes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Services
from importers.formats.joplin import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source

NOTE_ID = "0f2b6c1de5a94c7f8a0c3b1d2e4f6a7b"
BOOK_ID = "9a8b7c6d5e4f30211a2b3c4d5e6f7a8b"
NOTE = (
    "Dinner plans\n\nBook **Ramiro** for Friday.\n\n## Menu\n\nPrawns, bread.\n\n"
    f"id: {NOTE_ID}\nparent_id: {BOOK_ID}\ncreated_time: 2024-03-12T21:05:09.000Z\n"
    "updated_time: 2024-03-13T08:00:00.000Z\nis_conflict: 0\nlatitude: 0.00000000\n"
    "author: \nsource_url: \nis_todo: 1\ntodo_due: 0\ntodo_completed: 0\n"
    "source_application: net.cozic.joplin-desktop\napplication_data: \norder: 0\n"
    "user_created_time: 2024-03-11T10:00:00.000Z\nuser_updated_time: 2024-03-13T08:00:00.000Z\n"
    "encryption_cipher_text: \nencryption_applied: 0\nmarkup_language: 1\nis_shared: 0\n"
    "type_: 1"
)
BOOK = f"Personal\n\nid: {BOOK_ID}\ncreated_time: 2024-01-01T10:00:00.000Z\nparent_id: \ntype_: 2"


def test_a_joplin_raw_export_reads_notes_without_their_footer(
    services: Services, tmp_path: Path
) -> None:
    """Read as plain Markdown, a Joplin note was titled by its id, dated by the file's time,
    and its metadata footer ('id: ...', 'type_: 1') was part of the note's text; notebooks
    were imported as notes."""
    note = write(tmp_path / "export" / f"{NOTE_ID}.md", NOTE)
    write(tmp_path / "export" / f"{BOOK_ID}.md", BOOK)
    assert detect(source(note)) is PARSER
    parsed = parse(PARSER, note)
    first, menu = parsed.records
    assert (first.text, first.title) == ("Book **Ramiro** for Friday.", "Dinner plans")
    assert (menu.text, menu.title) == ("Prawns, bread.", "Dinner plans > Menu")
    assert first.event_time == datetime(2024, 3, 11, 10, 0, tzinfo=UTC)
    assert first.metadata["notebook"] == "Personal" and first.metadata["todo"] is True
    assert all("type_" not in r.text for r in parsed.records)
    report = services.importer.run([tmp_path / "export"])
    by_name = {Path(f.path).name: f for f in report.files}
    assert (by_name[f"{NOTE_ID}.md"].status, by_name[f"{NOTE_ID}.md"].new_records) == ("added", 2)
    assert by_name[f"{BOOK_ID}.md"].status == "skipped"
    assert "a notebook from a Joplin export" in (by_name[f"{BOOK_ID}.md"].reason or "")


def test_markdown_ending_in_key_values_is_not_joplin(tmp_path: Path) -> None:
    note = write(tmp_path / "n.md", "# Trip\n\nstatus: done\ntype_: 1\n")
    assert PARSER.sniff(source(note)) == 0.0
