"""``mneme bench``: Mneme's benchmarks from the command line (``bench recall`` for now).

The work happens in the ``bench`` package, reached only through ``bench.api`` and only when a
command runs (the benchmarks build Mneme through the app, not the other way round); this
module parses options, reports progress on stderr and prints the result as JSON or a
side-by-side table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import echo_json, err_console, out_console


@click.group("bench")
def bench_group() -> None:
    """Measure Mneme: recall quality against BM25 and vector baselines.

    \b
    Example:
      mneme bench recall --dataset ../shared/data/locomo/locomo_dev.json --json
    """


def _conversations(value: str | None) -> list[int] | None:
    if not value:
        return None
    try:
        return [int(v) for v in value.replace(" ", "").split(",") if v]
    except ValueError as e:
        raise click.BadParameter("give conversation indexes like 0,1,2") from e


@bench_group.command("recall")
@click.option(
    "--dataset",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="A LoCoMo-format JSON file (a list of conversations with QA).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "-k",
    "ks",
    type=click.IntRange(1, 100),
    multiple=True,
    help="Cut-offs of turn-level recall (repeatable; default 1 5 10 20).",
)
@click.option(
    "--conversations",
    default=None,
    help="Only these conversations, by index (e.g. 0,1,2).",
)
@click.option(
    "--audit",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Evidence corrections (audit_errors.json); default: the one beside the dataset, "
    "else the shared LoCoMo audit.",
)
@click.option("--no-audit", is_flag=True, help="Score the evidence exactly as the file gives it.")
@pass_app
def recall_command(
    app: AppContext,
    dataset: Path,
    as_json: bool,
    ks: tuple[int, ...],
    conversations: str | None,
    audit: Path | None,
    no_audit: bool,
) -> None:
    """Score Mneme's recall on a LoCoMo-format file beside BM25 and vector baselines.

    Each conversation is imported into a fresh temporary store through the real importer,
    then every question of categories 1-4 is asked. Reports turn-level evidence recall@k,
    session recall_any@5, NDCG@10, per-category figures and latency. Your own memories are
    not touched.

    \b
    Example:
      mneme bench recall --dataset ../shared/data/locomo/locomo_dev.json
      mneme bench recall --dataset locomo.json --conversations 0,1 -k 5 -k 10 --json
    """
    from bench import api

    err = err_console()
    result = api.recall(
        dataset,
        embedder=app.services.embedder,
        conversations=_conversations(conversations),
        ks=ks,
        audit=audit,
        no_audit=no_audit,
        progress=lambda msg: err.print(f"[dim]{msg}[/]"),
    )
    if as_json:
        echo_json(result)
        return
    _print_table(result)


def _print_table(result: dict[str, Any]) -> None:
    from rich.table import Table

    systems = ("mneme", "bm25", "vector")
    table = Table(title=f"Recall on {Path(result['dataset']).name} ({result['queries']} questions)")
    table.add_column("metric")
    for name in systems:
        table.add_column(name, justify="right")
    metrics = [k for k in result["mneme"] if k.startswith(("turn_recall@", "session_", "ndcg@"))]
    for key in metrics:
        table.add_row(key, *(f"{result[s][key]:.3f}" for s in systems))
    for cat, fig in result["mneme"]["per_category"].items():
        table.add_row(
            f"turn_recall@10 {fig['name']}",
            *(f"{result[s]['per_category'][cat].get('turn_recall@10', 0):.3f}" for s in systems),
        )
    for key in ("search_p50", "search_p95", "embed_query_p50"):
        table.add_row(f"{key} ms", *(f"{result[s]['latency_ms'][key]:.1f}" for s in systems))
    out_console().print(table)


COMMANDS = [bench_group]
