"""``ForgetScreen``: the confirmation before forgetting an item, listing what would go.

Forgetting deletes for real (``mneme forget``), so the modal first loads the dry-run plan in
a thread worker (``app.services.forget.preview``) and shows it; only "Forget" executes it
(``forget.execute_preview``, in a worker). Dismisses with a summary line when something was
forgotten, None otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static
from textual.worker import Worker

from app.services import forget
from app.services.views import ForgetPreview
from app.tui.screens.base import report_worker_error
from app.tui.widgets.item_render import shorten
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.tui.app import MnemeApp

WARNING = (
    "This deletes it from Mneme for good: the records, their search entries and vectors, "
    "and the facts, episodes and persona statements built only on them. Your original "
    "files are not touched. (Memories you do not use fade on their own without being "
    "deleted; this is for what you want gone.)"
)


def preview_text(p: ForgetPreview) -> Text:
    """The plan: counts, then the items that would go."""
    out = Text()
    out.append(f"Would delete: {p.summary}\n\n", style="bold")
    for line in p.lines:
        out.append(f"  {shorten(line, 100)}\n")
    out.append("\n" + WARNING, style="dim")
    return out


class ForgetScreen(ModalScreen[str | None]):
    """Confirm forgetting ``item_id`` after seeing what it takes with it."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    @dataclass
    class Planned(Message):
        preview: ForgetPreview

    @dataclass
    class Forgotten(Message):
        summary: str

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, item_id: str) -> None:
        super().__init__(classes="modal")
        self.item_id = item_id
        self.preview: ForgetPreview | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog forget-dialog"):
            yield Label(f"Forget {self.item_id}?", classes="dialog-title")
            with VerticalScroll(id="forget-scroll"):
                yield Static("Working out what this would delete…", id="forget-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Forget", id="yes", variant="error", disabled=True)
                yield Button("Cancel", id="no")

    @property
    def _services(self) -> Services | None:
        return cast("MnemeApp", self.app).services

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()
        if self._services is not None:
            self.plan(self._services)

    @work(thread=True, exclusive=True, exit_on_error=False, group="forget", name="Forget plan")
    def plan(self, services: Services) -> None:
        """The dry run (thread worker)."""
        try:
            self.post_message(self.Planned(forget.preview(services, self.item_id)))
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(Planned)
    def _planned(self, event: Planned) -> None:
        self.preview = event.preview
        self.query_one("#forget-body", Static).update(preview_text(event.preview))
        self.query_one("#yes", Button).disabled = event.preview.empty

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        if self.preview is not None and self._services is not None:
            self.query_one("#yes", Button).disabled = True
            self.query_one("#forget-body", Static).update("Forgetting…")
            self.execute(self._services, self.preview)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="forget", name="Forget")
    def execute(self, services: Services, preview: ForgetPreview) -> None:
        """Delete what the plan lists (thread worker)."""
        try:
            self.post_message(self.Forgotten(forget.execute_preview(services, preview)))
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(Forgotten)
    def _forgotten(self, event: Forgotten) -> None:
        self.dismiss(event.summary)

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#forget-body", Static).update(event.error)
        self.notify(event.error, title="Cannot forget", severity="error", timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_error(self, event)
