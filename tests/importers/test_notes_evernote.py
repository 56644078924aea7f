"""Evernote .enex on the real fixtures: notes, dates, authors, tags, checklists,
attachments, and XML that must not reach the network or expand entities."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import ParseOptions
from importers.errors import ParseError
from importers.formats.evernote import PARSER
from importers.source import SourceFile
from tests.importers.notes_helpers import parse_fixture


def test_notebook_with_two_notes() -> None:
    parsed = parse_fixture("evernote/langchain_sample_notebook.enex")
    assert parsed.kind == "evernote"
    assert [r.title for r in parsed.records] == ["Test", "Summer Training Program"]
    assert [r.text for r in parsed.records] == ["abc", "Jan - March 2022"]
    assert [r.speaker for r in parsed.records] == ["Michael McGarry", "Mike McGarry"]
    assert parsed.records[0].event_time == datetime(2023, 5, 11, 1, 12, 17, tzinfo=UTC)
    assert parsed.records[0].metadata["updated"] == "2024-07-14T01:12:28+00:00"
    assert parsed.records[0].conversation != parsed.records[1].conversation


def test_tags_and_text() -> None:
    (rec,) = parse_fixture("evernote/obsidianimporter_test-noteWithTags.enex").records
    assert rec.title == "test -note with text only"
    assert rec.text == "This is the content"
    assert rec.metadata["tags"] == ["tag1", "tag2"]


def test_checklists_keep_their_state() -> None:
    (rec,) = parse_fixture("evernote/obsidianimporter_test-task-lists.enex").records
    assert rec.text.count("- [ ] Open task") == 4
    assert rec.text.count("- [x] Done task") == 4
    assert rec.text.endswith("An ordinary numbered list\n\n- One\n- Two")
    nested = parse_fixture("evernote/obsidianimporter_test-checklist.enex").records[0]
    assert nested.text.startswith("- [ ] Checklist item 1\n- [ ] Nested item 1a\n- [x] Nested checked item")
    assert {"text": "Checked checklist item 2", "checked": True} in nested.metadata["checklist"]


def test_attachments_are_named_and_listed() -> None:
    (rec,) = parse_fixture("evernote/obsidianimporter_test-pdfAttachment.enex").records
    assert rec.text == "Note with PDF attachment\n\n[attachment: sample.pdf]"
    assert rec.metadata["attachments"] == [
        {"name": "sample.pdf", "type": "application/pdf", "size": 3028}
    ]


def test_web_clip_drops_styles_and_keeps_text() -> None:
    (rec,) = parse_fixture("evernote/obsidianimporter_source-of-webclip.enex").records
    assert rec.text == "Over 1,000 Pointless Sites"
    assert rec.metadata["attributes"]["source-url"] == "http://www.blankwebsite.com/"


def _enex(tmp_path: Path, body: str) -> SourceFile:
    p = tmp_path / "x.enex"
    p.write_text(body, encoding="utf-8")
    return SourceFile.from_path(p)


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE en-export [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<en-export><note><title>&x;</title><content>hi</content></note></en-export>"
    )
    parsed = PARSER.parse(_enex(tmp_path, xxe), ParseOptions())
    assert [r.text for r in parsed.records] == ["hi"]
    assert all("TOPSECRET" not in (r.title or "") + r.text for r in parsed.records)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lol = "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10)
    )
    doc = f"<!DOCTYPE en-export [{lol}]><en-export><note><title>&l9;</title></note></en-export>"
    with pytest.raises(ParseError, match="amplification"):
        PARSER.parse(_enex(tmp_path, doc), ParseOptions())


def test_broken_xml_names_the_problem(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="not well-formed XML"):
        PARSER.parse(_enex(tmp_path, "<en-export><note><title>x</title>"), ParseOptions())
