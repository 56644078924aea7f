"""``mneme reindex``: rebuild the vector indexes from SQLite (after changing the embedder,
or if Chroma's files were lost or damaged)."""

from __future__ import annotations

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import echo_json, phase_progress


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
    from app.services.reindex import reindex

    with phase_progress() as tick:
        result = reindex(
            app.services,
            lambda done, total: tick("Records", done, total),
            lambda done, total: tick("Facts, episodes, persona", done, total),
        )
    if as_json:
        echo_json(result)
    else:
        click.echo(
            f"Re-embedded {result['records']} records and {result['derived']} "
            f"facts/episodes/persona statements with {result['embedder']} "
            f"({result['dimension']} dims)."
        )


COMMANDS = [reindex_command]
