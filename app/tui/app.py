"""``MnemeApp``: the Textual application, built by ``app.cli.chat`` on the app factory
(``app.services.context.AppContext``).

The first frame comes before any model loads: services (store, embedder, chat model) are
built in a background worker after it. Each main screen is a mode (chat, memory, persona,
import, prefill), so switching keeps its state. The app tells screens when the services are
ready (``ready_signal``), starts the background work of ``BackgroundApp`` (status line,
folder watcher, consolidation when the user is idle) and turns failures into notifications,
never a crash.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.signal import Signal
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from app.services.status import model_name
from app.tui.background import CONSOLIDATE_AFTER_IDLE_S, BackgroundApp
from app.tui.commands import MnemeCommands
from app.tui.screens.chat import ChatScreen
from app.tui.status import TaskInfo
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.services.context import AppContext


TERMINAL_CHECK_S = 1.0
"""How often the app checks that its terminal is still there."""
MODEL_CHECK_S = 1.0
"""How often the app checks whether a stopped chat model is back."""


def _terminal() -> int | None:
    """The terminal Textual reads keys from (its driver reads ``sys.__stdin__``), if any."""
    stdin = sys.__stdin__
    try:
        fd = stdin.fileno() if stdin is not None else -1
    except (OSError, ValueError):  # replaced or closed stdin (tests, pipes)
        return None
    return fd if fd >= 0 and os.isatty(fd) else None


def _memory() -> Screen[Any]:
    from app.tui.screens.browser import MemoryBrowserScreen

    return MemoryBrowserScreen()


def _persona() -> Screen[Any]:
    from app.tui.screens.persona import PersonaScreen

    return PersonaScreen()


def _import() -> Screen[Any]:
    from app.tui.screens.import_screen import ImportScreen

    return ImportScreen()


def _prefill() -> Screen[Any]:
    from app.tui.screens.prefill import PrefillScreen

    return PrefillScreen()


class MnemeApp(BackgroundApp):
    """Mneme's terminal UI."""

    TITLE = "Mneme"
    SUB_TITLE = "your local memory"
    CSS_PATH = ["mneme.tcss", "chat.tcss", "memory.tcss", "import.tcss"]
    MODES = {
        "chat": ChatScreen,
        "memory": _memory,
        "persona": _persona,
        "import": _import,
        "prefill": _prefill,
    }
    DEFAULT_MODE = "chat"
    COMMANDS = App.COMMANDS | {MnemeCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help", priority=True),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "show('chat')", "Chat", priority=True),
        Binding("f3", "show('memory')", "Memory", priority=True),
        Binding("f4", "show('persona')", "Persona", priority=True),
        Binding("f5", "show('import')", "Import", priority=True),
        Binding("f6", "show('prefill')", "Prefill", priority=True),
    ]

    @dataclass
    class ServicesReady(Message):
        services: Services

    @dataclass
    class ModelsLoaded(Message):
        pass

    @dataclass
    class LoadFailed(Message):
        error: str

    def __init__(
        self,
        ctx: AppContext,
        *,
        warm_models: bool = True,
        consolidate_after: float = CONSOLIDATE_AFTER_IDLE_S,
        browse_root: Path | None = None,
    ) -> None:
        """Build the app (nothing is loaded until after the first frame).

        Args:
            ctx: builds the settings and services (tests pass fake models through it).
            warm_models: load the models right after start-up rather than on first use.
            consolidate_after: idle seconds before consolidation runs after a chat or import.
            browse_root: where the import screen's file tree starts (default: home).
        """
        super().__init__(consolidate_after=consolidate_after)
        self.ctx = ctx
        self.models_loaded = False
        self.warm_models = warm_models
        self.ready_signal: Signal[Services] = Signal(self, "ready")
        self.browse_root = browse_root
        self._tty: int | None = None
        self._model_timer: Timer | None = None

    def on_mount(self) -> None:
        self.call_after_refresh(self.load_services)
        self._tty = _terminal()
        self.set_interval(TERMINAL_CHECK_S, self._quit_if_terminal_gone)

    def _quit_if_terminal_gone(self) -> None:
        """Quit, as Ctrl+Q does, once the terminal has hung up (its window was closed).

        Under ``make run`` the hang-up signal goes to make, not to the app, and Textual's
        input thread then spins on the dead terminal's empty reads: the app would keep a core
        busy and the memory open until killed."""
        if self._tty is not None and not os.isatty(self._tty):
            self._tty = None
            self.exit()

    # -- start-up ---------------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="load", name="Start-up")
    def load_services(self) -> None:
        """Build the services, then load the models (thread worker)."""
        try:
            services = self.ctx.services
            self.post_message(self.ServicesReady(services))
            if self.warm_models:
                load = getattr(services.embedder, "load", None)
                if load:
                    load()
                chat = services.chat_model
                load = getattr(chat, "load", None)
                if load:
                    load()
            self.post_message(self.ModelsLoaded())
        except MnemeError as e:
            self.post_message(self.LoadFailed(str(e)))

    @on(ServicesReady)
    def on_services_ready(self, event: ServicesReady) -> None:
        self.services = event.services
        self.set_status(
            replace(self.status, model=model_name(event.services), services_ready=True)
        )
        self.task_progress(TaskInfo("models", "loading models"))
        self.ready_signal.publish(event.services)
        self.refresh_counts()
        self.start_watcher()

    @on(ModelsLoaded)
    def on_models_loaded(self) -> None:
        self.models_loaded = True
        self.set_status(replace(self.status.without_task("models"), models_ready=True))

    @on(LoadFailed)
    def on_load_failed(self, event: LoadFailed) -> None:
        self.set_status(replace(self.status.without_task("models"), error=event.error))
        self.notify(event.error, title="Could not start", severity="error", timeout=30)

    # -- the chat model's process ------------------------------------------------------
    def model_stopped(self, notice: str) -> None:
        """The chat model failed (its process crashed): say so in one line and show the
        restart in the status line until the model is back. Replies meanwhile quote memory."""
        self.notify(notice, title="Chat model stopped", severity="warning", timeout=10)
        self.task_progress(TaskInfo("model", "chat model restarting"))
        if self._model_timer is None:
            self._model_timer = self.set_interval(MODEL_CHECK_S, self._check_model_back)

    def _check_model_back(self) -> None:
        services = self.services
        model = services.chat_model if services is not None else None
        if model is None or getattr(model, "loaded", True):
            self.task_done("model")
            if self._model_timer is not None:
                self._model_timer.stop()
                self._model_timer = None

    # -- navigation -------------------------------------------------------------------
    async def action_show(self, mode: str) -> None:
        """Switch to the main screen ``mode`` (its state is kept)."""
        if self.current_mode != mode:
            await self.switch_mode(mode)

    def action_help(self) -> None:
        """Show the help screen."""
        from app.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def run_command(self, mode: str, action: str) -> None:
        """Run a palette command: on the app, or on screen ``mode`` after switching to it."""
        if not mode:
            await self.run_action(action)
            return
        await self.action_show(mode)
        await self.run_action(action, self.get_screen_for_mode(mode))

    def get_screen_for_mode(self, mode: str) -> Screen[Any]:
        """The main screen of ``mode``, the current mode (below any modal open on it)."""
        stack = self.screen_stack
        return stack[0] if stack else self.screen

    def open_item(
        self,
        item_id: str,
        why: tuple[str, ...] = (),
        on_done: Callable[[str | None], None] | None = None,
    ) -> None:
        """Open the details modal of memory item ``item_id``.

        Args:
            item_id: ``r12``, ``f3``, ``e7`` or ``p2``.
            why: why it matched (shown when it was recalled for a question).
            on_done: called with "pinned", "unpinned", "forgotten" or None when it closes.
        """
        from app.tui.screens.memory_detail import MemoryDetailScreen

        self.push_screen(MemoryDetailScreen(item_id, why), on_done)

    # -- errors -----------------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            err = event.worker.error
            if event.worker.group == "load":
                self.set_status(replace(self.status.without_task("models"), error=str(err)))
            self.notify(
                f"{type(err).__name__}: {err}",
                title=f"{event.worker.name or 'Background task'} failed",
                severity="error",
                timeout=20,
            )

    def on_unmount(self) -> None:
        self.stop_background()
        self.ctx.close()
