"""Slack export importer: the real sample zip, names, threads, files, extracted day files."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.slack import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import CHATS, make_zip, parse, source, texts

SLACK_ZIP = CHATS / "slack" / "langchain_slack_export.zip"

USERS = [
    {
        "id": "U1",
        "name": "ana",
        "real_name": "Ana Lima",
        "profile": {"display_name": "ana.l", "real_name": "Ana Lima"},
    },
    {
        "id": "U2",
        "name": "ben",
        "real_name": "Ben Okafor",
        "profile": {"display_name": "", "real_name": "Ben Okafor"},
    },
]
CHANNELS = [{"id": "C9", "name": "trips", "created": 1700000000, "members": ["U1", "U2"]}]
DAY = [
    {
        "type": "message",
        "user": "U1",
        "ts": "1700000100.000100",
        "thread_ts": "1700000100.000100",
        "reply_count": 1,
        "text": "Who books the cabin? <@U2> &amp; <#C9|trips> see <https://cabins.example|this list>",
    },
    {
        "type": "message",
        "user": "U2",
        "ts": "1700000200.000200",
        "thread_ts": "1700000100.000100",
        "parent_user_id": "U1",
        "text": "I will, <!here>",
        "files": [
            {"id": "F1", "name": "cabin.pdf", "title": "Cabin offer", "mimetype": "application/pdf"}
        ],
        "reactions": [{"name": "thumbsup", "users": ["U1"], "count": 1}],
    },
    {
        "type": "message",
        "subtype": "channel_join",
        "user": "U2",
        "ts": "1700000050.000000",
        "text": "<@U2> has joined the channel",
    },
    {
        "type": "message",
        "user": "U1",
        "ts": "1700000300.000300",
        "text": "",
        "files": [{"id": "F2", "name": "map.png", "title": "map", "mimetype": "image/png"}],
    },
]


def test_sample_export_zip() -> None:
    f = source(SLACK_ZIP)
    assert PARSER.sniff(f) >= 0.9 and detect(f) is PARSER
    parsed = PARSER.parse(f, ParseOptions(self_names=("Example User",)))
    assert parsed.kind == "slack"
    assert parsed.metadata["channels"] == ["example-channel", "general", "random"]
    assert len(parsed.records) == 5
    join = parsed.records[0]
    assert join.text == "@Example User has joined the channel"  # id resolved from user_profile
    assert join.metadata["system"] is True and join.metadata["subtype"] == "channel_join"
    general = [r for r in parsed.records if r.conversation == "slack:C05019B47SB"]
    assert [r.text for r in general] == ["Hello, world!", "Example in general"]
    assert general[0].speaker == "Example User" and general[0].metadata["self"] is True
    assert general[0].event_time == datetime.fromtimestamp(1681413317.397479, UTC)
    assert general[0].external_id == "1681413317.397479"
    assert general[0].metadata["chat"] == "#general"


def test_sample_zip_is_one_file_in_the_pipeline(services: Services) -> None:
    report = services.importer.run([SLACK_ZIP])
    assert [(r.status, r.format, r.records) for r in report.files] == [("added", "slack", 5)]
    assert services.importer.run([SLACK_ZIP]).files[0].status == "unchanged"


def test_names_mentions_threads_and_files(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "Acme Slack export.zip", {
        "users.json": json.dumps(USERS), "channels.json": json.dumps(CHANNELS),
        "trips/2023-11-14.json": json.dumps(DAY),
    })  # fmt: skip
    parsed = parse(PARSER, archive)
    root, reply, join, upload = parsed.records
    assert root.speaker == "ana.l" and reply.speaker == "Ben Okafor"
    assert (
        root.text
        == "Who books the cabin? @Ben Okafor & #trips see this list (https://cabins.example)"
    )
    assert root.metadata["links"] == ["https://cabins.example"]
    assert root.metadata["thread_root"] is True and root.metadata["reply_count"] == 1
    assert (
        reply.metadata["thread_ts"] == "1700000100.000100" and "thread_root" not in reply.metadata
    )
    assert reply.text == "I will, @here"
    assert reply.metadata["attachments"] == [
        {"kind": "file", "name": "cabin.pdf", "title": "Cabin offer", "mimetype": "application/pdf"}
    ]
    assert reply.metadata["reactions"] == [{"name": "thumbsup", "count": 1}]
    assert join.metadata["system"] is True and join.text == "@Ben Okafor has joined the channel"
    assert upload.text == "[file: map.png]"
    assert {r.conversation for r in parsed.records} == {"slack:C9"}


def test_extracted_day_file_uses_its_folder_and_users(tmp_path: Path) -> None:
    root = tmp_path / "export"
    write(root / "users.json", json.dumps(USERS))
    write(root / "channels.json", json.dumps(CHANNELS))
    day = write(root / "trips" / "2023-11-14.json", json.dumps(DAY))
    assert detect(source(day)) is PARSER
    parsed = parse(PARSER, day)
    assert parsed.records[0].speaker == "ana.l"
    assert parsed.records[0].conversation == "slack:C9"
    assert parsed.title == "#trips 2023-11-14"


def test_bad_inputs_are_parse_errors(tmp_path: Path) -> None:
    no_days = make_zip(tmp_path / "slack.zip", {"users.json": "[]", "channels.json": "[]"})
    with pytest.raises(ParseError, match=r"slack.zip: no channel folders"):
        PARSER.parse(source(no_days), ParseOptions())
    broken_day = make_zip(
        tmp_path / "broken.zip", {"users.json": "[]", "general/2023-01-01.json": '[{"ts": "1'}
    )
    with pytest.raises(ParseError, match=r"broken.zip!general/2023-01-01.json: truncated JSON"):
        PARSER.parse(source(broken_day), ParseOptions())
    wrong = write(tmp_path / "2023-01-02.json", json.dumps({"ts": "1.2"}))
    with pytest.raises(ParseError, match=r"2023-01-02.json: not a Slack day file"):
        PARSER.parse(source(wrong), ParseOptions())
    with zipfile.ZipFile(SLACK_ZIP) as zf:
        assert "users.json" in zf.namelist()
    assert texts(parse(PARSER, SLACK_ZIP))[-1] == "Example random message"


def test_messages_that_speak_only_in_blocks_or_attachments(tmp_path: Path) -> None:
    """A message with an empty ``text`` whose words are in ``blocks`` (rich text), or a bot's
    message that says everything in ``attachments``, was dropped."""
    day = [
        {"type": "message", "ts": "1710278000.000600", "user": "U1", "text": "", "blocks": [
            {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [
                {"type": "text", "text": "Ship it, "},
                {"type": "user", "user_id": "U1"},
                {"type": "text", "text": " see "},
                {"type": "link", "url": "https://example.org/pr/7"},
            ]}]},
        ]},
        {"type": "message", "subtype": "bot_message", "ts": "1710277900.000500",
         "bot_id": "B1", "username": "Deploy Bot", "text": "",
         "attachments": [{"fallback": "Deploy finished", "text": "Deploy finished OK",
                          "title": "Build 42"}]},
    ]
    archive = make_zip(tmp_path / "slack.zip", {
        "users.json": json.dumps([{"id": "U1", "name": "ana", "real_name": "Ana Silva"}]),
        "channels.json": json.dumps([{"id": "C1", "name": "general"}]),
        "general/2024-03-12.json": json.dumps(day),
    })
    parsed = parse(PARSER, archive)
    assert texts(parsed) == [
        "Ship it, @Ana Silva see https://example.org/pr/7",
        "Build 42: Deploy finished OK",
    ]
    assert [r.speaker for r in parsed.records] == ["Ana Silva", "Deploy Bot"]
