"""``mneme memory show``, ``mneme pin`` and ``mneme unpin``: one item's life and its fading."""

from __future__ import annotations

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import clip, echo_json, out_console
from app.services import items


@click.group("memory")
def memory_group() -> None:
    """Inspect single memory items (records r12, facts f3, episodes e7, persona p2).

    \b
    Example:
      mneme memory show f3
    """


@memory_group.command("show")
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True, help="Print the item as JSON.")
@pass_app
def show_command(app: AppContext, item_id: str, as_json: bool) -> None:
    """Show ITEM_ID: its tier, strength, retention, evidence and history.

    \b
    Example:
      mneme memory show f3
      mneme memory show r12 --json
    """
    data = items.show(app.services, item_id)
    if as_json:
        echo_json(data)
        return
    out = out_console()
    d = data["decay"]
    out.print(f"[bold]{data['id']}[/] ({data['tier']}, {data.get('status', '')})")
    out.print("  " + clip(str(data.get("text", "")), 200), markup=False)
    pin = (
        "pinned, never fades"
        if d["pinned"]
        else f"fades after ~{d['horizon_days']:.0f} days unused"
    )
    out.print(
        f"  strength {d['strength']}, retention {d['retention']:.2f}"
        f"{' (faded)' if d['faded'] else ''}; {pin}; recalled {d['access_count']} times"
    )
    if data.get("evidence"):
        out.print("[bold]Evidence[/]")
        for ev in data["evidence"][:10]:
            out.print(
                f"  {ev.get('id')}: {clip(str(ev.get('quote') or ev.get('text') or ''), 100)}",
                markup=False,
            )
    if data.get("history"):
        out.print("[bold]History[/]")
        for h in data["history"]:
            out.print(
                f"  {(h.get('when') or '')[:10]:<10} {clip(str(h['what']), 100)}", markup=False
            )


def _pin(app: AppContext, item_id: str, pinned: bool, as_json: bool) -> None:
    state = items.pin(app.services, item_id, pinned)
    if as_json:
        echo_json({"id": state.item_id, **state.as_json()})
        return
    word = "pinned: it never fades" if pinned else "unpinned: it fades again when unused"
    out_console().print(f"{state.item_id} {word}", markup=False)


@click.command("pin")
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True, help="Print the item's decay state as JSON.")
@pass_app
def pin_command(app: AppContext, item_id: str, as_json: bool) -> None:
    """Pin ITEM_ID so it never fades from recall.

    \b
    Example:
      mneme pin f3
    """
    _pin(app, item_id, True, as_json)


@click.command("unpin")
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True, help="Print the item's decay state as JSON.")
@pass_app
def unpin_command(app: AppContext, item_id: str, as_json: bool) -> None:
    """Unpin ITEM_ID (it fades again when it is not used).

    \b
    Example:
      mneme unpin f3
    """
    _pin(app, item_id, False, as_json)


COMMANDS = [memory_group, pin_command, unpin_command]
