"""Discord's own data package (Messages/c<id>/messages.json or messages.csv), written for the
test in the layout the package uses (index.json, channel.json, Account/user.json)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Services
from importers.formats.discord_package import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source, speakers, texts


def _package(root: Path) -> Path:
    write(root / "Account" / "user.json", json.dumps({"id": "1", "username": "ana_s", "global_name": "Ana"}))
    write(root / "Messages" / "index.json", json.dumps({"111": "Direct Message with ben#0"}))
    write(root / "Messages" / "c111" / "channel.json", json.dumps({"id": "111", "type": 1}))
    rows = [
        {"ID": 9002, "Timestamp": "2024-03-12 21:06:00",
         "Contents": "", "Attachments": "https://cdn.discordapp.com/attachments/1/2/photo.png"},
        {"ID": 9001, "Timestamp": "2024-03-12 21:05:09", "Contents": "see you at 9", "Attachments": ""},
        {"ID": 9000, "Timestamp": "yesterday", "Contents": "lost", "Attachments": ""},
    ]
    return write(root / "Messages" / "c111" / "messages.json", json.dumps(rows))


def test_the_json_messages_of_a_data_package(services: Services, tmp_path: Path) -> None:
    """messages.json of Discord's data package was 'unsupported format (JSON of unknown
    shape)'."""
    path = _package(tmp_path / "package")
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    assert parsed.title == "Direct Message with ben#0"
    assert texts(parsed) == ["see you at 9", "[file: photo.png]"]
    assert speakers(parsed) == ["Ana", "Ana"]
    first, photo = parsed.records
    assert first.conversation == "discord:111" and first.metadata["self"] is True
    assert first.event_time == datetime(2024, 3, 12, 21, 5, 9, tzinfo=UTC)
    assert photo.metadata["attachments"][0]["url"].endswith("/photo.png")
    assert parsed.warnings == ["1 message(s) with a time that could not be read skipped"]
    (result,) = services.importer.run([path]).files
    assert (result.status, result.new_records, result.format) == ("added", 2, "discord_package")


def test_the_older_csv_and_the_users_own_name(tmp_path: Path) -> None:
    """The older messages.csv was read as a generic table (no speaker, no time)."""
    path = write(
        tmp_path / "messages" / "c222" / "messages.csv",
        'ID,Timestamp,Contents,Attachments\n9003,2021-05-01 10:00:00.123000+00:00,"hello, csv",\n',
    )
    write(tmp_path / "messages" / "c222" / "channel.json",
          json.dumps({"id": "222", "name": "general", "guild": {"id": "5", "name": "Cool Server"}}))
    assert detect(source(path)) is PARSER
    from importers.base import ParseOptions

    parsed = PARSER.parse(source(path), ParseOptions(self_names=("Ana Silva",)))
    (rec,) = parsed.records
    assert (rec.text, rec.speaker, rec.conversation) == ("hello, csv", "Ana Silva", "discord:222")
    assert rec.event_time == datetime(2021, 5, 1, 10, 0, 0, 123000, tzinfo=UTC)
    assert parsed.title == "general in Cool Server"
