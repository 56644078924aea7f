"""``MnemeApp``: the Textual application. The first frame comes before any model loads:
services (store, embedder, chat model) are built in a background worker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from app.tui.chat_screen import ChatScreen
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.cli.context import AppContext


class MnemeApp(App[None]):
    """Mneme's terminal UI."""

    TITLE = "Mneme"
    SUB_TITLE = "your local memory"
    CSS_PATH = "mneme.tcss"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    @dataclass
    class ServicesReady(Message):
        services: Services

    @dataclass
    class ModelsLoaded(Message):
        pass

    @dataclass
    class LoadFailed(Message):
        error: str

    def __init__(self, ctx: AppContext, *, warm_models: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.services: Services | None = None
        self.models_loaded = False
        self.warm_models = warm_models

    def on_mount(self) -> None:
        self.push_screen(ChatScreen())
        self.call_after_refresh(self.load_services)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_services(self) -> None:
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
        for screen in self.screen_stack:
            if isinstance(screen, ChatScreen):
                screen.services_ready()

    @on(ModelsLoaded)
    def on_models_loaded(self) -> None:
        self.models_loaded = True
        for screen in self.screen_stack:
            if isinstance(screen, ChatScreen):
                screen.services_ready()

    @on(LoadFailed)
    def on_load_failed(self, event: LoadFailed) -> None:
        self.notify(event.error, title="Could not start", severity="error", timeout=30)

    def status_text(self) -> str:
        """Model name and store size for the status line."""
        if self.services is None:
            return "Loading…"
        s = self.services
        model = s.settings.chat_endpoint or (
            s.settings.chat_model.name if s.settings.chat_model else "SmolLM2-135M (bundled)"
        )
        counts = s.store.counts()
        state = "ready" if self.models_loaded else "loading models…"
        return f"{model} · {counts['records']:,} memories from {counts['sources']:,} sources · {state}"

    def on_unmount(self) -> None:
        self.ctx.close()
