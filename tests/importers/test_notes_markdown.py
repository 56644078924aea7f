"""Markdown and Obsidian notes on the real fixtures: titles, tags, wikilinks kept as links,
embeds, vault detection, Notion page ids and Obsidian canvases."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from tests.importers.notes_helpers import FIXTURES, detected, parse_fixture


def test_frontmatter_title_tags_date_and_links() -> None:
    parsed = parse_fixture("markdown/obsidianimporter_frontmatter.md")
    assert parsed.kind == "markdown"
    assert parsed.title == "Reading list"
    assert parsed.metadata["tags"] == ["books", "fiction"]
    assert parsed.metadata["links"] == ["Reading list 2025"]
    (rec,) = parsed.records
    assert rec.event_time == datetime(2026, 1, 14, tzinfo=UTC)
    assert rec.text.startswith("Started *Piranesi* last night. #books #fiction")
    assert rec.text.endswith("So is one naming a heading: Reading list 2025.")


def test_obsidian_note_embeds_links_and_nested_tags() -> None:
    parsed = parse_fixture("obsidian/obsidiantools_vault-stub/Sussudio.md")
    assert parsed.title == "Sussudio"
    assert parsed.metadata["links"] == ["American Psycho (film)"]
    assert parsed.metadata["embeds"] == ["Sussudio.mp3", "1999.flac"]
    assert "y2000/party-over/oops/out-of-time" in parsed.metadata["tags"]
    assert parsed.metadata["frontmatter"]["artist"] == "Phil Collins"
    assert "[Sussudio.mp3]" in parsed.records[0].text  # embeds read as a bracketed name


def test_a_folder_with_dot_obsidian_is_a_vault(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(FIXTURES / "obsidian" / "obsidiantools_vault-stub", vault)
    (vault / ".obsidian").mkdir()
    parsed = parse_fixture(vault / "lipsum" / "Alimenta.md")
    assert parsed.metadata["vault"] == str(vault.resolve())
    assert parsed.metadata["note"] == "lipsum/Alimenta"
    plain = parse_fixture(FIXTURES / "obsidian" / "obsidiantools_vault-stub" / "Sussudio.md")
    assert "vault" not in plain.metadata


def test_notion_page_ids_are_dropped_from_titles(tmp_path: Path) -> None:
    note = tmp_path / "Journal 152bb52ee2b580ba808bed6975159f7c.md"
    note.write_text("# Journal\n\n# October 4\n\nA walk in the forest.\n", encoding="utf-8")
    parsed = parse_fixture(note)
    assert parsed.title == "Journal"
    assert [r.title for r in parsed.records] == ["Journal > October 4"]


def test_obsidian_canvas_text_cards_and_links() -> None:
    path = FIXTURES / "obsidian" / "obsidiantools_vault-stub" / "Crazy wall.canvas"
    assert detected(path) == "obsidian_canvas"
    parsed = parse_fixture(path)
    assert len(parsed.records) == 3
    assert parsed.records[1].text == "# Phil Collins\n\nSongs:\n- Sussudio"
    assert parsed.records[1].metadata["links"] == ["Sussudio"]
    assert parsed.metadata["files"] == ["Isolated note.md", "Sussudio.md", "Crazy wall 2.canvas"]
    assert parsed.metadata["urls"] == ["https://www.youtube.com/watch?v=rblt2EtFfC4"]
    assert parsed.metadata["groups"] == ["Music"]


def test_a_daily_note_is_dated_by_its_file_name(tmp_path: Path) -> None:
    """Obsidian daily notes ('2024-03-13.md') and Logseq journals ('2024_03_13.md') took the
    file's modification time (the day they were copied) instead of the day they are about."""
    from datetime import UTC, datetime

    from importers.formats.markdown import PARSER as MARKDOWN
    from tests.importers.chat_helpers import parse

    for name in ("2024-03-13.md", "2024_03_13.md", "2024-03-13 Wednesday.md"):
        path = tmp_path / name
        path.write_text("- Went running 5km\n- Called [[Mum]]\n", encoding="utf-8")
        (rec,) = parse(MARKDOWN, path).records
        assert rec.event_time == datetime(2024, 3, 13, tzinfo=UTC), name
        assert rec.metadata["date_from"] == "file name"
    dated = tmp_path / "2024-03-13 plan.md"
    dated.write_text("---\ndate: 2024-05-01\n---\nPlan\n", encoding="utf-8")
    (rec,) = parse(MARKDOWN, dated).records
    assert rec.event_time == datetime(2024, 5, 1, tzinfo=UTC)  # the frontmatter wins
    other = tmp_path / "20240313-notes-v2.md"
    other.write_text("text\n", encoding="utf-8")
    assert parse(MARKDOWN, other).records[0].metadata["date_from"] == "file name"
    version = tmp_path / "2024-99-99.md"
    version.write_text("text\n", encoding="utf-8")
    assert parse(MARKDOWN, version).records[0].metadata["date_from"] == "file time"
