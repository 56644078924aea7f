"""``HelpScreen``: the key bindings of every screen and the palette's commands (F1 or ?)."""

from __future__ import annotations

from collections import OrderedDict

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from app.tui.commands import COMMANDS

SCREEN_NAMES = OrderedDict(
    [
        ("", "Everywhere"),
        ("chat", "Chat"),
        ("memory", "Memory browser"),
        ("persona", "Persona"),
        ("import", "Import"),
        ("prefill", "Prefill"),
    ]
)

INTRO = (
    "Mneme remembers what you tell it and what you import, on this machine only.\n"
    "Ctrl+P opens the command palette: every action below is there, by name.\n"
)


def help_text() -> Group:
    """Keys and commands grouped by screen: key, command, what it does (which wraps in its
    column, so the table reads at 80 columns too)."""
    parts: list[RenderableType] = [Text(INTRO.rstrip("\n"))]
    for mode, name in SCREEN_NAMES.items():
        specs = [c for c in COMMANDS if c.mode == mode]
        if not specs:
            continue
        parts.append(Text(f"\n{name}", style="bold underline"))
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(width=8, no_wrap=True, style="bold")
        table.add_column(ratio=2)
        table.add_column(ratio=3, style="dim")
        for spec in specs:
            table.add_row(f"  {spec.key}", spec.title, spec.help)
        parts.append(table)
    parts.append(Text("\nIn the chat input: Enter sends, Ctrl+J adds a line.", style="dim"))
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """Keys and commands; Esc (or F1) closes."""

    BINDINGS = [
        Binding("escape,f1,q,question_mark", "dismiss(None)", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Label("Mneme — keys and commands", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(help_text(), markup=False, id="help-body")
            yield Static("Esc closes", classes="dialog-hint")
