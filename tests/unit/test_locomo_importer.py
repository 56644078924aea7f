"""The LoCoMo-format importer, on the real dev file and on small hand-made archives."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.locomo import PARSER, parse_session_time
from importers.registry import detect
from importers.source import SourceFile
from tests.conftest import LOCOMO, write


def _parse(path: Path):  # type: ignore[no-untyped-def]
    return PARSER.parse(SourceFile.from_path(path), ParseOptions())


@pytest.fixture(scope="module")
def dev_records():  # type: ignore[no-untyped-def]
    return _parse(LOCOMO)


def _one(parsed, sample: str, dia_id: str):  # type: ignore[no-untyped-def]
    return next(
        r for r in parsed.records if r.metadata["sample_id"] == sample and r.external_id == dia_id
    )


def test_dev_file_is_detected_by_content() -> None:
    f = SourceFile.from_path(LOCOMO)
    assert detect(f) is PARSER


def test_dev_file_counts_per_conversation_and_speakers(dev_records) -> None:  # type: ignore[no-untyped-def]
    parsed = dev_records
    assert parsed.kind == "locomo" and parsed.title == "locomo_dev.json"
    assert parsed.warnings == []
    per_conv = Counter(r.metadata["sample_id"] for r in parsed.records)
    assert per_conv == {
        "conv-26": 419, "conv-30": 369, "conv-41": 663, "conv-42": 629, "conv-43": 680,
    }
    speakers = {(r.metadata["sample_id"], r.speaker) for r in parsed.records}
    assert {s for c, s in speakers if c == "conv-26"} == {"Caroline", "Melanie"}
    assert {s for c, s in speakers if c == "conv-43"} == {"Tim", "John"}
    assert all(r.kind == "message" for r in parsed.records)


def test_extra_date_keys_do_not_make_sessions(dev_records) -> None:  # type: ignore[no-untyped-def]
    # conv-26 has 35 session_N_date_time keys but only 19 sessions.
    recs = dev_records.records
    sessions = {r.metadata["session"] for r in recs if r.metadata["sample_id"] == "conv-26"}
    assert sessions == set(range(1, 20))


def test_turn_fields_and_timestamps(dev_records) -> None:  # type: ignore[no-untyped-def]
    first = _one(dev_records, "conv-26", "D1:1")
    assert first.speaker == "Caroline"
    assert first.text == "Hey Mel! Good to see you! How have you been?"
    assert first.conversation == "conv-26:session_1"
    assert first.event_time == datetime(2023, 5, 8, 13, 56, tzinfo=UTC)  # "1:56 pm on 8 May, 2023"
    assert first.metadata == {"sample_id": "conv-26", "session": 1, "dia_id": "D1:1"}
    third = _one(dev_records, "conv-26", "D1:3")
    assert third.event_time == datetime(2023, 5, 8, 13, 56, 20, tzinfo=UTC)  # 2 turns later
    late = _one(dev_records, "conv-43", "D29:1")
    # "1:41 pm on 12 January, 2024"
    assert late.event_time == datetime(2024, 1, 12, 13, 41, tzinfo=UTC)
    assert late.conversation == "conv-43:session_29"
    times = [r.event_time for r in dev_records.records if r.conversation == "conv-30:session_19"]
    assert times == sorted(times) and len(set(times)) == len(times)


def test_image_caption_is_text_and_image_fields_are_kept(dev_records) -> None:  # type: ignore[no-untyped-def]
    rec = _one(dev_records, "conv-26", "D1:5")
    assert rec.text == (
        "The transgender stories were so inspiring! I was so happy and thankful for all the "
        "support. [shares image: a photo of a dog walking past a wall with a painting of a woman]"
    )
    assert rec.metadata["query"] == "transgender pride flag mural"
    assert rec.metadata["img_url"] == ["https://i.redd.it/l7hozpetnhlb1.jpg"]
    plain = _one(dev_records, "conv-26", "D1:3")
    assert "shares image" not in plain.text and "img_url" not in plain.metadata


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1:56 pm on 8 May, 2023", datetime(2023, 5, 8, 13, 56, tzinfo=UTC)),
        ("12:09 am on 13 September, 2023", datetime(2023, 9, 13, 0, 9, tzinfo=UTC)),
        ("12:30 pm on 1 Jan, 2024", datetime(2024, 1, 1, 12, 30, tzinfo=UTC)),
        ("2023-05-08T10:00:00", datetime(2023, 5, 8, 10, 0, tzinfo=UTC)),
        ("sometime last spring", None),
    ],
)
def test_session_time_parsing(raw: str, expected: datetime | None) -> None:
    assert parse_session_time(raw) == expected


def _archive(tmp_path: Path, items: list[dict]) -> Path:  # type: ignore[type-arg]
    return write(tmp_path / "chats.json", json.dumps(items))


def test_small_archive_edge_cases(tmp_path: Path) -> None:
    path = _archive(
        tmp_path,
        [
            {
                "conversation": {
                    "speaker_a": "Ann",
                    "speaker_b": "Bo",
                    "session_2": [{"speaker": "Bo", "dia_id": "D2:1", "text": "later"}],
                    "session_2_date_time": "9:00 am on 2 March, 2024",
                    "session_1": [
                        {"speaker": "Ann", "dia_id": "D1:1", "text": "hi"},
                        {"speaker": "Bo", "dia_id": "D1:2", "text": "  "},
                        {"speaker": "Bo", "dia_id": "D1:3", "text": "", "blip_caption": "a cat"},
                    ],
                    "session_1_date_time": "not a date",
                    "session_3_date_time": "9:00 am on 3 March, 2024",
                },
            }
        ],
    )
    parsed = _parse(path)
    assert [r.external_id for r in parsed.records] == ["D1:1", "D1:3", "D2:1"]
    assert parsed.records[0].conversation == "conversation_0:session_1"
    assert parsed.records[0].event_time is None
    assert parsed.records[1].text == "[shares image: a cat]"
    assert parsed.records[2].event_time == datetime(2024, 3, 2, 9, 0, tzinfo=UTC)
    assert any("no readable date" in w for w in parsed.warnings)
    assert any("1 turn(s) without text" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    "content",
    [
        '[{"conversation": {"speaker_a": "A"}}]',  # no sessions
        '[{"messages": []}]',
        '{"conversation": {"speaker_a": "A", "session_1": []}}',  # not a list
        "[1, 2",
    ],
)
def test_other_json_is_not_claimed(tmp_path: Path, content: str) -> None:
    f = SourceFile.from_path(write(tmp_path / "x.json", content))
    assert PARSER.sniff(f) == 0.0
    with pytest.raises(ParseError, match=r"x\.json"):
        PARSER.parse(f, ParseOptions())


def test_pipeline_imports_one_conversation(services: Services, tmp_path: Path) -> None:
    data = json.loads(LOCOMO.read_text(encoding="utf-8"))
    path = _archive(tmp_path, [data[1]])
    report = services.importer.run([path])
    assert report.summary["added"] == 1 and report.files[0].format == "locomo"
    assert report.records_added == 369
    assert services.index.count() == 369
    row = services.db.query(
        "SELECT speaker, conversation, event_time, external_id FROM records "
        "WHERE external_id = 'D19:1'"
    )[0]
    assert dict(row) == {
        "speaker": "Jon",
        "conversation": "conv-30:session_19",
        "event_time": "2023-07-23T18:46:00+00:00",
        "external_id": "D19:1",
    }
    assert services.importer.run([path]).summary["unchanged"] == 1
