"""``mneme forget``: delete for real what the user names (fading never deletes)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import clip, echo_json, err_console, out_console
from app.services import forget

if TYPE_CHECKING:
    from app.services.forget import ForgetPlan


@click.command("forget")
@click.argument("item_id", required=False)
@click.option(
    "--source", "source", default=None, metavar="PATH", help="Forget an imported file or folder."
)
@click.option("--about", "about", default=None, metavar="X", help="Forget everything about X.")
@click.option(
    "--dry-run", is_flag=True, help="List everything that would be deleted; delete nothing."
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--yes-all",
    "yes_all",
    is_flag=True,
    help="Confirm a forget that reaches further than it names (whole sources, or a large "
    "share of the memory); look at the --dry-run preview first.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print what was (or would be) deleted as JSON."
)
@pass_app
def forget_command(
    app: AppContext,
    item_id: str | None,
    source: str | None,
    about: str | None,
    dry_run: bool,
    yes: bool,
    yes_all: bool,
    as_json: bool,
) -> None:
    """Delete ITEM_ID, a --source or everything --about X from memory, for good.

    Records, their full-text entries and vectors are deleted; facts, episode summaries and
    persona statements that depended only on them are re-derived or deleted. Use --dry-run
    first to see everything that would go. --about X matches X as whole words or names. A
    forget that would remove whole sources you did not name, or more than a small share of
    the memory, shows what it would delete per tier and source and needs --yes-all.
    (Unused memories fade on their own without being deleted; this is for what you want
    gone.)

    \b
    Example:
      mneme forget --about "Acme layoffs" --dry-run
      mneme forget r12 --yes
      mneme forget --source ~/notes/diary-2019.md
    """
    services = app.services
    plan = forget.plan(services, item=item_id, source=source, about=about)
    if not dry_run and plan.needs_yes_all and not yes_all:
        _print_plan(plan, heading="This would permanently delete:", err=True)
        raise click.ClickException(
            f"forget {plan.target} reaches further than it names: "
            f"{'; '.join(plan.scope.wide if plan.scope else [])}. Nothing was deleted; "
            "run it again with --yes-all to delete all of the above"
        )
    if not dry_run and not (yes or yes_all) and sys.stdin.isatty():
        _print_plan(plan, heading="This will permanently delete:")
        click.confirm("Delete all of this?", abort=True)
    if not dry_run:
        plan = forget.execute(services, plan, allow_wide=yes_all)
    if as_json:
        echo_json(plan.as_json())
        return
    _print_plan(plan, heading="Would delete:" if dry_run else "Deleted:")
    if dry_run and plan.needs_yes_all:
        out_console().print(
            "Deleting this needs --yes-all: " + "; ".join(plan.scope.wide if plan.scope else []),
            markup=False,
        )


def _print_plan(plan: ForgetPlan, heading: str, *, err: bool = False) -> None:
    out = err_console() if err else out_console()
    data = plan.as_json()
    out.print(f"[bold]{heading}[/] ", end="")
    out.print(plan.target, markup=False)
    out.print(
        f"  {len(plan.record_ids)} records, {len(plan.fact_ids)} facts, "
        f"{len(data['episodes_deleted'])} episodes, {len(plan.statement_ids)} persona "
        f"statements, {data['vectors']} vectors"
    )
    sources = data["per_source"]
    if sources:
        out.print(f"  from {len(sources)} sources:")
        for src in sources[:30]:
            whole = " (the whole source)" if src["whole"] else ""
            uri = str(src["source"])
            uri = uri[5:] if uri.startswith("file:") else uri
            out.print(f"    {src['records']} of {src['of']} records{whole}: ", end="")
            out.print(uri, markup=False, soft_wrap=True)
        if len(sources) > 30:
            out.print(f"    and {len(sources) - 30} more sources")
    for rec in data["records"][:20]:
        out.print(f"  {rec['id']}: {clip(rec['text'], 90)}", markup=False)
    for f in data["facts"][:20]:
        out.print(f"  {f['id']}: {clip(f['text'], 90)}", markup=False)
    if data["facts_restored"]:
        out.print(f"  facts current again: {', '.join(data['facts_restored'])}")
    if data["episodes_rebuilt"]:
        out.print(f"  episodes re-summarised: {', '.join(data['episodes_rebuilt'])}")


COMMANDS = [forget_command]
