"""Telegram Desktop HTML importer against the real sample page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.html import PARSER as GENERIC_HTML
from importers.formats.telegram_html import PARSER, title_time
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import CHATS, parse, source, speakers, texts

PAGE = CHATS / "telegram_html" / "langchain_messages.html"


def test_sample_page() -> None:
    f = source(PAGE)
    assert detect(f) is PARSER and PARSER.sniff(f) > GENERIC_HTML.sniff(f)
    parsed = parse(PARSER, PAGE)
    assert parsed.title == "Jimmeny Marvelton"
    assert texts(parsed) == [
        "i refuse to converse with you", "Hi nemesis", "we meet again", "you will not trick me this time",
    ]  # fmt: skip
    # the last message is "joined": same sender as the one before
    assert speakers(parsed) == [
        "Jimmeny Marvelton",
        "Batman & Robin",
        "Jimmeny Marvelton",
        "Jimmeny Marvelton",
    ]
    assert parsed.records[0].event_time == datetime(
        2023, 8, 23, 21, 11, 23, tzinfo=UTC
    )  # 13:11:23 UTC-08:00
    assert [r.external_id for r in parsed.records] == ["1", "2", "3", "4"]
    assert parsed.records[3].metadata["joined"] is True
    assert "local_time" not in parsed.records[0].metadata


def test_service_notices_links_media_and_local_times(tmp_path: Path) -> None:
    page = write(
        tmp_path / "messages2.html",
        """<html><body><div class="page_wrap">
<div class="page_header"><div class="content"><div class="text bold">Hiking club</div></div></div>
<div class="page_body chat_page"><div class="history">
<div class="message service" id="message-2"><div class="body details">2 March 2024</div></div>
<div class="message service" id="message10"><div class="body details">Ana invited Ben</div></div>
<div class="message default clearfix" id="message11"><div class="body">
 <div class="pull_right date details" title="02.03.2024 10:01:00">10:01</div>
 <div class="from_name">Ben</div>
 <div class="reply_to details">In reply to <a href="#go_to_message10">this message</a></div>
 <div class="text">Route: <a href="https://maps.example/r">this map</a><br>bring water</div>
</div></div>
<div class="message default clearfix joined" id="message12"><div class="body">
 <div class="pull_right date details" title="02.03.2024 10:02:00 UTC+01:00">10:02</div>
 <div class="media_wrap clearfix"><a class="photo_wrap clearfix pull_left" href="photos/photo_1.jpg"></a></div>
</div></div>
</div></div></div></body></html>""",
    )
    parsed = parse(PARSER, page)
    notice, route, photo = parsed.records
    assert (
        notice.text == "Ana invited Ben"
        and notice.speaker is None
        and notice.metadata["system"] is True
    )
    assert route.text == "Route: this map (https://maps.example/r)\nbring water"
    assert (
        route.metadata["links"] == ["https://maps.example/r"] and route.metadata["reply_to"] == "10"
    )
    assert (
        route.event_time == datetime(2024, 3, 2, 10, 1, tzinfo=UTC)
        and route.metadata["local_time"] is True
    )
    assert photo.speaker == "Ben" and photo.text == "[image: photo_1.jpg]"
    assert photo.event_time == datetime(2024, 3, 2, 9, 2, tzinfo=UTC)


def test_title_time() -> None:
    assert title_time("23.08.2023 13:11:23 UTC-08:00") == (
        datetime(2023, 8, 23, 21, 11, 23, tzinfo=UTC),
        False,
    )
    assert title_time("nonsense") == (None, False)


def test_html_without_history_is_a_parse_error(tmp_path: Path) -> None:
    page = write(tmp_path / "messages.html", "<html><body><p>hello</p></body></html>")
    assert PARSER.sniff(source(page)) == 0.0
    with pytest.raises(ParseError, match=r"messages.html: not a Telegram HTML export"):
        PARSER.parse(source(page), ParseOptions())


FORWARDS = """<!DOCTYPE html><html><head><meta charset="utf-8"/><title>Exported Data</title></head>
<body><div class="page_wrap"><div class="page_header"><div class="content"><div class="text bold">
Ben Costa</div></div></div><div class="page_body chat_page"><div class="history">
<div class="message default clearfix" id="message2"><div class="body">
<div class="pull_right date details" title="12.03.2024 21:05:09 UTC+01:00">21:05</div>
<div class="from_name">Ana Silva </div><div class="text">Look at this</div></div></div>
<div class="message default clearfix joined" id="message3"><div class="body">
<div class="pull_right date details" title="12.03.2024 21:06:00 UTC+01:00">21:06</div>
<div class="forwarded body"><div class="from_name">News Channel<span class="date details"
 title="11.03.2024 10:00:00 UTC+01:00"> 11.03.2024 10:00:00</span></div>
<div class="text">Breaking news text</div></div></div></div>
<div class="message service" id="message4"><div class="body details">Ana Silva pinned this message
</div></div>
</div></div></div></body></html>"""


def test_a_joined_forward_keeps_its_sender_and_a_notice_its_time(tmp_path: Path) -> None:
    """A forwarded message that continues its sender ('joined') was credited to the channel it
    was forwarded from, with the channel's name and date as speaker; its origin was not kept;
    a notice ('pinned this message') had no time at all."""
    path = tmp_path / "ChatExport_2024-03-12" / "messages.html"
    path.parent.mkdir()
    path.write_text(FORWARDS, encoding="utf-8")
    first, forward, notice = parse(PARSER, path).records
    assert first.speaker == "Ana Silva" and "forwarded_from" not in first.metadata
    assert (forward.speaker, forward.text) == ("Ana Silva", "Breaking news text")
    assert forward.metadata["forwarded_from"] == "News Channel"
    assert notice.text == "Ana Silva pinned this message" and notice.speaker is None
    assert notice.event_time == forward.event_time == datetime(2024, 3, 12, 20, 6, tzinfo=UTC)
