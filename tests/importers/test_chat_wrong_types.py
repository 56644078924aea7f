"""A damaged export whose lists are numbers or objects (``"reactions": 5``) loses only what
is damaged: the message still imports. Each of these raised TypeError out of parse (the
whole file failed) before ``chatutil.as_list``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importers.base import Parser
from importers.formats import discord, google_chat, messenger, slack, telegram
from tests.conftest import write
from tests.importers.chat_helpers import make_zip, parse, texts

CASES: list[tuple[Parser, str, object]] = [
    (messenger.PARSER, "message_1.json", {
        "participants": 7, "title": "Ben",
        "messages": [{"sender_name": "Ben", "timestamp_ms": 1600000000000, "content": "hi",
                      "reactions": 5}],
    }),
    (messenger.PARSER, "e2ee.json", {
        "participants": "Ana", "threadName": "Ben_1",
        "messages": [{"senderName": "Ben", "timestamp": 1600000000000, "text": "hi",
                      "media": 5, "reactions": {"a": 1}}],
    }),
    (google_chat.PARSER, "messages.json", {
        "messages": [{"creator": ["Ben"], "created_date": "Monday, January 1, 2024 at 1:00:00 PM UTC",
                      "text": "hi", "attached_files": 5}],
    }),
    (telegram.PARSER, "result.json", {
        "name": "Ben", "type": "personal_chat", "id": 1,
        "messages": [{"id": 1, "type": "message", "date": "2024-01-01T13:00:00", "from": "Ben",
                      "text": "hi", "poll": {"question": "Q", "answers": 5}}],
    }),
    (discord.PARSER, "chat.json", {
        "guild": {"id": "1", "name": "G"}, "channel": {"id": "2", "name": "general"},
        "messages": [{"id": "3", "type": "Default", "timestamp": "2024-01-01T13:00:00+00:00",
                      "content": "hi", "author": {"id": "4", "name": "Ben"}, "reactions": 5}],
    }),
]


@pytest.mark.parametrize(("parser", "name", "data"), CASES, ids=lambda c: getattr(c, "name", ""))
def test_a_list_that_is_not_a_list_loses_only_itself(
    parser: Parser, name: str, data: object, tmp_path: Path
) -> None:
    path = write(tmp_path / name, json.dumps(data))
    assert texts(parse(parser, path))[-1].startswith("hi")


def test_slack_files_reactions_and_attachments_that_are_not_lists(tmp_path: Path) -> None:
    day = [{"type": "message", "ts": "1710277600.0002", "user": "U1", "text": "hi",
            "files": 5, "reactions": 5},
           {"type": "message", "ts": "1710277700.0003", "user": "U1", "text": "",
            "attachments": 5, "blocks": 5}]
    archive = make_zip(tmp_path / "slack.zip", {
        "users.json": "[]", "channels.json": json.dumps([{"id": "C1", "name": "general"}]),
        "general/2024-03-12.json": json.dumps(day),
    })
    assert texts(parse(slack.PARSER, archive)) == ["hi"]
