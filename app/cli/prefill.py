"""``mneme prefill`` (fill a form or answer questions from memory) and ``mneme draft``
(draft a reply in the user's voice)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import echo_json, err_console, out_console, short_date

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.services.prefill import FieldResult, PrefillResult

STATUS_STYLE = {"filled": "green", "unknown": "yellow", "sensitive": "red"}


@click.command("prefill")
@click.argument("form_input", metavar="INPUT")
@click.option("--json", "as_json", is_flag=True, help="Print the proposals as JSON.")
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write a filled copy: .html for an HTML form, .pdf for a PDF form, .json for any.",
)
@click.option(
    "--interactive", is_flag=True, help="Accept, edit or skip each value; answers become facts."
)
@click.option(
    "--as",
    "subject",
    default=None,
    metavar="NAME",
    help="Fill the form for this person (a name in your memories) instead of you.",
)
@pass_app
def prefill_command(
    app: AppContext,
    form_input: str,
    as_json: bool,
    out_path: Path | None,
    interactive: bool,
    subject: str | None,
) -> None:
    """Fill INPUT from memory: a question, a form file, or - for stdin.

    INPUT is one question, or a .txt/.json/.yaml/.yml list of questions or fields, an
    .html/.htm form or a .pdf form. Every value comes with its evidence (facts, records,
    sources and dates); what memory does not hold stays `unknown`, and passwords, card
    numbers, national ids and security answers are never filled.

    \b
    Example:
      mneme prefill "What is my dietary restriction?"
      mneme prefill signup.html --out signup-filled.html
      mneme prefill form.pdf --json
      mneme prefill questions.txt --interactive
    """
    from app.services import prefill

    stdin_bytes = sys.stdin.buffer.read() if form_input == "-" else None
    opened = prefill.open_form(form_input, stdin_bytes=stdin_bytes)
    services = app.services
    result = prefill.fill(services, opened.form, subject)
    if result.notice:
        click.echo(f"Warning: {result.notice}", err=True)
    if interactive:
        result = _review(services, result, subject)
    if out_path is not None:
        prefill.write_copy(result, out_path, opened.original)
        err_console().print(f"Wrote the filled form to {out_path}", markup=False)
    if as_json:
        echo_json(result.as_json())
        return
    _print_table(result)


def _evidence_line(fr: FieldResult) -> str:
    if fr.status == "sensitive":
        return fr.reason
    if not fr.sources:
        return fr.reason
    first = fr.sources[0]
    text = " ".join(first.text.split())
    if len(text) > 70:
        text = text[:69] + "…"
    return f"{first.item_id} {text} ({first.source}, {short_date(first.timestamp)})"


def _print_table(result: PrefillResult) -> None:
    from rich.table import Table
    from rich.text import Text

    title = result.form.title or result.form.source or "Prefill"
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("Field", overflow="fold")
    table.add_column("Value", overflow="fold")
    table.add_column("Status")
    table.add_column("Conf.", justify="right")
    table.add_column("Evidence", overflow="fold")
    for fr in result.fields:
        status = Text(fr.status, style=STATUS_STYLE[fr.status])
        conf = f"{fr.confidence:.2f}" if fr.status == "filled" else ""
        evidence = Text(_evidence_line(fr))
        for old in fr.history[:2]:
            evidence.append(f"\nhistory: {old.text}", style="dim")
        table.add_row(Text(fr.field.display), Text(fr.shown), status, conf, evidence)
    out = out_console()
    out.print(table)
    counts = result.counts()
    out.print(
        f"{counts['filled']} filled, {counts['unknown']} unknown, {counts['sensitive']} sensitive "
        f"(for {result.subject})",
        markup=False,
    )


def _review(services: Services, result: PrefillResult, subject: str | None) -> PrefillResult:
    """Ask about every field: accept, edit or skip; accepted and edited answers become facts."""
    from dataclasses import replace

    from app.services import prefill

    console = err_console()
    reviewed: list[FieldResult] = []
    for fr in result.fields:
        console.print(f"\n[bold]{fr.field.display}[/]", highlight=False)
        if fr.status == "sensitive":
            console.print(f"  [red]sensitive[/] ({fr.reason}); left empty", highlight=False)
            reviewed.append(fr)
            continue
        if fr.status == "filled":
            console.print(f"  proposed: {fr.shown}", markup=False)
            console.print(f"  evidence: {_evidence_line(fr)}", markup=False)
        else:
            console.print(f"  unknown ({fr.reason})", markup=False)
        if fr.field.options:
            console.print(
                "  options: " + ", ".join(f"{o.value}={o.text}" for o in fr.field.options),
                markup=False,
            )
        choice = click.prompt(
            "  [a]ccept, [e]dit or [s]kip",
            type=click.Choice(["a", "e", "s"]),
            default="a" if fr.status == "filled" else "s",
            err=True,
        )
        if choice == "s" or (choice == "a" and fr.status != "filled"):
            reviewed.append(fr)
            continue
        value = fr.value
        if choice == "e":
            value = click.prompt("  value", default=fr.shown or None, err=True).strip()
        if not value:
            reviewed.append(fr)
            continue
        try:
            confirmed = prefill.confirm(services, fr, value, edited=choice == "e", subject=subject)
        except prefill.NotAnOption:
            console.print(f"  {value!r} is not one of the options; skipped", markup=False)
            reviewed.append(fr)
            continue
        console.print(f"  {confirmed.summary}", markup=False)
        reviewed.append(confirmed.field)
    return replace(result, fields=tuple(reviewed))


@click.command("draft")
@click.option(
    "--reply-to",
    "reply_to",
    required=True,
    type=click.File("r", encoding="utf-8"),
    help="The message to reply to: a text file, or - for stdin.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the draft, facts and style as JSON.")
@pass_app
def draft_command(app: AppContext, reply_to: click.File, as_json: bool) -> None:
    """Draft your reply to a message, in your own voice, from what memory holds.

    The tone comes from your own chat messages (length, greetings, sign-offs, emoji,
    formality); the content from your facts and memories, each cited. What memory does not
    hold is answered with "I'll check", never invented.

    \b
    Example:
      mneme draft --reply-to message.txt
      pbpaste | mneme draft --reply-to - --json
    """
    from app.services.prefill import draft as draft_reply

    message = reply_to.read()  # type: ignore[attr-defined]
    draft = draft_reply(app.services, message)
    if as_json:
        echo_json(draft.as_json())
        return
    out = out_console()
    out.print(draft.text, markup=False)
    if draft.facts:
        out.print("\n[bold]Based on[/]")
        for n, ev in enumerate(draft.facts, 1):
            out.print(
                f"[{n}] {ev.item_id} {ev.text} ({ev.source}, {short_date(ev.timestamp)})",
                markup=False,
            )
    else:
        out.print("\n(no facts from memory were used)", markup=False)


COMMANDS = [prefill_command, draft_command]
