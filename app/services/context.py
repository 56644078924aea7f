"""The app factory: one ``AppContext`` per process, for every front end.

The CLI (one per invocation, ``app.cli.context.pass_app``), the TUI (``app.tui.app.MnemeApp``),
the tests (with fake models) and the MCP server to come hold an ``AppContext``. It reads the
settings and builds the services (``app.bootstrap.build_services``: store, index, models,
tiers) on first use, configuring the environment and logging once, and closes them at exit.
Importing this module loads nothing heavy, so ``mneme --help`` stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.settings import Settings


def private_files() -> None:
    """Make every file this process writes private (umask 077), whatever the user's umask
    (``memory.private``); the CLI calls it before anything is opened."""
    from memory.private import PRIVATE_UMASK

    os.umask(PRIVATE_UMASK)


class AppContext:
    """Builds settings and services on first use.

    Args:
        factory: builds ``Services`` from ``Settings`` (tests pass one with fake models);
            default ``app.bootstrap.build_services``.
    """

    def __init__(self, factory: Callable[[Settings], Services] | None = None) -> None:
        self._factory = factory
        self._settings: Settings | None = None
        self._services: Services | None = None

    @property
    def settings(self) -> Settings:
        """The user's settings (environment, config file), read once."""
        if self._settings is None:
            from app.settings import load_settings

            self._settings = load_settings()
        return self._settings

    @property
    def services(self) -> Services:
        """The services, built on first use (offline environment and logging set first)."""
        if self._services is None:
            from app.bootstrap import build_services, configure_environment
            from app.logging_setup import configure_logging

            configure_environment()
            configure_logging(self.settings.log_path, self.settings.log_level)
            factory = self._factory or build_services
            self._services = factory(self.settings)
        return self._services

    def close(self) -> None:
        """Close the services (stops the chat model's process, closes the store)."""
        if self._services is not None:
            self._services.close()
            self._services = None
