"""Helpers for the TUI tests: an app on fake models with a ticking clock, seeding, waiting."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

from app.bootstrap import Services, build_services
from app.services.context import AppContext
from app.settings import Settings
from app.tui.app import MnemeApp
from memory.records import RecordIn
from memory.store import SourceIn
from models.fakes import FakeChatModel, FakeEmbedder

START = datetime(2024, 3, 15, 9, 0, tzinfo=UTC)


class TickingClock:
    """A deterministic clock: each call is one minute after the previous one."""

    def __init__(self, start: datetime = START, step: timedelta = timedelta(minutes=1)) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        current = self.now
        self.now += self.step
        return current


def factory(
    chat: FakeChatModel | None = None, clock: Callable[[], datetime] | None = None
) -> Callable[[Settings], Services]:
    """Services with fake models, real SQLite and Chroma, and a deterministic clock."""
    clk = clock or TickingClock()

    def build(s: Settings) -> Services:
        return build_services(
            s,
            chat_model=chat or FakeChatModel(["fake answer [1]"]),
            embedder=FakeEmbedder(),
            clock=clk,
        )

    return build


def make_app(chat: FakeChatModel | None = None, **kwargs: Any) -> MnemeApp:
    """A ``MnemeApp`` on fake models (``kwargs`` go to ``MnemeApp``)."""
    return MnemeApp(AppContext(factory=factory(chat)), **kwargs)


NOTES = {
    "/home/me/notes/family.md": (
        "Family",
        "2024-03-02",
        [
            "My sister Rita lives in Porto with her two cats.",
            "Rita's birthday is on the 4th of May; she loves orchids.",
        ],
    ),
    "/home/me/notes/bikes.md": (
        "Bikes",
        "2023-06-10",
        ["Bought a blue Cannondale road bike in spring.", "The rear derailleur needs new cables."],
    ),
    "/home/me/journal/2024-03-10.md": (
        "Journal",
        "2024-03-10",
        ["Called Rita; she is moving from Porto to Lisbon in June."],
    ),
}


def seed(services: Services, *, consolidate: bool = True) -> None:
    """Store a few notes (stable paths, fixed dates), index them and, unless told not to,
    consolidate them into facts, episodes and persona statements."""
    for path, (title, day, paras) in NOTES.items():
        when = datetime.fromisoformat(day).replace(tzinfo=UTC)
        records = [RecordIn(text=t, kind="note_chunk", title=title, event_time=when) for t in paras]
        services.store.ingest_source(
            SourceIn(uri=f"file:{path}", kind="markdown", content_hash=path, title=title), records
        )
    services.indexer.index_pending()
    if consolidate:
        services.tiers.consolidate()


def seed_conflict(services: Services) -> None:
    """A second note that says Rita lives somewhere else, the same day (a conflict)."""
    when = datetime(2024, 3, 2, tzinfo=UTC)
    services.store.ingest_source(
        SourceIn(
            uri="file:/home/me/notes/other.md", kind="markdown", content_hash="o", title="Other"
        ),
        [RecordIn(text="My sister Rita lives in Braga.", event_time=when, title="Other")],
    )
    services.indexer.index_pending()
    services.tiers.consolidate()


async def wait_ready(app: MnemeApp, pilot: Any) -> None:
    for _ in range(300):
        if app.services is not None and app.models_loaded:
            await settle(app, pilot)
            return
        await pilot.pause(0.02)
    raise AssertionError("services never became ready")


LONG_LIVED = {"_loader"}
"""Worker groups that wait for work forever (the DirectoryTree's loading queue)."""


def _busy(app: MnemeApp) -> list[Any]:
    """Workers still to finish: running ones and those created but not started yet (a
    worker is PENDING until the event loop first runs it, longer on a busy machine)."""
    waiting = (WorkerState.PENDING, WorkerState.RUNNING)
    return [w for w in app.workers if w.state in waiting and w.group not in LONG_LIVED]


async def settle(app: MnemeApp, pilot: Any) -> None:
    """Wait until no worker runs and the messages they posted are handled."""
    for _ in range(500):
        running = [w for w in _busy(app) if w.state == WorkerState.RUNNING]
        if running:
            try:
                await app.workers.wait_for_complete(running)
            except (WorkerFailed, WorkerCancelled):
                pass  # the app reports it (a cancelled one was replaced); tests look at the screen
        await pilot.pause()
        if not _busy(app):
            await pilot.pause()
            if not _busy(app):
                return
    raise AssertionError(f"workers never settled: {_busy(app)}")


def visible_text(widget: Any, width: int = 200) -> str:
    """The plain text a Static / Label currently shows (a rich renderable, such as a table,
    is rendered ``width`` cells wide)."""
    content = getattr(widget, "content", None)
    rich_renderable = not isinstance(content, (str, Text)) and hasattr(content, "__rich_console__")
    if content is not None and rich_renderable:
        console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
        console.print(content)
        return console.export_text()
    rendered = widget.render()
    return str(getattr(rendered, "plain", rendered))


def write_notes(folder: Path) -> Path:
    """Real markdown files for the import screen."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "family.md").write_text(
        "# Family\n\nMy sister Rita lives in Porto.\n", encoding="utf-8"
    )
    (folder / "pets.md").write_text(
        "# Pets\n\nWe adopted a beagle called Biscuit.\n", encoding="utf-8"
    )
    (folder / "photo.bin").write_bytes(bytes(range(256)) * 4)
    return folder


def screen_lines(app: MnemeApp) -> list[str]:
    """The text of every line of the terminal as the user sees it now (modals included)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        color_system=None,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text().splitlines()


def crop_cells(line: str, start: int, end: int) -> str:
    """The part of ``line`` between terminal cells ``start`` and ``end`` (wide characters,
    such as emoji, take two cells)."""
    out, x = [], 0
    for ch in line:
        w = cell_len(ch)
        if start <= x and x + w <= end:
            out.append(ch)
        x += w
    return "".join(out)


def region_lines(app: MnemeApp, widget: Any) -> list[str]:
    """The lines of the screen inside ``widget``'s region (what it shows, as the user sees
    it)."""
    r = widget.region
    return [crop_cells(line, r.x, r.right) for line in screen_lines(app)[r.y : r.bottom]]
