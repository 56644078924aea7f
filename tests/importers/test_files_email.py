"""Email (.eml, RFC 822 .txt) and mbox on the real fixtures: decoded headers, dates, the
text part preferred over HTML, attachments, threads, and broken headers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.bootstrap import Services
from memory.records import RecordIn
from tests.importers.notes_helpers import FIXTURES, detected, parse_fixture

EMAIL = FIXTURES / "email"
MBOX = FIXTURES / "mbox"


def body(rec: RecordIn) -> str:
    """A mail record's text after its header block (From, To, Date, Subject...)."""
    head, sep, rest = rec.text.partition("\n\n")
    assert sep and head.startswith(("From:", "Subject:", "Date:", "To:")), rec.text
    return rest


def test_plain_text_part_preferred_and_attachment_listed() -> None:
    parsed = parse_fixture(EMAIL / "langchain_fake-email-attachment.eml")
    assert parsed.kind == "email"
    (rec,) = parsed.records
    assert rec.kind == "message"
    assert rec.speaker == "Mallori Harrell"
    assert rec.title == "Fake email with attachment"
    assert rec.event_time == datetime(2022, 12, 23, 18, 8, 48, tzinfo=UTC)
    assert body(rec) == (
        "Hello!\n\nHere's the attachments!\n\nIt includes:\n\n   - Lots of whitespace\n"
        "   - Little to no content\n   - and is a quick read\n\nBest,\n\nMallori"
    )
    msg_id = "<CAPgNNXSzLVJ-d1OCX_TjFgJU7ugtQrjFybPtAMmmYZzphxNFYg@mail.gmail.com>"
    assert rec.conversation == msg_id and rec.external_id == msg_id
    assert rec.metadata["body_from"] == "text/plain"
    assert rec.metadata["attachments"] == [
        {"name": "fake-attachment.txt", "type": "text/plain", "size": 30}
    ]
    assert rec.metadata["to"] == [{"name": "Mallori Harrell", "address": "mallori@unstructured.io"}]


def test_rfc2047_headers_and_an_rfc822_txt_detected_by_content() -> None:
    path = EMAIL / "mimekit_japanese.txt"
    assert detected(path) == "email"
    (rec,) = parse_fixture(path).records
    assert rec.title == "日本語メールテスト (testing Japanese emails)"
    assert rec.speaker == "Atsushi Eno"
    assert rec.event_time == datetime(2015, 7, 21, 16, 2, 29, tzinfo=UTC)
    assert body(rec) == (
        "Let's see if both subject and body works fine...\n\n日本語が\n正常に\n送れているか\nテスト."
    )


def test_base64_utf8_sender_and_8bit_headers() -> None:
    (rec,) = parse_fixture(EMAIL / "imaptools_attachment_2_base64.eml").records
    assert rec.speaker == "Каукин Владимир"
    assert rec.event_time == datetime(2019, 5, 1, 7, 20, 29, tzinfo=UTC)  # +0500
    assert body(rec) == "two attach"  # HTML converted: it is the only body
    assert rec.metadata["body_from"] == "text/html"
    assert [a["type"] for a in rec.metadata["attachments"]] == ["message/rfc822"] * 2
    (pdf,) = parse_fixture(EMAIL / "imaptools_attachment_pdf.eml").records
    assert pdf.title == "Another PDF with 🎉 Unicode chars in it 🍿"  # raw UTF-8 header
    assert pdf.metadata["attachments"] == [
        {"name": "broken.pdf", "type": "application/pdf", "size": 1026}
    ]
    (odd,) = parse_fixture(EMAIL / "imaptools_attachment_nonascii_filename.eml").records
    assert body(odd) == "This is the first part."
    assert odd.metadata["attachments"][0]["name"] == "ciële.txt"


def test_html_only_message_becomes_text() -> None:
    (rec,) = parse_fixture(EMAIL / "imaptools_base.eml").records
    assert rec.speaker == "Яндекс"
    assert rec.title == "Соберите всю почту в этот ящик"
    assert body(rec).startswith("Соберите письма из других почтовых ящиков в Яндекс.Почте")
    assert "<" not in body(rec)


def test_a_bad_date_header_falls_back_and_warns() -> None:
    parsed = parse_fixture(EMAIL / "imaptools_bad_date_header.eml")
    (rec,) = parsed.records
    assert rec.event_time == datetime(2010, 12, 11, 6, 8, 27, tzinfo=UTC)  # oldest Received hop
    assert rec.metadata["date_from"] == "Received header"
    assert parsed.warnings == [
        "message 1 ('You may_be Eligible for Legitimate_Cash from_GovAgencies!'): "
        "bad Date header (<HR>); used the Received header time"
    ]


def test_mbox_splits_only_at_envelope_lines() -> None:
    parsed = parse_fixture(MBOX / "mimekit_unmunged.mbox")
    assert parsed.kind == "mbox"
    assert [r.title for r in parsed.records] == [
        "This is a test message with an unmunged From line",
        "Another test message with an unmunged From line",
    ]
    assert body(parsed.records[1]) == (
        "This is my favourite James Bond movie:\n\nFrom Russia with love\nYear: 1963\n\n"
        "What did Thunderbird do this time?"
    )
    simple = parse_fixture(MBOX / "mimekit_simple.mbox")
    assert len(simple.records) == 3
    assert all(body(r).startswith("Hello world.") for r in simple.records)
    big = parse_fixture(MBOX / "mimekit_content-length.mbox")
    assert big.metadata["messages"] == 29
    first = big.records[0]
    assert first.speaker == "mailusr1@navstar1.mcom.com"
    assert first.event_time == datetime(1996, 7, 22, 1, 2, 55, tzinfo=UTC)
    assert body(first) == "default echo 1\ndefault echo 2\ndefault echo 3\ndefault echo 4\ndefault echo 5"
    assert first.metadata["attachments"][0]["type"] == "message/rfc822"


