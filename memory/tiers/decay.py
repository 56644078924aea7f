"""Forgetting by fading: Ebbinghaus retention per memory item, computed at query time.

Every item (record ``r12``, fact ``f3``, episode ``e7``, persona statement ``p2``) has a
strength S and a last access time. Its retention is

    R = exp(-Δt / (S · τ))

with Δt the days since the last access (or since Mneme stored it) up to the injected clock's
"now", and τ a time constant per tier (facts and persona fade slowest). Nothing rewrites rows
as time passes, so retention is right after months offline. A stronger item keeps a higher
retention at the same Δt: S multiplies τ. (MemoryBank's published ``exp(-t / 5*S)`` parses as
``exp(-(t / 5) * S)``, which makes strong memories fade *faster*; see the test.)

- S starts at ``1 + importance`` and grows when the item is recalled into an answer
  (``recalled``), confirmed by the user (``confirmed``) or mentioned again (``mentioned``);
  each also sets the last access to now, which restores a faded item.
- Below ``fade_below`` an item is *faded*: recall leaves it out unless asked to include
  faded items. Fading never deletes anything.
- A pinned item never fades.

``Decay`` is built by ``memory.tiers.services.build_tiers`` and used by recall (ranking
weight, faded filter), answering (reinforce what was used), ``mneme memory show``,
``mneme pin`` / ``unpin`` and the TUI.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from memory.clock import Clock, iso, parse_iso, system_clock
from memory.db import Database
from memory.errors import NotFoundError
from memory.tiers.items import TIER_BY_PREFIX, parse_item_id

_CREATED_SQL = {
    "record": "SELECT id, created_at FROM records WHERE id IN ({marks})",
    "fact": "SELECT id, recorded_at FROM facts WHERE id IN ({marks})",
    "episode": "SELECT id, created_at FROM episodes WHERE id IN ({marks})",
    "persona": "SELECT id, created_at FROM persona_statements WHERE id IN ({marks})",
}


def _default_tau() -> dict[str, float]:
    return {"record": 120.0, "episode": 180.0, "fact": 365.0, "persona": 730.0}


@dataclass(frozen=True)
class DecayPolicy:
    """The forgetting curve's constants (the same for every user)."""

    tau_days: Mapping[str, float] = field(default_factory=_default_tau)
    """Time constant τ per tier, in days: with S = 1 an item keeps 37% after τ days."""
    fade_below: float = 0.05
    """Retention under which an item is faded (left out of default recall)."""
    importance_gain: float = 1.0
    """Starting strength is ``1 + importance_gain * importance`` (importance in 0..1)."""
    recall_gain: float = 1.0
    """Strength added when the item is recalled into an answer."""
    confirm_gain: float = 2.0
    """Strength added when the user confirms the item."""
    mention_gain: float = 0.5
    """Strength added when a new memory mentions the item again."""
    rank_floor: float = 0.7
    """Ranking weight of an item at retention 0 (1.0 at retention 1): retention nudges
    ranking without burying old but relevant memories."""

    def tau(self, tier: str) -> float:
        return float(self.tau_days.get(tier, self.tau_days.get("record", 120.0)))

    def initial_strength(self, importance: float = 0.0) -> float:
        return 1.0 + self.importance_gain * max(0.0, min(1.0, importance))

    def retention(self, tier: str, strength: float, days: float) -> float:
        """R = exp(-Δt / (S · τ)); Δt in days (negative Δt counts as 0)."""
        s = max(strength, 1e-6)
        return math.exp(-max(0.0, days) / (s * self.tau(tier)))

    def horizon_days(self, tier: str, strength: float) -> float:
        """Days after the last access at which an item of strength S fades."""
        return -math.log(self.fade_below) * max(strength, 1e-6) * self.tau(tier)


