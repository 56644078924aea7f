"""Consolidation: new records become facts, episodes and the user's profile.

It also runs after every import (the importer's ``after_import``); ``mneme consolidate`` runs
it now, and the TUI when the user is idle (a new message cancels it between batches; the
next run resumes). The core is imported inside the functions (module docstring of
``app.services``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.tiers.consolidate import ConsolidationProgress as ConsolidationProgress
    from memory.tiers.consolidate import ConsolidationReport as ConsolidationReport


def pending(services: Services) -> int:
    """Records still waiting for consolidation (0 when there is nothing to do)."""
    return services.tiers.pending()


def consolidate(
    services: Services,
    progress: Callable[[ConsolidationProgress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ConsolidationReport:
    """Run one consolidation pass over what is pending.

    Args:
        services: the services.
        progress: called with each batch's progress.
        cancel: asked between batches; True stops the pass (the next one resumes).
    """
    return services.tiers.consolidate(progress=progress, cancel=cancel)
