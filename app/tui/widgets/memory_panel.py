"""The chat's side panel: the memories recalled for the current turn, numbered like the
reply's citations. Selecting one posts ``ListView.Selected``; the chat screen opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import ListItem, ListView, Static

from app.services.views import ItemView
from app.tui.widgets.item_render import item_text

if TYPE_CHECKING:
    from app.services.ask import Hit


class MemoryItem(ListItem):
    """One recalled memory: ``[n]`` tier · source · date, the text, retention and why."""

    def __init__(self, n: int, hit: Hit) -> None:
        self.n = n
        self.hit = hit
        self.view = ItemView.from_hit(hit)
        super().__init__(Static(item_text(self.view, n), markup=False))


class MemoryPanel(ListView):
    """The memories recalled for the current turn; item ``n`` is citation ``[n]``."""

    def show(self, hits: list[Hit]) -> None:
        """Replace the panel's content with ``hits`` (numbered from 1)."""
        self.clear()
        for n, hit in enumerate(hits, 1):
            self.append(MemoryItem(n, hit))
        self.border_title = f"Recalled ({len(hits)})"
        self.border_subtitle = "Enter: details" if hits else ""
