"""The CLI's lazily built services, shared by every command of one invocation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.settings import Settings


class AppContext:
    """Builds settings and services on first use.

    Args:
        factory: builds ``Services`` from ``Settings`` (tests pass one with fake models).
    """

    def __init__(self, factory: Callable[[Settings], Services] | None = None) -> None:
        self._factory = factory
        self._settings: Settings | None = None
        self._services: Services | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from app.settings import load_settings

            self._settings = load_settings()
        return self._settings

    @property
    def services(self) -> Services:
        if self._services is None:
            from app.bootstrap import build_services, configure_environment
            from app.logging_setup import configure_logging

            configure_environment()
            configure_logging(self.settings.log_path, self.settings.log_level)
            factory = self._factory or build_services
            self._services = factory(self.settings)
        return self._services

    def close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None


pass_app = click.make_pass_decorator(AppContext, ensure=True)