@dataclass(frozen=True)
class ItemState:
    """An item's decay state as of "now"."""

    item_id: str
    tier: str
    strength: float
    importance: float
    last_access: str | None
    access_count: int
    pinned: bool
    created_at: str | None
    retention: float
    faded: bool
    horizon_days: float

    def as_json(self) -> dict[str, object]:
        return {
            "strength": round(self.strength, 3),
            "importance": round(self.importance, 3),
            "retention": round(self.retention, 4),
            "faded": self.faded,
            "pinned": self.pinned,
            "last_access": self.last_access,
            "access_count": self.access_count,
            "created_at": self.created_at,
            "horizon_days": round(self.horizon_days, 1),
        }


class Decay:
    """Strength, access and pins of memory items, and their retention now.

    Args:
        db: the Mneme database.
        clock: "now" (tests inject one).
        policy: the curve's constants.
    """

    def __init__(
        self, db: Database, clock: Clock = system_clock, policy: DecayPolicy | None = None
    ) -> None:
        self.db = db
        self.clock = clock
        self.policy = policy or DecayPolicy()

    # -- reading ------------------------------------------------------------------------
    def _created(self, ids: Sequence[str]) -> dict[str, str | None]:
        by_tier: dict[str, list[int]] = {}
        for item in ids:
            ref = parse_item_id(item)
            by_tier.setdefault(ref.tier, []).append(ref.id)
        out: dict[str, str | None] = {}
        for tier, nums in by_tier.items():
            prefix = next(p for p, t in TIER_BY_PREFIX.items() if t == tier)
            for start in range(0, len(nums), 500):
                part = nums[start : start + 500]
                sql = _CREATED_SQL[tier].format(marks=",".join("?" * len(part)))
                for row_id, created in self.db.execute(sql, part):
                    out[f"{prefix}{row_id}"] = created
        return out

    def _rows(self, ids: Sequence[str]) -> dict[str, tuple]:
        out: dict[str, tuple] = {}
        for start in range(0, len(ids), 500):
            part = list(ids[start : start + 500])
            marks = ",".join("?" * len(part))
            for row in self.db.execute(
                "SELECT item_id, strength, importance, last_access, access_count, pinned, "
                f"created_at FROM item_state WHERE item_id IN ({marks})",
                part,
            ):
                out[str(row[0])] = tuple(row)
        return out

    def states(
        self, item_ids: Iterable[str], *, now: datetime | None = None
    ) -> dict[str, ItemState]:
        """Decay state of each existing item in ``item_ids`` (unknown ids are left out)."""
        ids = list(dict.fromkeys(item_ids))
        if not ids:
            return {}
        when = now or self.clock()
        created = self._created(ids)
        rows = self._rows(ids)
        out: dict[str, ItemState] = {}
        for item in ids:
            if item not in created:
                continue
            tier = parse_item_id(item).tier
            row = rows.get(item)
            if row is None:
                strength, importance, last, count, pinned = (
                    self.policy.initial_strength(0.0),
                    0.0,
                    None,
                    0,
                    False,
                )
            else:
                strength, importance, last, count = (
                    float(row[1]),
                    float(row[2]),
                    row[3],
                    int(row[4]),
                )
                pinned = bool(row[5])
            out[item] = self._state(
                item, tier, strength, importance, last, count, pinned, created[item], when
            )
        return out

    def _state(
        self,
        item: str,
        tier: str,
        strength: float,
        importance: float,
        last: str | None,
        count: int,
        pinned: bool,
        created: str | None,
        now: datetime,
    ) -> ItemState:
        ref = parse_iso(last) or parse_iso(created)
        days = (now - ref).total_seconds() / 86400.0 if ref is not None else 0.0
        retention = 1.0 if pinned else self.policy.retention(tier, strength, days)
        return ItemState(
            item_id=item,
            tier=tier,
            strength=strength,
            importance=importance,
            last_access=last,
            access_count=count,
            pinned=pinned,
            created_at=created,
            retention=retention,
            faded=(not pinned) and retention < self.policy.fade_below,
            horizon_days=math.inf if pinned else self.policy.horizon_days(tier, strength),
        )

    def state(self, item_id: str) -> ItemState:
        """Decay state of one item.

        Raises:
            NotFoundError: no such item.
        """
        ref = parse_item_id(item_id)
        got = self.states([ref.item_id])
        if ref.item_id not in got:
            raise NotFoundError(f"no memory item {ref.item_id}")
        return got[ref.item_id]

    def rank_weight(self, state: ItemState) -> float:
        """Multiplier of an item's recall score: ``floor + (1 - floor) * R``."""
        floor = self.policy.rank_floor
        return floor + (1.0 - floor) * state.retention

    # -- writing ------------------------------------------------------------------------
    def start(self, item_id: str, importance: float = 0.0) -> None:
        """Give a new derived item its starting strength (no-op if it has a state)."""
        created = self._created([item_id]).get(item_id) or iso(self.clock())
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO item_state (item_id, strength, importance, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(item_id) DO NOTHING",
                (item_id, self.policy.initial_strength(importance), importance, created),
            )

    def _touch(self, item_ids: Iterable[str], gain: float) -> int:
        ids = list(dict.fromkeys(item_ids))
        created = self._created(ids)
        now = iso(self.clock())
        n = 0
        with self.db.transaction():
            for item in ids:
                if item not in created:
                    continue
                self.db.execute(
                    "INSERT INTO item_state (item_id, strength, importance, last_access, "
                    "access_count, created_at) VALUES (?, ?, 0, ?, 1, ?) "
                    "ON CONFLICT(item_id) DO UPDATE SET strength = strength + ?, "
                    "last_access = excluded.last_access, access_count = access_count + 1",
                    (
                        item,
                        self.policy.initial_strength(0.0) + gain,
                        now,
                        created[item] or now,
                        gain,
                    ),
                )
                n += 1
        return n

    def recalled(self, item_ids: Iterable[str]) -> int:
        """The items were recalled into an answer: stronger, and fresh again."""
        return self._touch(item_ids, self.policy.recall_gain)

    def confirmed(self, item_ids: Iterable[str]) -> int:
        """The user confirmed the items: much stronger, and fresh again."""
        return self._touch(item_ids, self.policy.confirm_gain)

    def mentioned(self, item_ids: Iterable[str]) -> int:
        """A new memory mentions the items again: a little stronger, and fresh again."""
        return self._touch(item_ids, self.policy.mention_gain)

    def pin(self, item_id: str, pinned: bool = True) -> ItemState:
        """Pin ``item_id`` (it never fades) or unpin it; returns the new state.

        Raises:
            NotFoundError: no such item.
        """
        ref = parse_item_id(item_id)
        created = self._created([ref.item_id])
        if ref.item_id not in created:
            raise NotFoundError(f"no memory item {ref.item_id}")
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO item_state (item_id, strength, importance, pinned, created_at) "
                "VALUES (?, ?, 0, ?, ?) ON CONFLICT(item_id) DO UPDATE SET pinned = "
                "excluded.pinned",
                (
                    ref.item_id,
                    self.policy.initial_strength(0.0),
                    int(pinned),
                    created[ref.item_id] or iso(self.clock()),
                ),
            )
        return self.state(ref.item_id)

    def drop(self, item_ids: Iterable[str]) -> None:
        """Delete the decay state of items that are being forgotten for real."""
        ids = list(item_ids)
        with self.db.transaction():
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ",".join("?" * len(part))
                self.db.execute(f"DELETE FROM item_state WHERE item_id IN ({marks})", part)

    def faded_record_ids(self, limit: int = 100_000) -> list[int]:
        """Active records that are faded now (computed in SQL from their timestamps)."""
        tau = self.policy.tau("record")
        horizon = -math.log(self.policy.fade_below) * tau
        now = iso(self.clock())
        return [
            int(r[0])
            for r in self.db.execute(
                "SELECT r.id FROM records r LEFT JOIN item_state s ON s.item_id = 'r' || r.id "
                "WHERE r.status = 'active' AND COALESCE(s.pinned, 0) = 0 AND "
                "(julianday(?) - julianday(COALESCE(s.last_access, r.created_at))) > "
                "? * COALESCE(s.strength, ?) LIMIT ?",
                (now, horizon, self.policy.initial_strength(0.0), limit),
            )
        ]
