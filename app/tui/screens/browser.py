"""The memory browser: "what do I know about X?" as a dossier, with filters, pin and forget.

Type a person, place or topic and press Enter: ``app.services.facts.lookup`` runs in a thread
worker and the dossier comes back by section (current facts, history, episodes, persona,
memories) with its sources on the right and any conflicts to resolve. Filters narrow by tier,
source kind and time. Enter opens an item's details; P pins, F forgets (after a confirmation), C
resolves a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from app.services import facts, items
from app.services.views import TIERS, Conflict, Dossier, Filters, ItemView
from app.tui.screens.base import MnemeScreen
from app.tui.screens.conflict import BOTH
from app.tui.screens.forget import ForgetScreen
from app.tui.widgets.item_render import item_text, shorten
from models.errors import MnemeError

if TYPE_CHECKING:
    from app.bootstrap import Services

HINT = (
    "Type a person, place or topic above and press Enter.\n\n"
    "Mneme shows what it knows: current facts, their history, a timeline of episodes, "
    "what it learned about you, the memories themselves and where they come from."
)
TIME_WINDOWS: dict[str, int | None] = {
    "any time": None,
    "last 7 days": 7,
    "last 30 days": 30,
    "last year": 365,
}
"""Time filter choices: label -> days back (None: no limit)."""
TIER_OPTIONS = [("All tiers", ""), *[(t.capitalize() + "s", t) for t in TIERS]]
TIME_OPTIONS = [(label, str(days or "")) for label, days in TIME_WINDOWS.items()]


def sources_text(dossier: Dossier) -> Text:
    """The right-hand panel: sources with their kind, matching items and latest date."""
    out = Text()
    if not dossier.sources:
        out.append("No sources.", style="dim")
        return out
    for ref in dossier.sources:
        name = ref.source.rstrip("/").rsplit("/", 1)[-1] or ref.source
        out.append(f"{shorten(name, 34)}\n", style="bold")
        out.append(f"  {ref.kind} · {ref.items} item{'s' if ref.items != 1 else ''}", style="dim")
        out.append(f" · {(ref.latest or 'undated')[:10]}\n", style="dim")
    return out


class MemoryBrowserScreen(MnemeScreen):
    """What do I know about X: dossier, filters, pin, forget, conflicts."""

    BINDINGS = [
        Binding("slash", "focus_search", "Look up"),
        Binding("p", "pin", "Pin"),
        Binding("f", "forget", "Forget"),
        Binding("c", "resolve", "Resolve conflict"),
        Binding("enter", "details", "Details", show=False),
    ]

    @dataclass
    class Found(Message):
        dossier: Dossier

    @dataclass
    class Kinds(Message):
        kinds: list[str]

    @dataclass
    class Acted(Message):
        message: str

    @dataclass
    class Failed(Message):
        title: str
        error: str

    def __init__(self) -> None:
        super().__init__()
        self.dossier: Dossier | None = None
        self._items: dict[str, ItemView] = {}
        self._conflicts: dict[str, Conflict] = {}

    def compose_body(self) -> Iterable[Widget]:
        yield Horizontal(
            Input(placeholder="What do I know about… (a person, place or topic)", id="lookup"),
            Select(TIER_OPTIONS, value="", allow_blank=False, id="filter-tier"),
            Select([("All sources", "")], value="", allow_blank=False, id="filter-source"),
            Select(TIME_OPTIONS, value="", allow_blank=False, id="filter-time"),
            id="browser-bar",
        )
        yield Horizontal(
            Vertical(
                Static(HINT, id="dossier-title", markup=False),
                OptionList(id="dossier"),
                id="dossier-main",
            ),
            VerticalScroll(Static("", id="sources-body", markup=False), id="sources-panel"),
            id="browser-body",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#sources-panel").border_title = "Sources"
        self.query_one("#dossier", OptionList).display = False
        self.query_one("#lookup", Input).focus()

    def on_services(self, services: Services) -> None:
        self.load_kinds(services)

    def on_screen_resume(self) -> None:
        if self.services is not None:
            self.load_kinds(self.services)

    @work(thread=True, exclusive=True, exit_on_error=False, group="kinds", name="Source kinds")
    def load_kinds(self, services: Services) -> None:
        """Fill the source filter (thread worker)."""
        try:
            self.post_message(self.Kinds(facts.source_kinds(services)))
        except MnemeError as e:
            self.post_message(self.Failed("Sources", str(e)))

    @on(Kinds)
    def _kinds(self, event: Kinds) -> None:
        select = self.query_one("#filter-source", Select)
        current = select.value
        select.set_options([("All sources", ""), *[(k, k) for k in event.kinds]])
        select.value = current if current in event.kinds else ""

    # -- looking up -------------------------------------------------------------------
    def filters(self) -> Filters:
        tier = self.query_one("#filter-tier", Select).value
        kind = self.query_one("#filter-source", Select).value
        days = self.query_one("#filter-time", Select).value
        return Filters(
            tier=str(tier) or None if isinstance(tier, str) else None,
            source_kind=str(kind) or None if isinstance(kind, str) else None,
            days=int(days) if isinstance(days, str) and days else None,
        )

    def look_up(self, subject: str | None = None) -> None:
        """Look ``subject`` up (default: the search box) with the current filters."""
        subject = (
            subject if subject is not None else self.query_one("#lookup", Input).value
        ).strip()
        services = self.require_services()
        if not subject or services is None:
            return
        self.query_one("#dossier-title", Static).update(f"Looking up “{subject}”…")
        self.lookup_worker(services, subject, self.filters())

    @on(Input.Submitted, "#lookup")
    def _submitted(self) -> None:
        self.look_up()

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        if self.dossier is not None:
            self.look_up(self.dossier.subject)

    @work(thread=True, exclusive=True, exit_on_error=False, group="lookup", name="Look up")
    def lookup_worker(self, services: Services, subject: str, filters: Filters) -> None:
        """Build the dossier of ``subject`` (thread worker)."""
        try:
            self.post_message(self.Found(facts.lookup(services, subject, filters)))
        except MnemeError as e:
            self.post_message(self.Failed("Look-up failed", str(e)))

    @on(Found)
    def _found(self, event: Found) -> None:
        lookup = self.query_one("#lookup", Input)
        self.show(event.dossier)
        options = self.query_one("#dossier", OptionList)
        if lookup.has_focus and options.display and options.option_count:
            # Results are in: move to them (P, F, C, Enter act on the highlighted one; / returns).
            options.focus()
            if options.highlighted is None:
                options.action_first()

    def show(self, dossier: Dossier) -> None:
        """Render ``dossier`` in the list and the sources panel."""
        self.dossier = dossier
        self._items.clear()
        self._conflicts.clear()
        options = self.query_one("#dossier", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        title = self.query_one("#dossier-title", Static)
        if dossier.empty and not dossier.conflicts:
            title.update(f"Nothing stored about “{dossier.subject}” (with these filters).")
            options.display = False
        else:
            n = sum(len(items) for _, items in dossier.sections())
            title.update(f"What I know about “{dossier.subject}” · {n} items")
            options.display = True
            if dossier.conflicts:
                options.add_option(
                    Option(Text(" Conflicts to resolve ", style="bold reverse"), disabled=True)
                )
            for conflict in dossier.conflicts:
                oid = f"conflict:{conflict.conflict_id}"
                self._conflicts[oid] = conflict
                text = Text(f"⚠ {conflict.conflict_id}: ", style="bold yellow")
                text.append(" or ".join(f"“{shorten(o.text, 50)}”" for o in conflict.options))
                text.append("  (C resolves)\n", style="bold")
                text.append(shorten(conflict.subject, 110), style="dim")
                options.add_option(Option(text, id=oid))
                options.add_option(None)
            for name, items in dossier.sections():
                options.add_option(Option(Text(f" {name} ", style="bold reverse"), disabled=True))
                for idx, item in enumerate(items):
                    oid = f"{name}:{item.item_id}:{idx}"
                    self._items[oid] = item
                    options.add_option(Option(item_text(item, body_chars=200), id=oid))
                    options.add_option(None)
            if highlighted is not None and highlighted < options.option_count:
                options.highlighted = highlighted
        self.query_one("#sources-body", Static).update(sources_text(dossier))

    # -- the highlighted item ---------------------------------------------------------
    def _highlighted_id(self) -> str | None:
        options = self.query_one("#dossier", OptionList)
        if not options.display or options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def selected_item(self) -> ItemView | None:
        """The highlighted item of the dossier (None on a header or a conflict)."""
        oid = self._highlighted_id()
        return self._items.get(oid) if oid else None

    @on(OptionList.OptionSelected, "#dossier")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        oid = event.option.id or ""
        if oid in self._conflicts:
            self.action_resolve()
        elif oid in self._items:
            self.action_details()

    def action_focus_search(self) -> None:
        """Focus the search box."""
        self.query_one("#lookup", Input).focus()

    def action_details(self) -> None:
        """Open the highlighted item's details."""
        item = self.selected_item()
        if item is not None:
            self.mneme.open_item(item.item_id, (), self._after_detail)

    def _after_detail(self, result: str | None) -> None:
        if result and self.dossier is not None:
            self.look_up(self.dossier.subject)

    def action_pin(self) -> None:
        """Pin the highlighted item (unpin a pinned one)."""
        item = self.selected_item()
        services = self.require_services()
        if item is None or services is None:
            self.notify("Highlight an item in the dossier first.", severity="warning")
            return
        self.act(services, "unpin" if item.pinned else "pin", item.item_id)

    def action_forget(self) -> None:
        """Forget the highlighted item, after seeing what it would delete."""
        item = self.selected_item()
        if item is None:
            self.notify("Highlight an item in the dossier first.", severity="warning")
            return

        def forgotten(summary: str | None) -> None:
            if summary:
                self.post_message(self.Acted(summary))

        self.app.push_screen(ForgetScreen(item.item_id), forgotten)

    def action_resolve(self) -> None:
        """Resolve the highlighted conflict by choosing the current value."""
        from app.tui.screens.conflict import ResolveConflictScreen

        oid = self._highlighted_id()
        conflict = self._conflicts.get(oid or "")
        services = self.require_services()
        if conflict is None or services is None:
            self.notify("Highlight a conflict (⚠) first.", severity="warning")
            return

        def chosen(keep: str | None) -> None:
            if keep:
                self.act(services, "resolve", conflict.conflict_id, keep)

        self.app.push_screen(ResolveConflictScreen(conflict), chosen)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="browser-action",
        name="Memory action",
    )
    def act(self, services: Services, action: str, item_id: str, keep: str | None = None) -> None:
        """Pin, unpin or resolve a conflict (thread worker)."""
        try:
            if action == "resolve":
                if keep == BOTH:
                    view = facts.resolve_conflict(services, item_id, keep_both=True)
                else:
                    view = facts.resolve_conflict(services, item_id, keep=keep)
                message = f"Resolved {view.conflict_id}: {view.resolution or 'done'}."
            else:
                items.pin(services, item_id, pinned=action == "pin")
                message = f"{action.capitalize()}ned {item_id}."
            self.post_message(self.Acted(message))
        except MnemeError as e:
            self.post_message(self.Failed(f"Could not {action}", str(e)))

    @on(Acted)
    def _acted(self, event: Acted) -> None:
        self.notify(event.message, title="Memory")
        self.mneme.refresh_counts()
        if self.dossier is not None:
            self.look_up(self.dossier.subject)

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.notify(event.error, title=event.title, severity="error", timeout=10)
