"""``mneme ask``: answer a question from memory, with sources."""

from __future__ import annotations

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import echo_json, out_console, short_date


@click.command("ask")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer and sources as JSON.")
@click.option("--include-faded", is_flag=True, help="Also use memories that have faded.")
@pass_app
def ask_command(app: AppContext, question: str, as_json: bool, include_faded: bool) -> None:
    """Answer QUESTION from what you have stored, citing the sources.

    When nothing relevant is stored, Mneme says so instead of guessing.

    \b
    Example:
      mneme ask "Where does Rita live?"
      mneme ask --json "What did I plan for the trip?"
    """
    if not question.strip():
        raise click.UsageError("QUESTION is empty: ask something, e.g. 'Where does Rita live?'")
    from app.services.ask import ask

    answer = ask(app.services, question, include_faded=include_faded)
    if as_json:
        payload = answer.as_json()
        if answer.notice:
            click.echo(f"Warning: {answer.notice}", err=True)
        echo_json(payload)
        return
    for piece in answer.stream():
        click.echo(piece, nl=False)
    click.echo()
    if answer.notice:  # the model failed (the answer is from memory), or it was trimmed
        click.echo(f"Warning: {answer.notice}", err=True)
    if answer.sources:
        out = out_console()
        out.print("\n[bold]Sources[/]")
        for n, hit in enumerate(answer.sources, 1):
            snippet = " ".join(hit.text.split())
            if len(snippet) > 100:
                snippet = snippet[:99] + "…"
            out.print(f"[{n}] {hit.source}, {short_date(hit.timestamp)}: {snippet}", markup=False)


COMMANDS = [ask_command]
