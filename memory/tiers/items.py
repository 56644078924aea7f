"""Item ids as users see and type them: ``r12`` records, ``f3`` facts, ``e7`` episodes,
``p2`` persona statements.

Used by every tier service and by the CLI/TUI to parse what the user typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from memory.db import Database
from memory.errors import NotFoundError

TIER_BY_PREFIX = {"r": "record", "f": "fact", "e": "episode", "p": "persona"}
PREFIX_BY_TIER = {tier: prefix for prefix, tier in TIER_BY_PREFIX.items()}
TIERS = tuple(TIER_BY_PREFIX.values())


@dataclass(frozen=True)
class ItemRef:
    """A parsed item id."""

    tier: str
    id: int

    @property
    def item_id(self) -> str:
        return f"{PREFIX_BY_TIER[self.tier]}{self.id}"

    def __str__(self) -> str:
        return self.item_id


def parse_item_id(text: str) -> ItemRef:
    """Parse ``r12`` / ``f3`` / ``e7`` / ``p2`` (case and spaces ignored).

    Raises:
        NotFoundError: ``text`` is not an item id.
    """
    value = text.strip().lower()
    prefix, digits = value[:1], value[1:]
    if prefix not in TIER_BY_PREFIX or not digits.isdigit():
        raise NotFoundError(
            f"{text!r} is not a memory item id (expected r<id>, f<id>, e<id> or p<id>)"
        )
    return ItemRef(TIER_BY_PREFIX[prefix], int(digits))


def item_id(tier: str, row_id: int) -> str:
    """The user-facing id of row ``row_id`` of ``tier``."""
    return f"{PREFIX_BY_TIER[tier]}{row_id}"


def tier_of(item: str) -> str:
    """The tier of an item id (``"f3"`` -> ``"fact"``)."""
    return parse_item_id(item).tier


def next_row_id(db: Database, table: str) -> int:
    """The id for a new row of ``table`` that no deleted row ever had (call in a transaction).

    SQLite reuses the highest rowid after it is deleted; after a real ``forget``, a new fact
    must not become the ``f12`` the user just made Mneme forget, so a high-water mark is
    kept in ``meta``.
    """
    key = f"tiers_next_id:{table}"
    stored = db.scalar("SELECT value FROM meta WHERE key = ?", (key,))
    highest = db.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    new_id = max(int(str(stored or 0)), int(str(highest or 0))) + 1
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
        (key, str(new_id), str(new_id)),
    )
    return new_id
