"""The prefill screen: propose an answer to a question from memory, with its sources.

A minimal first version of the prefill feature (which later extends it to whole forms):
type one question, ``Answerer.ask`` (the service behind ``mneme ask``) runs in a thread
worker, and the proposed answer shows with whether memory knew it and the sources it used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, ListItem, ListView, Static

from app.tui.backend import ItemView
from app.tui.screens.base import MnemeScreen
from app.tui.widgets.item_render import item_text
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.recall import Hit

INTRO = (
    "Ask one question a form would ask (“What is my passport number?”, “Where does Rita "
    "live?”). Mneme proposes an answer from memory and shows where it comes from; when "
    "memory does not know, it says so instead of guessing."
)


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


class PrefillScreen(MnemeScreen):
    """One question in, a proposed answer with sources and known/unknown out."""

    BINDINGS = [Binding("slash", "focus_question", "Question")]

    @dataclass
    class Proposed(Message):
        proposal: Proposal

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self) -> None:
        super().__init__()
        self.proposal: Proposal | None = None

    def compose_body(self) -> Iterable[Widget]:
        yield Vertical(
            Static(INTRO, id="prefill-intro", markup=False),
            Input(placeholder="A question to answer from memory; Enter asks", id="question"),
            Label("", id="prefill-status"),
            VerticalScroll(Static("", id="prefill-answer", markup=False), id="prefill-answer-box"),
            Label("Sources", classes="section-title"),
            ListView(id="prefill-sources"),
            id="prefill-body",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#question", Input).focus()

    def action_focus_question(self) -> None:
        """Focus the question box."""
        self.query_one("#question", Input).focus()

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
            answer = services.answerer.ask(question)
            text = answer.text
            self.post_message(
                self.Proposed(
                    Proposal(question, text, answer.known, answer.method, tuple(answer.sources))
                )
            )
        except MnemeError as e:
            self.post_message(self.Failed(str(e)))

    @on(Proposed)
    def _proposed(self, event: Proposed) -> None:
        p = event.proposal
        self.proposal = p
        status = self.query_one("#prefill-status", Label)
        if p.known:
            how = "quoted from your memories" if p.method == "extractive" else "worded by the model"
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
        self.notify(event.error, title="Could not answer", severity="error", timeout=10)

    @on(ListView.Selected, "#prefill-sources")
    def _open_source(self, event: ListView.Selected) -> None:
        if isinstance(event.item, SourceItem):
            self.mneme.open_item(event.item.hit.item_id, event.item.hit.why)
