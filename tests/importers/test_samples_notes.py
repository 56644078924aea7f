"""Note exports written by other projects (``tests/data/samples``, see
``tests/data/samples/SOURCES.tsv``): Evernote encryption and tables, a Roam graph whose
page title comes late."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from importers.formats.evernote import PARSER as EVERNOTE
from importers.formats.roam import PARSER as ROAM
from importers.htmltext import html_to_doc
from importers.registry import detect
from tests.importers.chat_helpers import parse, source, texts

SAMPLES = Path(__file__).parents[1] / "data" / "samples"


def test_encrypted_evernote_text_is_not_imported_as_its_ciphertext() -> None:
    """obsidian-importer's test-encryption.enex: the base64 of an <en-crypt> block was
    imported as if it were the note's words."""
    (rec,) = parse(EVERNOTE, SAMPLES / "evernote" / "obsidianimporter_test-encryption.enex").records
    assert rec.text == (
        "This is NOT an encrypted test\n\n[encrypted text]\n\nThis is NOT an encrypted test again"
    )


def test_a_table_keeps_its_rows() -> None:
    """test-table.enex: each cell holds a <div>, and every cell became its own paragraph
    ('c1r1\\n\\nc2r1\\n\\nc3r1...'), losing which cells share a row."""
    (rec,) = parse(EVERNOTE, SAMPLES / "evernote" / "obsidianimporter_test-table.enex").records
    assert rec.text == "c1r1 | c2r1 | c3r1\nc1r2 | c2r2 | C3r2"
    doc = html_to_doc(
        "<p>Before</p><table><tr><th><p>Day</p></th><th><p>Plan</p></th></tr>"
        "<tr><td><div>Mon</div></td><td><div>Gym</div><div>Call Ana</div></td></tr></table>"
        "<p>After</p>"
    )
    assert doc.text == "Before\n\nDay | Plan\nMon | Gym Call Ana\n\nAfter"


def test_old_and_untitled_evernote_notes() -> None:
    old = parse(EVERNOTE, SAMPLES / "evernote" / "obsidianimporter_test-old-note.enex")
    (rec,) = old.records
    assert (rec.text, rec.title) == ("text1", "Untitled")
    assert rec.event_time == datetime(1969, 10, 6, 8, 44, 13, tzinfo=UTC)
    toc = parse(EVERNOTE, SAMPLES / "evernote" / "obsidianimporter_two-untitled-notes-with-toc.enex")
    assert sorted(texts(toc)) == ["Untitled\n\nUntitled", "noteOne", "noteTwo"]


def test_a_roam_graph_whose_title_comes_after_a_long_tree_is_detected() -> None:
    """obsidian-importer's roam/small-test-graph.json writes keys in sorted order, so the
    page's "title" comes after 4 KB of "children": the file was not recognised at all
    ('unsupported format (JSON of unknown shape)')."""
    path = SAMPLES / "roam" / "obsidianimporter_small-test-graph.json"
    assert detect(source(path)) is ROAM
    parsed = parse(ROAM, path)
    assert {r.title for r in parsed.records} == {"Theme Tester"}
    assert parsed.records[0].text.startswith(
        "- Todo\n  - [ ] unchecked\n  - [x] checked\n- Text Styling\n  - **Bold**"
    )
