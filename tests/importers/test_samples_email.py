"""Email messages written by other projects (``tests/data/samples/email``, see
``tests/data/samples/SOURCES.tsv``): encoded names with commas, addresses as display names,
mislabelled charsets, Outlook .msg files."""

from __future__ import annotations

import base64
from pathlib import Path

from app.bootstrap import Services
from importers.charsets import decode_bytes
from importers.formats.eml import PARSER
from importers.registry import detect
from tests.conftest import write
from tests.importers.chat_helpers import parse, source

SAMPLES = Path(__file__).parents[1] / "data" / "samples" / "email"


def test_an_encoded_name_with_a_comma_keeps_its_address() -> None:
    """mail-parser's mail_test_18: ``From: =?iso-8859-1?Q?Last=DFlName=2C_FirstName?= <...>``
    was decoded before it was split at commas, so the sender became the 'address'
    'LastßlName' and comma.name@example.com was lost."""
    (rec,) = parse(PARSER, SAMPLES / "mailparser_mail_test_18.eml").records
    assert rec.speaker == "LastßlName, FirstName"
    assert rec.metadata["from"] == {
        "name": "LastßlName, FirstName",
        "address": "comma.name@example.com",
    }
    assert rec.metadata["to"] == [{"name": "", "address": "tony.stark@example.com"}]
    assert rec.metadata["cc"][1] == {"name": 'John "Johnny" Doe', "address": "john.doe@example.com"}
    assert rec.text.startswith('From: "LastßlName, FirstName" <comma.name@example.com>\n')


def test_an_address_used_as_a_display_name_keeps_the_real_address() -> None:
    """mail_test_19: ``From: alice@example.com <bob@example.com>`` kept alice@ as the
    address and dropped bob@ (the one mail goes to)."""
    (rec,) = parse(PARSER, SAMPLES / "mailparser_mail_test_19.eml").records
    assert rec.metadata["from"] == {"name": "alice@example.com", "address": "bob@example.com"}
    assert rec.metadata["cc"] == [{"name": "eve@example.com", "address": "frank@example.com"}]
    assert [a["address"] for a in rec.metadata["to"]] == ["charlie@example.com", "dave@example.com"]


def test_a_gbk_character_in_a_gb2312_subject_and_body(tmp_path: Path) -> None:
    """Clients label GBK text 'gb2312'; one GBK-only character (镕) made the whole encoded
    Subject stay '=?gb2312?B?...?=' and the body lose it to U+FFFD."""
    words = base64.b64encode("朱镕基的讲话".encode("gbk")).decode()
    body = base64.b64encode("会议纪要：朱镕基".encode("gbk")).decode()
    path = write(
        tmp_path / "gbk.eml",
        "From: Li Wei <li@example.cn>\nTo: me@example.org\n"
        f"Subject: =?gb2312?B?{words}?=\nDate: Mon, 26 Dec 2016 13:33:31 +0800\n"
        'MIME-Version: 1.0\nContent-Type: text/plain; charset="gb2312"\n'
        f"Content-Transfer-Encoding: base64\n\n{body}\n",
    )
    (rec,) = parse(PARSER, path).records
    assert rec.title == "朱镕基的讲话"
    assert rec.text.endswith("会议纪要：朱镕基")


def test_charset_labels_read_as_what_clients_mean() -> None:
    assert decode_bytes("“quoted”".encode("cp1252"), "iso-8859-1") == "“quoted”"
    assert decode_bytes("naïve".encode(), "us-ascii") == "naïve"
    assert decode_bytes(b"caf\xc3\xa9 \xff", "utf-8") == "café \ufffd"
    assert decode_bytes(b"plain", "x-unknown-charset") == "plain"


def test_an_outlook_msg_file_is_refused_with_what_to_do(services: Services) -> None:
    path = SAMPLES / "mailparser_mail_outlook_1.msg"
    assert detect(source(path)) is PARSER
    (result,) = services.importer.run([path]).files
    assert result.status == "failed"
    assert "an Outlook .msg file" in (result.reason or "")
    assert "save the message from Outlook as .eml" in (result.reason or "")


def test_a_bounce_and_an_image_only_part_import(services: Services) -> None:
    paths = [SAMPLES / "mailparser_mail_malformed_2.eml", SAMPLES / "mailparser_mail_test_14.eml"]
    report = services.importer.run(paths)
    assert [(f.status, f.new_records) for f in report.files] == [("added", 1), ("added", 1)]
    (bounce,) = parse(PARSER, paths[0]).records
    assert bounce.speaker == "postmaster@netpar.com.br"
    (plain,) = parse(PARSER, paths[1]).records
    assert plain.text.endswith("Plaintext here.")


TAKEOUT_MBOX = """\
From 1789000000000000001@xxx Tue Mar 12 21:05:09 +0000 2024
X-GM-THRID: 1789000000000000001
X-Gmail-Labels: Inbox,Important,"Trips, 2024"
Date: Tue, 12 Mar 2024 21:05:09 +0000
From: Ben Costa <ben@example.com>
To: Ana Silva <ana@example.com>
Subject: Dinner on Friday?
Message-ID: <m1@example.com>

Shall we book the place on Rua X?

From 1789000000000000002@xxx Tue Mar 12 22:00:00 +0000 2024
X-GM-THRID: 1789000000000000001
X-Gmail-Labels: Sent
Date: Tue, 12 Mar 2024 22:00:00 +0000
From: Ana Silva <ana@example.com>
To: Ben Costa <ben@example.com>
Subject: booked it

Booked for 8pm.

From 1789000000000000003@xxx Wed Mar 13 09:00:00 +0000 2024
X-GM-THRID: 1789000000000000003
X-Gmail-Labels: Chat
From: Ben Costa <ben@example.com>
Date: Wed, 13 Mar 2024 09:00:00 +0000

running late
"""


def test_gmail_takeout_labels_and_threads(tmp_path: Path) -> None:
    """A Gmail Takeout mbox's X-Gmail-Labels were dropped, and a message with no ids and a
    new subject left its Gmail thread (X-GM-THRID)."""
    from importers.formats.mbox import PARSER as MBOX

    path = write(tmp_path / "All mail Including Spam and Trash.mbox", TAKEOUT_MBOX)
    first, booked, chat = parse(MBOX, path).records
    assert first.metadata["labels"] == ["Inbox", "Important", "Trips, 2024"]
    assert booked.metadata["labels"] == ["Sent"] and chat.metadata["labels"] == ["Chat"]
    assert first.conversation == booked.conversation == "<m1@example.com>"
    assert chat.conversation == "gmail-thread:1789000000000000003"
    assert chat.text.endswith("running late")
