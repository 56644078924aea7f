"""The CLI's handle on the app factory: ``pass_app`` gives every command of one invocation
the same ``app.services.context.AppContext``."""

from __future__ import annotations

import click

from app.services.context import AppContext

pass_app = click.make_pass_decorator(AppContext, ensure=True)

__all__ = ["AppContext", "pass_app"]
