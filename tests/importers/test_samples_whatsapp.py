"""WhatsApp exports written by other projects (``tests/data/samples/whatsapp``, see
``tests/data/samples/SOURCES.tsv``): every layout of the same chat reads as the same records."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.formats.whatsapp import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source, speakers, texts

SAMPLES = Path(__file__).parents[1] / "data" / "samples" / "whatsapp"

# sodascience/port-whatsapp-datadonation: one chat exported in seven layouts (iOS and
# Android, day- and month-first, slashes and dots, 12- and 24-hour clocks, CRLF line ends,
# U+200E before some headers, a blank line inside a message)
SODA = sorted(SAMPLES.glob("sodascience_chat*.txt"))


@pytest.mark.parametrize("path", SODA, ids=lambda p: p.name)
def test_every_layout_of_the_same_chat_reads_the_same(path: Path) -> None:
    assert len(SODA) == 7
    assert detect(source(path)) is PARSER
    parsed = parse(PARSER, path)
    assert not [w for w in parsed.warnings if "line" in w]
    got = texts(parsed)
    assert len(got) == 9  # the encryption notice is skipped
    assert got[0].replace("\n\n", "") == "Hi shiva!"
    assert got[4] == "Location: https://maps.google.com/?q=52.089451,5.108469"
    assert got[-1] == "\U0001f44dBedankt"
    assert speakers(parsed)[:4] == ["person1", "person2", "person3", "person2"]
    times = [r.event_time for r in parsed.records]
    seconds = 25 if "[" in path.read_text("utf-8")[:3] else 0
    assert times[0] == datetime(2022, 3, 16, 15, 20, seconds, tzinfo=UTC)
    assert times[-1] is not None and (times[-1].year, times[-1].month, times[-1].day) == (
        2020,
        7,
        14,
    )
    assert times[-1].hour == 22  # "10:05:54 PM" and "22:05" alike


def test_encryption_notice_posted_under_the_group_name_is_skipped(tmp_path: Path) -> None:
    """Some Android exports post the encryption notice as a message of the group itself
    ("Trip Chat: Messages and calls are end-to-end encrypted..."); it became a message of a
    speaker named after the group."""
    chat = write(
        tmp_path / "WhatsApp Chat with Trip Chat.txt",
        "15.04.2016, 15:04 - Trip Chat: Messages and calls are end-to-end encrypted. No one "
        "outside of this chat, not even WhatsApp, can read or listen to them.\n"
        "06.08.2016, 13:18 - Messages you send to this group are now secured with "
        "end-to-end encryption. Tap for more info.\n"
        "06.08.2016, 13:23 - Ana: Hey all!\n"
        "06.08.2016, 13:25 - Ben: Messages and calls are what I miss most\n",
    )
    parsed = parse(PARSER, chat)
    assert texts(parsed) == ["Hey all!", "Messages and calls are what I miss most"]
    assert speakers(parsed) == ["Ana", "Ben"]
    assert parsed.metadata["skipped_notices"] == 2


@pytest.mark.parametrize(
    ("header_1", "header_2"),
    [
        ("12.3.2024 klo 21.05 - ", "13.3.2024 klo 8.00 - "),  # Finnish Android
        ("12/03/2024 à 21:05 - ", "13/03/2024 à 08:00 - "),  # French Android
        ("[12/03/2024 à 21:05:00] ", "[13/03/2024 à 08:00:00] "),  # the same, bracketed
        ("2024. 3. 12. 오후 9:05 - ", "2024. 3. 13. 오전 8:00 - "),  # Korean Android
    ],
)
def test_locale_words_between_date_and_time(tmp_path: Path, header_1: str, header_2: str) -> None:
    """Finnish ("klo", with dotted times), French ("à") and Korean ("2024. 3. 12.") exports
    matched no message layout and were imported as one plain-text note."""
    chat = write(
        tmp_path / "WhatsApp Chat with Rita.txt",
        f"{header_1}Rita: see you at nine\n{header_2}Tom: good morning\nsecond line\n",
    )
    assert detect(source(chat)) is PARSER
    parsed = parse(PARSER, chat)
    assert texts(parsed) == ["see you at nine", "good morning\nsecond line"]
    assert speakers(parsed) == ["Rita", "Tom"]
    assert [r.event_time for r in parsed.records] == [
        datetime(2024, 3, 12, 21, 5, tzinfo=UTC),
        datetime(2024, 3, 13, 8, 0, tzinfo=UTC),
    ]


def test_a_chat_saved_as_utf16_is_still_a_chat(tmp_path: Path) -> None:
    """A chat re-saved as UTF-16 (Windows Notepad's 'Unicode') looked binary to the sniffers
    (every other byte of ASCII is NUL) and was imported as one plain-text note."""
    chat = tmp_path / "WhatsApp Chat with person2.txt"
    chat.write_text((SAMPLES / "sodascience_chat_file3.txt").read_text("utf-8"), encoding="utf-16")
    assert detect(source(chat)) is PARSER
    parsed = parse(PARSER, chat)
    assert len(parsed.records) == 9 and parsed.records[1].text == "Hi \U0001f44b"
