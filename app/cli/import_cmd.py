"""``mneme import``: import files, folders and zip archives into memory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from app.cli.context import AppContext, pass_app
from app.cli.output import echo_json, err_console, out_console

if TYPE_CHECKING:
    from app.services.imports import ImportReport


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be imported; store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@pass_app
def import_command(
    app: AppContext, paths: tuple[Path, ...], dry_run: bool, as_json: bool, password: str | None
) -> None:
    """Import notes, chats and files from PATHS (files, folders or zips).

    Re-importing adds nothing new; a changed file replaces its old records (kept as
    superseded history). Every file gets a status: added, unchanged, updated, skipped or
    failed, with the reason.

    \b
    Example:
      mneme import ~/Documents/notes ~/Downloads/WhatsApp-Chat-with-Rita.zip
      mneme import --dry-run --json ~/vault
    """
    from app.services import imports

    services = app.services
    console = err_console()
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("[dim]{task.fields[current]}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        files = bar.add_task("Importing", total=None, rate="", current="")
        index = bar.add_task("Indexing", total=None, visible=False, rate="", current="")
        merge = bar.add_task("Consolidating", total=None, visible=False, rate="", current="")

        def on_progress(p: imports.ImportProgress) -> None:
            if p.phase == "resume" and not as_json:
                bar.console.print(f"[cyan]{escape(p.current or '')}[/]", soft_wrap=True)
            elif p.phase == "import":
                elapsed = bar.tasks[files].elapsed or 0.0
                rate = f"{p.records / elapsed:,.0f} rec/s" if elapsed > 0.5 else ""
                name = (p.current or "")[-50:]
                bar.update(files, total=p.total, completed=p.done, rate=rate, current=name)
            elif p.phase == "index":
                bar.update(index, visible=True, total=p.total, completed=p.done)
            elif p.phase == "consolidate":
                bar.update(merge, visible=True, total=p.total, completed=p.done,
                           current=p.current or "")

        try:
            report = imports.run_import(
                services, paths, dry_run=dry_run, password=password, progress=on_progress
            )
        except imports.ImportInterrupted as e:
            bar.stop()
            console.print(f"[yellow]{escape(str(e))}[/]", soft_wrap=True)
            raise SystemExit(130) from e

    if as_json:
        echo_json(report.as_json())
    else:
        _print_report(report)
    if report.nothing_done:
        raise SystemExit(1)


def _print_report(report: ImportReport) -> None:
    out = out_console()
    s = report.summary
    verb = "Would import" if report.dry_run else "Imported"
    for f in report.files:
        if f.status in ("failed", "skipped"):
            colour = "red" if f.status == "failed" else "yellow"
            out.print(f"[{colour}]{f.status:>8}[/] {escape(f.path)}: {escape(f.reason or '')}")
        for w in f.warnings:
            out.print(f"[yellow]{'warning':>8}[/] {escape(f.path)}: {escape(w)}")
    out.print(
        f"{verb}: [green]{s['added']} added[/], {s['unchanged']} unchanged, "
        f"{s['updated']} updated, {s['skipped']} skipped, "
        f"[{'red' if s['failed'] else 'default'}]{s['failed']} failed[/] "
        f"({report.records_added} new records)"
    )
    if report.index_error:
        out.print(f"[yellow]Vector index not updated:[/] {escape(report.index_error)}")
    if report.resumed and not (report.index_error or report.consolidation_error):
        out.print("Resumed: the work an earlier import left is finished (indexed, consolidated).")
    if report.consolidation_error:
        out.print(
            f"[yellow]Consolidation not finished:[/] {escape(report.consolidation_error)} "
            "(it resumes with the next import or `mneme consolidate`)"
        )


COMMANDS = [import_command]
