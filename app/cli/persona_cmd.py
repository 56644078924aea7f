"""``mneme persona`` and ``mneme episodes``: the profile and the episodic timeline."""

from __future__ import annotations

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import clip, echo_json, out_console, short_date
from app.services import persona


@click.command("persona")
@click.option(
    "--section",
    type=click.Choice(persona.section_names()),
    default=None,
    help="Only this section.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the profile as JSON.")
@click.option(
    "--confirm", "confirm", default=None, metavar="ID", help="Confirm statement ID (p<id>)."
)
@click.option("--reject", "reject", default=None, metavar="ID", help="Reject statement ID (p<id>).")
@click.option(
    "--edit", "edit", nargs=2, default=None, metavar="ID TEXT", help="Reword statement ID."
)
@pass_app
def persona_command(
    app: AppContext,
    section: str | None,
    as_json: bool,
    confirm: str | None,
    reject: str | None,
    edit: tuple[str, str] | None,
) -> None:
    """Show your profile as Mneme understands it, by section, with the evidence ids.

    Sections: identity, people, places, work, preferences, health, routines, goals.
    Confirming a statement strengthens it; rejecting retires it and the facts behind it.

    \b
    Example:
      mneme persona --section places
      mneme persona --confirm p4
      mneme persona --edit p7 "I work as a senior product manager"
    """
    services = app.services
    if confirm or reject or edit:
        if confirm:
            st = persona.feedback(services, confirm, "confirm")
        elif reject:
            st = persona.feedback(services, reject, "reject")
        else:
            assert edit is not None
            st = persona.feedback(services, edit[0], "edit", edit[1])
        if as_json:
            echo_json(st.as_json())
        else:
            out_console().print(f"{st.item_id} {st.status}: {st.text}", markup=False)
        return
    sections = persona.sections(services, section)
    if as_json:
        echo_json(
            {
                "sections": {
                    name: [s.as_json() for s in items] for name, items in sections.items()
                },
                "versions": persona.versions(services, limit=5),
            }
        )
        return
    out = out_console()
    if not sections:
        out.print("No profile yet: import notes or chats, then run `mneme consolidate`.")
        return
    for name, items in sections.items():
        out.print(f"[bold]{name.capitalize()}[/]")
        for s in items:
            mark = "✓ " if s.status == "confirmed" else ""
            ev = ", ".join([f"f{i}" for i in s.fact_ids][:3] + [f"r{i}" for i in s.record_ids][:3])
            out.print(f"  {s.item_id:>5} {mark}", end="")
            out.print(clip(s.text, 90), markup=False, end="")
            out.print(f" [dim]({ev})[/]")


@click.command("episodes")
@click.option(
    "--since", default=None, metavar="DATE", help="Only episodes from DATE on (YYYY-MM-DD)."
)
@click.option("--limit", type=click.IntRange(1, 100000), default=None, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print the episodes as JSON.")
@pass_app
def episodes_command(app: AppContext, since: str | None, limit: int | None, as_json: bool) -> None:
    """List episodes: chat sessions, conversation days, notes, email threads, events.

    Each has its time span, participants, a title and a summary quoted from its records
    (or written by your chat model when a capable one is configured).

    \b
    Example:
      mneme episodes --since 2024-05-01
      mneme episodes --json --limit 20
    """
    from app.services import facts

    since_iso = None
    if since:
        since_iso = facts.since_date(since)
        if since_iso is None:
            raise click.BadParameter(
                f"{since!r} is not a date (use YYYY-MM-DD)", param_hint="--since"
            )
    episodes = facts.episodes(app.services, since=since_iso, limit=limit)
    if as_json:
        echo_json([e.as_json() for e in episodes])
        return
    out = out_console()
    if not episodes:
        out.print("No episodes yet.")
        return
    for e in episodes:
        out.print(
            f"[bold]{e.item_id:>6}[/] [cyan]{short_date(e.start_time)}[/] [dim]{e.kind}[/] ", end=""
        )
        out.print(clip(e.title, 70), markup=False)
        out.print("        " + clip(e.summary, 110), markup=False)


COMMANDS = [persona_command, episodes_command]
