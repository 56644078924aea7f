"""``mneme chat``: the Textual chat (also what plain ``mneme`` opens)."""

from __future__ import annotations

import click

from app.cli.context import AppContext, pass_app


def run_chat(app: AppContext) -> None:
    """Open the TUI on this invocation's services (built in the background by the TUI)."""
    from app.tui.app import MnemeApp

    MnemeApp(app).run()


@click.command("chat")
@pass_app
def chat_command(app: AppContext) -> None:
    """Chat with your memory in the terminal (replies stream from the local model).

    What you say is remembered: a fact told in one session is recalled in the next.

    \b
    Example:
      mneme chat
    """
    run_chat(app)


COMMANDS = [chat_command]
