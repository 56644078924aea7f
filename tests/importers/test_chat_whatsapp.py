"""WhatsApp importer against the real sample exports, plus zips and re-import dedup."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bootstrap import Services
from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.whatsapp import PARSER, chat_name
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import CHATS, make_zip, parse, source, speakers, texts

WA = CHATS / "whatsapp"
IOS = WA / "langchain_chatloaders_whatsapp_chat.txt"
MIXED = WA / "langchain_examples_whatsapp_chat.txt"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "order"),
    [
        ("chatminer_test_ddmmyy_24hrs.txt", "day-first"),
        ("chatminer_test_mmddyy_24hrs.txt", "month-first"),
        ("chatminer_test_yyyymmdd_24hrs.txt", "day-first"),
    ],
)
def test_android_layouts_and_date_orders_read_the_same_chat(name: str, order: str) -> None:
    parsed = parse(PARSER, WA / name)
    assert parsed.kind == "whatsapp"
    assert parsed.metadata["date_order"] == order
    assert len(parsed.records) == 9
    assert speakers(parsed) == [
        "John Doe", "John Doe", "Jahn Doe", "John-John Doe", None, None,
        "John Doe 🤓", "🤓", "John Doe",
    ]  # fmt: skip
    times = [r.event_time for r in parsed.records]
    assert times[0] == utc(2019, 1, 1, 11, 25)
    assert times[1] == utc(2019, 1, 20, 11, 23)
    assert times[4] == utc(2020, 6, 20, 0, 8)
    assert times[-1] == utc(2021, 12, 30, 22, 1)
    assert parsed.records[1].text == "."
    assert parsed.records[2].text == (
        "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero."
    )
    assert parsed.records[3].text == "Lorem ipsum : dolor sit amet."
    system = parsed.records[4]
    assert system.text == '+12 345 578 created group "Groupname"'
    assert system.metadata["system"] is True and system.speaker is None
    assert parsed.records[5].text == "You were added"
    assert all(r.metadata["local_time"] is True for r in parsed.records)
    assert {r.conversation for r in parsed.records} == {f"whatsapp:{Path(name).stem}"}


def test_ios_export_12_hour_times_media_marks_and_encryption_notice() -> None:
    parsed = parse(PARSER, IOS, "Jungle Jane")
    assert len(parsed.records) == 11  # the encryption notice is skipped as noise
    assert parsed.metadata["skipped_notices"] == 1
    first = parsed.records[0]
    assert first.speaker == "Dr. Feather"
    assert first.event_time == utc(2023, 8, 15, 9, 12, 43)
    assert first.text == (
        "I spotted a rare Hyacinth Macaw yesterday in the Amazon Rainforest. "
        "Such a magnificent creature!"
    )
    image = parsed.records[1]
    assert image.text == "[image]"
    assert image.metadata["attachments"] == [{"kind": "image", "omitted": True}]
    assert parsed.records[-1].event_time == utc(2023, 8, 15, 21, 25, 16)  # 9:25:16 PM
    assert parsed.records[-1].text == "Looking forward to it! Keep up the great work."
    jane = [r for r in parsed.records if r.speaker == "Jungle Jane"]
    assert len(jane) == 4 and all(r.metadata.get("self") for r in jane)
    assert not any(r.metadata.get("self") for r in parsed.records if r.speaker != "Jungle Jane")
    for r in parsed.records:
        assert "\u200e" not in r.text and "\u200e" not in (r.speaker or "")


def test_mixed_layouts_narrow_spaces_tilde_names_media_and_deleted() -> None:
    parsed = parse(PARSER, MIXED)
    got = [(r.speaker, r.event_time, r.text) for r in parsed.records]
    assert got[0] == ("James", utc(2023, 5, 5, 15, 48, 11), "Hi here")
    assert got[2] == ("User 2", utc(2023, 1, 23, 3, 19), "Bye!")
    assert got[3] == ("User 1", utc(2023, 1, 23, 3, 22), "And let me know if anything changes")
    assert got[4] == ("User name 2", utc(2021, 1, 24, 12, 41, 3), "Of course!")
    assert got[5] == ("User 2", utc(2023, 5, 4, 16, 13, 23), "See you!")
    assert got[6] == ("User 1", utc(2022, 7, 19, 23, 32), "Hello")  # 11:32\u202fPM
    assert got[7] == ("User 2", utc(2022, 7, 20, 11, 32), "Goodbye")
    media = parsed.records[8]
    assert media.text == "[media]" and media.metadata["attachments"][0]["kind"] == "media"
    deleted = parsed.records[9]
    assert deleted.event_time == utc(2023, 6, 29, 0, 16)  # 12:16 am
    assert deleted.metadata["deleted"] is True


def test_date_order_is_decided_by_the_order_dates_run_in(tmp_path: Path) -> None:
    chat = write(
        tmp_path / "chat.txt",
        "11/02/23, 10:00 - Ana: first\n01/03/23, 10:00 - Ben: second\n05/03/23, 10:00 - Ana: third\n",
    )
    parsed = parse(PARSER, chat)
    assert [r.event_time for r in parsed.records] == [
        utc(2023, 2, 11, 10),
        utc(2023, 3, 1, 10),
        utc(2023, 3, 5, 10),
    ]
    assert parsed.metadata["date_order"] == "day-first"
    assert parsed.warnings == []


def test_ambiguous_dates_are_a_reported_guess(tmp_path: Path) -> None:
    chat = write(
        tmp_path / "chat.txt", "[01/02/23, 9:00:00 AM] Ana: hi\n[01/02/23, 9:01:00 PM] Ben: yo\n"
    )
    parsed = parse(PARSER, chat)
    assert parsed.metadata["date_order"] == "month-first"
    assert parsed.records[1].event_time == utc(2023, 1, 2, 21, 1)
    assert any("assumed month-first" in w for w in parsed.warnings)


def test_ios_attachments_edits_and_system_notices(tmp_path: Path) -> None:
    lrm = "\u200e"
    chat = write(
        tmp_path / "WhatsApp Chat - Hiking.txt",
        f"[02/03/2024, 18:04:05] Hiking: {lrm}Ana created group “Hiking”\n"
        f"{lrm}[02/03/2024, 18:05:00] Ana: {lrm}<attached: 00000012-PHOTO-2024-03-02-18-05-00.jpg>\n"
        "[02/03/2024, 18:06:00] Ben: Where is the trailhead?\n"
        "It's past the bridge <This message was edited>\n"
        f"[14/03/2024, 07:00:00] Ben: {lrm}Missed voice call\n",
    )
    parsed = parse(PARSER, chat)
    assert parsed.title == "Hiking"
    notice, photo, edited, call = parsed.records
    assert notice.speaker is None and notice.metadata["system"] is True
    assert notice.metadata["posted_as"] == "Hiking"
    assert notice.text == "Ana created group “Hiking”"
    assert photo.speaker == "Ana"
    assert photo.metadata["attachments"] == [
        {"kind": "image", "name": "00000012-PHOTO-2024-03-02-18-05-00.jpg"}
    ]
    assert photo.text == "[image: 00000012-PHOTO-2024-03-02-18-05-00.jpg]"
    assert edited.text == "Where is the trailhead?\nIt's past the bridge"
    assert edited.metadata["edited"] is True
    assert call.speaker == "Ben" and call.metadata["call"] is True
    assert call.event_time == utc(2024, 3, 14, 7)


def test_chat_names_come_from_export_file_names() -> None:
    assert chat_name("WhatsApp Chat with Rita.txt") == "Rita"
    assert chat_name("WhatsApp Chat - Book club.zip") == "Book club"
    assert chat_name("_chat.txt", "WhatsApp Chat - Book club.zip") == "Book club"
    assert chat_name("_chat.txt", "WhatsApp Chat - Book club") == "Book club"
    assert chat_name("family.txt") == "family"


def test_export_zip_is_read_whole_with_media_in_archive(tmp_path: Path) -> None:
    text = IOS.read_text(encoding="utf-8").replace(
        "\u200eimage omitted", "\u200e<attached: 00000003-PHOTO-2023-08-15-09-12-48.jpg>", 1
    )
    archive = make_zip(
        tmp_path / "WhatsApp Chat - Dr. Feather.zip",
        {"_chat.txt": text, "00000003-PHOTO-2023-08-15-09-12-48.jpg": b"\xff\xd8\xff\xe0jpeg"},
    )
    f = source(archive)
    assert PARSER.sniff(f) >= 0.6
    assert detect(f) is PARSER
    parsed = PARSER.parse(f, ParseOptions())
    assert parsed.title == "Dr. Feather"
    assert len(parsed.records) == 11
    photo = parsed.records[1]
    assert photo.metadata["attachments"] == [
        {"kind": "image", "name": "00000003-PHOTO-2023-08-15-09-12-48.jpg", "in_archive": True}
    ]
    assert {r.conversation for r in parsed.records} == {"whatsapp:Dr. Feather"}


def test_same_chat_from_txt_then_zip_adds_nothing(services: Services, tmp_path: Path) -> None:
    txt = tmp_path / "WhatsApp Chat with Dr. Feather.txt"
    shutil.copy(IOS, txt)
    first = services.importer.run([txt])
    assert first.files[0].status == "added" and first.records_added == 11
    archive = make_zip(
        tmp_path / "zips" / "WhatsApp Chat with Dr. Feather.zip",
        {"WhatsApp Chat with Dr. Feather.txt": IOS.read_bytes(), "IMG-0001.jpg": b"\xff\xd8"},
    )
    second = services.importer.run([archive])
    assert len(second.files) == 1 and second.files[0].format == "whatsapp"
    assert second.files[0].records == 11
    assert second.records_added == 0
    assert services.store.counts()["records"] == 11


def test_extracted_ios_folder_and_its_zip_dedup(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "WhatsApp Chat - Dr. Feather"
    folder.mkdir()
    shutil.copy(IOS, folder / "_chat.txt")
    assert services.importer.run([folder]).records_added == 11
    archive = make_zip(
        tmp_path / "WhatsApp Chat - Dr. Feather.zip", {"_chat.txt": IOS.read_bytes()}
    )
    assert services.importer.run([archive]).records_added == 0


def test_appended_messages_are_the_only_ones_added(services: Services, tmp_path: Path) -> None:
    chat = tmp_path / "WhatsApp Chat with Dr. Feather.txt"
    shutil.copy(IOS, chat)
    assert services.importer.run([chat]).records_added == 11
    with chat.open("a", encoding="utf-8") as fh:
        fh.write("[8/16/23, 8:00:00 AM] Jungle Jane: Did you send the draft?\n")
        fh.write("[8/16/23, 8:05:00 AM] Dr. Feather: Yes, check your inbox.\nIt's long!\n")
    again = services.importer.run([chat])
    result = again.files[0]
    assert (result.status, result.new_records, result.superseded) == ("updated", 2, 0)
    assert services.importer.run([chat]).records_added == 0
    rows = services.db.execute(
        "SELECT speaker, text, event_time FROM records WHERE status = 'active' ORDER BY seq DESC LIMIT 1"
    ).fetchall()
    assert rows == [
        ("Dr. Feather", "Yes, check your inbox.\nIt's long!", "2023-08-16T08:05:00+00:00")
    ]


def test_binary_named_txt_is_a_parse_error(tmp_path: Path) -> None:
    bad = tmp_path / "WhatsApp Chat with X.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    assert PARSER.sniff(source(bad)) == 0.0
    with pytest.raises(ParseError, match=r"WhatsApp Chat with X.txt: binary"):
        PARSER.parse(source(bad), ParseOptions())


def test_text_without_messages_is_a_parse_error(tmp_path: Path) -> None:
    notes = write(tmp_path / "notes.txt", "Shopping list\n- eggs\n- milk\n")
    assert PARSER.sniff(source(notes)) == 0.0
    with pytest.raises(ParseError, match=r"notes.txt: no WhatsApp messages found"):
        PARSER.parse(source(notes), ParseOptions())


def test_broken_zips_are_parse_errors(tmp_path: Path) -> None:
    corrupt = tmp_path / "WhatsApp Chat - X.zip"
    corrupt.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    with pytest.raises(ParseError, match=r"WhatsApp Chat - X.zip: not a readable zip"):
        PARSER.parse(source(corrupt), ParseOptions())
    empty = make_zip(tmp_path / "photos.zip", {"IMG-1.jpg": b"\xff\xd8"})
    with pytest.raises(ParseError, match=r"photos.zip: no WhatsApp chat .txt"):
        PARSER.parse(source(empty), ParseOptions())


def test_zip_bomb_is_refused_with_a_reason(services: Services, tmp_path: Path) -> None:
    bomb = make_zip(
        tmp_path / "WhatsApp Chat - Bomb.zip",
        {"_chat.txt": IOS.read_bytes(), "padding.bin": b"\x00" * 60_000_000},
    )
    with pytest.raises(ParseError, match="zip bomb"):
        PARSER.parse(source(bomb), ParseOptions())
    report = services.importer.run([bomb])
    assert report.files[0].status == "failed" and "zip bomb" in (report.files[0].reason or "")


def test_sniff_claims_chats_not_other_text(tmp_path: Path) -> None:
    assert PARSER.sniff(source(IOS)) >= 0.9
    log = write(tmp_path / "server.log", "2023-01-01 10:00:00 INFO started\n")
    assert PARSER.sniff(source(log)) == 0.0
    disguised = tmp_path / "backup.md"
    shutil.copy(WA / "chatminer_test_ddmmyy_24hrs.txt", disguised)
    assert detect(source(disguised)) is PARSER
    assert texts(parse(PARSER, disguised))[0] == "Lorem ipsum dolor sit amet."


def test_ios_marked_lines_that_are_not_notices_keep_their_speaker(tmp_path: Path) -> None:
    lrm = "\u200e"
    chat = write(
        tmp_path / "_chat.txt",
        f"[02/03/2024, 18:04:05] Ana: {lrm}Location: https://maps.google.com/?q=41.1,-8.6\n"
        f"[02/03/2024, 18:05:05] Trip: {lrm}Ben added Mia\n"
        f"[02/03/2024, 18:06:05] Ben: {lrm}You deleted this message.\n",
    )
    location, added, deleted = parse(PARSER, chat).records
    assert location.speaker == "Ana" and "system" not in location.metadata
    assert location.text == "Location: https://maps.google.com/?q=41.1,-8.6"
    assert (
        added.speaker is None and added.metadata["system"] is True and added.text == "Ben added Mia"
    )
    assert deleted.speaker == "Ben" and deleted.metadata["deleted"] is True


TWIN_24H = WA / "chatminer_test_mmddyy_24hrs.txt"


def twelve_hour(text: str, am: str, pm: str, *, before: bool = False) -> str:
    """The real 24-hour export rewritten with a 12-hour clock in a locale's style
    (``before``: the marker goes before the time, as in Japanese)."""
    import re

    def fix(m: re.Match[str]) -> str:
        month, day, year, hour, minute = m.groups()
        h = int(hour)
        marker = pm if h >= 12 else am
        shown = "00" if h == 0 else str(h % 12 or 12)  # "00:08 a. m.", as phones write it
        clock = f"{marker}{shown}:{minute}" if before else f"{shown}:{minute} {marker}"
        return f"{month}/{day}/20{year}, {clock} - "

    return re.sub(r"^(\d\d)/(\d\d)/(\d\d), (\d\d):(\d\d) - ", fix, text, flags=re.M)


@pytest.mark.parametrize(
    ("am", "pm", "before"),
    [
        ("a. m.", "p. m.", False),  # Spanish (the file)
        ("a.\u00a0m.", "p.\u00a0m.", False),  # Spanish with no-break spaces
        ("a.m.", "p.m.", False),
        ("AM", "PM", False),
        ("午前", "午後", True),  # Japanese
    ],
)
def test_locale_am_pm_forms_read_like_their_24_hour_twin(
    tmp_path: Path, am: str, pm: str, before: bool
) -> None:
    """Issue 19 item 7: "06/20/2020, 00:08 a. m. - ..." was dropped: 8 records, not 9."""
    twin = parse(PARSER, TWIN_24H)
    path = write(tmp_path / "chat.txt", twelve_hour(TWIN_24H.read_text("utf-8"), am, pm, before=before))
    parsed = parse(PARSER, path)
    assert parsed.warnings == []
    assert len(parsed.records) == 9
    assert [r.event_time for r in parsed.records] == [r.event_time for r in twin.records]
    assert texts(parsed) == texts(twin)
    assert parsed.records[4].event_time == utc(2020, 6, 20, 0, 8)


def test_a_dated_line_that_matches_no_layout_is_a_warning_with_its_line(tmp_path: Path) -> None:
    """Issue 19 item 7: a line that matches no pattern is reported with its line number
    (it used to vanish silently into the message before it)."""
    lines = TWIN_24H.read_text("utf-8").splitlines()
    lines[5] = lines[5].replace("06/20/20, 00:08 - ", "06/20/20 um 00:08 Uhr - ")
    path = write(tmp_path / "chat.txt", "Exported chat\n" + "\n".join(lines) + "\n")
    parsed = parse(PARSER, path)
    assert len(parsed.records) == 8
    assert parsed.warnings == [
        "line 1: before the first message; ignored",
        "line 7: a date at the start but no message layout we know; kept as text of the "
        "previous message",
    ]
    assert parsed.records[3].text.endswith('06/20/20 um 00:08 Uhr - +12 345 578 created group "Groupname"')


def test_line_warnings_are_in_the_import_report(services: Services, tmp_path: Path) -> None:
    text = twelve_hour(TWIN_24H.read_text("utf-8"), "a. m.", "p. m.")
    text = text.replace("06/30/2020, 9:10 a. m. - ", "06/30/2020 at 9:10 - ")
    path = write(tmp_path / "WhatsApp Chat with John.txt", text)
    (result,) = services.importer.run([path]).files
    assert (result.status, result.new_records) == ("added", 8)
    assert result.warnings == [
        "line 7: a date at the start but no message layout we know; kept as text of the "
        "previous message"
    ]
