"""Claude.ai export importer.

No public Claude.ai export is in the shared fixtures, so this sample follows the shape of the
official export (Settings > Privacy > Export data, ``conversations.json``): a list of
conversations with ``uuid``, ``name``, ``created_at``, ``updated_at``, ``account`` and
``chat_messages``; each message has ``uuid``, ``text``, ``content`` blocks (``text``,
``thinking``, ``tool_use``, ``tool_result``), ``sender`` (``human``/``assistant``),
``created_at``, ``updated_at``, ``attachments`` (``file_name``, ``file_size``, ``file_type``,
``extracted_content``) and ``files`` (``file_name``). Newer exports add
``parent_message_uuid`` and ``current_leaf_message_uuid`` for edited branches.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.chatgpt import PARSER as CHATGPT
from importers.formats.claude import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import make_zip, parse, source, speakers, texts

ROOT = "00000000-0000-4000-8000-000000000000"


def msg(
    uid: str, sender: str, when: str, content: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    text = "".join(b.get("text", "") for b in content if b["type"] == "text")
    return {
        "uuid": uid,
        "text": text,
        "content": content,
        "sender": sender,
        "created_at": when,
        "updated_at": when,
        "attachments": [],
        "files": [],
        **extra,
    }


SAMPLE: list[dict[str, Any]] = [
    {
        "uuid": "8f1c2d3e-0000-4000-8000-00000000c001",
        "name": "Planning the Lisbon trip",
        "created_at": "2024-05-10T08:00:00.000000Z",
        "updated_at": "2024-05-10T08:05:00.000000Z",
        "account": {"uuid": "acc-1"},
        "chat_messages": [
            msg(
                "m1",
                "human",
                "2024-05-10T08:00:05.123456Z",
                [
                    {
                        "type": "text",
                        "text": "Here is my itinerary. Which day is free?",
                        "start_timestamp": "2024-05-10T08:00:05Z",
                        "stop_timestamp": "2024-05-10T08:00:05Z",
                        "citations": [],
                    }
                ],
                attachments=[
                    {
                        "file_name": "itinerary.txt",
                        "file_size": 812,
                        "file_type": "txt",
                        "extracted_content": "Mon: museum\nTue: free\nWed: Sintra",
                    }
                ],
                files=[{"file_name": "itinerary.txt"}],
            ),
            msg(
                "m2",
                "assistant",
                "2024-05-10T08:00:20.000000Z",
                [
                    {
                        "type": "thinking",
                        "thinking": "Tuesday has nothing planned.",
                        "summaries": [],
                    },
                    {"type": "text", "text": "Tuesday is free."},
                    {
                        "type": "tool_use",
                        "name": "web_search",
                        "input": {"query": "Lisbon Tuesday events"},
                    },
                    {
                        "type": "tool_result",
                        "name": "web_search",
                        "is_error": False,
                        "content": [
                            {
                                "type": "knowledge",
                                "title": "Lisbon events",
                                "url": "https://events.example/lisbon",
                                "text": "Fado night on Tuesday",
                            }
                        ],
                    },
                    {"type": "text", "text": "There is a fado night that evening."},
                ],
            ),
            msg(
                "m3",
                "human",
                "2024-05-10T08:03:00.000000Z",
                [{"type": "text", "text": "Make me a packing list."}],
            ),
            msg(
                "m4",
                "assistant",
                "2024-05-10T08:03:30.000000Z",
                [
                    {"type": "text", "text": "Here you go."},
                    {
                        "type": "tool_use",
                        "name": "artifacts",
                        "input": {
                            "id": "packing",
                            "type": "text/markdown",
                            "title": "Packing list",
                            "command": "create",
                            "content": "- passport\n- sunscreen",
                        },
                    },
                ],
            ),
        ],
    },
    {
        "uuid": "8f1c2d3e-0000-4000-8000-00000000c002",
        "name": "Haiku",
        "created_at": "2024-06-01T12:00:00Z",
        "updated_at": "2024-06-01T12:02:00Z",
        "current_leaf_message_uuid": "b4",
        "chat_messages": [
            msg(
                "b1",
                "human",
                "2024-06-01T12:00:00Z",
                [{"type": "text", "text": "Write a haiku about rain"}],
                parent_message_uuid=ROOT,
            ),
            msg(
                "b2",
                "assistant",
                "2024-06-01T12:00:10Z",
                [{"type": "text", "text": "Rain taps the window"}],
                parent_message_uuid="b1",
            ),
            msg(
                "b3",
                "human",
                "2024-06-01T12:01:00Z",
                [{"type": "text", "text": "Write a haiku about snow"}],
                parent_message_uuid=ROOT,
            ),
            msg(
                "b4",
                "assistant",
                "2024-06-01T12:01:10Z",
                [{"type": "text", "text": "Snow hushes the street"}],
                parent_message_uuid="b3",
            ),
        ],
    },
]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write(tmp_path / "conversations.json", json.dumps(SAMPLE))


def test_messages_blocks_attachments_and_artifacts(export: Path) -> None:
    parsed = parse(PARSER, export)
    assert parsed.kind == "claude" and parsed.title == "Claude export (2 conversations)"
    trip = [
        r for r in parsed.records if r.conversation == "claude:8f1c2d3e-0000-4000-8000-00000000c001"
    ]
    assert speakers(parsed)[:4] == ["me", "Claude", "me", "Claude"]
    assert [r.metadata["role"] for r in trip] == ["user", "assistant", "user", "assistant"]
    assert trip[0].text == "Here is my itinerary. Which day is free?"
    assert trip[0].event_time == datetime(2024, 5, 10, 8, 0, 5, 123456, tzinfo=UTC)
    assert trip[0].metadata["attachments"] == [
        {"kind": "file", "name": "itinerary.txt", "type": "txt", "size": 812}
    ]
    assert trip[1].text == "Tuesday is free.\n\nThere is a fado night that evening."  # no thinking
    assert trip[1].metadata["sources"] == [
        {"title": "Lisbon events", "url": "https://events.example/lisbon"}
    ]
    assert trip[3].text == "Here you go.\n\n[artifact: Packing list]\n- passport\n- sunscreen"
    assert trip[0].external_id == "m1" and trip[0].metadata["chat"] == "Planning the Lisbon trip"


def test_edited_branch_current_leaf_first_then_alternates(export: Path) -> None:
    parsed = parse(PARSER, export, "Ana")
    haiku = [r for r in parsed.records if r.metadata["chat"] == "Haiku"]
    assert [r.text for r in haiku] == [
        "Write a haiku about snow", "Snow hushes the street",
        "Write a haiku about rain", "Rain taps the window",
    ]  # fmt: skip
    assert [r.metadata.get("alternate", False) for r in haiku] == [False, False, True, True]
    assert haiku[2].metadata["branch_of"] == "b3" and haiku[3].metadata["branch_of"] == "b3"
    assert haiku[0].speaker == "Ana"


def test_claude_and_chatgpt_tell_each_other_apart(export: Path, tmp_path: Path) -> None:
    f = source(export)
    assert PARSER.sniff(f) >= 0.9 and CHATGPT.sniff(f) == 0.0
    assert detect(f) is PARSER
    archive = make_zip(
        tmp_path / "data-2024-06-02.zip",
        {"conversations.json": export.read_bytes(), "users.json": "[]", "projects.json": "[]"},
    )
    z = source(archive)
    assert PARSER.sniff(z) >= 0.6 and CHATGPT.sniff(z) == 0.0
    assert texts(PARSER.parse(z, ParseOptions())) == texts(parse(PARSER, export))


def test_bad_inputs_are_parse_errors(export: Path, tmp_path: Path) -> None:
    cut = write(tmp_path / "cut.json", export.read_text()[:700])
    with pytest.raises(ParseError, match=r"cut.json: truncated JSON"):
        PARSER.parse(source(cut), ParseOptions())
    wrong = write(tmp_path / "wrong.json", json.dumps({"conversations": []}))
    with pytest.raises(ParseError, match=r"wrong.json: not a Claude export"):
        PARSER.parse(source(wrong), ParseOptions())
    binary = tmp_path / "conversations.json.bak"
    binary.write_bytes(b"\x00\x01\x02" * 500)
    with pytest.raises(ParseError, match=r"conversations.json.bak: binary"):
        PARSER.parse(source(binary), ParseOptions())


def test_text_field_is_kept_when_blocks_hold_none_and_messages_without_uuid_stay_apart(
    tmp_path: Path,
) -> None:
    """A message whose content blocks are all of a type the reader does not take (a voice note,
    a code block) was dropped though its 'text' field held the words; messages with no uuid
    (a trimmed export) collapsed into the last of them."""
    conv = {
        "uuid": "c-1",
        "name": "Trip",
        "created_at": "2024-03-12T21:00:00Z",
        "chat_messages": [
            {
                "text": "Where should we eat in Lisbon?",
                "sender": "human",
                "created_at": "2024-03-12T21:00:00Z",
                "content": [],
            },
            {
                "text": "Try Cervejaria Ramiro.",
                "sender": "assistant",
                "created_at": "2024-03-12T21:00:05Z",
                "content": [{"type": "text", "text": "Try Cervejaria Ramiro."}],
            },
            {
                "text": "Booked it for Friday",
                "sender": "human",
                "created_at": "2024-03-12T21:01:00Z",
                "content": [{"type": "voice_note", "title": "Voice note"}],
            },
        ],
    }
    path = write(tmp_path / "conversations.json", json.dumps([conv]))
    parsed = parse(PARSER, path)
    assert texts(parsed) == [
        "Where should we eat in Lisbon?",
        "Try Cervejaria Ramiro.",
        "Booked it for Friday",
    ]
    assert speakers(parsed)[1] == "Claude"
    assert parsed.records[2].event_time == datetime(2024, 3, 12, 21, 1, tzinfo=UTC)
