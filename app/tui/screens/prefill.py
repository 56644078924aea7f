"""The prefill screen: answer one question, or fill a whole form, from memory, with evidence.

Left, one question: ``app.services.ask.ask`` (as ``mneme ask``) runs in a thread worker and
the proposed answer shows with whether memory knew it and its sources.

Right, a form: type a form file's path (``.html``, ``.pdf``, ``.json``, ``.yaml``, ``.txt``)
or a question in the form box and press Enter, or paste a form (questions one per line, JSON,
YAML or HTML) in the paste box and press Ctrl+R. ``app.services.prefill`` (as ``mneme
prefill``) fills it in a worker; every field's proposal shows in a table, and the highlighted
field's evidence (facts and records with sources and dates), history and reason below it.
In the table, A accepts a value and E edits it: either becomes a fact through the tiers'
reconciliation (reinforced, or superseding the old value), like ``mneme prefill
--interactive`` (``prefill.confirm``). W writes a filled copy of the form (``.html``,
``.pdf`` or ``.json``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, ListItem, ListView, Static, TextArea

from app.services import prefill
from app.services.ask import ask as ask_memory
from app.services.views import ItemView
from app.tui.screens.base import MnemeScreen
from app.tui.screens.edit_text import EditTextScreen
from app.tui.widgets.item_render import item_text
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.services.ask import Hit
    from app.services.prefill import FieldResult, PrefillResult

INTRO = (
    "Ask one question a form would ask (“What is my passport number?”, “Where does Rita "
    "live?”). Mneme proposes an answer from memory and shows where it comes from; when "
    "memory does not know, it says so instead of guessing."
)
FORM_INTRO = (
    "Fill a form: type its path (.html .pdf .json .yaml .txt) and press Enter, or paste "
    "questions, JSON or HTML below and press Ctrl+R. In the table: A accepts, E edits (both "
    "become facts), W writes a filled copy. Passwords, card numbers and ids are never filled."
)
STATUS_STYLE = {"filled": "green", "unknown": "yellow", "sensitive": "red"}


@dataclass(frozen=True)
class Proposal:
    """A proposed answer to one question."""

    question: str
    answer: str
    known: bool
    method: str
    sources: tuple[Hit, ...]


class SourceItem(ListItem):
    """One source of the proposed answer."""

    def __init__(self, n: int, hit: Hit) -> None:
        self.hit = hit
        super().__init__(Static(item_text(ItemView.from_hit(hit), n, why=False), markup=False))


class FieldTable(DataTable[Text]):
    """The form's fields and their proposals; A / E / W act on the highlighted field."""

    BINDINGS = [
        Binding("a", "screen.accept_field", "Accept"),
        Binding("e", "screen.edit_field", "Edit"),
        Binding("w", "screen.write_copy", "Write copy"),
    ]


def evidence_text(fr: FieldResult) -> Text:
    """What the evidence panel shows for one field."""
    out = Text()
    out.append(fr.field.display, style="bold")
    out.append(f"  ({fr.field.type})\n", style="dim")
    out.append(fr.shown or "—", style=STATUS_STYLE[fr.status])
    out.append(f"  {fr.status}")
    if fr.status == "filled":
        out.append(f", confidence {fr.confidence:.2f}, from {fr.method}")
    out.append("\n")
    if fr.reason:
        out.append(f"{fr.reason}\n", style="italic")
    for ev in fr.sources:
        when = (ev.timestamp or "")[:10] or "undated"
        out.append(f"[{ev.item_id}] ", style="bold")
        out.append(f"{ev.text}  ")
        out.append(f"{ev.source}, {when}\n", style="dim")
    for ev in fr.history:
        out.append(f"history [{ev.item_id}] {ev.text}\n", style="dim")
    out.rstrip()
    return out


