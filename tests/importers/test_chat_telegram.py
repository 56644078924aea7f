"""Telegram Desktop JSON importer against the real samples and a full-export sample."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.telegram import PARSER, flatten
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import CHATS, parse, source, speakers, texts

TG = CHATS / "telegram_json"

# A full export (Settings > Advanced > Export Telegram data, JSON), trimmed to two chats.
FULL_EXPORT = {
    "about": "Here is the data you requested.",
    "personal_information": {"user_id": 4242, "first_name": "Ana", "last_name": "Lima"},
    "chats": {
        "about": "This page lists all chats from this export.",
        "list": [
            {
                "name": "Hiking club",
                "type": "private_supergroup",
                "id": 1001,
                "messages": [
                    {
                        "id": 1,
                        "type": "service",
                        "date": "2024-03-02T10:00:00",
                        "date_unixtime": "1709373600",
                        "actor": "Ana Lima",
                        "actor_id": "user4242",
                        "action": "create_group",
                        "title": "Hiking club",
                        "members": ["Ben"],
                        "text": "",
                        "text_entities": [],
                    },
                    {
                        "id": 2,
                        "type": "message",
                        "date": "2024-03-02T10:01:00",
                        "date_unixtime": "1709373660",
                        "from": "Ben",
                        "from_id": "user7",
                        "text": [
                            "Route: ",
                            {
                                "type": "text_link",
                                "text": "this map",
                                "href": "https://maps.example/route",
                            },
                            " and ",
                            {"type": "bold", "text": "bring water"},
                        ],
                        "text_entities": [],
                    },
                    {
                        "id": 3,
                        "type": "message",
                        "date": "2024-03-02T10:02:00",
                        "date_unixtime": "1709373720",
                        "from": "Ana Lima",
                        "from_id": "user4242",
                        "reply_to_message_id": 2,
                        "text": "Got it!",
                        "edited": "2024-03-02T10:03:00",
                    },
                    {
                        "id": 4,
                        "type": "message",
                        "date": "2024-03-02T10:05:00",
                        "date_unixtime": "1709373900",
                        "from": "Ben",
                        "from_id": "user7",
                        "photo": "photos/photo_1@02-03-2024_10-05-00.jpg",
                        "width": 800,
                        "height": 600,
                        "text": "",
                    },
                    {
                        "id": 5,
                        "type": "message",
                        "date": "2024-03-02T10:06:00",
                        "date_unixtime": "1709373960",
                        "from": "Ben",
                        "from_id": "user7",
                        "file": "(File not included. Change data exporting settings to download.)",
                        "media_type": "sticker",
                        "sticker_emoji": "👍",
                        "text": "",
                    },
                ],
            },
            {
                "name": None,
                "type": "saved_messages",
                "id": 4242,
                "messages": [
                    {
                        "id": 9,
                        "type": "message",
                        "date": "2023-12-31T23:59:00",
                        "from": "Ana Lima",
                        "from_id": "user4242",
                        "text": "Passport in the blue bag",
                    },
                ],
            },
        ],
    },
    "left_chats": {"about": "", "list": []},
}


def test_single_chat_export() -> None:
    parsed = parse(PARSER, TG / "langchain_result.json")
    assert parsed.kind == "telegram" and parsed.title == "Jimmeny"
    assert texts(parsed) == [
        "i refuse to converse with you", "Hi nemesis", "we meet again",
        "you will not trick me this time",
    ]  # fmt: skip
    assert speakers(parsed) == [
        "Jimmeny Marvelton",
        "Batman & Robin",
        "Jimmeny Marvelton",
        "Jimmeny Marvelton",
    ]
    # date_unixtime wins over the zone-less "date" (2023-08-23T13:11:23 local)
    assert parsed.records[0].event_time == datetime(2023, 8, 23, 20, 11, 23, tzinfo=UTC)
    assert "local_time" not in parsed.records[0].metadata
    assert [r.external_id for r in parsed.records] == ["1", "2", "3", "4"]
    assert {r.conversation for r in parsed.records} == {"telegram:5965280513"}
    assert parsed.records[1].metadata["sender_id"] == "user6565661032"


def test_text_entities_are_flattened_with_links_kept() -> None:
    parsed = parse(PARSER, TG / "chatminer_test_single_export.json")
    assert parsed.title == "chatminer_test_single_export"
    assert texts(parsed) == ["Minimal Message", "Link:https://telegram.org/"]
    assert parsed.records[1].metadata["links"] == ["https://telegram.org/"]
    assert parsed.records[1].event_time == datetime(2018, 12, 5, 10, 49, 24, tzinfo=UTC)


def test_flatten_text_links() -> None:
    text, links = flatten(["a ", {"type": "text_link", "text": "b", "href": "https://b.example"}])
    assert (text, links) == ("a b (https://b.example)", ["https://b.example"])
    assert flatten("plain") == ("plain", [])


def test_full_export_service_messages_media_and_self(tmp_path: Path) -> None:
    path = write(tmp_path / "result.json", json.dumps(FULL_EXPORT))
    parsed = parse(PARSER, path)
    assert parsed.title == "Telegram export (2 chats)"
    assert len(parsed.records) == 6
    created, route, reply, photo, sticker, saved = parsed.records
    assert created.metadata["system"] is True and created.metadata["action"] == "create_group"
    assert created.speaker == "Ana Lima" and created.text == 'Ana Lima created the group "Hiking club" with Ben'
    assert route.text == "Route: this map (https://maps.example/route) and bring water"
    assert route.metadata["links"] == ["https://maps.example/route"]
    assert reply.metadata["reply_to"] == "2" and reply.metadata["edited"] is True
    assert reply.metadata["self"] is True and "self" not in route.metadata
    assert photo.text == "[image: photo_1@02-03-2024_10-05-00.jpg]"
    assert photo.metadata["attachments"][0]["path"] == "photos/photo_1@02-03-2024_10-05-00.jpg"
    assert sticker.metadata["attachments"] == [{"kind": "sticker", "omitted": True, "emoji": "👍"}]
    assert saved.conversation == "telegram:4242" and saved.metadata["chat"] == "Saved Messages"
    # no date_unixtime: the local time is kept as given and flagged
    assert saved.event_time == datetime(2023, 12, 31, 23, 59, tzinfo=UTC)
    assert saved.metadata["local_time"] is True


def test_self_names_mark_own_messages() -> None:
    parsed = PARSER.parse(
        source(TG / "langchain_result.json"), ParseOptions(self_names=("batman & robin",))
    )
    assert [r.metadata.get("self", False) for r in parsed.records] == [False, True, False, False]


def test_bad_inputs_are_parse_errors(tmp_path: Path) -> None:
    whole = (TG / "langchain_result.json").read_text(encoding="utf-8")
    cut = write(tmp_path / "result.json", whole[: len(whole) // 2])
    with pytest.raises(ParseError, match=r"result.json: truncated JSON"):
        PARSER.parse(source(cut), ParseOptions())
    wrong = write(tmp_path / "other.json", json.dumps([{"messages": []}]))
    with pytest.raises(ParseError, match=r"other.json: not a Telegram export"):
        PARSER.parse(source(wrong), ParseOptions())
    no_messages = write(tmp_path / "x.json", json.dumps({"name": "x"}))
    with pytest.raises(ParseError, match="no 'messages' list"):
        PARSER.parse(source(no_messages), ParseOptions())


def test_detected_by_content_under_any_name(tmp_path: Path) -> None:
    renamed = write(tmp_path / "conversations.json", (TG / "langchain_result.json").read_text())
    assert detect(source(renamed)) is PARSER


def test_deleted_accounts_polls_venues_and_group_titles(tmp_path: Path) -> None:
    """Telegram Desktop writes ``"from": null`` with a ``from_id`` for a deleted account (it
    became a speakerless notice), a poll's answers (lost: only the question was kept), a
    venue's name and address (lost: '[location]'), and a new group's title beside its
    members (the members were read as the group's name)."""
    base = {"type": "message", "date": "2021-05-01T10:00:00", "date_unixtime": "1619863200"}
    messages = [
        {**base, "id": 1, "from": None, "from_id": "user333", "text": "still here"},
        {**base, "id": 2, "from": "Ben", "from_id": "user2", "text": "", "poll": {
            "question": "Dinner where?",
            "answers": [{"text": "Pizza", "voters": 1}, {"text": "Sushi", "voters": 0}],
        }},
        {**base, "id": 3, "from": "Ben", "from_id": "user2", "text": "",
         "location_information": {"latitude": 38.7, "longitude": -9.1},
         "place_name": "Cafe Luso", "address": "Rua X 1"},
        {**base, "id": 4, "type": "service", "actor": "Ana", "actor_id": "user1",
         "action": "create_group", "title": "Old Group", "members": ["Ana", "Ben"], "text": ""},
    ]
    chat = {"name": "Old Group", "type": "private_group", "id": 9, "messages": messages}
    path = write(tmp_path / "result.json", json.dumps(chat))
    deleted, poll, venue, created = parse(PARSER, path).records
    assert (deleted.speaker, deleted.text) == ("Deleted Account", "still here")
    assert "system" not in deleted.metadata
    assert poll.text == "[poll: Dinner where? (Pizza / Sushi)]"
    assert venue.text == "[location: Cafe Luso, Rua X 1]"
    assert venue.metadata["attachments"][0]["latitude"] == 38.7
    assert created.text == 'Ana created the group "Old Group" with Ana, Ben'


def test_a_full_exports_contacts_become_contact_records(tmp_path: Path) -> None:
    """A full export's address book (contacts.list) was ignored: the people and numbers in it
    never reached the memory."""
    export = {
        "personal_information": {"user_id": 1, "first_name": "Ana"},
        "contacts": {"about": "x", "list": [
            {"first_name": "Ben", "last_name": "Costa", "phone_number": "+351 912 000 000",
             "date": "2020-01-01T10:00:00", "date_unixtime": "1577872800"},
            {"first_name": "", "last_name": "", "phone_number": "", "date": "2020-01-02T10:00:00"},
        ]},
        "chats": {"about": "x", "list": []},
    }
    path = write(tmp_path / "result.json", json.dumps(export))
    (rec,) = parse(PARSER, path).records
    assert (rec.kind, rec.text) == ("contact", "Contact: Ben Costa. Phone: +351 912 000 000.")
    assert rec.metadata["name"] == "Ben Costa"
    assert rec.metadata["phones"][0]["value"] == "+351 912 000 000"
    assert rec.event_time == datetime(2020, 1, 1, 10, 0, tzinfo=UTC)
