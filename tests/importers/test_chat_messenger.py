"""Facebook Messenger and Instagram JSON importer: real samples and Meta's mojibake."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.chatutil import fix_mojibake
from importers.formats.messenger import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import CHATS, parse, source, speakers, texts


def test_messenger_thread_oldest_first_with_photo() -> None:
    parsed = parse(PARSER, CHATS / "facebook_messenger" / "langchain_facebook_chat.json", "User 1")
    assert parsed.kind == "messenger" and parsed.title == "User 1 and User 2 chat"
    assert len(parsed.records) == 11
    first, last = parsed.records[0], parsed.records[-1]
    assert first.text == (
        "Hi! Im interested in your bag. Im offering $50. Let me know if you are interested. Thanks!"
    )
    assert first.speaker == "User 1" and first.metadata["self"] is True
    assert first.event_time == datetime.fromtimestamp(1675549022.673, UTC)
    assert (last.speaker, last.text) == ("User 2", "Bye!")
    assert "self" not in last.metadata
    photo = parsed.records[4]
    assert photo.text == "[image: url_of_some_picture.jpg]"
    assert photo.metadata["attachments"] == [
        {"kind": "image", "name": "url_of_some_picture.jpg", "path": "url_of_some_picture.jpg"}
    ]
    assert {r.conversation for r in parsed.records} == {"messenger:inbox/User 1 and User 2 chat"}
    assert parsed.metadata["participants"] == ["User 1", "User 2"]


def test_instagram_export() -> None:
    parsed = parse(PARSER, CHATS / "instagram" / "chatminer_test_export.json")
    assert texts(parsed) == ["Hello John!", "Hello Jane!"]
    assert speakers(parsed) == ["Jane Doe", "John Doe"]
    assert parsed.records[0].event_time == datetime(2019, 12, 24, 11, 23, tzinfo=UTC)
    assert parsed.metadata["platform"] == "instagram"
    assert parsed.records[0].conversation == "instagram:chatminer_test_export"


def test_mojibake_is_repaired_everywhere(tmp_path: Path) -> None:
    def as_meta(s: str) -> str:  # how Meta writes UTF-8 text into its JSON
        return s.encode("utf-8").decode("latin-1")

    thread = {
        "participants": [{"name": as_meta("José Ñúñez")}, {"name": "Ana"}],
        "messages": [
            {
                "sender_name": as_meta("José Ñúñez"),
                "timestamp_ms": 1700000100000,
                "content": as_meta("Café às 9? 😀"),
                "reactions": [{"reaction": as_meta("❤️"), "actor": "Ana"}],
            },
            {
                "sender_name": "Ana",
                "timestamp_ms": 1700000000000,
                "content": "Olá",
                "share": {"link": "https://example.org/menu"},
            },
            {"sender_name": "Ana", "timestamp_ms": 1700000200000, "is_unsent": True},
            {
                "sender_name": "Ana",
                "timestamp_ms": 1700000300000,
                "type": "Unsubscribe",
                "content": as_meta("Ana left the group."),
            },
        ],
        "title": as_meta("Almoço"),
        "thread_path": "inbox/almoco_123",
    }
    parsed = parse(PARSER, write(tmp_path / "message_1.json", json.dumps(thread)))
    assert parsed.title == "Almoço"
    assert texts(parsed) == ["Olá", "Café às 9? 😀", "Ana left the group."]
    assert speakers(parsed) == ["Ana", "José Ñúñez", "Ana"]
    assert parsed.records[0].metadata["links"] == ["https://example.org/menu"]
    assert parsed.records[1].metadata["reactions"] == [{"reaction": "❤️", "actor": "Ana"}]
    assert parsed.records[2].metadata["system"] is True
    assert parsed.metadata["participants"] == ["José Ñúñez", "Ana"]


def test_fix_mojibake_leaves_correct_text_alone() -> None:
    assert fix_mojibake("CafÃ©") == "Café"
    assert fix_mojibake("Café") == "Café"  # already right: does not round-trip, kept
    assert fix_mojibake("plain") == "plain"


def test_bad_inputs_are_parse_errors(tmp_path: Path) -> None:
    cut = write(
        tmp_path / "message_1.json",
        '{"participants": [], "messages": [{"sender_name": "A", "timest',
    )
    with pytest.raises(ParseError, match=r"message_1.json: truncated JSON"):
        PARSER.parse(source(cut), ParseOptions())
    wrong = write(tmp_path / "message_2.json", json.dumps({"messages": "none"}))
    with pytest.raises(ParseError, match=r"message_2.json: not a Messenger/Instagram export"):
        PARSER.parse(source(wrong), ParseOptions())
    no_times = write(
        tmp_path / "message_3.json",
        json.dumps({"messages": [{"sender_name": "A", "content": "x"}]}),
    )
    with pytest.raises(ParseError, match=r"message_3.json: no readable messages"):
        PARSER.parse(source(no_times), ParseOptions())


def test_detected_by_content(tmp_path: Path) -> None:
    renamed = write(
        tmp_path / "result.json", (CHATS / "instagram" / "chatminer_test_export.json").read_text()
    )
    assert detect(source(renamed)) is PARSER


def test_an_end_to_end_encrypted_chat_export_is_read(tmp_path: Path) -> None:
    """Messenger's export of end-to-end encrypted chats (participants as plain names,
    senderName/timestamp/text/media/isUnsent) was 'unsupported format (JSON of unknown
    shape)'."""
    thread = {
        "participants": ["Ana Silva", "Ben Costa"],
        "threadName": "BenCosta_12",
        "messages": [
            {"isUnsent": False, "media": [], "reactions": [], "senderName": "Ana Silva",
             "text": "Olá Ben!", "timestamp": 1710000000000, "type": "text"},
            {"isUnsent": False, "media": [{"uri": "./media/3f2a.jpeg"}],
             "reactions": [{"actor": "Ana Silva", "reaction": "👍"}],
             "senderName": "Ben Costa", "text": "", "timestamp": 1710000060000, "type": "media"},
            {"isUnsent": True, "media": [], "reactions": [], "senderName": "Ben Costa",
             "text": "", "timestamp": 1710000090000, "type": "text"},
            {"isUnsent": False, "media": [], "reactions": [], "senderName": "Ben Costa",
             "text": "You can't see this message.", "timestamp": 1710000100000,
             "type": "placeholder"},
        ],
    }
    path = write(tmp_path / "BenCosta_12.json", json.dumps(thread, ensure_ascii=False))
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    assert parsed.title == "BenCosta"
    assert texts(parsed) == ["Olá Ben!", "[image: 3f2a.jpeg]", "You can't see this message."]
    assert speakers(parsed) == ["Ana Silva", "Ben Costa", "Ben Costa"]
    first, photo, notice = parsed.records
    assert first.conversation == "messenger:e2ee/BenCosta_12"
    assert first.event_time == datetime(2024, 3, 9, 16, 0, tzinfo=UTC)
    assert photo.metadata["reactions"] == [{"reaction": "👍", "actor": "Ana Silva"}]
    assert notice.metadata["system"] is True
    assert parsed.metadata["participants"] == ["Ana Silva", "Ben Costa"]


def test_a_shared_post_keeps_its_caption(tmp_path: Path) -> None:
    """Instagram writes a shared post or reel as an empty 'content' with 'share': {'link',
    'share_text', 'original_content_owner'}; only the link was kept, not what it said."""
    thread = {
        "participants": [{"name": "Ana"}, {"name": "Ben"}],
        "messages": [{
            "sender_name": "Ben", "timestamp_ms": 1700000000000,
            "share": {"link": "https://www.instagram.com/reel/abc/",
                      "share_text": "Best pastel de nata in Lisbon \u00f0\u009f\u0098\u008b",
                      "original_content_owner": "lisbonfood"},
        }],
        "title": "Ben", "thread_path": "inbox/ben_1",
    }
    path = write(tmp_path / "your_instagram_activity" / "messages" / "inbox" / "ben_1" / "message_1.json",
                 json.dumps(thread))
    (rec,) = parse(PARSER, path).records
    assert rec.text == "Best pastel de nata in Lisbon 😋\nhttps://www.instagram.com/reel/abc/"
    assert rec.metadata["links"] == ["https://www.instagram.com/reel/abc/"]
    assert rec.conversation == "instagram:inbox/ben_1"
