"""``mneme search``: ranked memories for a query, no model generation."""

from __future__ import annotations

from pathlib import Path

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import echo_json, echo_json_line, out_console, short_date


@click.command("search")
@click.argument("query", required=False)
@click.option("-k", "k", type=click.IntRange(1, 500), default=None, help="Number of results.")
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
@click.option(
    "--batch",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="Read one query per line from FILE ('-' for stdin); print one JSON line per query.",
)
@click.option("--include-faded", is_flag=True, help="Also show memories that have faded.")
@pass_app
def search_command(
    app: AppContext,
    query: str | None,
    k: int | None,
    as_json: bool,
    batch: click.File | None,
    include_faded: bool,
) -> None:
    """Show the memories that best match QUERY, with scores, source and time.

    \b
    Example:
      mneme search "Rita Porto" -k 5
      mneme search --batch questions.txt > results.jsonl
    """
    from rich.markup import escape

    from app.services.ask import hits_json, search

    services = app.services
    if batch is not None:
        for line in batch:  # type: ignore[attr-defined]
            q = line.strip()
            if q:
                hits = search(services, q, k, include_faded=include_faded)
                _warn(services.recall.notice)
                echo_json_line(hits_json(q, hits))
        return
    if query is None or not query.strip():
        raise click.UsageError("give a QUERY or --batch FILE")
    hits = search(services, query, k, include_faded=include_faded)
    _warn(services.recall.notice)
    if as_json:
        echo_json(hits_json(query, hits))
        return
    out = out_console()
    if not hits:
        out.print("No memories stored yet. Import some with `mneme import PATH`.")
        return
    for n, hit in enumerate(hits, 1):
        text = " ".join(hit.text.split())
        if len(text) > 160:
            text = text[:159] + "…"
        who = f"{hit.speaker}: " if hit.speaker else ""
        where = Path(hit.source).name if "/" in hit.source else hit.source
        out.print(
            f"[bold]{n:>2}.[/] [cyan]{hit.score:.3f}[/] [dim]{hit.item_id} "
            f"{short_date(hit.timestamp)} {escape(where)}[/]"
        )
        out.print(f"    {who}{text}", markup=False)


def _warn(notice: str | None) -> None:
    """The search ran without the vector index (its server is down): say so on stderr."""
    if notice:
        click.echo(f"Warning: {notice}", err=True)


COMMANDS = [search_command]
