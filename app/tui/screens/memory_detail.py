"""``MemoryDetailScreen``: one memory item's details (evidence, history) with pin and forget.

Opened from the chat's recalled panel and from the memory browser. Details load in a thread
worker through ``app.services.items.item_details``; pin and forget go through ``items.pin`` and
``app.services.forget`` (forget asks for confirmation). The modal dismisses with the action done
("pinned", "unpinned", "forgotten") or None, so the opener can refresh.
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

from app.services import items
from app.services.views import ItemDetails
from app.tui.screens.base import report_worker_error
from app.tui.screens.forget import ForgetScreen
from app.tui.widgets.item_render import retention_bar, shorten
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.tui.app import MnemeApp


def details_text(d: ItemDetails) -> Text:
    """The body of the modal: text, provenance, retention, why, evidence, history."""
    item = d.item
    out = Text()
    out.append(item.text.strip() + "\n\n")
    out.append("Tier      ", style="bold")
    out.append(f"{item.tier} ({item.item_id}, {item.status})\n")
    out.append("Source    ", style="bold")
    out.append(item.source + (f"  “{d.source_title}”" if d.source_title else "") + "\n")
    out.append("Date      ", style="bold")
    out.append(f"{item.date}\n")
    if item.speaker:
        out.append("Speaker   ", style="bold")
        out.append(f"{item.speaker}\n")
    out.append("Retention ", style="bold")
    out.append(f"{retention_bar(item.retention)} {round(item.retention * 100)}%", style="green")
    out.append("  pinned\n" if item.pinned else "\n")
    if item.why:
        out.append("Matched   ", style="bold")
        out.append("; ".join(item.why) + "\n")
    for note in d.notes:
        out.append(f"          {note}\n", style="dim")
    if d.evidence:
        out.append("\nEvidence\n", style="bold underline")
        for ev in d.evidence:
            mark = "▶ " if ev.item_id == item.item_id else "  "
            who = f"{ev.speaker}: " if ev.speaker else ""
            out.append(f"{mark}{ev.item_id:>5} {ev.date if ev.timestamp else '':10} ", style="dim")
            if ev.tier != "record":
                out.append(f"{ev.tier}: ", style="italic")
            out.append(f"{who}{shorten(ev.text, 100)}\n")
    if d.history:
        out.append("\nHistory\n", style="bold underline")
        for h in d.history:
            out.append(f"  {(h.when or '')[:16].replace('T', ' '):16} ", style="dim")
            out.append(f"{h.what}\n")
    return out


class MemoryDetailScreen(ModalScreen[str | None]):
    """Details of ``item_id``; Pin (p), Forget (f), Esc closes."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close"),
        Binding("p", "pin", "Pin/unpin"),
        Binding("f", "forget", "Forget"),
    ]

    @dataclass
    class Loaded(Message):
        details: ItemDetails

    @dataclass
    class Done(Message):
        action: str
        item_id: str

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, item_id: str, why: tuple[str, ...] = ()) -> None:
        super().__init__(classes="modal")
        self.item_id = item_id
        self.why = why
        self.details: ItemDetails | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog detail-dialog"):
            yield Label(f"Memory {self.item_id}", classes="dialog-title", id="detail-title")
            with VerticalScroll(id="detail-scroll"):
                yield Static("Loading…", id="detail-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Pin", id="pin", disabled=True)
                yield Button("Forget", id="forget", variant="error", disabled=True)
                yield Button("Close", id="close")

    @property
    def _services(self) -> Services | None:
        return cast("MnemeApp", self.app).services

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()
        if self._services is not None:
            self.load(self._services)

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail", name="Load details")
    def load(self, services: Services) -> None:
        """Fetch the item's details (thread worker)."""
        try:
            self.post_message(self.Loaded(items.item_details(services, self.item_id, self.why)))
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.details = event.details
        self.query_one("#detail-title", Label).update(
            f"Memory {event.details.item.item_id} · {event.details.item.tier}"
        )
        self.query_one("#detail-body", Static).update(details_text(event.details))
        pin = self.query_one("#pin", Button)
        pin.label = "Unpin" if event.details.item.pinned else "Pin"
        pin.disabled = not event.details.can_pin
        self.query_one("#forget", Button).disabled = not event.details.can_forget

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#detail-body", Static).update(event.error)
        self.notify(event.error, title="Memory", severity="error", timeout=10)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#pin")
    def action_pin(self) -> None:
        """Pin the item (or unpin a pinned one)."""
        d = self.details
        if d is None or self._services is None:
            return
        if not d.can_pin:
            self.notify("Pinning is not available for this item.", severity="warning")
            return
        self.act(self._services, "unpin" if d.item.pinned else "pin")

    @on(Button.Pressed, "#forget")
    def action_forget(self) -> None:
        """Forget the item, after seeing what it would delete."""
        d = self.details
        if d is None:
            return
        if not d.can_forget:
            self.notify("Forgetting is not available for this item.", severity="warning")
            return

        def forgotten(summary: str | None) -> None:
            if summary:
                self.notify(summary, title="Forgotten")
                cast("MnemeApp", self.app).refresh_counts()
                self.dismiss("forgotten")

        self.app.push_screen(ForgetScreen(self.item_id), forgotten)

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail-action", name="Pin")
    def act(self, services: Services, action: str) -> None:
        """Pin or unpin (thread worker)."""
        try:
            items.pin(services, self.item_id, pinned=action == "pin")
            self.post_message(self.Done(action, self.item_id))
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(Done)
    def _done(self, event: Done) -> None:
        verb = {"pin": "Pinned", "unpin": "Unpinned"}[event.action]
        self.notify(f"{verb} {event.item_id}.")
        self.dismiss({"pin": "pinned", "unpin": "unpinned"}[event.action])

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_error(self, event)
