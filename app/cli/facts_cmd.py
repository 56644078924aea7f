"""``mneme facts`` and ``mneme conflicts``: the fact tier and its conflict queue."""

from __future__ import annotations

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import clip, echo_json, out_console, short_date


@click.command("facts")
@click.option(
    "--about", "about", default=None, help="Only facts about this person, place or thing."
)
@click.option("--history", is_flag=True, help="Also show superseded facts (what used to be true).")
@click.option("--json", "as_json", is_flag=True, help="Print the facts as JSON.")
@pass_app
def facts_command(app: AppContext, about: str | None, history: bool, as_json: bool) -> None:
    """List what Mneme knows as facts, with validity dates and sources.

    Facts are read from your notes and chats. A changed fact keeps its old value as history
    (shown with --history); facts that contradict each other wait in `mneme conflicts`.

    \b
    Example:
      mneme facts --about Rita
      mneme facts --history --json
    """
    from app.services.facts import facts as listing

    facts, evidence = listing(app.services, about=about, history=history)
    if as_json:
        echo_json([f.as_json(evidence.get(f.id, [])) for f in facts])
        return
    out = out_console()
    if not facts:
        out.print("No facts" + (f" about {about}" if about else "") + " yet.")
        return
    for f in facts:
        colour = {"current": "green", "conflict": "red", "superseded": "dim"}.get(f.status, "")
        span = ""
        if f.valid_from or f.valid_to:
            span = f" [dim]{short_date(f.valid_from) if f.valid_from else '…'} → "
            span += f"{short_date(f.valid_to) if f.valid_to else 'now'}[/]"
        srcs = ", ".join(e.item_id for e in evidence.get(f.id, [])[:4])
        out.print(f"[bold]{f.item_id:>5}[/] [{colour}]{f.status:<10}[/] ", end="")
        out.print(clip(f.text, 80), markup=False, end="")
        out.print(f"{span} [dim]({srcs})[/]")


@click.group("conflicts", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the open conflicts as JSON.")
@click.option("--all", "show_all", is_flag=True, help="Also show resolved conflicts.")
@click.pass_context
def conflicts_group(ctx: click.Context, as_json: bool, show_all: bool) -> None:
    """List facts that contradict each other; resolve them with `mneme conflicts resolve`.

    \b
    Example:
      mneme conflicts
      mneme conflicts resolve c1 --keep f9
      mneme conflicts resolve c1 --reject f18
      mneme conflicts resolve c2 --keep-both
    """
    if ctx.invoked_subcommand is not None:
        return
    from app.services.facts import conflict_json, conflicts

    app = ctx.find_object(AppContext) or ctx.ensure_object(AppContext)
    views = conflicts(app.services, show_all=show_all)
    if as_json:
        echo_json([conflict_json(app.services, v) for v in views])
        return
    out = out_console()
    if not views:
        out.print("No open conflicts.")
        return
    for v in views:
        out.print(f"[bold]{v.conflict_id}[/] {clip(v.reason, 100)}", markup=True)
        for f in (v.other, v.fact):
            out.print(
                f"    {f.item_id:>5} {f.status:<10} {clip(f.text, 70)} "
                f"(seen {short_date(f.observed_at)})",
                markup=False,
            )
        if v.resolved_at:
            out.print(f"    resolved: {v.resolution}", markup=False)


@conflicts_group.command("resolve")
@click.argument("conflict_id")
@click.option("--keep", default=None, help="The fact that is right (the other is retired).")
@click.option("--reject", default=None, help="The fact that is wrong (it is retired).")
@click.option("--keep-both", is_flag=True, help="Both facts are true.")
@click.option("--json", "as_json", is_flag=True, help="Print the resolved conflict as JSON.")
@pass_app
def resolve_command(
    app: AppContext,
    conflict_id: str,
    keep: str | None,
    reject: str | None,
    keep_both: bool,
    as_json: bool,
) -> None:
    """Resolve conflict CONFLICT_ID by keeping one fact, rejecting one, or keeping both.

    \b
    Example:
      mneme conflicts resolve c1 --keep f9
    """
    from app.services.facts import conflict_json, resolve_conflict

    view = resolve_conflict(
        app.services, conflict_id, keep=keep, reject=reject, keep_both=keep_both
    )
    if as_json:
        echo_json(conflict_json(app.services, view))
        return
    out_console().print(f"{view.conflict_id}: {view.resolution}", markup=False)


COMMANDS = [facts_command, conflicts_group]
