"""Messenger and Instagram chats in Meta's HTML export (``message_1.html``), written for the
test with the class names Meta's two HTML generations use (real exports are personal data)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Services
from importers.formats.meta_html import PARSER, meta_date
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source, speakers, texts

STYLE = "<style>._a6-g{background:#fff}._a6-h{color:#1d2129}._a6-p{color:#1d2129}</style>"


def _new_block(sender: str, body: str, when: str) -> str:
    return (
        f'<div class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder">'
        f'<h2 class="_3-95 _2pim _a6-h _a6-i">{sender}</h2>'
        f'<div class="_3-95 _a6-p"><div><div></div><div>{body}</div><div></div></div></div>'
        f'<div class="_3-94 _a6-o">{when}</div></div>'
    )


NEW = (
    f"<html><head>{STYLE}<title>Ben Costa</title></head><body><main>"
    '<div class="_a6-g"><h2 class="_a6-h">Participants: Ben Costa and Ana Silva</h2></div>'
    + _new_block("Ben Costa", "Até já, see you at 9 😀", "Mar 12, 2024 9:06:10 pm")
    + _new_block(
        "Ana Silva",
        '<a href="your_facebook_activity/messages/inbox/bencosta_123/photos/1.jpg">'
        '<img src="your_facebook_activity/messages/inbox/bencosta_123/photos/1.jpg"/></a>',
        "Mar 12, 2024 9:05:30 pm",
    )
    + _new_block("Ana Silva", "Dinner on Friday?", "Mar 12, 2024 9:05:09 pm")
    + _new_block("Ana Silva", "lost", "sometime")
    + "</main></body></html>"
)

OLD = (
    "<html><head><title>Rita</title></head><body>"
    '<div class="pam _3-95 _2pi0 _2lej uiBoxWhite noborder">'
    '<div class="_3-96 _2pio _2lek _2lel">Rita</div>'
    '<div class="_3-96 _2let"><div><div></div><div>ok, 8pm</div></div></div>'
    '<div class="_3-94 _2lem">Jan 5, 2019, 8:01 PM</div></div>'
    "</body></html>"
)


def test_a_messenger_html_chat_is_read(services: Services, tmp_path: Path) -> None:
    """Meta's default HTML export was read as one generic web page: no speakers, no times,
    the whole chat one block of text."""
    inbox = tmp_path / "your_facebook_activity" / "messages" / "inbox" / "bencosta_123"
    path = write(inbox / "message_1.html", NEW)
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    assert parsed.title == "Ben Costa"
    assert texts(parsed) == ["Dinner on Friday?", "[image: 1.jpg]", "Até já, see you at 9 😀"]
    assert speakers(parsed) == ["Ana Silva", "Ana Silva", "Ben Costa"]
    assert parsed.records[0].event_time == datetime(2024, 3, 12, 21, 5, 9, tzinfo=UTC)
    assert {r.conversation for r in parsed.records} == {"messenger:inbox/bencosta_123"}
    assert parsed.records[0].metadata["local_time"] is True
    assert parsed.warnings == ["1 message(s) with a date that could not be read skipped"]
    (result,) = services.importer.run([path]).files
    assert (result.status, result.new_records, result.format) == ("added", 3, "meta_html")


def test_the_older_layout_and_instagram(tmp_path: Path) -> None:
    path = write(tmp_path / "instagram-ana" / "messages" / "inbox" / "rita_9" / "message_1.html", OLD)
    assert detect(source(path)) is PARSER
    (rec,) = parse(PARSER, path).records
    assert (rec.speaker, rec.text) == ("Rita", "ok, 8pm")
    assert rec.event_time == datetime(2019, 1, 5, 20, 1, tzinfo=UTC)
    assert rec.conversation == "instagram:inbox/rita_9"


def test_other_pages_are_left_to_the_html_reader(tmp_path: Path) -> None:
    page = write(tmp_path / "your_posts_1.html", NEW)
    assert PARSER.sniff(source(page)) == 0.0
    plain = write(tmp_path / "message_1.html", "<html><body><p>hello</p></body></html>")
    assert PARSER.sniff(source(plain)) == 0.0
    assert meta_date("Dec 31, 2023 12:00:01 am") == datetime(2023, 12, 31, 0, 0, 1, tzinfo=UTC)
