"""Console helpers shared by commands: JSON output, rich consoles on the right stream."""

from __future__ import annotations

import json
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
