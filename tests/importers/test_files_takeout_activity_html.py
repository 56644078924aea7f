"""Google Takeout My Activity in its default HTML form; the page's structure (outer-cell
blocks with header, content and caption cells) written for the test in our own words."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Services
from importers.formats.takeout_activity_html import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source, texts


def _cell(header: str, body: str, caption: str) -> str:
    return (
        '<div class="outer-cell mdl-cell mdl-cell--12-col mdl-shadow--2dp"><div class="mdl-grid">'
        '<div class="header-cell mdl-cell mdl-cell--12-col">'
        f'<p class="mdl-typography--title">{header}<br></p></div>'
        '<div class="content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1">'
        f"{body}</div>"
        '<div class="content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1 '
        'mdl-typography--text-right"></div>'
        '<div class="content-cell mdl-cell mdl-cell--12-col mdl-typography--caption">'
        f"{caption}</div></div></div>"
    )


PAGE = (
    "<html><head><title>My Activity</title></head><body>"
    '<div class="mdl-grid">'
    + _cell(
        "Search",
        'Searched for\xa0<a href="https://www.google.com/search?q=trail+shoes">trail shoes</a>'
        "<br>Mar 12, 2024, 9:05:09\u202fPM CET",
        "<b>Products:</b><br>\u2003Search<br><b>Locations:</b><br>\u2003From your home",
    )
    + _cell(
        "YouTube",
        'Watched\xa0<a href="https://www.youtube.com/watch?v=x">Pastel de nata at home</a>'
        '<br><a href="https://www.youtube.com/channel/y">Lisbon Kitchen</a><br>'
        "13 Mar 2024, 08:01:30 UTC",
        "<b>Products:</b><br>\u2003YouTube",
    )
    + _cell("Maps", "Viewed area around Lisbon<br>sometime", "")
    + _cell(
        "Gemini Apps",
        'Prompted <a href="https://gemini.google.com/app/x">Best custard tarts in Lisbon?</a>'
        "<br>14 Mar 2024, 10:00:00 GMT+06:00<p>Try Manteigaria in Chiado.</p>",
        "<b>Products:</b><br>\u2003Gemini Apps",
    )
    + "</div></body></html>"
)


def test_my_activity_html_becomes_one_record_per_activity(
    services: Services, tmp_path: Path
) -> None:
    """Takeout's default HTML My Activity page was one generic web page (no times, all the
    activities run together in one text)."""
    path = write(tmp_path / "Takeout" / "My Activity" / "Search" / "MyActivity.html", PAGE)
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    assert texts(parsed) == [
        "Search: Searched for trail shoes",
        "YouTube: Watched Pastel de nata at home Lisbon Kitchen",
        "Maps: Viewed area around Lisbon sometime",
        "Gemini Apps: Prompted Best custard tarts in Lisbon?\n\nTry Manteigaria in Chiado.",
    ]
    search, video, maps, gemini = parsed.records
    assert gemini.event_time == datetime(2024, 3, 14, 4, 0, tzinfo=UTC)  # GMT+06:00 applied
    assert "local_time" not in gemini.metadata
    assert search.event_time == datetime(2024, 3, 12, 21, 5, 9, tzinfo=UTC)
    assert search.metadata["local_time"] is True
    assert search.metadata["products"] == ["Search"]
    assert search.metadata["locations"] == ["From your home"]
    assert search.metadata["url"] == "https://www.google.com/search?q=trail+shoes"
    assert video.event_time == datetime(2024, 3, 13, 8, 1, 30, tzinfo=UTC)
    assert "local_time" not in video.metadata
    assert maps.event_time is None
    assert parsed.warnings == ["1 activit(ies) with no readable date"]
    (result,) = services.importer.run([path]).files
    assert (result.status, result.new_records, result.format) == (
        "added",
        4,
        "google_activity_html",
    )
