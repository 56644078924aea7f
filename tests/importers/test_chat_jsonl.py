"""The generic JSONL chat format, exactly as the README documents it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.jsonl_chat import PARSER
from importers.registry import detect
from tests.conftest import ROOT, write
from tests.importers.chat_helpers import parse, source

LINES = [
    {
        "speaker": "Rita",
        "text": "Landed in Porto!",
        "time": "2024-03-02T18:04:00+01:00",
        "conversation": "family",
        "id": "m1",
        "attachments": ["IMG_0042.jpg"],
    },
    {
        "speaker": "me",
        "text": "Welcome home",
        "time": "2024-03-02T18:10:00Z",
        "conversation": "family",
        "id": 2,
        "mood": "happy",
    },
    {"speaker": None, "text": "Rita changed the group photo", "time": "2024-03-02T18:11:00"},
    {"speaker": "Rita", "text": "", "attachments": [{"name": "voice.ogg", "kind": "audio"}]},
    {"speaker": "Rita", "text": "   "},
]


def jsonl(path: Path, rows: list[object]) -> Path:
    return write(path, "\n".join(json.dumps(r) for r in rows) + "\n\n")


def test_every_documented_field(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "chat.jsonl", LINES)  # type: ignore[arg-type]
    assert detect(source(path)) is PARSER
    parsed = PARSER.parse(source(path), ParseOptions(self_names=("me",)))
    assert parsed.kind == "jsonl_chat"
    assert len(parsed.records) == 4  # the blank-text line without attachments is skipped
    landed, welcome, notice, voice = parsed.records
    assert (landed.speaker, landed.text, landed.conversation, landed.external_id) == (
        "Rita",
        "Landed in Porto!",
        "family",
        "m1",
    )
    assert landed.event_time == datetime(2024, 3, 2, 17, 4, tzinfo=UTC)
    assert landed.metadata["attachments"] == [{"kind": "file", "name": "IMG_0042.jpg"}]
    assert welcome.external_id == "2" and welcome.metadata["self"] is True
    assert welcome.metadata["extra"] == {"mood": "happy"}
    assert notice.speaker is None and notice.conversation == "chat"  # default: the file stem
    assert notice.event_time == datetime(2024, 3, 2, 18, 11, tzinfo=UTC)
    assert notice.metadata["local_time"] is True
    assert voice.text == "[audio: voice.ogg]" and voice.event_time is None


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("not json", "line 2: not valid JSON"),
        ("[1, 2]", "line 2: expected a JSON object"),
        ('{"speaker": "a"}', "line 2: 'text' is missing"),
        ('{"text": "a"}', "line 2: 'speaker' is missing"),
        (
            '{"speaker": "a", "text": "b", "time": "yesterday"}',
            "line 2: 'time' 'yesterday' is not ISO-8601",
        ),
        (
            '{"speaker": "a", "text": "b", "attachments": "x.jpg"}',
            "line 2: 'attachments' must be a list",
        ),
    ],
)
def test_a_bad_line_fails_the_file_with_its_number(tmp_path: Path, line: str, problem: str) -> None:
    path = write(tmp_path / "bad.jsonl", '{"speaker": "a", "text": "ok"}\n' + line + "\n")
    with pytest.raises(ParseError, match="bad.jsonl: " + problem):
        PARSER.parse(source(path), ParseOptions())


def test_appending_lines_adds_only_the_new_messages(services: Services, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "chat.jsonl", LINES[:2])  # type: ignore[arg-type]
    assert services.importer.run([path]).records_added == 2
    jsonl(
        path,
        [*LINES[:2], {"speaker": "Rita", "text": "See you Sunday", "time": "2024-03-03T09:00:00Z"}],
    )
    result = services.importer.run([path]).files[0]
    assert (result.status, result.new_records, result.superseded) == ("updated", 1, 0)


def test_not_claimed_without_speaker_and_text(tmp_path: Path) -> None:
    other = write(tmp_path / "events.jsonl", '{"event": "click", "text": "x"}\n')
    assert PARSER.sniff(source(other)) == 0.0
    assert (
        parse(PARSER, jsonl(tmp_path / "x.log", [LINES[0]])).records[0].text == "Landed in Porto!"
    )  # type: ignore[list-item]


def test_readme_documents_the_format() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Generic JSONL chat format" in readme
    section = readme.split("## Generic JSONL chat format", 1)[1].split("\n## ", 1)[0]
    for key in (
        '"speaker"',
        '"text"',
        '"time"',
        '"conversation"',
        '"id"',
        '"attachments"',
        "metadata.extra",
        "local_time",
    ):
        assert key in section, key
