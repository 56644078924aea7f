"""DiscordChatExporter JSON importer.

No DiscordChatExporter export is in the shared fixtures; this sample follows the JSON that
DiscordChatExporter writes (JsonMessageWriter): ``guild``, ``channel``, ``dateRange``,
``exportedAt``, ``messages`` (``id``, ``type``, ``timestamp``, ``timestampEdited``,
``callEndedTimestamp``, ``isPinned``, ``content``, ``author``, ``attachments``, ``embeds``,
``stickers``, ``reactions``, ``mentions``, ``reference``) and ``messageCount``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.discord import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source, speakers, texts


def author(
    uid: str, name: str, nickname: str | None = None, bot: bool = False
) -> dict[str, object]:
    return {
        "id": uid,
        "name": name,
        "discriminator": "0000",
        "nickname": nickname or name,
        "color": None,
        "isBot": bot,
        "roles": [],
        "avatarUrl": "https://cdn.example/a.png",
    }


SAMPLE = {
    "guild": {
        "id": "81384788765712384",
        "name": "Board Games",
        "iconUrl": "https://cdn.example/g.png",
    },
    "channel": {
        "id": "81384788765712385",
        "type": "GuildTextChat",
        "categoryId": "1",
        "category": "Text Channels",
        "name": "game-night",
        "topic": "Fridays",
    },
    "dateRange": {"after": None, "before": None},
    "exportedAt": "2024-02-01T10:00:00+00:00",
    "messages": [
        {
            "id": "100",
            "type": "GuildMemberJoin",
            "timestamp": "2024-01-05T18:00:00.123+01:00",
            "timestampEdited": None,
            "callEndedTimestamp": None,
            "isPinned": False,
            "content": "",
            "author": author("7", "ben_o"),
            "attachments": [],
            "embeds": [],
            "stickers": [],
            "reactions": [],
            "mentions": [],
        },
        {
            "id": "101",
            "type": "Default",
            "timestamp": "2024-01-05T18:01:00+01:00",
            "timestampEdited": "2024-01-05T18:02:00+01:00",
            "callEndedTimestamp": None,
            "isPinned": True,
            "content": "Catan at mine on Friday, 7pm",
            "author": author("8", "ana", "Ana L."),
            "attachments": [
                {
                    "id": "5",
                    "url": "https://cdn.example/map.png",
                    "fileName": "map.png",
                    "fileSizeBytes": 20480,
                }
            ],
            "embeds": [
                {"title": "Catan rules", "url": "https://rules.example/catan", "description": ""}
            ],
            "stickers": [],
            "reactions": [
                {
                    "emoji": {
                        "id": None,
                        "name": "🎲",
                        "code": "game_die",
                        "isAnimated": False,
                        "imageUrl": "",
                    },
                    "count": 2,
                    "users": [],
                }
            ],
            "mentions": [],
        },
        {
            "id": "102",
            "type": "Reply",
            "timestamp": "2024-01-05T18:05:00+01:00",
            "timestampEdited": None,
            "callEndedTimestamp": None,
            "isPinned": False,
            "content": "I'll bring snacks",
            "author": author("7", "ben_o"),
            "attachments": [],
            "embeds": [],
            "stickers": [],
            "reactions": [],
            "mentions": [author("8", "ana", "Ana L.")],
            "reference": {
                "messageId": "101",
                "channelId": "81384788765712385",
                "guildId": "81384788765712384",
            },
        },
        {
            "id": "103",
            "type": "Default",
            "timestamp": "2024-01-05T18:06:00+01:00",
            "timestampEdited": None,
            "callEndedTimestamp": None,
            "isPinned": False,
            "content": "",
            "author": author("8", "ana", "Ana L."),
            "attachments": [
                {
                    "id": "6",
                    "url": "https://cdn.example/rules.pdf",
                    "fileName": "rules.pdf",
                    "fileSizeBytes": 1024,
                }
            ],
            "embeds": [],
            "stickers": [],
            "reactions": [],
            "mentions": [],
        },
    ],
    "messageCount": 4,
}


def test_channel_messages_replies_attachments_and_system(tmp_path: Path) -> None:
    path = write(tmp_path / "Board Games - game-night [81384788765712385].json", json.dumps(SAMPLE))
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path, "Ana L.")
    assert parsed.kind == "discord" and parsed.title == "Board Games / #game-night"
    assert texts(parsed) == [
        "ben_o: GuildMemberJoin", "Catan at mine on Friday, 7pm", "I'll bring snacks", "[file: rules.pdf]",
    ]  # fmt: skip
    assert speakers(parsed) == ["ben_o", "Ana L.", "ben_o", "Ana L."]
    join, plan, reply, upload = parsed.records
    assert join.metadata["system"] is True and join.metadata["type"] == "GuildMemberJoin"
    assert join.event_time == datetime(2024, 1, 5, 17, 0, 0, 123000, tzinfo=UTC)
    assert plan.event_time == datetime(2024, 1, 5, 17, 1, tzinfo=UTC)
    assert plan.metadata["self"] is True and plan.metadata["author_id"] == "8"
    assert plan.metadata["edited"] is True and plan.metadata["pinned"] is True
    assert plan.metadata["attachments"] == [
        {"kind": "file", "name": "map.png", "url": "https://cdn.example/map.png", "size": 20480}
    ]
    assert plan.metadata["links"] == ["https://rules.example/catan"]
    assert plan.metadata["reactions"] == [{"emoji": "🎲", "count": 2}]
    assert reply.metadata["reply_to"] == "101" and reply.external_id == "102"
    assert upload.metadata["attachments"][0]["name"] == "rules.pdf"
    assert {r.conversation for r in parsed.records} == {"discord:81384788765712385"}


def test_bad_inputs_are_parse_errors(tmp_path: Path) -> None:
    cut = write(tmp_path / "game-night.json", json.dumps(SAMPLE)[:900])
    with pytest.raises(ParseError, match=r"game-night.json: truncated JSON"):
        PARSER.parse(source(cut), ParseOptions())
    wrong = write(tmp_path / "wrong.json", json.dumps({"guild": {}, "messages": []}))
    with pytest.raises(ParseError, match=r"wrong.json: not a DiscordChatExporter export"):
        PARSER.parse(source(wrong), ParseOptions())
