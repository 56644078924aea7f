"""Markdown / Obsidian importer against the shared fixture files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import ParseOptions
from importers.chunking import markdown_sections, split_long
from importers.errors import ParseError
from importers.formats.markdown import PARSER as MD
from importers.formats.text import PARSER as TXT
from importers.source import SourceFile
from tests.conftest import FIXTURES, write

OPTS = ParseOptions()


def parse(path: Path):  # type: ignore[no-untyped-def]
    return MD.parse(SourceFile.from_path(path), OPTS)


def test_frontmatter_title_date_and_tags() -> None:
    parsed = parse(FIXTURES / "markdown" / "obsidianimporter_frontmatter.md")
    assert parsed.title == "Reading list"
    rec = parsed.records[0]
    assert rec.event_time == datetime(2026, 1, 14, tzinfo=UTC)
    assert rec.text.startswith("Started *Piranesi* last night.")
    tags = parsed.metadata["tags"]
    assert tags[:2] == ["books", "fiction"]
    assert parsed.metadata["links"] == ["Reading list 2025"]


def test_tags_ignore_code_numbers_and_links() -> None:
    parsed = parse(FIXTURES / "markdown" / "obsidianimporter_code.md")
    tags = parsed.metadata["tags"]
    assert "shell" in tags and "after-fence" in tags and "1a" in tags
    for not_tag in ("make", "define", "hashtag", "indented", "12", "unclaimed", "heading", "multiline-code"):
        assert not_tag not in tags


def test_nested_tags_and_heading_title() -> None:
    parsed = parse(FIXTURES / "markdown" / "obsidianimporter_tags.md")
    assert parsed.title == "Trip planning"
    assert {"travel", "planning/2026", "todo", "wishlist"} <= set(parsed.metadata["tags"])
    assert "Renew the passport" in parsed.records[0].text


def test_bad_frontmatter_is_a_warning_not_a_failure() -> None:
    parsed = parse(FIXTURES / "obsidian" / "langchain_obsidian" / "bad_frontmatter.md")
    assert parsed.warnings and "frontmatter" in parsed.warnings[0]
    assert "A document with frontmatter that isn't valid." in parsed.records[-1].text


def test_heading_aware_chunks_carry_heading_path() -> None:
    parsed = parse(FIXTURES / "obsidian" / "langchain_obsidian" / "tags_and_frontmatter.md")
    titles = [r.title for r in parsed.records]
    assert titles == [
        "tags_and_frontmatter > Tags",
        "tags_and_frontmatter > Dataview",
        "tags_and_frontmatter > Text content",
    ]


def test_wikilinks_and_embeds(tmp_path: Path) -> None:
    p = write(tmp_path / "n.md", "See [[Rita|my sister]] and [[Porto#Food]].\n\n![[photo.png]]\n")
    parsed = parse(p)
    assert parsed.metadata["links"] == ["Rita", "Porto"]
    assert parsed.metadata["embeds"] == ["photo.png"]
    assert "See my sister and Porto." in parsed.records[0].text


def test_note_without_date_uses_file_time(tmp_path: Path) -> None:
    p = write(tmp_path / "n.md", "plain note")
    parsed = parse(p)
    assert parsed.records[0].event_time == datetime.fromtimestamp(p.stat().st_mtime, UTC)
    assert parsed.metadata["date_from"] == "file time"


def test_headings_inside_code_fences_do_not_split() -> None:
    sections = markdown_sections("# A\n\n```\n# not heading\n```\n\n## B\ntext")
    assert [s.path for s in sections] == [("A",), ("A", "B")]
    assert "# not heading" in sections[0].text


def test_split_long_respects_limit_and_keeps_words() -> None:
    text = " ".join(f"word{i}" for i in range(600))
    pieces = split_long(text, 500)
    assert all(len(p) <= 500 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_non_utf8_and_binary_files_fail_with_reason(tmp_path: Path) -> None:
    latin = tmp_path / "latin.md"
    latin.write_bytes("café".encode("latin-1"))
    with pytest.raises(ParseError, match=r"latin\.md: not UTF-8 text \(byte 0xe9 at offset 3\)"):
        parse(latin)
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    with pytest.raises(ParseError, match="binary data"):
        TXT.parse(SourceFile.from_path(binary), OPTS)


def test_plain_text_paragraph_chunks(tmp_path: Path) -> None:
    p = write(tmp_path / "j.txt", "First paragraph.\n\nSecond paragraph.")
    parsed = TXT.parse(SourceFile.from_path(p), ParseOptions(chunk_chars=20))
    assert [r.text for r in parsed.records] == ["First paragraph.", "Second paragraph."]
