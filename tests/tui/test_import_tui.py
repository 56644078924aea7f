"""The import screen: choose a folder, preview (nothing written), import with progress, read
the report; watched folders are listed with their status."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Static

from app.tui.screens.import_screen import ImportScreen
from app.tui.status import TaskInfo
from tests.conftest import FIXTURES
from tests.tui.helpers import make_app, settle, visible_text, wait_ready, write_notes


def rows(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def open_import(app, pilot) -> ImportScreen:  # type: ignore[no-untyped-def]
    await wait_ready(app, pilot)
    await pilot.press("f5")
    await settle(app, pilot)
    assert isinstance(app.screen, ImportScreen)
    return app.screen


async def add_path(pilot, screen: ImportScreen, path: Path) -> None:  # type: ignore[no-untyped-def]
    box = screen.query_one("#path-input", Input)
    box.focus()
    box.value = str(path)
    await pilot.press("enter")


async def test_preview_then_import_a_folder_with_progress(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes")
    app = make_app(browse_root=tmp_path)
    seen: list[TaskInfo] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot)
        app.status_signal.subscribe(screen, lambda s: seen.extend(s.tasks))
        await add_path(pilot, screen, notes)
        assert screen.paths == [str(notes)]
        assert screen.query_one("#chosen", OptionList).option_count == 1

        await pilot.press("ctrl+t")
        await settle(app, pilot)
        table = screen.query_one("#report", DataTable)
        assert sorted(r[:2] for r in rows(table)) == [
            ["notes/family.md", "added"],
            ["notes/pets.md", "added"],
            ["notes/photo.bin", "skipped"],
        ]
        assert "Nothing was written" in visible_text(screen.query_one("#import-summary", Static))
        assert app.services is not None and app.services.store.counts()["records"] == 0

        await pilot.press("ctrl+r")
        await settle(app, pilot)
        report = sorted(rows(table))
        assert [r[:3] for r in report] == [
            ["notes/family.md", "added", "1"],
            ["notes/pets.md", "added", "1"],
            ["notes/photo.bin", "skipped", "0"],
        ]
        assert "unsupported binary format" in report[2][3]
        assert app.services.store.counts()["records"] == 2
        assert "2 memories · 2 sources" in app.status_text()
        assert "Imported 2 new memories" in visible_text(
            screen.query_one("#import-summary", Static)
        )
        # progress reached the status line while it ran, and is gone now
        assert any(t.key == "import" and t.total == 3 for t in seen)
        assert all(t.key != "import" for t in app.status.tasks)
        assert visible_text(screen.query_one("#progress-label", Static)).startswith("done 3/3")

        await pilot.press("ctrl+r")  # again: nothing new
        await settle(app, pilot)
        assert {r[1] for r in rows(table)} == {"unchanged", "skipped"}


async def test_tree_selection_adds_a_file_and_delete_removes_it() -> None:
    app = make_app(browse_root=FIXTURES / "markdown")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot)
        tree = screen.query_one("#tree")
        tree.focus()
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert len(screen.paths) == 1 and screen.paths[0].startswith(str(FIXTURES / "markdown"))
        chosen = screen.query_one("#chosen", OptionList)
        chosen.focus()
        chosen.highlighted = 0
        await pilot.press("delete")
        assert screen.paths == [] and chosen.option_count == 0


async def test_watched_folders_are_listed_with_their_status(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    there = tmp_path / "inbox"
    there.mkdir()
    monkeypatch.setenv("MNEME_WATCH_FOLDERS", f'["{there}", "{tmp_path / "gone"}"]')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot)
        table = screen.query_one("#watched", DataTable)
        got = dict((r[0], r[1]) for r in rows(table))
        assert got[str(tmp_path / "gone")] == "missing"
        assert str(there) in got and got[str(there)] != "missing"


async def test_import_without_paths_says_what_to_do() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert not screen.running
        assert any("Choose at least one" in n.message for n in app._notifications)


async def test_a_chat_imported_here_keeps_the_users_own_messages_as_theirs(
    tmp_path: Path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """With MNEME_SELF_NAMES set, a WhatsApp chat imported from F5 marks the user's messages
    as theirs (their name as speaker, ``metadata.self``), as ``mneme import`` does."""
    chat = FIXTURES / "whatsapp" / "langchain_chatloaders_whatsapp_chat.txt"
    monkeypatch.setenv("MNEME_SELF_NAMES", '["Jungle Jane"]')
    app = make_app(browse_root=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(app, pilot)
        await add_path(pilot, screen, chat)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert [r[:2] for r in rows(screen.query_one("#report", DataTable))] == [
            [chat.name, "added"]
        ]
        services = app.services
        assert services is not None
        (source,) = services.store.sources(status="active")
        records = services.store.source_records(source.id)
        mine = [r for r in records if r.metadata.get("self")]
        theirs = [r for r in records if r.speaker == "Dr. Feather"]
        assert len(mine) == 4 and theirs
        assert {r.speaker for r in mine} == {"Jungle Jane"}
        assert not any(r.metadata.get("self") for r in theirs)
        assert "Looking forward to it!" in " ".join(r.text for r in mine)
