"""Google Keep Takeout notes on the real fixtures: titles, text, labels, flags, times,
attachments, trashed notes flagged, and the broken JSON note failing with a reason."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.errors import ParseError
from tests.importers.notes_helpers import FIXTURES, detected, parse_fixture

KEEP = "google_keep/obsidianimporter_"


def test_every_keep_json_is_detected_by_content() -> None:
    for path in sorted((FIXTURES / "google_keep").glob("*.json")):
        assert detected(path) == "google_keep", path.name


def test_labelled_note() -> None:
    parsed = parse_fixture(KEEP + "Labelled_note.json")
    (rec,) = parsed.records
    assert rec.title == "Labelled note"
    assert rec.text.startswith(
        "This is a plain text note with various labels.\nLabels should include:"
    )
    assert rec.metadata["labels"] == [
        "label with !'@:$\" Symbols",
        "Underscored_Label",
        "hyphenated-label",
        "label with spaces",
        "label",
        "camelCaseLabel",
    ]
    assert rec.event_time == datetime(2023, 7, 27, 2, 45, 37, 272000, tzinfo=UTC)
    assert rec.metadata["edited"] == "2023-08-01T05:04:33.284000+00:00"


def test_flags_colour_and_attachments() -> None:
    archived = parse_fixture(KEEP + "Archived_note.json").records[0]
    assert archived.metadata["archived"] is True and archived.metadata["trashed"] is False
    red = parse_fixture(KEEP + "Background_colour_note.json").records[0]
    assert red.metadata["color"] == "RED"
    drawings = parse_fixture(KEEP + "Drawings__multiple__note.json").records[0]
    assert drawings.metadata["attachments"] == [
        {"name": "1690514342456.1074605235.png", "type": "image/png"},
        {"name": "1690514400167.1149307624.png", "type": "image/png"},
    ]
    voice = parse_fixture(KEEP + "Voice_recording.json").records[0]
    assert voice.metadata["attachments"][0]["type"] == "audio/3gp"


def test_untitled_and_multiline_titles() -> None:
    untitled = parse_fixture(KEEP + "2023-08-01T14_29_43.842+10_00.json")
    assert untitled.records[0].text == "This note has a drawing but no title"
    assert untitled.title == "obsidianimporter_2023-08-01T14_29_43.842+10_00"
    multi = parse_fixture(KEEP + "Multiline_title_note_Second_line.json")
    assert multi.title == "Multiline title note Second line"


def test_trashed_note_is_imported_flagged_and_warned() -> None:
    parsed = parse_fixture(KEEP + "Deleted_note.json")
    assert parsed.records[0].metadata["trashed"] is True
    assert parsed.records[0].text == "This note was deleted in Google Keep before export."
    assert parsed.warnings == ["note was in Keep's trash; imported and flagged as trashed"]


def test_checklist_notes(tmp_path: Path) -> None:
    note = {
        "title": "Groceries",
        "listContent": [{"text": "Milk", "isChecked": True}, {"text": "Eggs", "isChecked": False}],
        "isTrashed": False,
        "isArchived": False,
        "userEditedTimestampUsec": 1700000000000000,
        "createdTimestampUsec": 1690000000000000,
    }
    p = tmp_path / "Groceries.json"
    p.write_text(json.dumps(note))
    parsed = parse_fixture(p)
    assert parsed.records[0].text == "- [x] Milk\n- [ ] Eggs"
    assert parsed.records[0].metadata["checklist"] == [
        {"text": "Milk", "checked": True},
        {"text": "Eggs", "checked": False},
    ]


def test_broken_json_fails_with_line_and_column() -> None:
    with pytest.raises(
        ParseError, match=r"invalid JSON: Expecting ',' delimiter at line 8 column 5"
    ):
        parse_fixture(KEEP + "broken-json-note.json")


def test_import_report_names_the_trashed_note(services: Services) -> None:
    report = services.importer.run([FIXTURES / "google_keep"])
    by_name = {Path(f.path).name: f for f in report.files}
    deleted = by_name["obsidianimporter_Deleted_note.json"]
    assert deleted.status == "added" and "trash" in deleted.warnings[0]
    broken = by_name["obsidianimporter_broken-json-note.json"]
    assert broken.status == "failed" and "invalid JSON" in (broken.reason or "")
    md = [f for f in report.files if f.path.endswith(".md")]
    assert md and all(f.status == "added" for f in md)


def test_takeouts_html_copy_of_a_note_is_skipped_beside_its_json(
    services: Services, tmp_path: Path
) -> None:
    """Takeout writes every Keep note as .json and .html; importing the folder stored each
    note twice (the .html as a generic web page)."""
    import shutil

    keep = tmp_path / "Takeout" / "Keep"
    keep.mkdir(parents=True)
    shutil.copy(
        FIXTURES / "google_keep" / "obsidianimporter_Labelled_note.json",
        keep / "Labelled note.json",
    )
    html = (
        '<html><head><title>Labelled note</title></head><body><div class="note DEFAULT">'
        '<div class="title">Labelled note</div><div class="content">This is a plain text note'
        "</div></div></body></html>"
    )
    (keep / "Labelled note.html").write_text(html, encoding="utf-8")
    (keep / "Shopping.html").write_text(html.replace("Labelled note", "Shopping"), encoding="utf-8")
    report = services.importer.run([tmp_path / "Takeout"])
    by_name = {Path(f.path).name: f for f in report.files}
    assert (by_name["Labelled note.json"].status, by_name["Labelled note.json"].new_records) == (
        "added",
        1,
    )
    assert by_name["Labelled note.html"].status == "skipped"
    assert "its twin Labelled note.json is imported" in (by_name["Labelled note.html"].reason or "")
    assert by_name["Shopping.html"].status == "added"  # no twin: an HTML page like any other


def test_takeouts_html_copy_of_a_note_is_skipped_inside_a_zip_too(
    services: Services, tmp_path: Path
) -> None:
    """In a Takeout zip the .html twin of a Keep note was imported beside its .json (a generic
    web page: the note stored twice); only a twin in the same folder of the zip counts."""
    import zipfile

    note = (FIXTURES / "google_keep" / "obsidianimporter_Labelled_note.json").read_bytes()
    html = (
        '<html><head><title>Labelled note</title></head><body><div class="note DEFAULT">'
        '<div class="title">Labelled note</div><div class="content">This is a plain text note'
        "</div></div></body></html>"
    )
    archive = tmp_path / "takeout-001.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Takeout/Keep/Labelled note.json", note)
        zf.writestr("Takeout/Keep/Labelled note.html", html)
        zf.writestr("Takeout/Other/Labelled note.html", html)  # a twin elsewhere does not count
    report = services.importer.run([archive])
    by_member = {f.path.split("!", 1)[1]: f for f in report.files if "!" in f.path}
    assert by_member["Takeout/Keep/Labelled note.json"].status == "added"
    skipped = by_member["Takeout/Keep/Labelled note.html"]
    assert skipped.status == "skipped"
    assert "its twin Labelled note.json is imported" in (skipped.reason or "")
    assert by_member["Takeout/Other/Labelled note.html"].status == "added"
