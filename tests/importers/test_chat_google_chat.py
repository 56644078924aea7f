"""Google Chat from Google Takeout (``Google Chat/Groups/<DM or Space>/messages.json``),
written for the test in the shape Takeout gives (English dates with a narrow no-break space
before PM, group_info.json beside the messages)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Services
from importers.formats.google_chat import PARSER, chat_date
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source, speakers, texts

ANA = {"name": "Ana Silva", "email": "ana@example.com", "user_type": "Human"}
BEN = {"name": "Ben Costa", "email": "ben@example.com", "user_type": "Human"}


def _export(folder: Path, group: dict[str, object]) -> Path:
    messages = [
        {"creator": ANA, "created_date": "Tuesday, March 12, 2024 at 9:05:09\u202fPM UTC",
         "text": "Dinner on Friday?", "topic_id": "t1", "message_id": "abc/t1/t1"},
        {"creator": BEN, "created_date": "Tuesday, March 12, 2024 at 9:06:10 PM UTC",
         "text": "Yes!", "topic_id": "t1", "message_id": "abc/t1/m2"},
        {"creator": BEN, "created_date": "Wednesday, March 13, 2024 at 12:07:00\u202fAM UTC",
         "attached_files": [{"original_name": "menu.jpg", "export_name": "File-menu.jpg"}],
         "topic_id": "t1", "message_id": "abc/t1/m3"},
        {"creator": ANA, "created_date": "sometime", "text": "lost date"},
    ]
    write(folder / "group_info.json", json.dumps(group))
    return write(folder / "messages.json", json.dumps({"messages": messages}))


def test_a_google_chat_dm_is_read(services: Services, tmp_path: Path) -> None:
    """Google Chat's messages.json was 'unsupported format (JSON of unknown shape)'."""
    path = _export(tmp_path / "Google Chat" / "Groups" / "DM abc", {"members": [ANA, BEN]})
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    assert parsed.title == "Ana Silva, Ben Costa"
    assert texts(parsed) == ["Dinner on Friday?", "Yes!", "[file: menu.jpg]"]
    assert speakers(parsed) == ["Ana Silva", "Ben Costa", "Ben Costa"]
    assert [r.event_time for r in parsed.records] == [
        datetime(2024, 3, 12, 21, 5, 9, tzinfo=UTC),
        datetime(2024, 3, 12, 21, 6, 10, tzinfo=UTC),
        datetime(2024, 3, 13, 0, 7, tzinfo=UTC),
    ]
    assert {r.conversation for r in parsed.records} == {"google_chat:DM abc"}
    assert parsed.records[0].metadata["thread"] == "t1"
    assert parsed.warnings == ["1 message(s) with a date that could not be read skipped"]
    (result,) = services.importer.run([path]).files
    assert (result.status, result.new_records, result.format) == ("added", 3, "google_chat")


def test_a_space_takes_its_name(tmp_path: Path) -> None:
    path = _export(tmp_path / "Space AAAA", {"name": "Hiking club", "members": [ANA, BEN]})
    assert parse(PARSER, path).title == "Hiking club"


def test_dates_in_other_zones_are_flagged_local() -> None:
    assert chat_date("Monday, January 1, 2024 at 1:02:03 PM PST") == (
        datetime(2024, 1, 1, 13, 2, 3, tzinfo=UTC),
        True,
    )
    assert chat_date("not a date") == (None, False)


def test_a_space_in_a_takeout_zip_takes_its_name(services: Services, tmp_path: Path) -> None:
    """group_info.json is read beside messages.json inside the zip too (it was read from
    disk only, so a zipped space was titled by its folder)."""
    import zipfile

    folder = _export(tmp_path / "x" / "Space AAAA", {"name": "Hiking club"}).parent
    archive = tmp_path / "takeout.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("messages.json", "group_info.json"):
            zf.write(folder / name, f"Takeout/Google Chat/Groups/Space AAAA/{name}")
    services.importer.run([archive])
    titles = {s.title for s in services.store.sources() if "messages.json" in s.uri}
    assert titles == {"Hiking club"}
