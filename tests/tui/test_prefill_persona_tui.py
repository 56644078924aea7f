"""The prefill screen (one question -> proposed answer with sources, known or unknown) and
the persona screen's empty state."""

from __future__ import annotations

from textual.widgets import Input, Label, ListView, OptionList, Static

from app.tui.screens.memory_detail import MemoryDetailScreen
from app.tui.screens.persona import PersonaScreen
from app.tui.screens.prefill import PrefillScreen, SourceItem
from models.fakes import FakeChatModel
from tests.tui.helpers import make_app, seed, settle, visible_text, wait_ready


async def ask(pilot, question: str) -> PrefillScreen:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, PrefillScreen)
    box = screen.query_one("#question", Input)
    box.focus()
    box.value = question
    await pilot.press("enter")
    await settle(pilot.app, pilot)
    return screen


async def test_prefill_proposes_a_known_answer_with_sources_then_says_unknown() -> None:
    chat = FakeChatModel(["Rita lives in Porto [1]."], capable=True)
    app = make_app(chat)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        seed(app.services)
        await pilot.press("f6")
        await settle(app, pilot)
        screen = await ask(pilot, "Where does Rita live?")
        assert screen.proposal is not None and screen.proposal.known
        assert (
            visible_text(screen.query_one("#prefill-answer", Static)) == "Rita lives in Porto [1]."
        )
        assert visible_text(screen.query_one("#prefill-status", Label)).startswith("✔ Known")
        sources = list(screen.query_one("#prefill-sources", ListView).query(SourceItem))
        assert sources and any("Porto" in s.hit.text for s in sources)
        assert sources[0].hit.source.endswith(".md")

        screen = await ask(pilot, "What is my passport number?")
        assert screen.proposal is not None and not screen.proposal.known
        assert visible_text(screen.query_one("#prefill-status", Label)).startswith("✘ Unknown")
        assert len(screen.query_one("#prefill-sources", ListView)) == 0
        assert len(chat.prompts) == 1  # the model was not asked to guess


async def test_prefill_source_opens_its_details() -> None:
    app = make_app(FakeChatModel(["Porto [1]."], capable=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        seed(app.services)
        await pilot.press("f6")
        screen = await ask(pilot, "Where does Rita live?")
        sources = screen.query_one("#prefill-sources", ListView)
        sources.focus()
        sources.index = 0
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MemoryDetailScreen)


async def test_persona_screen_explains_where_statements_come_from() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PersonaScreen)
        assert visible_text(screen.query_one("#persona-title", Static)).startswith(
            "No profile yet."
        )
        assert not screen.query_one("#persona-list", OptionList).display
        await pilot.press("c")
        assert any("Highlight a statement" in n.message for n in app._notifications)
