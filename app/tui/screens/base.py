"""``MnemeScreen``: the frame every main screen shares (header, body, status bar, footer).

It hands the app's services to the screen once they are built (``on_services``), and turns a
worker that died of an unexpected error into a notification with the reason, never a crash.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header
from textual.worker import Worker, WorkerState

from app.tui.widgets.footer import MnemeFooter
from app.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.tui.app import MnemeApp


class MnemeScreen(Screen[None]):
    """A main screen: subclasses yield their body from ``compose_body``."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_body()
        yield StatusBar(classes="status-bar")
        yield MnemeFooter()

    def compose_body(self) -> Iterable[Widget]:
        """The screen's own widgets, between the header and the status bar."""
        return ()

    @property
    def mneme(self) -> MnemeApp:
        """The app, typed."""
        return cast("MnemeApp", self.app)

    @property
    def services(self) -> Services | None:
        """The services, or None while they are still being built."""
        return self.mneme.services

    def on_mount(self) -> None:
        self.mneme.ready_signal.subscribe(self, self.on_services)
        if self.mneme.services is not None:
            self.call_after_refresh(self.on_services, self.mneme.services)

    def on_services(self, services: Services) -> None:
        """Called once the services exist (at mount when they already do)."""

    def require_services(self) -> Services | None:
        """The services, or None after telling the user to wait."""
        if self.services is None:
            self.notify("Mneme is still starting; try again in a moment.", severity="warning")
        return self.services

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_error(self, event)


def report_worker_error(node: Any, event: Worker.StateChanged) -> None:
    """Notify the user when a worker of ``node`` failed with an unexpected error."""
    if event.state == WorkerState.ERROR and event.worker.error is not None:
        err = event.worker.error
        node.log.error(f"worker {event.worker.name} failed: {err!r}")
        node.notify(
            f"{type(err).__name__}: {err}",
            title=f"{event.worker.name or 'Background task'} failed",
            severity="error",
            timeout=15,
        )
