"""Every value builder, by the kind a frame, a possessive head or a noun rule names.

Joins ``memory.tiers.objects`` (life's facts) and ``memory.tiers.objects_taste`` (tastes and
habits). Used by ``memory.tiers.extract`` and ``memory.tiers.naming``.
"""

from __future__ import annotations

from memory.tiers.objects import LIFE_BUILDERS, Builder, Context, Value
from memory.tiers.objects_taste import TASTE_BUILDERS

BUILDERS: dict[str, Builder] = {**LIFE_BUILDERS, **TASTE_BUILDERS}
"""One builder per value kind."""


def build(kind: str, groups: dict[str, str | None], ctx: Context) -> list[Value]:
    """The values ``groups`` hold for ``kind`` (empty when none is usable)."""
    return BUILDERS[kind](groups, ctx)
