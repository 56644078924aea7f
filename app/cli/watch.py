"""``mneme watch``: keep folders imported as they change (new, changed, deleted files)."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import echo_json_line, err_console, out_console

if TYPE_CHECKING:
    from app.services.watch import WatchEvent

QUIET = {"unchanged"}
COLOURS = {
    "added": "green",
    "updated": "cyan",
    "removed": "magenta",
    "skipped": "yellow",
    "failed": "red",
    "error": "red",
}


def _printer(as_json: bool):  # type: ignore[no-untyped-def]
    from rich.markup import escape

    out = out_console()
    err = err_console()

    def show(event: WatchEvent) -> None:
        if as_json:
            echo_json_line(
                {
                    "event": event.kind,
                    "path": event.path,
                    "detail": event.detail,
                    "records": event.records,
                }
            )
            return
        if event.kind in QUIET:
            return
        if event.kind == "resumed":
            err.print(f"[cyan]{escape(event.detail or '')}[/]", soft_wrap=True)
            return
        if event.kind in ("started", "caught_up", "stopped"):
            words = {"started": "Watching", "caught_up": "Caught up:", "stopped": "Stopped."}
            err.print(f"[dim]{words[event.kind]} {escape(event.detail or '')}[/]")
            return
        colour = COLOURS.get(event.kind, "default")
        line = f"[{colour}]{event.kind:>8}[/] {escape(event.path or '')}"
        if event.kind in ("added", "updated"):
            line += f" ({event.records} new records)"
        elif event.kind == "removed":
            line += f" ({event.records} records kept as removed)"
        if event.detail and event.kind not in ("removed",):
            line += f": {escape(event.detail)}"
        out.print(line)

    return show


@click.command("watch")
@click.argument(
    "folders",
    nargs=-1,
    type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=Path),
)
@click.option(
    "--debounce",
    default=1.5,
    show_default=True,
    type=click.FloatRange(0.1, 60.0),
    help="Seconds of quiet before a burst of changes is imported.",
)
@click.option("--once", is_flag=True, help="Catch up with the folders once, then exit.")
@click.option("--polling", is_flag=True, help="Poll the folders instead of OS notifications.")
@click.option("--json", "as_json", is_flag=True, help="Print each event as a JSON line.")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@pass_app
def watch_command(
    app: AppContext,
    folders: tuple[Path, ...],
    debounce: float,
    once: bool,
    polling: bool,
    as_json: bool,
    password: str | None,
) -> None:
    """Watch FOLDERS and import new and changed files within seconds.

    On start, catches up with what changed while Mneme was not watching. A deleted file's
    memories are kept but marked removed (left out of answers); if the file comes back they
    return. With no FOLDERS, watches the `watch_folders` from the config file. Stop with
    Ctrl+C.

    \b
    Example:
      mneme watch ~/Documents/notes ~/Obsidian/vault
      mneme watch --once --json ~/notes
    """
    from rich.markup import escape

    from app.services import imports
    from app.services.watch import folder_watcher

    watcher = folder_watcher(
        app.services,
        _printer(as_json),
        folders,
        password=password,
        debounce=debounce,
        polling=polling,
    )
    if once:
        try:
            watcher.catch_up()
        except imports.ImportInterrupted as e:  # Ctrl+C: say what was stored and how to resume
            err_console().print(f"[yellow]{escape(str(e))}[/]", soft_wrap=True)
            raise SystemExit(130) from e
        return
    watcher.start()
    idle = threading.Event()
    try:
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how the user stops watching
            while watcher.running:
                idle.wait(0.5)
    finally:
        watcher.stop()


COMMANDS = [watch_command]