class PrefillScreen(MnemeScreen):
    """One question, or a whole form, in; proposals with evidence and known/unknown out."""

    CSS_PATH = "../prefill.tcss"
    BINDINGS = [
        Binding("slash", "focus_question", "Question"),
        Binding("ctrl+r", "fill_pasted", "Fill pasted form"),
    ]

    @dataclass
    class Proposed(Message):
        proposal: Proposal

    @dataclass
    class Failed(Message):
        error: str

    @dataclass
    class FormFilled(Message):
        result: PrefillResult
        original: bytes | None

    @dataclass
    class FieldSaved(Message):
        index: int
        field: FieldResult
        summary: str

    @dataclass
    class CopyWritten(Message):
        path: Path

    def __init__(self) -> None:
        super().__init__()
        self.proposal: Proposal | None = None
        self.form_result: PrefillResult | None = None
        self.form_original: bytes | None = None

    def compose_body(self) -> Iterable[Widget]:
        yield Horizontal(
            Vertical(
                Static(INTRO, id="prefill-intro", markup=False),
                Input(placeholder="A question to answer from memory; Enter asks", id="question"),
                Label("", id="prefill-status"),
                VerticalScroll(
                    Static("", id="prefill-answer", markup=False), id="prefill-answer-box"
                ),
                Label("Sources", classes="section-title"),
                ListView(id="prefill-sources"),
                id="prefill-body",
            ),
            Vertical(
                Static(FORM_INTRO, id="form-intro", markup=False),
                Input(placeholder="A form file or a question; Enter fills it", id="form-input"),
                TextArea(id="form-paste", placeholder="…or paste a form here, then Ctrl+R"),
                Label("", id="form-status"),
                FieldTable(id="form-fields", cursor_type="row", zebra_stripes=True),
                VerticalScroll(Static("", id="field-evidence"), id="field-evidence-box"),
                id="form-body",
            ),
            id="prefill-columns",
        )

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#form-fields", FieldTable)
        table.add_column("Field", width=26)
        table.add_column("Value", width=24)
        table.add_column("Status", width=9)
        table.add_column("Conf.", width=5)
        self.query_one("#question", Input).focus()

    def action_focus_question(self) -> None:
        """Focus the question box."""
        self.query_one("#question", Input).focus()

    def action_focus_form(self) -> None:
        """Focus the form box (a form file's path or a question)."""
        self.query_one("#form-input", Input).focus()

    # -- one question ---------------------------------------------------------------------
    @on(Input.Submitted, "#question")
    def _ask(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        services = self.require_services()
        if not question or services is None:
            return
        self.query_one("#prefill-status", Label).update("Looking in memory…")
        self.query_one("#prefill-answer", Static).update("")
        self.query_one("#prefill-sources", ListView).clear()
        self.ask(services, question)

    @work(thread=True, exclusive=True, exit_on_error=False, group="prefill", name="Prefill")
    def ask(self, services: Services, question: str) -> None:
        """Answer ``question`` from memory (thread worker)."""
        try:
            answer = ask_memory(services, question)
            text = answer.text
            proposal = Proposal(question, text, answer.known, answer.method, tuple(answer.sources))
            self.post_message(self.Proposed(proposal))
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(Proposed)
    def _proposed(self, event: Proposed) -> None:
        p = event.proposal
        self.proposal = p
        status = self.query_one("#prefill-status", Label)
        if p.known:
            how = {
                "extractive": "quoted from your memories",
                "fact": "a fact from your memories",
            }.get(p.method, "worded by the model, checked against your memories")
            status.update(
                Text(
                    f"✔ Known — proposed answer ({how}, {len(p.sources)} sources)",
                    style="bold green",
                )
            )
        else:
            status.update(Text("✘ Unknown — nothing in memory answers this", style="bold yellow"))
        answer = Text(p.answer)
        answer.highlight_regex(r"\[\d+\]", style="bold reverse")
        self.query_one("#prefill-answer", Static).update(answer)
        sources = self.query_one("#prefill-sources", ListView)
        sources.clear()
        for n, hit in enumerate(p.sources, 1):
            sources.append(SourceItem(n, hit))

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#prefill-status", Label).update("")
        self.query_one("#form-status", Label).update("")
        self.notify(event.error, title="Could not answer", severity="error", timeout=10)

    @on(ListView.Selected, "#prefill-sources")
    def _open_source(self, event: ListView.Selected) -> None:
        if isinstance(event.item, SourceItem):
            self.mneme.open_item(event.item.hit.item_id, event.item.hit.why)

    # -- a form ---------------------------------------------------------------------------
    @on(Input.Submitted, "#form-input")
    def _fill_input(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        services = self.require_services()
        if text and services is not None:
            self.query_one("#form-status", Label).update("Filling the form from memory…")
            self.fill_form(services, text, None)

    def action_fill_pasted(self) -> None:
        """Fill the form pasted in the paste box."""
        pasted = self.query_one("#form-paste", TextArea).text
        services = self.require_services()
        if not pasted.strip():
            self.notify("Paste a form (questions, JSON, YAML or HTML) first.", severity="warning")
            return
        if services is not None:
            self.query_one("#form-status", Label).update("Filling the pasted form from memory…")
            self.fill_form(services, None, pasted)

    @work(thread=True, exclusive=True, exit_on_error=False, group="prefill-form", name="Prefill")
    def fill_form(self, services: Services, arg: str | None, pasted: str | None) -> None:
        """Read the form and propose every field (thread worker)."""
        try:
            if pasted is not None:
                opened = prefill.pasted_form(pasted)
            else:
                assert arg is not None
                opened = prefill.open_form(arg)
            result = prefill.fill(services, opened.form)
            self.post_message(self.FormFilled(result, opened.original))
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(FormFilled)
    def _form_filled(self, event: FormFilled) -> None:
        self.form_result, self.form_original = event.result, event.original
        counts = event.result.counts()
        self.query_one("#form-status", Label).update(
            f"{counts['filled']} filled, {counts['unknown']} unknown, "
            f"{counts['sensitive']} sensitive — A accepts, E edits, W writes a copy"
        )
        table = self.query_one("#form-fields", FieldTable)
        table.clear()
        for index, fr in enumerate(event.result.fields):
            table.add_row(*self._cells(fr), key=str(index))
        table.focus()
        if event.result.fields:
            self._show_evidence(0)

    def _cells(self, fr: FieldResult) -> tuple[Text, Text, Text, Text]:
        conf = f"{fr.confidence:.2f}" if fr.status == "filled" else ""
        return (
            Text(fr.field.display),
            Text(fr.shown),
            Text(fr.status, style=STATUS_STYLE[fr.status]),
            Text(conf),
        )

    def _show_evidence(self, index: int) -> None:
        if self.form_result is None or not 0 <= index < len(self.form_result.fields):
            return
        self.query_one("#field-evidence", Static).update(
            evidence_text(self.form_result.fields[index])
        )

    @on(DataTable.RowHighlighted, "#form-fields")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_evidence(event.cursor_row)

    def _current(self) -> tuple[int, FieldResult] | None:
        if self.form_result is None or not self.form_result.fields:
            return None
        index = self.query_one("#form-fields", FieldTable).cursor_row
        if not 0 <= index < len(self.form_result.fields):
            return None
        return index, self.form_result.fields[index]

    def action_accept_field(self) -> None:
        """Accept the highlighted field's value: it becomes (or reinforces) a fact."""
        current, services = self._current(), self.require_services()
        if current is None or services is None:
            return
        index, fr = current
        if fr.status != "filled":
            self.notify("Nothing to accept: press E to enter a value.", severity="warning")
            return
        self.save_answer(services, index, fr, fr.value, False)

    def action_edit_field(self) -> None:
        """Edit the highlighted field's value; the answer becomes a fact."""
        current = self._current()
        if current is None:
            return
        index, fr = current
        if fr.status == "sensitive":
            self.notify(f"{fr.field.display} is never filled or stored.", severity="warning")
            return

        def done(text: str | None) -> None:
            services = self.require_services()
            if text and services is not None:
                self.save_answer(services, index, fr, text, True)

        self.app.push_screen(EditTextScreen(f"Answer for “{fr.field.display}”", fr.shown), done)

    @work(thread=True, exclusive=False, exit_on_error=False, group="prefill-save", name="Save")
    def save_answer(
        self, services: Services, index: int, fr: FieldResult, value: str, edited: bool
    ) -> None:
        """Make the answer a fact (thread worker)."""
        try:
            done = prefill.confirm(services, fr, value, edited=edited)
            self.post_message(self.FieldSaved(index, done.field, done.summary))
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(FieldSaved)
    def _saved(self, event: FieldSaved) -> None:
        if self.form_result is None:
            return
        fields = list(self.form_result.fields)
        old = fields[event.index]
        fields[event.index] = event.field
        self.form_result = replace(self.form_result, fields=tuple(fields))
        table = self.query_one("#form-fields", FieldTable)
        for column, cell in enumerate(self._cells(fields[event.index])):
            table.update_cell_at((event.index, column), cell)  # type: ignore[arg-type]
        self._show_evidence(event.index)
        self.notify(f"{old.field.display}: {event.summary}", title="Remembered")

    def action_write_copy(self) -> None:
        """Write a filled copy of the form (asks where)."""
        if self.form_result is None:
            return
        source = self.form_result.form.source
        kind = self.form_result.form.kind
        suffix = {"html": ".html", "pdf": ".pdf"}.get(kind, ".json")
        default = (
            str(Path(source).with_name(Path(source).stem + "-filled" + suffix))
            if source and Path(source).is_file()
            else str(Path.home() / f"form-filled{suffix}")
        )

        def done(text: str | None) -> None:
            if text and self.form_result is not None:
                self.write_form(self.form_result, self.form_original, Path(text).expanduser())

        self.app.push_screen(EditTextScreen("Write the filled form to", default), done)

    @work(thread=True, exclusive=True, exit_on_error=False, group="prefill-write", name="Write")
    def write_form(self, result: PrefillResult, original: bytes | None, path: Path) -> None:
        """Write the filled copy (thread worker)."""
        try:
            prefill.write_copy(result, path, original)
            self.post_message(self.CopyWritten(path))
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(CopyWritten)
    def _written(self, event: CopyWritten) -> None:
        self.notify(f"Wrote {event.path}", title="Filled form saved")
