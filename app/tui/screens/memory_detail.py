"""``MemoryDetailScreen``: one memory item's details (evidence, history) with pin and forget.

Opened from the chat's recalled panel and from the memory browser. Details load in a thread
worker through ``app.services.items.item_details``; pin and forget go through ``items.pin`` and
``app.services.forget`` (forget asks for confirmation). The modal dismisses with the action done
("pinned", "unpinned", "forgotten") or None, so the opener can refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.console import Group, RenderableType
from rich.table import Table
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


EVIDENCE_CHARS = 400
"""An evidence item is cut to this many characters (the item itself is shown whole)."""


def _grid(*widths: int | None) -> Table:
    """A borderless table whose ``None`` columns share the width and wrap (hanging indent)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    for width in widths:
        if width is None:
            grid.add_column(ratio=1, overflow="fold")
        else:
            grid.add_column(width=width, no_wrap=True)
    return grid


def details_text(d: ItemDetails) -> Group:
    """The body of the modal: text, provenance, retention, why, evidence, history. Each part
    wraps in its own column, so it reads the same at 80 columns as at 200."""
    item = d.item
    fields = _grid(9, None)
    fields.add_row(Text("Tier", style="bold"), f"{item.tier} ({item.item_id}, {item.status})")
    source = item.source + (f"  “{d.source_title}”" if d.source_title else "")
    fields.add_row(Text("Source", style="bold"), source)
    fields.add_row(Text("Date", style="bold"), item.date)
    if item.speaker:
        fields.add_row(Text("Speaker", style="bold"), item.speaker)
    retention = Text(
        f"{retention_bar(item.retention)} {round(item.retention * 100)}%", style="green"
    )
    if item.pinned:
        retention.append("  pinned")
    fields.add_row(Text("Retention", style="bold"), retention)
    if item.why:
        fields.add_row(Text("Matched", style="bold"), "; ".join(item.why))
    for note in d.notes:
        fields.add_row("", Text(note, style="dim"))
    parts: list[RenderableType] = [Text(item.text.strip()), Text(""), fields]
    if d.evidence:
        parts.append(Text("\nEvidence", style="bold underline"))
        evidence = _grid(7, 10, None)
        for ev in d.evidence:
            mark = "▶ " if ev.item_id == item.item_id else "  "
            body = Text()
            if ev.tier != "record":
                body.append(f"{ev.tier}: ", style="italic")
            if ev.speaker:
                body.append(f"{ev.speaker}: ")
            body.append(shorten(ev.text, EVIDENCE_CHARS))
            when = ev.date if ev.timestamp else ""
            evidence.add_row(
                Text(f"{mark}{ev.item_id:>5}", style="dim"), Text(when, style="dim"), body
            )
        parts.append(evidence)
    if d.history:
        parts.append(Text("\nHistory", style="bold underline"))
        history = _grid(18, None)
        for h in d.history:
            when = (h.when or "")[:16].replace("T", " ")
            history.add_row(Text(f"  {when}", style="dim"), h.what)
        parts.append(history)
    return Group(*parts)


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
