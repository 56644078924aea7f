"""``StatusBar``: model name, store size and background work, at the bottom of every screen.

It subscribes to ``MnemeApp.status_signal`` and renders each ``StatusInfo`` it receives.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from app.tui.status import StatusInfo


class StatusBar(Static):
    """One line of status, updated whenever the app publishes a new ``StatusInfo``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)

    def on_mount(self) -> None:
        app: Any = self.app
        signal = getattr(app, "status_signal", None)
        if signal is not None:
            signal.subscribe(self, self.show)
            self.show(app.status)

    def show(self, info: StatusInfo) -> None:
        """Render ``info``."""
        self.update(info.render())
        self.set_class(info.error is not None, "-error")
        self.set_class(bool([t for t in info.tasks if t.key != "models"]), "-busy")
