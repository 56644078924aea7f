"""The conflict queue: facts Mneme could not reconcile, waiting for the user.

``Conflicts.open()`` lists them; ``resolve`` applies the user's choice:

- ``keep="f12"``: f12 is right; it becomes current and the other fact is retired;
- ``reject="f13"``: f13 is wrong; it is retired and the other becomes current;
- ``keep_both=True``: both are true (both current).

A retired fact is never deleted and is not learned again from the same wording. Used by
``mneme conflicts`` and the TUI's conflict screen (through ``TierServices``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from memory.clock import Clock, iso, system_clock
from memory.db import Database
from memory.errors import MnemeError, NotFoundError
from memory.tiers.decay import Decay
from memory.tiers.facts import Fact, FactStore
from memory.tiers.items import parse_item_id


class ConflictError(MnemeError):
    """A conflict cannot be resolved the way the user asked."""


@dataclass(frozen=True)
class ConflictView:
    """Two facts that disagree."""

    id: int
    fact: Fact
    other: Fact
    reason: str
    created_at: str
    resolved_at: str | None
    resolution: str | None

    @property
    def conflict_id(self) -> str:
        return f"c{self.id}"

    def as_json(self, facts: FactStore | None = None) -> dict[str, Any]:
        ev = facts.evidence([self.fact.id, self.other.id]) if facts else {}
        return {
            "id": self.conflict_id,
            "reason": self.reason,
            "created_at": self.created_at,
            "resolved_at": self.resolved_at,
            "resolution": self.resolution,
            "facts": [
                self.other.as_json(ev.get(self.other.id, [])),
                self.fact.as_json(ev.get(self.fact.id, [])),
            ],
        }


def parse_conflict_id(text: str) -> int:
    value = text.strip().lower().removeprefix("c")
    if not value.isdigit():
        raise NotFoundError(f"{text!r} is not a conflict id (expected c<id> or a number)")
    return int(value)


class Conflicts:
    """The conflict queue.

    Args:
        db: the Mneme database.
        facts: the fact store.
        decay: confirmed facts get stronger.
        clock: "now".
    """

    def __init__(
        self, db: Database, facts: FactStore, decay: Decay, clock: Clock = system_clock
    ) -> None:
        self.db = db
        self.facts = facts
        self.decay = decay
        self.clock = clock

    def _views(self, sql: str, params: tuple[Any, ...] = ()) -> list[ConflictView]:
        rows = self.db.execute(
            "SELECT id, fact_id, other_fact_id, reason, created_at, resolved_at, resolution "
            f"FROM conflicts {sql}",
            params,
        ).fetchall()
        facts = self.facts.many([int(r[1]) for r in rows] + [int(r[2]) for r in rows])
        return [
            ConflictView(
                int(r[0]), facts[int(r[1])], facts[int(r[2])], str(r[3]), str(r[4]), r[5], r[6]
            )
            for r in rows
            if int(r[1]) in facts and int(r[2]) in facts
        ]

    def open(self) -> list[ConflictView]:
        """Unresolved conflicts, oldest first."""
        return self._views("WHERE resolved_at IS NULL ORDER BY id")

    def all(self) -> list[ConflictView]:
        return self._views("ORDER BY id")

    def get(self, conflict_id: int | str) -> ConflictView:
        cid = parse_conflict_id(str(conflict_id))
        got = self._views("WHERE id = ?", (cid,))
        if not got:
            raise NotFoundError(f"no conflict c{cid}")
        return got[0]

    def resolve(
        self,
        conflict_id: int | str,
        *,
        keep: str | None = None,
        reject: str | None = None,
        keep_both: bool = False,
    ) -> ConflictView:
        """Apply the user's decision (exactly one of ``keep``, ``reject``, ``keep_both``).

        Raises:
            ConflictError: the choice is missing, ambiguous or names another fact.
            NotFoundError: no such conflict.
        """
        if sum([keep is not None, reject is not None, keep_both]) != 1:
            raise ConflictError("say one of: --keep FACT, --reject FACT or --keep-both")
        view = self.get(conflict_id)
        if view.resolved_at:
            raise ConflictError(f"{view.conflict_id} was already resolved ({view.resolution})")
        pair = {view.fact.id: view.fact, view.other.id: view.other}
        now = iso(self.clock())
        with self.db.transaction():
            if keep_both:
                for fact in pair.values():
                    if fact.status != "current":
                        self.facts.make_current(fact)
                self.decay.confirmed([f.item_id for f in pair.values()])
                resolution = "kept both"
            else:
                named = parse_item_id(keep or reject or "")
                if named.tier != "fact" or named.id not in pair:
                    raise ConflictError(
                        f"{named.item_id} is not one of the facts of {view.conflict_id} "
                        f"(f{view.fact.id}, f{view.other.id})"
                    )
                right_id = named.id if keep else next(i for i in pair if i != named.id)
                wrong_id = next(i for i in pair if i != right_id)
                right, wrong = pair[right_id], pair[wrong_id]
                self.facts.retire(wrong, "user_rejected")
                if right.status != "current":
                    self.facts.make_current(right)
                self.decay.confirmed([right.item_id])
                resolution = f"kept f{right_id}, rejected f{wrong_id}"
                # Other open conflicts about the rejected fact are settled too.
                self.db.execute(
                    "UPDATE conflicts SET resolved_at = ?, resolution = ? WHERE resolved_at IS "
                    "NULL "
                    "AND id != ? AND (fact_id = ? OR other_fact_id = ?)",
                    (now, f"f{wrong_id} rejected in c{view.id}", view.id, wrong_id, wrong_id),
                )
            self.db.execute(
                "UPDATE conflicts SET resolved_at = ?, resolution = ? WHERE id = ?",
                (now, resolution, view.id),
            )
        return self.get(view.id)
