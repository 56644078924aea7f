"""HTML pages and Apple Journal entries on the real fixtures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.importers.notes_helpers import FIXTURES, detected, parse_fixture


def test_apple_journal_entry_with_assets() -> None:
    path = FIXTURES / "apple_journal" / "obsidianimporter_entry-with-assets.html"
    assert detected(path) == "apple_journal"
    parsed = parse_fixture(path)
    (rec,) = parsed.records
    assert rec.title == "Youve Connected"
    assert rec.event_time == datetime(2024, 11, 3, tzinfo=UTC)
    assert rec.text == (
        "Paragraph one.\n\nParagraph two.\n\n"
        "Attached: Sad, Overwhelmed, Health (stateOfMind); Mom (contact)."
    )
    assert [a["type"] for a in rec.metadata["assets"]] == ["stateOfMind", "contact", "photo"]


def test_apple_journal_prompt_places_and_media() -> None:
    parsed = parse_fixture("apple_journal/obsidianimporter_entry-complex-metadata.html")
    (rec,) = parsed.records
    assert rec.title == "Complex Metadata Entry"
    assert rec.event_time == datetime(2023, 12, 17, tzinfo=UTC)
    assert rec.text.startswith("Prompt: How was your day?\n\nEntry body text.\n\nAttached: ")
    assert "Old Town Market Place (multiPinMap)" in rec.text
    assert "Walking, 2.5 km (motionActivity)" in rec.text
    assert rec.metadata["prompt"] == "How was your day?"


def test_generic_html_drops_scripts_styles_and_nav(tmp_path: Path) -> None:
    page = tmp_path / "trip.html"
    page.write_text(
        "<html><head><title>Lisbon trip</title><style>p{color:red}</style>"
        '<meta name="date" content="2024-05-02"></head><body>'
        "<nav><a href='/'>Home</a> | <a href='/blog'>Blog</a></nav>"
        "<script>alert('x')</script>"
        "<h1>Lisbon trip</h1><p>We stayed in Alfama.</p>"
        "<h2>Food</h2><p>Pastéis de nata at <b>Manteigaria</b>.</p>"
        "<ul><li>Bacalhau</li><li><input type='checkbox' checked>Sardines</li></ul>"
        "</body></html>",
        encoding="utf-8",
    )
    assert detected(page) == "html"
    parsed = parse_fixture(page)
    assert parsed.title == "Lisbon trip"
    assert [(r.title, r.text) for r in parsed.records] == [
        ("Lisbon trip", "We stayed in Alfama."),
        ("Lisbon trip > Food", "Pastéis de nata at Manteigaria.\n\n- Bacalhau\n- [x] Sardines"),
    ]
    assert parsed.records[0].event_time == datetime(2024, 5, 2, tzinfo=UTC)
    everything = " ".join(r.text for r in parsed.records)
    assert "alert" not in everything and "Blog" not in everything and "color" not in everything


def test_html_is_detected_by_content(tmp_path: Path) -> None:
    p = tmp_path / "saved_page"
    p.write_text("<!DOCTYPE html><html><body><p>Hello there</p></body></html>")
    assert detected(p) == "html"
    assert parse_fixture(p).records[0].text == "Hello there"
