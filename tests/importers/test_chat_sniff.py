"""Chat formats are detected by content: misleading names fool no parser, and JSON that is
none of them is claimed by none of them. Every chat parser turns junk into ParseError."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from importers.base import ParseOptions, Parser
from importers.errors import ParseError
from importers.formats import (
    chatgpt,
    claude,
    discord,
    imessage,
    jsonl_chat,
    messenger,
    slack,
    telegram,
    telegram_html,
    whatsapp,
)
from importers.registry import PARSERS, detect
from importers.source import SourceFile
from tests.conftest import write
from tests.importers.chat_helpers import CHATS, source

CHAT_PARSERS: tuple[Parser, ...] = (
    chatgpt.PARSER, claude.PARSER, telegram.PARSER, messenger.PARSER, discord.PARSER,
    slack.PARSER, imessage.PARSER, telegram_html.PARSER, whatsapp.PARSER, jsonl_chat.PARSER,
)  # fmt: skip
JSON_PARSERS = (chatgpt.PARSER, claude.PARSER, telegram.PARSER, messenger.PARSER, discord.PARSER)


def test_all_chat_parsers_are_registered_before_the_generic_ones() -> None:
    names = [p.name for p in PARSERS]
    for p in CHAT_PARSERS:
        assert names.index(p.name) < names.index("markdown") < names.index("text")


@pytest.mark.parametrize(
    ("fixture", "disguise", "expected"),
    [
        ("chatgpt/librechat_chatgpt-export.json", "result.json", "chatgpt"),
        ("telegram_json/langchain_result.json", "conversations.json", "telegram"),
        ("facebook_messenger/langchain_facebook_chat.json", "conversations.json", "messenger"),
        ("instagram/chatminer_test_export.json", "result.json", "messenger"),
        ("whatsapp/langchain_examples_whatsapp_chat.txt", "notes.md", "whatsapp"),
        ("slack/langchain_slack_export.zip", "photos.zip", "slack"),
        ("imessage/langchain_imessage_chat.db", "backup.bin", "imessage"),
        ("telegram_html/langchain_messages.html", "page.htm", "telegram_html"),
    ],
)
def test_detected_by_content_despite_the_name(
    tmp_path: Path, fixture: str, disguise: str, expected: str
) -> None:
    target = tmp_path / disguise
    shutil.copy(CHATS / fixture, target)
    found = detect(source(target))
    assert found is not None and found.name == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("conversations.json", json.dumps([{"id": 1, "title": "x"}, {"id": 2}])),
        ("result.json", json.dumps({"status": "ok", "items": [1, 2, 3]})),
        ("result.json", json.dumps({"messages": ["a", "b"]})),
        ("message_1.json", json.dumps({"messages": [{"text": "hi"}]})),
        ("export.json", json.dumps([{"ts": 1, "value": 3}])),
        ("data.jsonl", '{"user": "a", "message": "b"}\n'),
    ],
)
def test_other_json_is_claimed_by_no_chat_parser(tmp_path: Path, name: str, content: str) -> None:
    f = source(write(tmp_path / name, content))
    for parser in CHAT_PARSERS:
        assert parser.sniff(f) == 0.0, parser.name
    found = detect(f)
    assert found is None or found.name not in {p.name for p in CHAT_PARSERS}


def test_other_fixture_archives_are_not_claimed_as_chats() -> None:
    chat_names = {p.name for p in CHAT_PARSERS}
    for folder in (
        "google_keep",
        "google_takeout_activity",
        "google_takeout_chrome",
        "roam",
        "markdown",
    ):
        for path in sorted((CHATS / folder).iterdir()):
            found = detect(source(path))
            assert found is None or found.name not in chat_names, path


@pytest.mark.parametrize("parser", JSON_PARSERS, ids=lambda p: p.name)
def test_json_parsers_report_truncated_and_binary_files(tmp_path: Path, parser: Parser) -> None:
    cut = write(tmp_path / "export.json", '[{"mapping": {"a": {"message": {"content": "x')
    with pytest.raises(ParseError, match=r"export.json: truncated JSON"):
        parser.parse(source(cut), ParseOptions())
    blob = tmp_path / "export.bin"
    blob.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ParseError, match=r"export.bin: binary data"):
        parser.parse(source(blob), ParseOptions())
    empty = write(tmp_path / "empty.json", "")
    with pytest.raises(ParseError, match=r"empty.json"):
        parser.parse(source(empty), ParseOptions())


def _blob(data: bytes, name: str) -> SourceFile:
    return SourceFile(
        uri=f"mem:{name}", display=name, name=name, size=len(data), mtime=None, reader=lambda: data
    )


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda kids: (
        st.lists(kids, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "messages",
                    "mapping",
                    "chat_messages",
                    "text",
                    "from",
                    "date_unixtime",
                    "sender_name",
                    "timestamp_ms",
                    "content",
                    "author",
                    "children",
                    "parent",
                    "current_node",
                    "type",
                    "ts",
                    "user",
                    "channel",
                    "guild",
                    "speaker",
                    "time",
                    "chats",
                    "list",
                    "message",
                    "parts",
                    "uuid",
                    "sender",
                    "name",
                ]
            ),
            kids,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=JSONISH)
@example(value={"mapping": {"messages": {"children": 1.0}}})  # found by a random run
def test_any_json_shape_parses_or_raises_parse_error(value: object) -> None:
    data = json.dumps(value).encode()
    for parser in CHAT_PARSERS:
        f = _blob(data, "x.json")
        try:
            parser.sniff(f)
            parser.parse(f, ParseOptions())
        except ParseError:
            pass


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("[]0123456789/.,:- APMapm\u200e\u202f~\nab:é")), max_size=200
    )
)
def test_any_chat_like_text_parses_or_raises_parse_error(text: str) -> None:
    for parser in (whatsapp.PARSER, jsonl_chat.PARSER):
        f = _blob(text.encode(), "chat.txt")
        try:
            parser.sniff(f)
            parser.parse(f, ParseOptions())
        except ParseError:
            pass


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=600))
def test_any_bytes_parse_or_raise_parse_error(data: bytes) -> None:
    for parser in CHAT_PARSERS:
        for name in ("conversations.json", "chat.zip", "_chat.txt"):
            payload = b"PK\x03\x04" + data if name.endswith(".zip") else data
            f = _blob(payload, name)
            try:
                parser.sniff(f)
                parser.parse(f, ParseOptions())
            except ParseError:
                pass
