"""Every action of the TUI as a command: the palette's provider and the help screen's list.

``COMMANDS`` is the one list. Each entry names the screen (mode) it belongs to and the action
to run there; the palette switches to that screen first, so every command works from
anywhere. A test checks that every key binding shown in a footer has its command here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits
from textual.system_commands import SystemCommandsProvider

if TYPE_CHECKING:
    from app.tui.app import MnemeApp


@dataclass(frozen=True)
class CommandSpec:
    """One command of the palette.

    Attributes:
        title: what the palette shows and matches.
        help: one line under the title.
        mode: the screen it runs on ("" for app-wide commands).
        action: the action to run on that screen (or on the app when ``mode`` is "").
        key: the key binding, as shown in the help screen.
    """

    title: str
    help: str
    mode: str
    action: str
    key: str = ""


COMMANDS: tuple[CommandSpec, ...] = (
    # go to a screen (F1 to F6, as the footer shows them)
    CommandSpec("Help", "Key bindings and commands", "", "help", "F1"),
    CommandSpec("Chat", "Talk with your memory", "", "show('chat')", "F2"),
    CommandSpec(
        "Memory browser",
        "What do I know about X? Dossiers, pin, forget",
        "",
        "show('memory')",
        "F3",
    ),
    CommandSpec("Persona", "Your profile by section, with evidence", "", "show('persona')", "F4"),
    CommandSpec("Import", "Import files and folders; watched folders", "", "show('import')", "F5"),
    CommandSpec(
        "Prefill", "Answer a question or fill a form from memory", "", "show('prefill')", "F6"
    ),
    CommandSpec(
        "Consolidate now",
        "Turn recent chats and imports into facts and episodes",
        "",
        "consolidate",
        "",
    ),
    CommandSpec("Quit", "Leave Mneme", "", "quit", "Ctrl+Q"),
    # chat
    CommandSpec(
        "Chat: new conversation", "Start a fresh conversation", "chat", "new_chat", "Ctrl+N"
    ),
    CommandSpec(
        "Chat: past conversations",
        "Search and resume a past conversation",
        "chat",
        "conversations",
        "Ctrl+O",
    ),
    CommandSpec("Chat: stop the reply", "Stop the reply being generated", "chat", "stop", "Esc"),
    CommandSpec(
        "Chat: recalled memories",
        "Move to the recalled memories panel",
        "chat",
        "focus_recalled",
        "Ctrl+R",
    ),
    # memory browser
    CommandSpec("Memory: look up", "Type a person, place or topic", "memory", "focus_search", "/"),
    CommandSpec(
        "Memory: open details",
        "Evidence and history of the selected item",
        "memory",
        "details",
        "Enter",
    ),
    CommandSpec("Memory: pin", "Pin the selected item (it never fades)", "memory", "pin", "P"),
    CommandSpec("Memory: forget", "Forget the selected item (asks first)", "memory", "forget", "F"),
    CommandSpec(
        "Memory: resolve conflict",
        "Choose which of two conflicting items is current",
        "memory",
        "resolve",
        "C",
    ),
    # persona
    CommandSpec(
        "Persona: confirm statement",
        "Confirm the selected statement (reinforces it)",
        "persona",
        "confirm",
        "C",
    ),
    CommandSpec(
        "Persona: edit statement", "Correct the selected statement", "persona", "edit", "E"
    ),
    CommandSpec(
        "Persona: reject statement",
        "Reject the selected statement (retires it)",
        "persona",
        "reject",
        "X",
    ),
    CommandSpec("Persona: reload", "Read the profile again", "persona", "reload", "R"),
    # import
    CommandSpec(
        "Import: preview (dry run)",
        "What importing the chosen paths would do",
        "import",
        "preview",
        "Ctrl+T",
    ),
    CommandSpec(
        "Import: run", "Import the chosen paths, with progress", "import", "run_import", "Ctrl+R"
    ),
    CommandSpec(
        "Import: choose a path",
        "Type a path or pick one in the tree",
        "import",
        "focus_path",
        "Ctrl+L",
    ),
    CommandSpec(
        "Import: remove chosen path",
        "Remove the selected path from the list",
        "import",
        "remove_path",
        "Del",
    ),
    # prefill
    CommandSpec(
        "Prefill: ask",
        "Propose an answer to one question from memory",
        "prefill",
        "focus_question",
        "/",
    ),
    CommandSpec(
        "Prefill: fill a form",
        "Type a form's path (.html .pdf .json .yaml .txt) and fill it from memory",
        "prefill",
        "focus_form",
        "",
    ),
    CommandSpec(
        "Prefill: fill pasted form",
        "Fill the questions, JSON, YAML or HTML pasted in the paste box",
        "prefill",
        "fill_pasted",
        "Ctrl+R",
    ),
    CommandSpec(
        "Prefill: accept field",
        "The highlighted field's value becomes (or reinforces) a fact",
        "prefill",
        "accept_field",
        "A",
    ),
    CommandSpec(
        "Prefill: edit field",
        "Correct the highlighted field; it becomes a fact",
        "prefill",
        "edit_field",
        "E",
    ),
    CommandSpec(
        "Prefill: write filled copy",
        "Write the filled form as .html, .pdf or .json",
        "prefill",
        "write_copy",
        "W",
    ),
)


class MnemeCommands(SystemCommandsProvider):
    """The command palette's commands (Ctrl+P): Mneme's, in the order of ``COMMANDS``, then
    Textual's own (Keys, Maximize, Screenshot, Theme; its Quit is Mneme's "Quit").

    One provider for both, so the list has one order: with two, the palette shows whichever
    answers first, and at 80x24 Textual's five came first and pushed F3 to F6 off the screen.
    """

    def _run(self, spec: CommandSpec) -> None:
        app = cast("MnemeApp", self.app)
        app.call_later(app.run_command, spec.mode, spec.action)

    async def discover(self) -> Hits:
        for spec in COMMANDS:
            yield DiscoveryHit(spec.title, partial(self._run, spec), help=_help(spec))
        async for hit in super().discover():
            if hit.text not in _TITLES:
                yield hit

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for spec in COMMANDS:
            score = matcher.match(spec.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(spec.title),
                    partial(self._run, spec),
                    text=spec.title,
                    help=_help(spec),
                )
        async for hit in super().search(query):
            if hit.text not in _TITLES:
                yield hit


_TITLES = frozenset(spec.title for spec in COMMANDS)
"""Mneme's command titles; Textual's command of the same name is left out."""


def _help(spec: CommandSpec) -> str:
    return f"{spec.help}  ({spec.key})" if spec.key else spec.help
