"""iMessage chats exported as text by imessage-exporter (``-f txt``); written for the test in
the block layout its TXT exporter writes (time with read receipt, sender, body, reactions,
indented thread replies, a group rename line, an attachment path, a send effect)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Services
from importers.formats.imessage_txt import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source, speakers, texts

CHAT = (
    "Mar 12, 2024  9:05:09 PM (Read by them after 2 minutes)\n"
    "Me\n"
    "Dinner at Ramiro on Friday?\n"
    "\n"
    "Mar 12, 2024  9:07:40 PM\n"
    "Ben Costa\n"
    "Yes!\n"
    "I'll book for 8\n"
    "Reactions:\n"
    "Loved by Me\n"
    "    Mar 12, 2024  9:09:00 PM\n"
    "    Me\n"
    "    Perfect\n"
    "\n"
    "Mar 12, 2024 10:15:00 PM You renamed the conversation to Friday dinner\n"
    "\n"
    "Mar 13, 2024  8:01:30 AM\n"
    "Ben Costa\n"
    "/Users/me/Library/Messages/Attachments/0a/IMG_2001.HEIC\n"
    "Sent with Confetti\n"
    "\n"
)


def test_an_imessage_exporter_txt_chat_is_read_message_by_message(
    services: Services, tmp_path: Path
) -> None:
    """Such a chat was read as one plain-text note (no speakers, no times)."""
    path = write(tmp_path / "Ben Costa.txt", CHAT)
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    assert texts(parsed) == [
        "Dinner at Ramiro on Friday?",
        "Yes!\nI'll book for 8",
        "Perfect",
        "You renamed the conversation to Friday dinner",
        "[image: IMG_2001.HEIC]",
    ]
    assert speakers(parsed) == ["Me", "Ben Costa", "Me", None, "Ben Costa"]
    first, yes, reply, rename, photo = parsed.records
    assert {r.conversation for r in parsed.records} == {"imessage:Ben Costa"}
    assert first.event_time == datetime(2024, 3, 12, 21, 5, 9, tzinfo=UTC)
    assert first.metadata["local_time"] is True and first.metadata["self"] is True
    assert photo.event_time == datetime(2024, 3, 13, 8, 1, 30, tzinfo=UTC)
    assert yes.metadata["reactions"] == [{"actor": "Me", "reaction": "Loved"}]
    assert reply.metadata["reply"] is True
    assert rename.metadata["system"] is True
    assert photo.metadata["attachments"][0]["kind"] == "image"
    assert photo.metadata["effect"] == "Confetti"
    (result,) = services.importer.run([path]).files
    assert (result.status, result.new_records, result.format) == ("added", 5, "imessage_txt")


def test_other_text_files_are_not_claimed(tmp_path: Path) -> None:
    note = write(tmp_path / "diary.txt", "Mar 12, 2024  9:05:09 PM\n\nWent to the beach.\n")
    wa = write(tmp_path / "chat.txt", "12/03/2024, 21:05 - Rita: hi\n12/03/2024, 21:06 - Tom: yo\n")
    assert PARSER.sniff(source(note)) == 0.0
    assert PARSER.sniff(source(wa)) == 0.0
