"""The persona screen: what Mneme has learned about you, by section, with its evidence.

``app.services.persona.profile`` loads the profile in a thread worker. Highlighting a
statement lists its evidence on the right (Enter on one opens its details). C confirms a
statement (reinforces it), E edits it, X rejects it (retires it); each goes through
``persona.feedback``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from app.services import items, persona
from app.services.views import ItemView, PersonaSection, PersonaStatement
from app.tui.screens.base import MnemeScreen
from app.tui.widgets.item_render import item_text
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services

EMPTY = (
    "No profile yet.\n\n"
    "Mneme learns statements about you (family, work, health, tastes…) from your chats and "
    "imports when it consolidates them into memory tiers. Each statement shows the "
    "memories it comes from; you can confirm, correct or reject it here."
)


def statement_text(st: PersonaStatement) -> Text:
    """``text`` then ``id · status · origin · N pieces of evidence``."""
    out = Text(st.text)
    bits = [st.item_id, st.status]
    if st.origin:
        bits.append(st.origin)
    bits.append(f"{len(st.evidence)} evidence")
    out.append("\n" + " · ".join(bits), style="dim")
    return out


class PersonaScreen(MnemeScreen):
    """The profile by section; confirm, edit or reject statements."""

    BINDINGS = [
        Binding("c", "confirm", "Confirm"),
        Binding("e", "edit", "Edit"),
        Binding("x", "reject", "Reject"),
        Binding("r", "reload", "Reload"),
    ]

    @dataclass
    class Loaded(Message):
        sections: tuple[PersonaSection, ...]

    @dataclass
    class Evidence(Message):
        item_id: str
        items: list[ItemView]

    @dataclass
    class Acted(Message):
        message: str

    @dataclass
    class Failed(Message):
        title: str
        error: str

    def __init__(self) -> None:
        super().__init__()
        self.sections: tuple[PersonaSection, ...] = ()
        self._statements: dict[str, PersonaStatement] = {}

    def compose_body(self) -> Iterable[Widget]:
        yield Horizontal(
            Vertical(
                Static("Loading your profile…", id="persona-title", markup=False),
                OptionList(id="persona-list"),
                id="persona-main",
            ),
            OptionList(id="evidence-list"),
            id="persona-body",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#evidence-list").border_title = "Evidence"
        self.query_one("#persona-list", OptionList).focus()

    def on_services(self, services: Services) -> None:
        self.load(services)

    def on_screen_resume(self) -> None:
        if self.services is not None:
            self.load(self.services)

    # -- loading ----------------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="persona", name="Persona")
    def load(self, services: Services) -> None:
        """Read the profile (thread worker)."""
        try:
            self.post_message(self.Loaded(persona.profile(services)))
        except MnemeError as e:
            self.post_message(self.Failed("Persona", str(e)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.sections = event.sections
        self._statements.clear()
        options = self.query_one("#persona-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        title = self.query_one("#persona-title", Static)
        n = sum(len(s.statements) for s in event.sections)
        if not n:
            title.update(EMPTY)
            options.display = False
            return
        title.update(f"What Mneme knows about you · {n} statements")
        options.display = True
        for section in event.sections:
            options.add_option(Option(Text(section.title, style="bold reverse"), disabled=True))
            for st in section.statements:
                self._statements[st.item_id] = st
                options.add_option(Option(statement_text(st), id=st.item_id))
        if highlighted is not None and highlighted < options.option_count:
            options.highlighted = highlighted

    # -- evidence ---------------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#persona-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        st = self._statements.get(event.option.id or "")
        if st is not None and self.services is not None:
            self.load_evidence(self.services, st)

    @work(thread=True, exclusive=True, exit_on_error=False, group="evidence", name="Evidence")
    def load_evidence(self, services: Services, st: PersonaStatement) -> None:
        """Fetch the statement's evidence items (thread worker)."""
        try:
            self.post_message(
                self.Evidence(st.item_id, items.evidence_items(services, st.evidence))
            )
        except MnemeError as e:
            self.post_message(self.Failed("Evidence", str(e)))

    @on(Evidence)
    def _evidence(self, event: Evidence) -> None:
        ev = self.query_one("#evidence-list", OptionList)
        ev.clear_options()
        ev.add_options(
            [Option(item_text(i, body_chars=160, why=False), id=i.item_id) for i in event.items]
        )
        ev.border_subtitle = "Enter opens one" if event.items else "no evidence"

    @on(OptionList.OptionSelected, "#evidence-list")
    def _open_evidence(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.mneme.open_item(event.option.id)

    # -- feedback ---------------------------------------------------------------------
    def selected(self) -> PersonaStatement | None:
        """The highlighted statement."""
        options = self.query_one("#persona-list", OptionList)
        if not options.display or options.highlighted is None:
            return None
        return self._statements.get(options.get_option_at_index(options.highlighted).id or "")

    def _feedback(self, action: str, text: str | None = None) -> None:
        st = self.selected()
        services = self.require_services()
        if st is None or services is None:
            self.notify("Highlight a statement first.", severity="warning")
            return
        self.act(services, st.item_id, action, text)

    def action_confirm(self) -> None:
        """Confirm the highlighted statement (reinforces it)."""
        self._feedback("confirm")

    def action_reject(self) -> None:
        """Reject the highlighted statement (retires it)."""
        self._feedback("reject")

    def action_edit(self) -> None:
        """Correct the highlighted statement."""
        from app.tui.screens.edit_text import EditTextScreen

        st = self.selected()
        if st is None:
            self.notify("Highlight a statement first.", severity="warning")
            return

        def edited(text: str | None) -> None:
            if text and text != st.text:
                self._feedback("edit", text)

        self.app.push_screen(EditTextScreen("Correct this statement", st.text), edited)

    def action_reload(self) -> None:
        """Read the profile again."""
        if self.services is not None:
            self.load(self.services)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="persona-action",
        name="Persona feedback",
    )
    def act(self, services: Services, item_id: str, action: str, text: str | None) -> None:
        """Send the feedback (thread worker)."""
        try:
            st = persona.feedback(services, item_id, action, text)
            self.post_message(self.Acted(f"{st.item_id} is now {st.status}: {st.text}"))
        except MnemeError as e:
            self.post_message(self.Failed(f"Could not {action}", str(e)))

    @on(Acted)
    def _acted(self, event: Acted) -> None:
        self.notify(event.message)
        self.action_reload()

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.notify(event.error, title=event.title, severity="error", timeout=10)
