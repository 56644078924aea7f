"""Org-mode on the real fixtures: heading paths as titles, TODO states, priorities, tags
(inherited), planning lines and timestamps as event times."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from importers.formats.orgmode import PARSER
from tests.importers.chat_helpers import parse
from tests.importers.notes_helpers import FIXTURES, detected, parse_fixture


def test_headings_todo_keywords_and_inherited_tags() -> None:
    parsed = parse_fixture("orgmode/orgparse_00_simple.org")
    assert parsed.kind == "orgmode"
    assert len(parsed.records) == 13
    first, second, _, fourth = parsed.records[:4]
    assert first.text == "TODO1 Heading 0"
    assert first.title == "orgparse_00_simple > Heading 0"
    assert first.metadata["todo"] == "TODO1"  # declared with #+SEQ_TODO
    assert second.title == "orgparse_00_simple > Heading 0 > Heading 1"
    assert second.metadata["tags"] == ["TAG1", "TAG2"]
    assert fourth.title.endswith("Heading 1 > Heading 2 > Heading 3")
    assert fourth.event_time == datetime(2010, 8, 6, 21, 45, tzinfo=UTC)  # CLOSED:
    assert fourth.metadata["date_from"] == "closed"
    ninth = next(r for r in parsed.records if r.text == "Heading 9")
    assert ninth.metadata["tags"] == ["TAG2", "TAG3", "TAG4"]


def test_planning_lines_priority_properties_and_body() -> None:
    parsed = parse_fixture("orgmode/orgparse_01_attributes.org")
    rec = parsed.records[0]
    assert rec.title == "orgparse_01_attributes > A node with a lot of attributes"
    assert rec.event_time == datetime(2010, 8, 6, tzinfo=UTC)  # SCHEDULED wins
    assert rec.metadata["todo"] == "DONE" and rec.metadata["priority"] == "A"
    assert rec.metadata["properties"] == {"Effort": "1:10"}
    assert rec.metadata["planning"] == {
        "scheduled": "2010-08-06T00:00:00+00:00",
        "deadline": "2010-08-10T00:00:00+00:00",
        "closed": "2010-08-08T18:00:00+00:00",
    }
    assert "CLOCK" not in rec.text and ":PROPERTIES:" not in rec.text
    assert rec.text.startswith("DONE A node with a lot of attributes\n- <2010-08-16 Mon> DateList")
    ranged = next(r for r in parsed.records if "range in deadline" in r.text)
    assert ranged.event_time == datetime(2019, 9, 6, 10, 0, tzinfo=UTC)
    assert ranged.text == "range in deadline\nbody"


def test_repeating_deadline_and_tags_with_odd_characters() -> None:
    rent = parse_fixture("orgmode/orgparse_03_repeated_tasks.org").records[0]
    assert rent.event_time == datetime(2005, 10, 1, tzinfo=UTC)
    assert rent.metadata["todo"] == "TODO"
    tags = parse_fixture("orgmode/orgparse_05_tags.org")
    by_title = {r.text: r.metadata["tags"] for r in tags.records}
    assert by_title["Node 2"] == ["tag1", "tag2"]
    assert by_title["Node 5"] == ["@_"]
    assert by_title["Heading: :with:colon:"] == ["tag"]
    assert by_title["unicode"] == ["ёж", "tag", "háček"]


def test_source_blocks_and_nested_sections() -> None:
    parsed = parse_fixture("orgmode/langchain_README.org")
    assert [r.title for r in parsed.records] == [
        "langchain_README > Example Docs",
        "langchain_README > Example Docs > XBRL 10-K",
    ]
    assert "#+BEGIN_SRC" not in parsed.records[1].text
    assert "curl -O" in parsed.records[1].text


def test_org_is_detected_by_content_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "agenda"
    p.write_text("#+TITLE: Agenda\n* TODO Call Rita\n  SCHEDULED: <2024-01-02 Tue>\n")
    assert detected(p) == "orgmode"
    parsed = parse_fixture(p)
    assert parsed.title == "Agenda"
    assert parsed.records[0].title == "Agenda > Call Rita"
    assert parsed.records[0].event_time == datetime(2024, 1, 2, tzinfo=UTC)
    assert detected(FIXTURES / "orgmode" / "orgparse_05_tags.org") == "orgmode"


def test_an_org_roam_note_is_dated_by_its_date_keyword_and_links_read_as_labels(
    tmp_path: Path,
) -> None:
    """An org-roam note's ``#+date:`` was ignored (the text before the first heading took the
    file's modification time), and ``[[id:...][Ben Costa]]`` stayed raw in the text."""
    path = tmp_path / "20240312210509-dinner_plans.org"
    path.write_text(
        ":PROPERTIES:\n:ID:       2f6a4e3c-1111\n:END:\n#+title: Dinner plans\n"
        "#+date: [2024-03-12 Tue 21:05]\n\n"
        "Ben suggested Rua X. See [[id:9a8b7c6d-2222][Ben Costa]] and [[https://example.org/menu]].\n\n"
        "* TODO Book a table with [[id:9a8b7c6d-2222][Ben]]\nCall before noon.\n",
        encoding="utf-8",
    )
    intro, todo = parse(PARSER, path).records
    assert intro.text == "Ben suggested Rua X. See Ben Costa and https://example.org/menu."
    assert intro.event_time == datetime(2024, 3, 12, 21, 5, tzinfo=UTC)
    assert intro.metadata["date_from"] == "#+DATE"
    assert intro.metadata["links"] == ["https://example.org/menu"]
    assert todo.title == "Dinner plans > Book a table with Ben"
    assert todo.text == "TODO Book a table with Ben\nCall before noon."
    assert todo.event_time == datetime(2024, 3, 12, 21, 5, tzinfo=UTC)
