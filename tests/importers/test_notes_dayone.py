"""Day One journals exported as JSON (Journal.json); the export's shape (metadata.version,
entries with uuid, creationDate, timeZone, Markdown text with Day One's backslash escapes,
tags, starred, location, photos referenced as dayone-moment:// links) written for the test in
our own words."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Services
from importers.formats.dayone import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source

JOURNAL = {
    "metadata": {"version": "1.0"},
    "entries": [
        {
            "richText": '{"meta":{"version":1}}',
            "creationDate": "2024-03-12T21:05:09Z",
            "timeZone": "Europe/Lisbon",
            "text": "# Dinner at Ramiro\n\nFinally tried the prawns with Ben\\. Worth it\\!\n\n"
            "![](dayone-moment://0F3A9C)\n",
            "uuid": "A1B2C3",
            "starred": True,
            "tags": ["food", "lisbon"],
            "location": {"placeName": "Cervejaria Ramiro", "localityName": "Lisbon"},
            "photos": [{"identifier": "0F3A9C", "type": "jpeg"}],
        },
        {
            "creationDate": "2024-03-13T08:00:00Z",
            "text": "# Morning\n\n![](dayone-moment://AA11)\n\n\ufffcSlept badly\\.\\.",
            "uuid": "D4E5F6",
            "photos": [{"identifier": "AA11", "type": "jpeg", "filename": "IMG_8615.HEIC"}],
        },
        {"creationDate": "never", "text": "", "uuid": "EMPTY"},
        {"creationDate": "someday", "text": "No date here", "uuid": "G7"},
    ],
}


def test_a_day_one_journal_becomes_one_note_per_entry(services: Services, tmp_path: Path) -> None:
    """A Day One export was 'unsupported format (JSON of unknown shape)': the journal lost."""
    path = write(tmp_path / "Journal.json", json.dumps(JOURNAL, indent=2))
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    dinner, slept, undated = parsed.records
    assert dinner.text == (
        "# Dinner at Ramiro\n\nFinally tried the prawns with Ben. Worth it!\n\n[photo]"
    )
    assert dinner.title == "Dinner at Ramiro"
    assert dinner.event_time == datetime(2024, 3, 12, 21, 5, 9, tzinfo=UTC)
    assert dinner.metadata["tags"] == ["food", "lisbon"]
    assert dinner.metadata["starred"] is True
    assert dinner.metadata["place"] == "Cervejaria Ramiro, Lisbon"
    assert dinner.metadata["attachments"] == [{"kind": "photo", "name": "0F3A9C", "type": "jpeg"}]
    assert dinner.conversation != slept.conversation
    assert slept.text == "# Morning\n\n[photo]\n\nSlept badly.." and undated.event_time is None
    assert slept.metadata["attachments"][0]["name"] == "IMG_8615.HEIC"
    assert parsed.warnings == ["1 entry with no readable date", "1 empty or damaged entry skipped"]
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Journal.json", json.dumps(JOURNAL))
    report = services.importer.run([path, archive])
    assert [(f.status, f.new_records, f.format) for f in report.files] == [
        ("added", 3, "dayone"),
        ("added", 3, "dayone"),
    ]


def test_other_json_with_entries_is_not_day_one(tmp_path: Path) -> None:
    har = write(tmp_path / "site.json", json.dumps({"log": {"version": "1.2", "entries": []}}))
    assert PARSER.sniff(source(har)) == 0.0
