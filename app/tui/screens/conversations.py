"""``ConversationsScreen``: search past conversations and pick one to resume.

The list comes from ``app.services.chat.find_conversations`` (titles, then recall over
chat turns) in a thread worker; the modal dismisses with the conversation id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from app.services import chat
from app.tui.screens.base import report_worker_error
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.services.chat import ConversationInfo
    from app.tui.app import MnemeApp


def conversation_prompt(c: ConversationInfo) -> Text:
    """``title`` then ``date · N turns`` (dim)."""
    out = Text(c.title.splitlines()[0][:70] if c.title else c.conversation, style="bold")
    out.append(
        f"\n{(c.last or c.started or '')[:16].replace('T', ' ')} · {c.turns} turns", style="dim"
    )
    return out


class ConversationsScreen(ModalScreen[str | None]):
    """Past conversations, newest first, filtered by what you type."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    @dataclass
    class Found(Message):
        query: str
        conversations: list[ConversationInfo]

    @dataclass
    class Failed(Message):
        error: str

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conversations-dialog"):
            yield Label("Past conversations", classes="dialog-title")
            yield Input(placeholder="Search titles and what was said…", id="conv-search")
            yield OptionList(id="conv-list")
            yield Static("Enter resumes · Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#conv-search", Input).focus()
        services = cast("MnemeApp", self.app).services
        if services is not None:
            self.search(services, "")

    @on(Input.Changed, "#conv-search")
    def _changed(self, event: Input.Changed) -> None:
        services = cast("MnemeApp", self.app).services
        if services is not None:
            self.search(services, event.value)

    @on(Input.Submitted, "#conv-search")
    def _submitted(self) -> None:
        options = self.query_one("#conv-list", OptionList)
        if options.option_count:
            options.focus()
            options.highlighted = 0

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="conversations",
        name="Search conversations",
    )
    def search(self, services: Services, query: str) -> None:
        """Find conversations matching ``query`` (thread worker)."""
        try:
            self.post_message(self.Found(query, chat.find_conversations(services, query)))
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(Found)
    def _found(self, event: Found) -> None:
        if event.query != self.query_one("#conv-search", Input).value:
            return  # a newer search is on its way
        options = self.query_one("#conv-list", OptionList)
        options.clear_options()
        options.add_options(
            [Option(conversation_prompt(c), id=c.conversation) for c in event.conversations]
        )
        if not event.conversations:
            options.add_option(Option("No conversation matches.", disabled=True))

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.notify(event.error, title="Search failed", severity="error")

    @on(OptionList.OptionSelected, "#conv-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_error(self, event)
