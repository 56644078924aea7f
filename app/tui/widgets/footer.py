"""``MnemeFooter``: the key bindings at the bottom of every main screen, all of them visible.

Textual's ``Footer`` lists the bindings in the order of the focus chain (so a text area's
hidden F6 put "F6 Prefill" first) on one line, and cuts what does not fit under the palette
key. This footer orders them F1…F6 first, then the screen's own keys (then those of the
focused widget), then Ctrl+Q, with the palette key (Ctrl+P) at the right; when one line cannot
hold them, the app's keys take the first line and the screen's the next (wrapped again if a
very narrow terminal needs it). It recomposes when the bindings or the width change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widget import Widget
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.binding import Binding

_FKEY = re.compile(r"f(\d{1,2})")


@dataclass(frozen=True)
class KeyCell:
    """One binding as the footer shows it: ``F3 Memory``."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool = True
    tooltip: str = ""

    @property
    def width(self) -> int:
        """Cells it takes in the compact footer (key, space, description, margin)."""
        return cell_len(self.display) + 1 + cell_len(self.description) + 1


PALETTE_EXTRA = 1
"""The palette key's left border."""


def wrap_cells(cells: Sequence[KeyCell], first: int, width: int) -> list[list[KeyCell]]:
    """``cells`` in rows, in order: the first row holds ``first`` cells' worth, the next ones
    ``width``; a cell wider than a row gets a row of its own."""
    rows: list[list[KeyCell]] = []
    row: list[KeyCell] = []
    used, budget = 0, first
    for cell in cells:
        if row and used + cell.width > budget:
            rows.append(row)
            row, used, budget = [], 0, width
        row.append(cell)
        used += cell.width
    if row:
        rows.append(row)
    return rows


def footer_rows(
    nav: Sequence[KeyCell],
    local: Sequence[KeyCell],
    tail: Sequence[KeyCell],
    width: int,
    palette: KeyCell | None,
) -> list[list[KeyCell]]:
    """The rows of the footer (the palette key goes at the right of the first row).

    Args:
        nav: the function keys, F1 first.
        local: the screen's keys, then the focused widget's.
        tail: the app's other keys (Ctrl+Q).
        width: the footer's width in cells.
        palette: the palette key, if shown.
    """
    reserve = palette.width + PALETTE_EXTRA if palette is not None else 0
    everything = [*nav, *local, *tail]
    if sum(c.width for c in everything) <= width - reserve:
        return [everything]
    rows = wrap_cells([*nav, *tail], width - reserve, width)
    return rows + wrap_cells(local, width, width)


def _cell(app: Any, binding: Binding, enabled: bool, tooltip: str) -> KeyCell:
    return KeyCell(
        binding.key,
        app.get_key_display(binding),
        binding.description,
        binding.action,
        enabled,
        tooltip,
    )


class MnemeFooter(Footer):
    """The footer of a main screen: every shown binding, in a fixed order, never cut."""

    DEFAULT_CSS = """
    MnemeFooter {
        layout: vertical;
        height: auto;
        max-height: 4;
    }
    MnemeFooter > .footer-row {
        height: 1;
    }
    MnemeFooter .footer-gap {
        width: 1fr;
        height: 1;
    }
    MnemeFooter FooterKey.-palette {
        border-left: vkey $foreground 20%;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(compact=True, show_command_palette=True, **kwargs)
        self._layout_width = 0
        self._rows: list[list[str]] = []

    def _width(self) -> int:
        return self.size.width or self.screen.size.width or self.app.size.width

    def cells(self) -> tuple[list[KeyCell], list[KeyCell], list[KeyCell], KeyCell | None]:
        """The shown bindings as (function keys, screen keys, other app keys, palette)."""
        app = self.app
        screen = self.screen
        nav: list[tuple[int, KeyCell]] = []
        own: list[KeyCell] = []
        widget: list[KeyCell] = []
        tail: list[KeyCell] = []
        seen: set[str] = set()
        active = screen.active_bindings
        for node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            cell = _cell(app, binding, enabled, tooltip)
            fkey = _FKEY.fullmatch(binding.key)
            if fkey and node is app:
                nav.append((int(fkey.group(1)), cell))
            elif node is app:
                tail.append(cell)
            elif node is screen:
                own.append(cell)
            else:
                widget.append(cell)
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, binding, enabled, tooltip = found
                palette = _cell(app, binding, enabled, tooltip or binding.description)
        nav.sort(key=lambda pair: pair[0])
        return [c for _, c in nav], own + widget, tail, palette

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        nav, local, tail, palette = self.cells()
        width = self._width()
        rows = footer_rows(nav, local, tail, width, palette)
        self._layout_width = width
        self._rows = [[c.key for c in row] for row in rows]
        for index, row in enumerate(rows):
            children: list[Widget] = [self._key(c) for c in row]
            if index == 0 and palette is not None:
                children.append(Static("", classes="footer-gap"))
                key = FooterKey(
                    palette.key,
                    palette.display,
                    palette.description,
                    palette.action,
                    classes="-palette",
                    disabled=not palette.enabled,
                    tooltip=palette.tooltip,
                )
                children.append(key.data_bind(compact=Footer.compact))
            yield HorizontalGroup(*children, classes="footer-row")

    def _key(self, cell: KeyCell) -> FooterKey:
        return FooterKey(
            cell.key,
            cell.display,
            cell.description,
            cell.action,
            disabled=not cell.enabled,
            tooltip=cell.tooltip,
        ).data_bind(compact=Footer.compact)

    def shown_rows(self) -> list[list[str]]:
        """The keys of each row as last composed (for tests)."""
        return [list(r) for r in self._rows]

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._layout_width:
            self._layout_width = event.size.width
            self.call_after_refresh(self.recompose)
