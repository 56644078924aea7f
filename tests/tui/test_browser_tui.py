"""The memory browser: look up a person (dossier from every tier), filter by tier / source /
time, open details, pin, forget (after seeing what it deletes), resolve a conflict."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input, OptionList, Select, Static

from app.services import chat
from app.tui.screens.browser import MemoryBrowserScreen
from app.tui.screens.conflict import ResolveConflictScreen
from app.tui.screens.forget import ForgetScreen
from app.tui.screens.memory_detail import MemoryDetailScreen
from memory.errors import NotFoundError
from tests.tui.helpers import make_app, seed, seed_conflict, settle, visible_text, wait_ready

CHAT_TURN = "Rita phoned: the move to Lisbon is confirmed."


async def open_browser(app, pilot) -> MemoryBrowserScreen:  # type: ignore[no-untyped-def]
    await wait_ready(app, pilot)
    seed(app.services)
    session = chat.new_session(app.services)
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


def sections(screen: MemoryBrowserScreen) -> list[str]:
    options = screen.query_one("#dossier", OptionList)
    return [
        str(options.get_option_at_index(i).prompt).strip()
        for i in range(options.option_count)
        if options.get_option_at_index(i).disabled
    ]


async def highlight(pilot, screen: MemoryBrowserScreen, item_id: str) -> None:  # type: ignore[no-untyped-def]
    options = screen.query_one("#dossier", OptionList)
    options.focus()
    for i in range(options.option_count):
        oid = options.get_option_at_index(i).id or ""
        if oid.split(":")[-2:-1] == [item_id] or oid == item_id:
            options.highlighted = i
            await pilot.pause()
            return
    raise AssertionError(f"{item_id} is not in the dossier")


async def test_look_up_a_person_shows_the_dossier_by_tier_with_sources() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(app, pilot)
        texts = await look_up(pilot, screen, "Rita")
        assert sections(screen) == [
            "Current facts",
            "Timeline of episodes",
            "Persona",
            "Mentioned in",
        ]
        assert {"Rita lives in Porto.", "Your sister is Rita.", "Rita's birthday is 4 May."} <= set(
            texts
        )
        assert "My sister Rita lives in Porto with her two cats." in texts
        assert "Called Rita; she is moving from Porto to Lisbon in June." in texts
        assert not any("Cannondale" in t for t in texts)
        tiers = {i.tier for i in screen._items.values()}
        assert tiers == {"fact", "episode", "persona", "record"}
        title = visible_text(screen.query_one("#dossier-title", Static))
        assert title.startswith("What I know about “Rita”")
        sources = visible_text(screen.query_one("#sources-body", Static))
        assert "family.md" in sources and "2024-03-10.md" in sources and "bikes.md" not in sources


async def test_a_subject_nothing_names_shows_related_memories_by_meaning() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(app, pilot)
        texts = await look_up(pilot, screen, "road cycling derailleur")
        assert sections(screen)[0].startswith("Related memories")
        assert any("rear derailleur needs new cables" in t for t in texts)
        await look_up(pilot, screen, "passport number")
        assert "Nothing stored about" in visible_text(screen.query_one("#dossier-title", Static))


async def test_filters_by_tier_source_and_time() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(app, pilot)
        await look_up(pilot, screen, "Rita")
        assert CHAT_TURN in [i.text for i in screen._items.values()]
        tier = screen.query_one("#filter-tier", Select)
        tier.value = "fact"
        await settle(app, pilot)
        assert screen._items and {i.tier for i in screen._items.values()} == {"fact"}
        tier.value = ""
        kinds = screen.query_one("#filter-source", Select)
        kinds.value = "mneme-chat"
        await settle(app, pilot)
        assert [i.text for i in screen._items.values()] == [CHAT_TURN]
        kinds.value = "markdown"
        await settle(app, pilot)
        assert CHAT_TURN not in [i.text for i in screen._items.values()]
        assert {i.source_kind for i in screen._items.values()} == {"markdown"}
        kinds.value = ""
        screen.query_one("#filter-time", Select).value = "7"  # the clock says 2024-03-15
        await settle(app, pilot)
        kept = list(screen._items.values())
        assert kept and all((i.timestamp or "") >= "2024-03-08" for i in kept)
        assert "My sister Rita lives in Porto with her two cats." not in [i.text for i in kept]
        assert "Called Rita; she is moving from Porto to Lisbon in June." in [i.text for i in kept]


async def test_enter_opens_a_fact_with_its_evidence_and_history() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(app, pilot)
        await look_up(pilot, screen, "Rita")
        fact = next(i for i in screen._items.values() if i.text == "Rita lives in Porto.")
        await highlight(pilot, screen, fact.item_id)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MemoryDetailScreen)
        body = visible_text(app.screen.query_one("#detail-body", Static))
        assert body.startswith("Rita lives in Porto.")
        assert f"fact ({fact.item_id}, current)" in body
        assert "My sister Rita lives in Porto with her two cats." in body  # the evidence
        assert "learned" in body and "Strength" in body


async def test_pin_then_unpin_the_highlighted_item() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(app, pilot)
        await look_up(pilot, screen, "Rita")
        fact = next(i for i in screen._items.values() if i.text == "Rita lives in Porto.")
        await highlight(pilot, screen, fact.item_id)
        await pilot.press("p")
        await settle(app, pilot)
        tiers = app.services.tiers
        assert tiers.decay.state(fact.item_id).pinned
        again = next(i for i in screen._items.values() if i.item_id == fact.item_id)
        assert again.pinned  # the dossier was refreshed
        await highlight(pilot, screen, fact.item_id)
        await pilot.press("p")
        await settle(app, pilot)
        assert not tiers.decay.state(fact.item_id).pinned


async def test_forget_shows_what_goes_and_deletes_only_after_yes() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(app, pilot)
        await look_up(pilot, screen, "Rita")
        rec = next(i for i in screen._items.values() if i.text.startswith("Called Rita"))
        await highlight(pilot, screen, rec.item_id)
        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, ForgetScreen)
        plan = visible_text(app.screen.query_one("#forget-body", Static))
        assert plan.startswith("Would delete: 1 records") and "Called Rita" in plan
        await pilot.press("escape")  # cancel: nothing happens
        await settle(app, pilot)
        assert app.services.store.record(int(rec.item_id[1:])).text.startswith("Called Rita")
        await highlight(pilot, screen, rec.item_id)
        await pilot.press("f")
        await settle(app, pilot)
        await pilot.click("#yes")
        await settle(app, pilot)
        assert isinstance(app.screen, MemoryBrowserScreen)
        with pytest.raises(NotFoundError):
            app.services.store.record(int(rec.item_id[1:]))
        assert not any(i.text.startswith("Called Rita") for i in screen._items.values())


async def test_resolve_a_conflict_by_choosing_the_current_value() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(app, pilot)
        seed_conflict(app.services)
        await look_up(pilot, screen, "Rita")
        assert screen._conflicts
        oid = next(iter(screen._conflicts))
        await highlight(pilot, screen, oid)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, ResolveConflictScreen)
        options = app.screen.query_one("#conflict-options", OptionList)
        braga = next(
            i
            for i in range(options.option_count)
            if "Braga" in str(options.get_option_at_index(i).prompt)
        )
        options.highlighted = braga
        await pilot.press("enter")
        await settle(app, pilot)
        tiers = app.services.tiers
        assert tiers.conflicts.open() == []
        current = {f.text for f in tiers.facts.listing(about="Rita") if f.status == "current"}
        assert "Rita lives in Braga." in current and "Rita lives in Porto." not in current
        assert not screen._conflicts


async def test_the_details_modal_pins_too() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(app, pilot)
        await look_up(pilot, screen, "Rita")
        fact = next(i for i in screen._items.values() if i.tier == "fact")
        await highlight(pilot, screen, fact.item_id)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.query_one("#pin", Button).label.plain == "Pin"
        await pilot.click("#pin")
        await settle(app, pilot)
        assert isinstance(app.screen, MemoryBrowserScreen)
        assert app.services.tiers.decay.state(fact.item_id).pinned
