"""Google Takeout activity and Chrome history, and CSV/TSV tables, on the real fixtures."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.importers.notes_helpers import FIXTURES, detected, parse_fixture


def test_my_activity() -> None:
    parsed = parse_fixture("google_takeout_activity/gtp_MyActivity.json")
    assert parsed.kind == "google_activity"
    (rec,) = parsed.records
    assert rec.text == (
        "Discover: 7 cards in your feed (Computer programming, Computer Science, PostgreSQL, "
        "Technology)"
    )
    assert rec.event_time == datetime(2021, 12, 13, 3, 4, 5, 7000, tzinfo=UTC)
    assert rec.metadata["locations"] == ["At this general area"]


def test_chrome_history() -> None:
    parsed = parse_fixture("google_takeout_chrome/gtp_BrowserHistory.json")
    assert parsed.kind == "chrome_history"
    (rec,) = parsed.records
    assert rec.text == "Visited sean (https://sean.fish)"
    assert rec.event_time == datetime(2021, 4, 2, 23, 4, 50, 134513, tzinfo=UTC)


def test_tsv_table_rows() -> None:
    path = FIXTURES / "SOURCES.tsv"
    assert detected(path) == "table"
    parsed = parse_fixture(path)
    rows = (FIXTURES / "SOURCES.tsv").read_text(encoding="utf-8").strip().splitlines()
    assert len(parsed.records) == len(rows) - 1
    assert parsed.records[0].text.startswith(
        "folder: whatsapp. file: langchain_chatloaders_whatsapp_chat.txt. "
    )
    assert parsed.records[0].title == "SOURCES > whatsapp"
