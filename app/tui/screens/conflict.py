"""``ResolveConflictScreen``: choose which of two (or more) conflicting items is current.

Dismisses with the item id to keep, ``BOTH``, or None. The memory browser then calls
``app.services.facts.resolve_conflict`` in a worker.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from app.services.views import Conflict
from app.tui.widgets.item_render import item_text

BOTH = "both"
"""The choice "both are true" (the option's id)."""


class ResolveConflictScreen(ModalScreen[str | None]):
    """Pick the current value of ``conflict``; Esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, conflict: Conflict) -> None:
        super().__init__(classes="modal")
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conflict-dialog"):
            yield Label(f"Which is true now? ({self.conflict.subject})", classes="dialog-title")
            yield OptionList(
                *[
                    Option(item_text(item, body_chars=200, why=False), id=item.item_id)
                    for item in self.conflict.options
                ],
                Option("Both are true (keep both as current)", id=BOTH),
                id="conflict-options",
            )
            yield Static(
                "Enter keeps the highlighted one as current; the other becomes history. "
                "Esc cancels.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#conflict-options", OptionList).focus()

    @on(OptionList.OptionSelected, "#conflict-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
