"""Signal chats exported by signal-export (``<chat name>/chat.md``); written for the test in
the layout signal-export's ``Message.to_md`` produces (reactions, stickers, attachments,
quotes, deleted messages), and the older ``[2019-05-29, 15:04]`` header."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Services
from importers.formats.signal import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source, speakers, texts

CHAT = (
    "[2024-03-12 21:05:09] Me: Are you coming tonight?\n"
    "[2024-03-12 21:06:10] Jane Doe: Yes!\n(- Me: 👍, Bo: ❤ -)\n"
    "[2024-03-12 21:07:00] Jane Doe: ![IMG_0001.jpg](./media/IMG_0001.jpg)  \n"
    "[2024-03-12 21:08:00] Me: \n> Yes!\n\nGreat, see you\n"
    "[2024-03-12 21:09:00] Jane Doe: (This message was deleted)\n"
    "[2024-03-12 21:10:00] Jane Doe: \n(( 😀 ))\n"
    "[2024-03-12 21:11:00] Me: Agenda [notes.pdf](./media/notes.pdf)  \n"
)


def test_a_signal_export_is_read_as_signal_with_its_markup(tmp_path: Path) -> None:
    """signal-export's chat.md was taken for a WhatsApp chat ('whatsapp:Jane Doe') with its
    markup left in the text ('Yes!\\n(- Me: 👍 -)', '![IMG_0001.jpg](./media/...)')."""
    path = write(tmp_path / "Jane Doe" / "chat.md", CHAT)
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    assert parsed.title == "Jane Doe"
    assert texts(parsed) == [
        "Are you coming tonight?",
        "Yes!",
        "[image: IMG_0001.jpg]",
        "Great, see you",
        "(This message was deleted)",
        "[sticker: 😀]",
        "Agenda",
    ]
    assert speakers(parsed) == ["Me", "Jane Doe", "Jane Doe", "Me", "Jane Doe", "Jane Doe", "Me"]
    first, yes, photo, reply, deleted, sticker, agenda = parsed.records
    assert sticker.metadata["attachments"] == [{"kind": "sticker", "name": "😀"}]
    assert {r.conversation for r in parsed.records} == {"signal:Jane Doe"}
    assert first.event_time == datetime(2024, 3, 12, 21, 5, 9, tzinfo=UTC)
    assert first.metadata["self"] is True and "self" not in yes.metadata
    assert yes.metadata["reactions"] == [
        {"actor": "Me", "reaction": "👍"},
        {"actor": "Bo", "reaction": "❤"},
    ]
    assert photo.metadata["attachments"] == [
        {"kind": "image", "name": "IMG_0001.jpg", "path": "./media/IMG_0001.jpg"}
    ]
    assert reply.metadata["quote"] == "Yes!"
    assert deleted.metadata["deleted"] is True
    assert agenda.metadata["attachments"][0]["kind"] == "file"


def test_the_older_header_with_a_comma(services: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path / "Hiking" / "chat.md",
        "[2019-05-29, 15:04] Me: How is everyone?\n[2019-05-29, 15:10] Aya: Fine\nthanks\n",
    )
    assert detect(source(path)) is PARSER
    (result,) = services.importer.run([path]).files
    assert (result.status, result.new_records, result.format) == ("added", 2, "signal")
    assert texts(parse(PARSER, path)) == ["How is everyone?", "Fine\nthanks"]


def test_markdown_notes_and_whatsapp_txt_are_not_claimed(tmp_path: Path) -> None:
    note = write(tmp_path / "diary.md", "# Monday\n\n[2024-03-12 21:05:09] started a log\n")
    assert PARSER.sniff(source(note)) == 0.0
    wa = write(
        tmp_path / "_chat.txt", "[2024-03-12 21:05:09] Rita: hi\n[2024-03-12 21:06:09] Tom: yo\n"
    )
    assert PARSER.sniff(source(wa)) == 0.0
    assert detect(source(wa)) is not PARSER


SIGNAL_TXT = (
    "[2019-12-24, 12:23] Jane Doe: Hello John!\n"
    "[2020-01-17, 21:49] John Doe: Hello\nJane!\n"
    "[2020-01-17 21:50] Jane Doe: See you: at eight\n"
)


def test_a_plain_text_signal_export_is_signal_not_whatsapp(
    services: Services, tmp_path: Path
) -> None:
    """A Signal .txt export (bracketed ISO dates with minutes, no seconds; the layout chat-miner
    reads, its test/signal/test_export.txt) was read by the WhatsApp parser ('whatsapp:...')."""
    path = write(tmp_path / "Jane Doe.txt", SIGNAL_TXT)
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    assert texts(parsed) == ["Hello John!", "Hello\nJane!", "See you: at eight"]
    assert speakers(parsed) == ["Jane Doe", "John Doe", "Jane Doe"]
    assert {r.conversation for r in parsed.records} == {"signal:Jane Doe"}
    assert parsed.records[1].event_time == datetime(2020, 1, 17, 21, 49, tzinfo=UTC)
    (result,) = services.importer.run([path]).files
    assert (result.status, result.new_records, result.format) == ("added", 3, "signal")


def test_whatsapp_txt_layouts_stay_whatsapp(tmp_path: Path) -> None:
    """Bracketed headers with seconds (iOS), unbracketed ISO headers (Android), and a file named
    like a WhatsApp export are not claimed as Signal."""
    cases = {
        "a.txt": "[2019-12-24, 12:23:05] Rita: hi\n[2019-12-24, 12:24:00] Tom: yo\n",
        "b.txt": "2019-12-24, 12:23 - Rita: hi\n2019-12-24, 12:24 - Tom: yo\n",
        "c.txt": "[2019-12-24, 12:23] Rita: hi\n[2019-12-24, 12:24:07] Tom: yo\n",
        "WhatsApp Chat with Rita.txt": "[2019-12-24, 12:23] Rita: hi\n[2019-12-24, 12:24] Tom: yo\n",
    }
    for name, text in cases.items():
        path = write(tmp_path / name, text)
        assert PARSER.sniff(source(path)) == 0.0, name
        assert detect(source(path)).name == "whatsapp", name
