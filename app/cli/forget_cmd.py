"""``mneme forget``: delete for real what the user names (fading never deletes)."""

from __future__ import annotations

import sys

import click

from app.cli.context import AppContext, pass_app
from app.cli.output import echo_json, out_console
from app.cli.tiers_common import clip, tier_services


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
    as_json: bool,
) -> None:
    """Delete ITEM_ID, a --source or everything --about X from memory, for good.

    Records, their full-text entries and vectors are deleted; facts, episode summaries and
    persona statements that depended only on them are re-derived or deleted. Use --dry-run
    first to see everything that would go. (Unused memories fade on their own without
    being deleted; this is for what you want gone.)

    \b
    Example:
      mneme forget --about "Acme layoffs" --dry-run
      mneme forget r12 --yes
      mneme forget --source ~/notes/diary-2019.md
    """
    tiers = tier_services(app)
    plan = tiers.forgetter.plan(item=item_id, source=source, about=about)
    if not dry_run and not yes and sys.stdin.isatty():
        _print_plan(plan, heading="This will permanently delete:")
        click.confirm("Delete all of this?", abort=True)
    if not dry_run:
        plan = tiers.forgetter.execute(plan)
    if as_json:
        echo_json(plan.as_json())
        return
    _print_plan(plan, heading="Would delete:" if dry_run else "Deleted:")


def _print_plan(plan, heading: str) -> None:  # type: ignore[no-untyped-def]
    out = out_console()
    data = plan.as_json()
    out.print(f"[bold]{heading}[/] {plan.target}")
    out.print(
        f"  {len(plan.record_ids)} records, {len(plan.fact_ids)} facts, "
        f"{len(data['episodes_deleted'])} episodes, {len(plan.statement_ids)} persona "
        f"statements, {data['vectors']} vectors"
    )
    for rec in data["records"][:20]:
        out.print(f"  {rec['id']}: {clip(rec['text'], 90)}", markup=False)
    for f in data["facts"][:20]:
        out.print(f"  {f['id']}: {clip(f['text'], 90)}", markup=False)
    if data["facts_restored"]:
        out.print(f"  facts current again: {', '.join(data['facts_restored'])}")
    if data["episodes_rebuilt"]:
        out.print(f"  episodes re-summarised: {', '.join(data['episodes_rebuilt'])}")


COMMANDS = [forget_command]
