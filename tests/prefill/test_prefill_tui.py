"""The prefill screen's form half (Pilot): fill a form file or a pasted form, review each
field's proposal and evidence, accept or edit (both become facts), write a filled copy."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from lxml import html as lxml_html
from textual.widgets import Input, Label, Static, TextArea

from app.services.context import AppContext
from app.tui.app import MnemeApp
from app.tui.screens.edit_text import EditTextScreen
from app.tui.screens.prefill import FieldTable, PrefillScreen
from models.fakes import FakeChatModel
from tests.prefill.conftest import DATA, Script, ana
from tests.tui.helpers import TickingClock, factory, settle, visible_text, wait_ready


def make_app() -> MnemeApp:
    """The app on fake models, its clock after the scripted life (answers are "now")."""
    clock = TickingClock(datetime(2025, 1, 10, 9, 0, tzinfo=UTC))
    return MnemeApp(AppContext(factory=factory(FakeChatModel(["I don't know."]), clock=clock)))


async def open_prefill(app, pilot) -> PrefillScreen:  # type: ignore[no-untyped-def]
    await wait_ready(app, pilot)
    ana(Script(app.services))
    await pilot.press("f6")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, PrefillScreen)
    return screen


async def fill(pilot, screen: PrefillScreen, arg: str) -> FieldTable:  # type: ignore[no-untyped-def]
    box = screen.query_one("#form-input", Input)
    box.focus()
    box.value = arg
    await pilot.press("enter")
    await settle(pilot.app, pilot)
    return screen.query_one("#form-fields", FieldTable)


def row(table: FieldTable, index: int) -> list[str]:
    return [str(c) for c in table.get_row_at(index)]


def index_of(screen: PrefillScreen, name: str) -> int:
    assert screen.form_result is not None
    return next(i for i, f in enumerate(screen.form_result.fields) if f.field.name == name)


def facts(app, predicate: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        f.object: f.status
        for f in app.services.tiers.facts.listing(history=True)
        if f.predicate == predicate
    }


async def test_form_fields_with_evidence_and_history() -> None:
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_prefill(app, pilot)
        table = await fill(pilot, screen, str(DATA / "signup.html"))
        assert screen.form_result is not None
        assert table.row_count == len(screen.form_result.fields) == 16
        city = index_of(screen, "city")
        assert row(table, city)[:3] == ["City", "Berlin", "filled"]
        assert row(table, index_of(screen, "password"))[1:3] == ["", "sensitive"]
        assert row(table, index_of(screen, "shirt"))[1:3] == ["", "unknown"]
        table.move_cursor(row=city)
        await settle(app, pilot)
        evidence = visible_text(screen.query_one("#field-evidence", Static))
        assert "You live in Berlin" in evidence
        assert "history" in evidence and "Lisbon" in evidence
        assert visible_text(screen.query_one("#form-status", Label)).startswith("9 filled")


async def test_accept_reinforces_and_edit_supersedes() -> None:
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_prefill(app, pilot)
        table = await fill(pilot, screen, str(DATA / "signup.html"))
        [diet] = [f for f in app.services.tiers.facts.listing() if f.predicate == "diet"]
        before = app.services.tiers.decay.state(diet.item_id).strength
        table.move_cursor(row=index_of(screen, "diet"))
        table.focus()
        await pilot.press("a")
        await settle(app, pilot)
        assert app.services.tiers.decay.state(diet.item_id).strength > before
        assert facts(app, "diet") == {"vegetarian": "current"}

        city = index_of(screen, "city")
        table.move_cursor(row=city)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, EditTextScreen)
        app.screen.query_one("#edit-text", Input).value = "Munich"
        await pilot.press("enter")
        await settle(app, pilot)
        assert facts(app, "lives_in") == {
            "Lisbon": "superseded",
            "Berlin": "superseded",
            "Munich": "current",
        }
        assert row(table, city)[:3] == ["City", "Munich", "filled"]
        assert "entered by you" in visible_text(screen.query_one("#field-evidence", Static))


async def test_pasted_form_and_sensitive_fields_are_never_edited() -> None:
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_prefill(app, pilot)
        screen.query_one(
            "#form-paste", TextArea
        ).text = "Where do you live?\nWhat is your passport number?\n"
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        table = screen.query_one("#form-fields", FieldTable)
        assert row(table, 0)[1:3] == ["Berlin", "filled"]
        assert row(table, 1)[1:3] == ["", "sensitive"]
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("e")
        await settle(app, pilot)
        assert app.screen is screen  # no editor for a sensitive field
        assert any("never filled" in n.message for n in app._notifications)


async def test_write_a_filled_copy(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_prefill(app, pilot)
        table = await fill(pilot, screen, str(DATA / "signup.html"))
        table.focus()
        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, EditTextScreen)
        out = tmp_path / "filled.html"
        app.screen.query_one("#edit-text", Input).value = str(out)
        await pilot.press("enter")
        await settle(app, pilot)
        doc = lxml_html.fromstring(out.read_bytes())
        assert doc.get_element_by_id("city").get("value") == "Berlin"
        assert doc.get_element_by_id("pw").get("value") is None


async def test_a_bad_form_is_reported() -> None:
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_prefill(app, pilot)
        await fill(pilot, screen, "/nonexistent/form.html")
        assert any("no such file" in n.message for n in app._notifications)
