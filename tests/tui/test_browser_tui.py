"""The memory browser: look up a person, filter by tier / source / time, open details,
pin and forget (with a confirmation)."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select, Static

from app.tui import backend
from app.tui.screens.browser import MemoryBrowserScreen
from app.tui.screens.confirm import ConfirmScreen
from app.tui.screens.memory_detail import MemoryDetailScreen
from tests.tui.helpers import make_app, seed, settle, visible_text, wait_ready

CHAT_TURN = "Rita phoned: the move to Lisbon is confirmed."


async def open_browser(app, pilot) -> MemoryBrowserScreen:  # type: ignore[no-untyped-def]
    await wait_ready(app, pilot)
    seed(app.services)
    session = backend.new_session(app.services)
    session.remember(CHAT_TURN, "user")
    await pilot.press("f3")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, MemoryBrowserScreen)
    return screen


async def look_up(pilot, screen: MemoryBrowserScreen, subject: str) -> list[str]:  # type: ignore[no-untyped-def]
    box = screen.query_one("#lookup", Input)
    box.focus()
    box.value = subject
    await pilot.press("enter")
    await settle(pilot.app, pilot)
    return [item.text for item in screen._items.values()]


async def test_look_up_a_person_shows_memories_and_sources() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(app, pilot)
        texts = await look_up(pilot, screen, "Rita")
        assert "My sister Rita lives in Porto with her two cats." in texts
        assert "Called Rita; she is moving from Porto to Lisbon in June." in texts
        assert not any("Cannondale" in t for t in texts)
        title = visible_text(screen.query_one("#dossier-title", Static))
        assert title.startswith("What I know about “Rita”")
        sources = visible_text(screen.query_one("#sources-body", Static))
        assert "family.md" in sources and "2024-03-10.md" in sources and "bikes.md" not in sources
        options = screen.query_one("#dossier", OptionList)
        assert "Memories" in str(options.get_option_at_index(0).prompt)


async def test_filters_by_source_tier_and_time() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(app, pilot)
        await look_up(pilot, screen, "Rita")
        everything = {i.text for i in screen._items.values()}
        assert CHAT_TURN in everything and len(everything) == 4
        kinds = screen.query_one("#filter-source", Select)
        kinds.value = "markdown"
        await settle(app, pilot)
        assert CHAT_TURN not in {i.text for i in screen._items.values()}
        assert len(screen._items) == 3
        kinds.value = "mneme-chat"
        await settle(app, pilot)
        assert [i.text for i in screen._items.values()] == [CHAT_TURN]
        kinds.value = ""
        screen.query_one("#filter-time", Select).value = "7"  # the clock says 2024-03-15
        await settle(app, pilot)
        assert {i.text for i in screen._items.values()} == {
            CHAT_TURN,
            "Called Rita; she is moving from Porto to Lisbon in June.",
        }
        screen.query_one("#filter-tier", Select).value = "fact"
        await settle(app, pilot)
        assert screen._items == {}
        assert "Nothing stored about “Rita”" in visible_text(
            screen.query_one("#dossier-title", Static)
        )


async def test_enter_opens_details_and_forget_asks_first() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(app, pilot)
        await look_up(pilot, screen, "Rita Porto")
        options = screen.query_one("#dossier", OptionList)
        options.focus()
        options.highlighted = 1
        item = screen.selected_item()
        assert item is not None
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MemoryDetailScreen)
        assert item.text in visible_text(app.screen.query_one("#detail-body", Static))
        await pilot.press("escape")
        await pilot.press("f")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, MemoryBrowserScreen)
        assert item.text in [i.text for i in screen._items.values()]
