"""``FitTable``: a data table that fits its width. Its columns share the width (each
subclass says how), its cells wrap and a row grows to hold them, so nothing in it is cut at
80 columns or 200. It rebuilds its rows when its width changes.

Used by the import screen's report and watched folders and the prefill screen's fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual.widgets import DataTable

SCROLLBAR = 2
"""Room kept for the vertical scrollbar, so a long table does not reflow its columns."""
MIN_ROOM = 12


class FitTable(DataTable[Text]):
    """A table whose columns share its width and whose cells wrap (a row grows to fit):
    nothing in it is cut. Subclasses say how wide each column is for a given width."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("zebra_stripes", True)
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)
        self._labels: tuple[tuple[str, str], ...] = ()
        self._cells: list[tuple[Text, ...]] = []
        self._built_width = -1

    def set_table(self, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Text]]) -> None:
        """Show ``rows`` under ``columns`` (label, key pairs)."""
        self._labels = tuple(columns)
        self._cells = [tuple(r) for r in rows]
        self._rebuild()

    def column_widths(self, room: int) -> list[int]:
        """The columns' widths when ``room`` cells are free for their text."""
        return [room]

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._built_width:
            self._rebuild()

    def _rebuild(self) -> None:
        self._built_width = self.size.width
        if not self._labels:
            return
        room = self.size.width - SCROLLBAR - 2 * self.cell_padding * len(self._labels)
        widths = self.column_widths(max(room, MIN_ROOM))
        cursor = self.cursor_row
        self.clear(columns=True)
        for (label, key), width in zip(self._labels, widths, strict=True):
            self.add_column(label, key=key, width=max(width, 1))
        for index, row in enumerate(self._cells):
            self.add_row(*row, height=None, key=str(index))
        if 0 < cursor < len(self._cells):
            self.move_cursor(row=cursor)

    def replace_row(self, index: int, cells: Sequence[Text]) -> None:
        """Show ``cells`` as row ``index`` (its height follows its new text)."""
        self._cells[index] = tuple(cells)
        self._rebuild()

    @property
    def table_rows(self) -> list[tuple[Text, ...]]:
        """The rows as given."""
        return list(self._cells)
