"""How a memory item reads on screen: number, tier, source, date, text, retention, why.

Shared by the chat's recalled-memories panel, the memory browser and the details modal.
"""

from __future__ import annotations

from rich.text import Text

from app.services.views import ItemView


def retention_bar(value: float, width: int = 8) -> str:
    """``██████░░`` for a retention of 0.75."""
    filled = max(0, min(width, round(value * width)))
    return "█" * filled + "░" * (width - filled)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    body = " ".join(text.split())
    return body if len(body) <= limit else body[: limit - 1] + "…"


def item_text(
    item: ItemView, number: int | None = None, *, body_chars: int = 140, why: bool = True
) -> Text:
    """The multi-line rendering of ``item``.

    Args:
        item: the item.
        number: the citation number shown as ``[n]`` (None: no number).
        body_chars: the text is cut to this many characters.
        why: show the retention bar and why the item matched.
    """
    out = Text()
    if number is not None:
        out.append(f"[{number}] ", style="bold")
    if item.pinned:
        out.append("pinned ", style="bold yellow")
    out.append(f"{item.item_id} {item.tier}", style="dim")
    if item.status not in ("active", "current"):
        out.append(f" · {item.status}", style="bold yellow")
    out.append(f" · {shorten(item.source_name, 36)} · {item.date}\n", style="dim")
    if item.speaker:
        out.append(f"{item.speaker}: ", style="italic")
    out.append(shorten(item.text, body_chars))
    if why:
        out.append("\n")
        out.append(
            f"{retention_bar(item.retention)} {round(item.retention * 100)}% ", style="green"
        )
        out.append("; ".join(item.why), style="dim")
    return out
