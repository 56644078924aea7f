"""``HelpScreen``: the key bindings of every screen and the palette's commands (F1 or ?)."""

from __future__ import annotations

from collections import OrderedDict

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


def help_text() -> Text:
    """Keys and commands grouped by screen."""
    out = Text(INTRO)
    for mode, name in SCREEN_NAMES.items():
        specs = [c for c in COMMANDS if c.mode == mode]
        if not specs:
            continue
        out.append(f"\n{name}\n", style="bold underline")
        for spec in specs:
            out.append(f"  {spec.key or '':8}", style="bold")
            out.append(f"{spec.title:34}")
            out.append(f"{spec.help}\n", style="dim")
    out.append("\nIn the chat input: Enter sends, Ctrl+J adds a line.\n", style="dim")
    return out


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
