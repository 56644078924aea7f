"""iMessage chat.db importer against the real sample database."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.imessage import PARSER, apple_time, attributed_text
from importers.registry import detect
from tests.importers.chat_helpers import CHATS, parse, source, speakers, texts

DB = CHATS / "imessage" / "langchain_imessage_chat.db"


def test_sample_database() -> None:
    assert detect(source(DB)) is PARSER
    parsed = parse(PARSER, DB, "Leila")
    assert parsed.kind == "imessage"
    assert len(parsed.records) == 22
    assert parsed.metadata["skipped_reactions_and_events"] == 1
    assert texts(parsed)[:3] == [
        "Yeh",
        "iPhone 6",
        "Woaaaaaah",
    ]  # "Woaaaaaah" lives only in attributedBody
    assert speakers(parsed)[:3] == ["testemail@gmail.com", "testemail@gmail.com", "Leila"]
    first = parsed.records[0]
    assert first.event_time == datetime(2023, 11, 5, 2, 50, 50, 393148, tzinfo=UTC)
    assert first.external_id == "E7F6B913-EEE2-47E8-9458-BDA6BDA9BE8A"
    assert parsed.records[2].metadata["self"] is True and "self" not in first.metadata
    assert (
        parsed.records[7].text
        == "Yehh unfortunately screen is cracked so can’t play games too well"
    )
    assert parsed.records[-1].text == "Alio was here"
    assert {r.conversation for r in parsed.records} == {"imessage:chat1"}


def test_apple_times_and_typedstream_text() -> None:
    assert apple_time(0) is None
    assert apple_time(700000000) == datetime.fromtimestamp(978307200 + 700000000, UTC)  # seconds
    assert apple_time(700000000 * 10**9) == apple_time(700000000)  # nanoseconds
    blob = b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x08NSString\x01\x94\x84\x01+\x05Hello\x86"
    assert attributed_text(blob) == "Hello"
    long = "x" * 300
    blob = b"NSString\x01\x94\x84\x01+\x81" + len(long).to_bytes(2, "little") + long.encode()
    assert attributed_text(blob) == long


def test_newer_copy_adds_only_new_messages(services: Services, tmp_path: Path) -> None:
    copy = tmp_path / "chat.db"
    shutil.copy(DB, copy)
    assert services.importer.run([copy]).records_added == 22
    with sqlite3.connect(copy) as conn:
        conn.execute(
            "INSERT INTO message (guid, text, handle_id, date, is_from_me) VALUES (?, ?, ?, ?, ?)",
            ("NEW-GUID-1", "Dinner at 8?", 67, 722000000 * 10**9, 1),
        )
        conn.execute(
            "INSERT INTO chat_message_join (message_id, chat_id) VALUES (last_insert_rowid(), 1)"
        )
    result = services.importer.run([copy]).files[0]
    assert (result.status, result.new_records, result.superseded) == ("updated", 1, 0)


def test_other_sqlite_and_junk_are_parse_errors(tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    assert PARSER.sniff(source(other)) == 0.0
    with pytest.raises(ParseError, match=r"notes.db: not a Messages database"):
        PARSER.parse(source(other), ParseOptions())
    junk = tmp_path / "chat.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(ParseError, match=r"chat.db: damaged SQLite database"):
        PARSER.parse(source(junk), ParseOptions())
    text = tmp_path / "x.db"
    text.write_text("hello")
    with pytest.raises(ParseError, match=r"x.db: not an SQLite database"):
        PARSER.parse(source(text), ParseOptions())
