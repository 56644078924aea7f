"""Background work: consolidation after the user goes idle (and paused when they type),
the folder watcher importing configured folders, and their progress on the status line."""

from __future__ import annotations

from pathlib import Path

from app.services import chat, consolidate
from app.tui.status import StatusInfo, TaskInfo
from app.tui.widgets import ChatInput, StatusBar
from models.fakes import FakeChatModel
from tests.tui.helpers import make_app, settle, visible_text, wait_ready


async def until(pilot, check, seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition never held")


async def test_chat_turns_are_consolidated_when_the_user_is_idle() -> None:
    app = make_app(FakeChatModel(["Nice!"]), consolidate_after=0.2)
    seen: list[StatusInfo] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        bar = app.screen.query_one(StatusBar)
        app.status_signal.subscribe(bar, seen.append)
        inp = app.screen.query_one(ChatInput)
        inp.insert("My sister Rita lives in Porto.")
        await pilot.press("enter")
        await settle(app, pilot)
        tiers = app.services.tiers
        assert tiers.facts.listing(about="Rita") == []  # not yet: the user may go on typing
        await until(pilot, lambda: bool(tiers.facts.listing(about="Rita")))
        await settle(app, pilot)
        assert "Rita lives in Porto." in {f.text for f in tiers.facts.listing(about="Rita")}
        assert any(t.key == "consolidate" for s in seen for t in s.tasks)
        assert all(t.key != "consolidate" for t in app.status.tasks)
        assert consolidate.pending(app.services) == 0


async def test_typing_postpones_consolidation() -> None:
    # Each message restarts the idle timer: the first message's timer is stopped by the
    # second, and nothing is consolidated until the user has been idle long enough. (Asserted
    # on the timers, not on sleeps shorter than the idle time, which a loaded machine breaks.)
    app = make_app(FakeChatModel(["Nice!"]), consolidate_after=3.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        inp = app.screen.query_one(ChatInput)
        timers = []
        for text in ("My sister Rita lives in Porto.", "I work at Siemens as a data engineer."):
            inp.insert(text)
            await pilot.press("enter")
            await settle(app, pilot)
            timers.append(app._consolidate_timer)
        first, second = timers
        assert first is not None and second is not None and first is not second
        assert first._task is None  # stopped by the second message
        tiers = app.services.tiers
        assert consolidate.pending(app.services) > 0
        await until(pilot, lambda: consolidate.pending(app.services) == 0)
        assert tiers.facts.listing(about="Rita")


async def test_consolidate_command_reports_what_it_did() -> None:
    app = make_app(FakeChatModel(["Nice!"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        chat.new_session(app.services).remember("My sister Rita lives in Porto.", "user")
        await app.run_command("", "consolidate")
        await settle(app, pilot)
        assert any(
            n.title == "Consolidated" and "facts added" in n.message for n in app._notifications
        )


async def test_watched_folders_are_imported_in_the_background(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "family.md").write_text(
        "# Family\n\nMy sister Rita lives in Porto.\n", encoding="utf-8"
    )
    monkeypatch.setenv("MNEME_WATCH_FOLDERS", f'["{inbox}"]')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await until(pilot, lambda: app.watcher is not None and app.status.records == 1)
        bar = app.screen.query_one(StatusBar)
        assert "watching 1 folder" in visible_text(bar)
        (inbox / "pets.md").write_text(
            "# Pets\n\nWe adopted a beagle called Biscuit.\n", encoding="utf-8"
        )
        await until(pilot, lambda: app.status.records == 2)
        assert "pets.md" in visible_text(bar) or "up to date" in visible_text(bar)
        await pilot.press("f5")
        await settle(app, pilot)
        from textual.widgets import DataTable

        table = app.screen.query_one("#watched", DataTable)
        assert [str(c) for c in table.get_row_at(0)] == [str(inbox), "watching"]
    assert app.watcher is None  # stopped at exit


def test_task_rendering() -> None:
    assert TaskInfo("import", "importing", 3, 8).render() == "importing ▰▰▰▱▱▱▱▱ 3/8"
    assert TaskInfo("watch", "watching 2 folders", detail="added a.md").render() == (
        "watching 2 folders · added a.md"
    )
    status = StatusInfo(model="m", records=1234, sources=5, models_ready=True, services_ready=True)
    status = status.with_task(TaskInfo("import", "importing", 1, 2))
    assert status.render() == "m · 1,234 memories · 5 sources · ready │ importing ▰▰▰▰▱▱▱▱ 1/2"
    assert status.without_task("import").render() == "m · 1,234 memories · 5 sources · ready"
