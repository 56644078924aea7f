"""Simplenote (notes.json) and Standard Notes (decrypted backup) exports; their shapes written
for the test in our own words."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.errors import ParseError
from importers.formats.notes_apps import SIMPLENOTE, STANDARD_NOTES
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source, texts

SIMPLE = {
    "activeNotes": [
        {
            "id": "n1",
            "content": "Packing list\r\nPassport\r\nCharger",
            "creationDate": "2024-03-12T21:05:09.000Z",
            "lastModified": "2024-03-13T08:00:00.000Z",
            "tags": ["travel"],
            "pinned": True,
            "markdown": False,
        },
        {"id": "n2", "content": "", "creationDate": "2024-03-12T21:06:00.000Z"},
    ],
    "trashedNotes": [
        {"id": "n3", "content": "Old idea", "creationDate": "2023-01-02T10:00:00.000Z"}
    ],
}

STANDARD = {
    "version": "004",
    "items": [
        {
            "uuid": "u1",
            "content_type": "Note",
            "created_at": "2024-03-12T21:05:09.123Z",
            "updated_at": "2024-03-12T21:10:00.000Z",
            "content": {
                "title": "Ben's birthday",
                "text": "Buy him the Lisbon cookbook.",
                "references": [],
                "appData": {"org.standardnotes.sn": {"pinned": True}},
                "archived": True,
            },
        },
        {
            "uuid": "t1",
            "content_type": "Tag",
            "created_at": "2024-01-01T00:00:00.000Z",
            "content": {"title": "family", "references": [{"uuid": "u1", "content_type": "Note"}]},
        },
        {
            "uuid": "k1",
            "content_type": "SN|ItemsKey",
            "created_at": "2024-01-01T00:00:00.000Z",
            "content": {"itemsKey": "x"},
        },
    ],
}


def test_simplenote_export_becomes_notes(services: Services, tmp_path: Path) -> None:
    """Simplenote's notes.json was 'unsupported format (JSON of unknown shape)'."""
    path = write(tmp_path / "source" / "notes.json", json.dumps(SIMPLE))
    assert detect(source(path)) is SIMPLENOTE
    parsed = parse(SIMPLENOTE, path)
    assert [r.text.replace("\r\n", "\n") for r in parsed.records] == [
        "Packing list\nPassport\nCharger",
        "Old idea",
    ]
    packing, old = parsed.records
    assert packing.title == "Packing list"
    assert packing.event_time == datetime(2024, 3, 12, 21, 5, 9, tzinfo=UTC)
    assert packing.metadata["tags"] == ["travel"] and packing.metadata["pinned"] is True
    assert old.metadata["trashed"] is True
    assert parsed.warnings == ["1 trashed note(s) imported (flagged metadata.trashed)"]
    (result,) = services.importer.run([path]).files
    assert (result.status, result.new_records, result.format) == ("added", 2, "simplenote")


def test_standard_notes_backup_becomes_notes_with_their_tags(tmp_path: Path) -> None:
    """A decrypted Standard Notes backup was 'unsupported format (JSON of unknown shape)'."""
    path = write(tmp_path / "Standard Notes Backup and Import File.txt", json.dumps(STANDARD))
    assert detect(source(path)) is STANDARD_NOTES
    parsed = parse(STANDARD_NOTES, path)
    assert texts(parsed) == ["Ben's birthday\n\nBuy him the Lisbon cookbook."]
    (note,) = parsed.records
    assert note.title == "Ben's birthday"
    assert note.metadata["tags"] == ["family"] and note.metadata["pinned"] is True
    assert note.metadata["archived"] is True  # a flag on the content itself
    assert note.event_time == datetime(2024, 3, 12, 21, 5, 9, 123000, tzinfo=UTC)


def test_an_encrypted_standard_notes_backup_fails_with_its_reason(tmp_path: Path) -> None:
    enc = {
        "version": "004",
        "items": [{"uuid": "u1", "content_type": "Note", "content": "004:abc:def:ghi"}],
    }
    path = write(tmp_path / "backup.json", json.dumps(enc))
    with pytest.raises(ParseError, match="encrypted Standard Notes backup"):
        parse(STANDARD_NOTES, path)


def test_other_json_with_items_is_not_standard_notes(tmp_path: Path) -> None:
    other = write(
        tmp_path / "api.json", json.dumps({"items": [{"content_type": "text/html", "id": 1}]})
    )
    assert STANDARD_NOTES.sniff(source(other)) == 0.0


def test_simplenote_trash_under_its_other_key(tmp_path: Path) -> None:
    """Some Simplenote exports name the trash 'trashNotes'; those notes were not read."""
    data = {"trashNotes": [{"id": "x", "content": "Gone note", "creationDate": "2024-01-01"}]}
    path = write(tmp_path / "notes.json", json.dumps(data))
    assert detect(source(path)) is SIMPLENOTE
    assert texts(parse(SIMPLENOTE, path)) == ["Gone note"]
