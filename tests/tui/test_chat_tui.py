"""The chat screen driven by Pilot, with fake models and a real store."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.services.context import AppContext
from app.tui.app import MnemeApp
from app.tui.screens.chat import ChatScreen
from app.tui.widgets import ChatInput, MemoryItem, MemoryPanel, MessageBubble
from models.fakes import FakeChatModel
from tests.conftest import fake_factory


async def wait_ready(app: MnemeApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(200):
        if app.services is not None and app.models_loaded:
            return
        await pilot.pause(0.02)
    raise AssertionError("services never became ready")


async def wait_idle(app: MnemeApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()


async def send(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    inp = pilot.app.screen.query_one(ChatInput)
    inp.focus()
    inp.insert(text)
    await pilot.press("enter")


def bubbles(app: MnemeApp) -> list[tuple[str, str]]:
    return [(b.role, b.text) for b in app.screen.query(MessageBubble)]


async def test_type_and_see_a_streamed_reply(tmp_path: Path) -> None:
    chat = FakeChatModel(["Hello! Nice to meet you."], chunk=2, capable=True)
    app = MnemeApp(AppContext(factory=fake_factory(chat)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        assert isinstance(app.screen, ChatScreen)
        await send(pilot, "Hi there")
        await wait_idle(app, pilot)
        assert bubbles(app)[-2:] == [
            ("user", "Hi there"),
            ("assistant", "Hello! Nice to meet you."),
        ]
        assert app.screen.query_one(ChatInput).text == ""


async def test_a_fact_told_earlier_is_recalled_in_a_new_session() -> None:
    chat = FakeChatModel(["Rita lives in Porto [1]."])
    ctx = AppContext(factory=fake_factory(chat))
    app = MnemeApp(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await send(pilot, "My sister Rita lives in Porto.")
        await wait_idle(app, pilot)
    app2 = MnemeApp(AppContext(factory=fake_factory(chat)))
    async with app2.run_test(size=(120, 40)) as pilot:
        await wait_ready(app2, pilot)
        await send(pilot, "Where does Rita live?")
        await wait_idle(app2, pilot)
        panel = app2.screen.query_one(MemoryPanel)
        items = list(panel.query(MemoryItem))
        assert items and items[0].hit.text == "My sister Rita lives in Porto."
        assert bubbles(app2)[-1] == ("assistant", "My sister Rita lives in Porto. [1]")
        assert chat.prompts == []  # the tiny model never words an answer


async def test_message_typed_while_loading_is_sent_when_ready() -> None:
    chat = FakeChatModel(["ok"], capable=True)
    app = MnemeApp(AppContext(factory=fake_factory(chat)))
    async with app.run_test(size=(120, 40)) as pilot:
        await send(pilot, "early bird")
        await wait_ready(app, pilot)
        await wait_idle(app, pilot)
        assert ("assistant", "ok") in bubbles(app)


async def test_escape_stops_a_long_reply() -> None:
    class Slow(FakeChatModel):
        def stream(self, messages, **kw):  # type: ignore[no-untyped-def, override]
            import time

            for piece in super().stream(messages, **kw):
                time.sleep(0.05)
                yield piece

    chat = Slow(["word " * 200], chunk=5, capable=True)
    app = MnemeApp(AppContext(factory=fake_factory(chat)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await send(pilot, "tell me a long story")
        await asyncio.sleep(0.3)
        await pilot.press("escape")
        await wait_idle(app, pilot)
        role, text = bubbles(app)[-1]
        assert role == "assistant" and text.endswith("[stopped]")
        assert len(text) < len("word " * 200)


async def test_multiline_input_with_ctrl_j() -> None:
    app = MnemeApp(AppContext(factory=fake_factory(FakeChatModel(["ok"]))))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        inp = app.screen.query_one(ChatInput)
        inp.focus()
        await pilot.press("a", "ctrl+j", "b")
        assert inp.text == "a\nb"
