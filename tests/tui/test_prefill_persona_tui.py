"""The prefill screen (one question -> proposed answer with sources, known or unknown) and
the persona screen's empty state."""

from __future__ import annotations

from textual.widgets import Input, Label, ListView, OptionList, Static

from app.tui.screens.edit_text import EditTextScreen
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

        asked = len(chat.prompts)
        screen = await ask(pilot, "What is my passport number?")
        assert screen.proposal is not None and not screen.proposal.known
        assert visible_text(screen.query_one("#prefill-status", Label)).startswith("✘ Unknown")
        assert len(screen.query_one("#prefill-sources", ListView)) == 0
        assert len(chat.prompts) == asked  # the model was not asked to guess


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


async def open_persona(app, pilot) -> PersonaScreen:  # type: ignore[no-untyped-def]
    await wait_ready(app, pilot)
    seed(app.services)
    await pilot.press("f4")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, PersonaScreen)
    return screen


async def choose(pilot, screen: PersonaScreen, text: str) -> str:  # type: ignore[no-untyped-def]
    options = screen.query_one("#persona-list", OptionList)
    options.focus()
    for i in range(options.option_count):
        if str(options.get_option_at_index(i).prompt).startswith(text):
            options.highlighted = i
            await settle(pilot.app, pilot)
            return options.get_option_at_index(i).id or ""
    raise AssertionError(f"no statement {text!r}")


async def test_persona_sections_with_evidence_then_confirm_edit_reject() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_persona(app, pilot)
        options = screen.query_one("#persona-list", OptionList)
        assert str(options.get_option_at_index(0).prompt).strip() == "People"
        assert visible_text(screen.query_one("#persona-title", Static)).startswith(
            "What Mneme knows about you · 3 statements"
        )
        sid = await choose(pilot, screen, "Your sister is Rita.")
        evidence = screen.query_one("#evidence-list", OptionList)
        shown = [str(evidence.get_option_at_index(i).prompt) for i in range(evidence.option_count)]
        assert any("Your sister is Rita." in t for t in shown)  # the fact
        assert any("My sister Rita lives in Porto" in t for t in shown)  # the record
        tiers = app.services.tiers

        await pilot.press("c")
        await settle(app, pilot)
        assert tiers.persona.get(int(sid[1:])).status == "confirmed"

        await choose(pilot, screen, "Rita's birthday")
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, EditTextScreen)
        box = app.screen.query_one("#edit-text", Input)
        box.value = "Rita's birthday is on 5 May."
        await pilot.press("enter")
        await settle(app, pilot)
        texts = [s.text for s in tiers.persona.statements()]
        assert "Rita's birthday is on 5 May." in texts

        rid = await choose(pilot, screen, "Rita lives in Porto")
        await pilot.press("x")
        await settle(app, pilot)
        assert tiers.persona.get(int(rid[1:])).status not in ("current", "confirmed")
        listed = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert not any(t.startswith("Rita lives in Porto") for t in listed)
