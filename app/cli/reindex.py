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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    services = app.services
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
        records = services.indexer.reindex(
            lambda done, total: bar.update(rec_task, completed=done, total=total)
        )
        derived = 0
        if services.tiers is not None:
            tier_task = bar.add_task("Facts, episodes, persona", total=None)
            index = services.tiers.index
            index.vectors.reset()
            index.mark_all_pending()
            derived = index.embed_pending(
                progress=lambda done, total: bar.update(tier_task, completed=done, total=total)
            )
    ident = services.embedder.identity
    result = {
        "records": records,
        "derived": derived,
        "embedder": ident.model_id,
        "dimension": ident.dimension,
    }
    if as_json:
        echo_json(result)
    else:
        click.echo(
            f"Re-embedded {records} records and {derived} facts/episodes/persona statements "
            f"with {ident.model_id} ({ident.dimension} dims)."
        )


COMMANDS = [reindex_command]
