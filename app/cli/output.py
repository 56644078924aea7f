"""Console helpers shared by commands: JSON output, rich consoles on the right stream."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console


def echo_json(obj: Any) -> None:
    """Print ``obj`` as one JSON document on stdout."""
    click.echo(json.dumps(obj, ensure_ascii=False, default=str, indent=2))


def echo_json_line(obj: Any) -> None:
    """Print ``obj`` as one line of JSON on stdout (JSON Lines)."""
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


def out_console() -> Console:
    """Console for command output (stdout)."""
    return Console(highlight=False, soft_wrap=True)


def err_console() -> Console:
    """Console for progress and messages (stderr)."""
    return Console(stderr=True, highlight=False)


def short_date(ts: str | None) -> str:
    return ts[:10] if ts else "undated"


def clip(text: str, width: int = 110) -> str:
    """``text`` on one line, cut to ``width`` characters (with an ellipsis)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@contextmanager
def phase_progress(*, elapsed: bool = False) -> Iterator[Callable[[str, int, int], None]]:
    """Rich progress bars on stderr, one per phase of a long job ("Records", "Facts, ...");
    yields ``tick(phase, done, total)`` (total 0: unknown). Hidden when stderr is no terminal.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    console = err_console()
    columns: list[ProgressColumn] = [
        TextColumn("[bold]{task.description:<9}"), BarColumn(), MofNCompleteColumn()
    ]
    if elapsed:
        columns.append(TimeElapsedColumn())
    hidden = not console.is_terminal
    with Progress(*columns, console=console, transient=True, disable=hidden) as bar:
        tasks: dict[str, TaskID] = {}

        def tick(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total or None)
            bar.update(tasks[phase], completed=done, total=total or None)

        yield tick
