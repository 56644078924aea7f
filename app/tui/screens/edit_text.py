"""``EditTextScreen``: a one-field modal to correct a text (a persona statement)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class EditTextScreen(ModalScreen[str | None]):
    """Edit ``text``; dismisses with the new text (Enter / Save) or None (Esc)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__(classes="modal")
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog edit-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(self.text, id="edit-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-text", Input).focus()

    @on(Input.Submitted, "#edit-text")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        text = self.query_one("#edit-text", Input).value.strip()
        self.dismiss(text or None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
