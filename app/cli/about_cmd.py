"""``mneme about X`` (every tier's knowledge about X) and ``mneme consolidate``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import clip, echo_json, out_console, short_date

if TYPE_CHECKING:
    pass


@click.command("about")
@click.argument("subject")
@click.option("--json", "as_json", is_flag=True, help="Print the dossier as JSON.")
@click.option("--include-faded", is_flag=True, help="Also use memories that have faded.")
@pass_app
def about_command(app: AppContext, subject: str, as_json: bool, include_faded: bool) -> None:
    """What Mneme knows about SUBJECT: facts, history, a timeline, persona, sources.

    Says so when nothing is known instead of guessing. Use "me" for your own profile.

    \b
    Example:
      mneme about Rita
      mneme about Berlin --json
    """
    from app.services.facts import about

    dossier = about(app.services, subject, include_faded=include_faded)
    if as_json:
        echo_json(dossier.as_json())
        return
    out = out_console()
    if not dossier.known:
        out.print(f"I don't have anything in memory about {subject}.", markup=False)
        return

    def src(fid: int) -> str:
        return ", ".join(e.item_id for e in dossier.evidence.get(fid, [])[:3])

    sections = [
        ("Facts", dossier.facts),
        ("Conflicting", dossier.conflicts),
        ("History", dossier.history),
    ]
    for title, facts in sections:
        if facts:
            out.print(f"[bold]{title}[/]")
            for f in facts:
                out.print(f"  {f.item_id:>5} {clip(f.text, 90)} ({src(f.id)})", markup=False)
    if dossier.timeline:
        out.print("[bold]Timeline[/]")
        for e in dossier.timeline:
            out.print(
                f"  {e.item_id:>5} {short_date(e.start_time)} {clip(e.title, 80)}", markup=False
            )
    if dossier.persona:
        out.print("[bold]Persona[/]")
        for s in dossier.persona:
            out.print(f"  {s.item_id:>5} {clip(s.text, 90)}", markup=False)
    if dossier.memories:
        out.print("[bold]Mentioned in[/]")
        for r in dossier.memories[:10]:
            who = f"{r.speaker}: " if r.speaker else ""
            out.print(
                f"  {r.item_id:>6} {short_date(r.event_time)} {who}{clip(r.text, 80)}", markup=False
            )


@click.command("consolidate")
@click.option("--json", "as_json", is_flag=True, help="Print the consolidation report as JSON.")
@pass_app
def consolidate_command(app: AppContext, as_json: bool) -> None:
    """Turn new memories into facts, episodes and your profile now.

    This also runs by itself after every import and in the chat when you are idle; it only
    does what is pending and can be interrupted safely (it resumes next time).

    \b
    Example:
      mneme consolidate
    """

    from app.cli.output import phase_progress
    from app.services.consolidate import consolidate

    with phase_progress(elapsed=True) as tick:
        report = consolidate(
            app.services, progress=lambda p: tick(p.phase.capitalize(), p.done, p.total)
        )
    if as_json:
        echo_json(report.as_json())
        return
    out_console().print(f"Consolidated: {report.summary}.", markup=False)


COMMANDS = [about_command, consolidate_command]
