"""``mneme reindex``: rebuild the vector indexes from SQLite (after changing the embedder,
or if Chroma's files were lost or damaged)."""

from __future__ import annotations

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import echo_json, err_console


@click.command("reindex")
@click.option("--json", "as_json", is_flag=True, help="Print what was re-embedded as JSON.")
@pass_app
def reindex_command(app: AppContext, as_json: bool) -> None:
    """Rebuild the vector index of every memory from the SQLite store.

    Needed after changing the embedding model (MNEME_EMBED_MODEL): Mneme refuses to mix
    vectors of two embedders. Nothing in SQLite changes; only the derived index is rebuilt.

    \b
    Example:
      MNEME_EMBED_MODEL=~/models/bge-small-en mneme reindex
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    from app.services.reindex import reindex

    console = err_console()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        rec_task = bar.add_task("Records", total=None)
        tier_task: list[TaskID] = []

        def records(done: int, total: int) -> None:
            bar.update(rec_task, completed=done, total=total)

        def derived(done: int, total: int) -> None:
            if not tier_task:
                tier_task.append(bar.add_task("Facts, episodes, persona", total=None))
            bar.update(tier_task[0], completed=done, total=total)

        result = reindex(app.services, records, derived)
    if as_json:
        echo_json(result)
    else:
        click.echo(
            f"Re-embedded {result['records']} records and {result['derived']} "
            f"facts/episodes/persona statements with {result['embedder']} "
            f"({result['dimension']} dims)."
        )


COMMANDS = [reindex_command]
