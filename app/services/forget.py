"""Forgetting, for real, what the user names: an item, a source, or everything about X.

Always two steps, in every front end: ``plan`` (what would be deleted; nothing changes) and
``execute``. ``mneme forget`` shows the plan (``--dry-run``) or asks before executing it;
the TUI shows ``preview`` in a confirmation modal, then ``execute_preview``. A plan that
reaches further than it names (``ForgetPlan.needs_yes_all``) runs only with ``allow_wide``.
Fading never deletes; this is the only way data leaves the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.services.views import ForgetPreview

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.tiers.forget import ForgetPlan as ForgetPlan


def plan(
    services: Services,
    *,
    item: str | None = None,
    source: str | None = None,
    about: str | None = None,
) -> ForgetPlan:
    """What forgetting ``item``, ``source`` (a path) or everything ``about`` X would delete."""
    return services.tiers.forgetter.plan(item=item, source=source, about=about)


def execute(services: Services, planned: ForgetPlan, *, allow_wide: bool = False) -> ForgetPlan:
    """Delete what ``planned`` lists; returns what was deleted.

    Args:
        services: the services.
        planned: from ``plan``.
        allow_wide: the user confirmed a plan that reaches further than it names.
    """
    return services.tiers.forgetter.execute(planned, allow_wide=allow_wide)


def preview(services: Services, item_id: str) -> ForgetPreview:
    """What ``mneme forget ITEM --dry-run`` would delete, summed up for a confirmation."""
    planned = plan(services, item=item_id)
    data = planned.as_json()
    summary = (
        f"{len(planned.record_ids)} records, {len(planned.fact_ids)} facts, "
        f"{len(data.get('episodes_deleted', []))} episodes, {len(planned.statement_ids)} "
        f"persona statements, {data.get('vectors', 0)} vectors"
    )
    lines = [f"{r.get('id')}: {r.get('text', '')}" for r in data.get("records", [])[:8]]
    lines += [f"{f['id']}: {f['text']}" for f in data.get("facts", [])[:8]]
    if data.get("facts_restored"):
        lines.append("current again: " + ", ".join(data["facts_restored"]))
    if data.get("episodes_rebuilt"):
        lines.append("episodes re-summarised: " + ", ".join(data["episodes_rebuilt"]))
    return ForgetPreview(
        target=item_id, summary=summary, lines=tuple(lines), plan=planned, empty=planned.empty
    )


def execute_preview(services: Services, previewed: ForgetPreview) -> str:
    """Delete what ``previewed`` lists (``mneme forget ITEM --yes``); returns a summary."""
    execute(services, previewed.plan)
    return f"Forgot {previewed.target}: {previewed.summary}."