THREAD = """From alice@example.com Mon Mar  4 09:00:00 2024
From: Alice <alice@example.com>
To: Bob <bob@example.com>
Subject: Lunch on Friday?
Date: Mon, 4 Mar 2024 09:00:00 +0000
Message-ID: <a1@example.com>

Shall we try the new ramen place?

From bob@example.com Mon Mar  4 10:00:00 2024
From: Bob <bob@example.com>
To: Alice <alice@example.com>
Subject: Re: Lunch on Friday?
Date: Mon, 4 Mar 2024 10:00:00 +0000
Message-ID: <b1@example.com>
In-Reply-To: <a1@example.com>

Yes, 12:30 works.

From carol@example.com Mon Mar  4 11:00:00 2024
From: Carol <carol@example.com>
Subject: Re: Lunch on Friday?
Date: Mon, 4 Mar 2024 11:00:00 +0100
Message-ID: <c1@example.com>
In-Reply-To: <b1@example.com>

Can I join?

From dave@example.com Mon Mar  4 12:00:00 2024
From: dave@example.com
Subject: RE: Fwd: lunch on  friday?
Date: Mon, 4 Mar 2024 12:00:00 +0000

Count me in too.

From erin@example.com Tue Mar  5 08:00:00 2024
From: Erin <erin@example.com>
Subject: Gym schedule
Date: Tue, 5 Mar 2024 08:00:00 +0000
Message-ID: <e1@example.com>
References: <old-root@example.com> <e0@example.com>

New times attached.
"""


def test_threads_follow_message_ids_references_and_subjects(tmp_path: Path) -> None:
    box = tmp_path / "inbox.mbox"
    box.write_text(THREAD, encoding="utf-8")
    parsed = parse_fixture(box)
    assert [r.speaker for r in parsed.records] == ["Alice", "Bob", "Carol", "dave@example.com", "Erin"]
    assert [r.conversation for r in parsed.records] == [
        "<a1@example.com>",
        "<a1@example.com>",  # In-Reply-To
        "<a1@example.com>",  # In-Reply-To a reply: followed up to the root
        "<a1@example.com>",  # no ids: joins by normalised subject
        "<old-root@example.com>",  # References name the root first
    ]
    assert parsed.records[2].event_time == datetime(2024, 3, 4, 10, 0, tzinfo=UTC)
    assert parsed.metadata == {"messages": 5, "threads": 2}


def test_every_mail_record_opens_with_its_header() -> None:
    """Issue 18 item 6: the record text carries From, To, Date and Subject (it was the body
    alone, so "who sent the email with subject testing?" had nothing to find)."""
    (rec,) = parse_fixture(EMAIL / "imaptools_attachment_nonascii_filename.eml").records
    assert rec.text == (
        "From: foo@example.com\n"
        "Subject: testing\n"
        "Date: Mon, 6 Jun 2005 22:21:22 +0200\n"
        "To: blah@example.com\n"
        "Attachments: ciële.txt\n"
        "\n"
        "This is the first part."
    )
    (fake,) = parse_fixture(EMAIL / "langchain_fake-email-attachment.eml").records
    assert fake.text.startswith(
        "From: Mallori Harrell <mallori@unstructured.io>\n"
        "Subject: Fake email with attachment\n"
        "Date: Fri, 23 Dec 2022 12:08:48 -0600\n"
        "To: Mallori Harrell <mallori@unstructured.io>\n"
    )
    (bad_date,) = parse_fixture(EMAIL / "imaptools_bad_date_header.eml").records
    assert "Date: Sat, 11 Dec 2010 06:08:27 UTC (from the Received header)" in bad_date.text


def test_a_long_mail_repeats_its_header_in_every_part(tmp_path: Path) -> None:
    mail = tmp_path / "long.eml"
    words = " ".join(f"word{i}." for i in range(1500))
    mail.write_text(
        'From: "Doe, John" <johndoe@example.com>\nTo: Ana <ana@example.org>\n'
        "Subject: The long one\nDate: Tue, 12 Mar 2024 10:00:00 +0000\n\n" + words,
        encoding="utf-8",
    )
    records = parse_fixture(mail).records
    assert len(records) > 3
    for rec in records:
        assert rec.text.startswith(
            'From: "Doe, John" <johndoe@example.com>\nSubject: The long one\n'
            "Date: Tue, 12 Mar 2024 10:00:00 +0000\nTo: Ana <ana@example.org>\n\n"
        )
    assert " ".join(body(r) for r in records) == words


def test_email_episodes_quote_the_body_not_the_header(services: Services) -> None:
    """With the header in the record text, an email's episode summary must still quote what
    the message says ("This is the first part."), not its From/To lines."""
    services.importer.run([EMAIL])
    assert services.tiers is not None
    summaries = {e.title.split(" · ")[0]: e.summary for e in services.tiers.episodes.listing()}
    assert summaries["testing"] == "foo@example.com: This is the first part."
    assert summaries["eml attachments"] == "Каукин Владимир: two attach"
    assert not any("From:" in s or "To:" in s for s in summaries.values())
