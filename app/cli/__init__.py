"""The ``mneme`` command line (click). Every command has ``--help`` with an example.

Heavy modules (models, chromadb, textual) are imported inside commands, so ``mneme --help``
stays fast. Errors are translated here, at the edge: one line on stderr, non-zero exit.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from typing import Any

import click

from app.cli.context import AppContext, pass_app
from app.services.context import private_files
from models.errors import MnemeError

DAMAGE = ("malformed", "not a database", "disk i/o error", "database or disk is full")
"""SQLite errors that mean the file or the disk failed, not a bug in Mneme."""


class MnemeGroup(click.Group):
    """A click group that turns ``MnemeError`` (and SQLite reporting a damaged file or disk
    after the open check passed) into a one-line message and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MnemeError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(1)
        except sqlite3.DatabaseError as e:
            if not any(word in str(e).lower() for word in DAMAGE):
                raise
            logging.getLogger(__name__).error("database failure", exc_info=True)
            click.echo(
                f"Error: the database failed while in use ({e}); nothing more was written. "
                "Run `mneme doctor --check`",
                err=True,
            )
            ctx.exit(1)


@click.group(
    cls=MnemeGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Example:  mneme import ~/notes && mneme ask 'Where does Rita live?'",
)
@click.version_option(package_name="mneme", prog_name="mneme")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Mneme: a local-first personal memory assistant.

    With no command, opens the chat (same as `mneme chat`).
    """
    private_files()  # every file this process writes is private, whatever the user's umask
    if ctx.obj is None:
        ctx.obj = AppContext()
    if ctx.invoked_subcommand is None:
        from app.cli.chat import run_chat

        run_chat(ctx.obj)


def _register() -> None:
    from app.cli import (
        about_cmd,
        ask,
        backup_cmd,
        chat,
        doctor,
        facts_cmd,
        forget_cmd,
        import_cmd,
        memory_cmd,
        persona_cmd,
        prefill,
        reindex,
        search,
        watch,
    )

    for module in (
        import_cmd,
        ask,
        search,
        doctor,
        chat,
        watch,
        facts_cmd,
        persona_cmd,
        about_cmd,
        memory_cmd,
        forget_cmd,
        prefill,
        reindex,
        backup_cmd,
    ):
        for command in module.COMMANDS:
            cli.add_command(command)
    from app.cli import bench

    for command in bench.COMMANDS:
        cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="mneme")
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)


__all__ = ["AppContext", "cli", "main", "pass_app"]
