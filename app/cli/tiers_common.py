"""Helpers shared by the memory-tier commands (facts, persona, episodes, memory, forget...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.cli.context import AppContext
from models.errors import MnemeError

if TYPE_CHECKING:
    from memory.tiers.services import TierServices


def tier_services(app: AppContext) -> TierServices:
    """The memory tiers of this invocation (always built by ``app.bootstrap``)."""
    tiers = app.services.tiers
    if tiers is None:
        raise MnemeError("the memory tiers are not available in this installation")
    return tiers


def clip(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
