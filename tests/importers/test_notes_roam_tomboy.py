"""Roam JSON and Tomboy notes on the real fixtures."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.importers.notes_helpers import parse_fixture


def test_roam_pages_outlines_attributes_and_block_refs() -> None:
    parsed = parse_fixture("roam/obsidianimporter_roam_shapes.json")
    assert parsed.kind == "roam"
    assert parsed.metadata["pages"] == 12
    by_title = {r.title: r for r in parsed.records}
    sapiens = by_title["Sapiens"]
    assert sapiens.event_time == datetime(2020, 9, 13, 12, 26, 40, tzinfo=UTC)
    assert sapiens.metadata["attributes"]["Author"] == "Yuval Noah Harari"
    assert sapiens.metadata["links"] == ["Yuval Noah Harari", "history"]
    assert "  - The cognitive revolution is the turning point" in sapiens.text
    refs = by_title["References"].text.splitlines()
    assert refs[0] == "- A reference to a block on another page: The cognitive revolution is the turning point"
    assert "((nosuchblk))" in by_title["References"].text  # unknown refs stay as written
    assert by_title["References"].metadata["links"] == []  # {{[[TODO]]}} is a macro, not a page
    daily = by_title["January 1st, 2021"]
    assert daily.event_time == datetime(2021, 1, 1, tzinfo=UTC)  # the daily note's own date


def test_tomboy_note() -> None:
    parsed = parse_fixture("tomboy/obsidianimporter_2769c249.note")
    assert parsed.kind == "tomboy"
    (rec,) = parsed.records
    assert rec.title == "TODO Liste"
    assert rec.text.startswith("- Erst das erledigen\n- dann das\n- und dann das\n\nSpäter")
    assert rec.text.endswith("- Das hier sollte dann vermutlich keine TODO-Liste mehr sein")
    assert rec.event_time == datetime(2025, 9, 4, 20, 54, 2, 563018, tzinfo=UTC)
