"""App-wide behaviour: navigation keys, the command palette, the help screen, every footer
binding being a palette command, and errors shown instead of crashing."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.command import CommandList
from textual.widgets import Static

from app.services.context import AppContext
from app.tui.app import MnemeApp
from app.tui.commands import COMMANDS
from app.tui.screens.browser import MemoryBrowserScreen
from app.tui.screens.chat import ChatScreen
from app.tui.screens.help import HelpScreen
from app.tui.screens.import_screen import ImportScreen
from app.tui.screens.persona import PersonaScreen
from app.tui.screens.prefill import PrefillScreen
from app.tui.widgets import StatusBar
from models.errors import MnemeError
from models.fakes import FakeChatModel
from tests.tui.helpers import make_app, settle, visible_text, wait_ready

SCREENS = {
    "chat": ChatScreen,
    "memory": MemoryBrowserScreen,
    "persona": PersonaScreen,
    "import": ImportScreen,
    "prefill": PrefillScreen,
}


async def test_function_keys_switch_screens_and_keep_their_state() -> None:
    app = make_app(FakeChatModel(["ok"], capable=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        for key, mode in zip(
            ("f3", "f4", "f5", "f6", "f2"), ("memory", "persona", "import", "prefill", "chat")
        ):
            await pilot.press(key)
            await settle(app, pilot)
            assert isinstance(app.screen, SCREENS[mode]), key
            assert app.screen.query_one(StatusBar)  # every main screen has the status line
        await pilot.press("f5")
        app.screen.add_path("/tmp/somewhere")  # type: ignore[attr-defined]
        await pilot.press("f2", "f5")
        assert app.screen.paths == ["/tmp/somewhere"]  # type: ignore[attr-defined]


async def test_command_palette_runs_commands_on_their_screen() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"Memory browser")
        for _ in range(200):  # the palette searches in a task: wait for its first result
            found = app.screen.query(CommandList)
            option = found.first().highlighted_option if found else None
            if option is not None and "Memory browser" in str(option.prompt):
                break
            await pilot.pause(0.05)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MemoryBrowserScreen)
        # a screen command from another screen: switches, then runs it there
        await app.run_command("chat", "conversations")
        await settle(app, pilot)
        assert app.current_mode == "chat"
        assert type(app.screen).__name__ == "ConversationsScreen"


def test_every_footer_binding_is_a_palette_command() -> None:
    modes = {
        "chat": ChatScreen,
        "memory": MemoryBrowserScreen,
        "persona": PersonaScreen,
        "import": ImportScreen,
        "prefill": PrefillScreen,
    }
    commands = {(c.mode, c.action) for c in COMMANDS}
    for mode, screen in modes.items():
        for b in screen.BINDINGS:
            assert isinstance(b, Binding)
            if b.show:
                assert (mode, b.action) in commands, (mode, b.action)
    for b in MnemeApp.BINDINGS:
        assert isinstance(b, Binding)
        if b.show:
            assert ("", b.action) in commands, b.action
    for c in COMMANDS:  # and every command names an action that exists
        target = MnemeApp if not c.mode else modes[c.mode]
        name = c.action.split("(")[0]
        assert hasattr(target, f"action_{name}") or name == "quit", c


async def test_help_lists_every_command_with_its_key() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = visible_text(app.screen.query_one("#help-body", Static))
        for c in COMMANDS:
            assert c.title in text
        assert "Ctrl+O" in text and "Ctrl+P" in text


async def test_a_start_up_failure_is_shown_not_raised() -> None:
    def broken(settings):  # type: ignore[no-untyped-def]
        raise MnemeError("the vector index was built by another embedder; run mneme reindex")

    app = MnemeApp(AppContext(factory=broken))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.services is None
        assert "not started" in visible_text(app.screen.query_one(StatusBar))
        assert any("mneme reindex" in n.message for n in app._notifications)
        await pilot.press("f3")  # the other screens still open
        assert isinstance(app.screen, MemoryBrowserScreen)


async def test_an_unexpected_worker_error_becomes_a_notification() -> None:
    class Exploding(FakeChatModel):
        def stream(self, messages, **kw):  # type: ignore[no-untyped-def, override]
            raise RuntimeError("GPU on fire")
            yield ""

    app = make_app(Exploding(capable=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        from tests.tui.test_chat_more_tui import send

        await send(pilot, "hello")
        assert isinstance(app.screen, ChatScreen)
        assert any("GPU on fire" in n.message for n in app._notifications)


@pytest.mark.parametrize("mode", ["memory", "persona", "import", "prefill"])
async def test_screens_open_before_the_services_exist(mode: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.switch_mode(mode)  # may run before the start-up worker finished
        await wait_ready(app, pilot)
        assert isinstance(app.screen, SCREENS[mode])


async def test_the_app_quits_when_its_terminal_hangs_up() -> None:
    import asyncio
    import os
    import pty

    app = make_app(FakeChatModel(["ok"], capable=True))
    master, slave = pty.openpty()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_ready(app, pilot)
            app._tty = slave  # the terminal it was started in
            await asyncio.sleep(1.5)
            assert app.is_running  # the terminal is there: nothing happens
            os.close(master)  # the window is closed
            master = -1
            for _ in range(30):
                await asyncio.sleep(0.1)
                if not app.is_running:
                    break
            assert not app.is_running
    finally:
        os.close(slave)
        if master >= 0:
            os.close(master)
