"""The fact tier's storage: facts, their evidence and their history.

A fact is an atomic statement (subject, predicate, object) with a readable sentence, a
confidence, when it is true in the world (``valid_from`` / ``valid_to``) and when Mneme
learned or retired it (``recorded_at`` / ``retired_at``). Status: ``current``, ``superseded``
(history: it was true, then changed), ``conflict`` (waiting for the user) or ``retired``
(the user rejected it, or its evidence changed). Every fact links to the records it was read
from (``fact_evidence``: ``supports`` or ``ends``).

``FactStore`` is used by reconciliation (writes), ``mneme facts``, ``mneme memory show``,
the dossiers, recall and forgetting. ``Fact.as_json`` is the ``mneme facts --json`` item:
``{"id", "subject", "predicate", "object", "text", "status", "valid_from", "valid_to",
"confidence", "sources"}`` (plus ``qualifier``, ``recorded_at``, ``retired_at``,
``superseded_by``, ``extractor``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from memory.clock import Clock, iso, system_clock
from memory.db import Database
from memory.errors import NotFoundError
from memory.tiers.entities import Entities, Entity, entity_key
from memory.tiers.items import next_row_id
from memory.tiers.predicates import fact_sentence
from memory.tiers.search_index import TierIndex
from memory.tiers.timex import month_year

LIVE = ("current", "conflict")
LISTED = ("current", "superseded", "conflict")

_COLS = (
    "f.id, f.subject_id, f.predicate, f.object, f.object_key, f.object_id, f.qualifier, f.text, "
    "f.confidence, f.valid_from, f.valid_to, f.observed_at, f.recorded_at, f.retired_at, "
    "f.status, f.superseded_by, f.extractor, f.retire_reason, f.fact_key, e.name, e.is_self"
)
_FROM = "FROM facts f JOIN entities e ON e.id = f.subject_id"


@dataclass(frozen=True)
class Evidence:
    """A record a fact was read from."""

    record_id: int
    quote: str
    observed_at: str | None
    role: str
    source: str
    source_kind: str

    @property
    def item_id(self) -> str:
        return f"r{self.record_id}"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.item_id,
            "source": self.source,
            "quote": self.quote,
            "timestamp": self.observed_at,
            "role": self.role,
        }


@dataclass(frozen=True)
class Fact:
    """One stored fact."""

    id: int
    subject_id: int
    subject: str
    subject_is_self: bool
    predicate: str
    object: str
    object_key: str
    object_id: int | None
    qualifier: str | None
    text: str
    confidence: float
    valid_from: str | None
    valid_to: str | None
    observed_at: str | None
    recorded_at: str
    retired_at: str | None
    status: str
    superseded_by: int | None
    extractor: str
    retire_reason: str | None
    fact_key: str

    @property
    def item_id(self) -> str:
        return f"f{self.id}"

    @property
    def subject_display(self) -> str:
        return "You" if self.subject_is_self else self.subject

    def as_json(self, evidence: Sequence[Evidence] = ()) -> dict[str, Any]:
        """The ``mneme facts --json`` item."""
        return {
            "id": self.item_id,
            "subject": "me" if self.subject_is_self else self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "text": self.text,
            "status": self.status,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "confidence": round(self.confidence, 3),
            "sources": [e.as_json() for e in evidence],
            "qualifier": self.qualifier,
            "recorded_at": self.recorded_at,
            "retired_at": self.retired_at,
            "superseded_by": f"f{self.superseded_by}" if self.superseded_by else None,
            "extractor": self.extractor,
        }


def _fact(row: Sequence[Any]) -> Fact:
    return Fact(
        id=int(row[0]),
        subject_id=int(row[1]),
        predicate=str(row[2]),
        object=str(row[3]),
        object_key=str(row[4]),
        object_id=row[5],
        qualifier=row[6],
        text=str(row[7]),
        confidence=float(row[8]),
        valid_from=row[9],
        valid_to=row[10],
        observed_at=row[11],
        recorded_at=str(row[12]),
        retired_at=row[13],
        status=str(row[14]),
        superseded_by=row[15],
        extractor=str(row[16]),
        retire_reason=row[17],
        fact_key=str(row[18]),
        subject=str(row[19]),
        subject_is_self=bool(row[20]),
    )


def fact_key(subject_id: int, predicate: str, object_key: str) -> str:
    return f"{subject_id}|{predicate}|{object_key}"


def describe(
    predicate: str,
    subject: str,
    obj: str,
    *,
    is_self: bool,
    qualifier: str | None,
    status: str,
    valid_from: str | None = None,
    valid_to: str | None = None,
    since: bool = False,
) -> str:
    """A fact's sentence for its status: "You live in Berlin (since May 2024)." or
    "You lived in Lisbon until May 2024."."""
    display = "You" if is_self else subject
    if status == "superseded":
        text = fact_sentence(
            predicate, display, obj, is_self=is_self, qualifier=qualifier, past=True
        )
        if valid_to:
            text = text.rstrip(".") + f" until {month_year(valid_to)}."
        return text
    text = fact_sentence(predicate, display, obj, is_self=is_self, qualifier=qualifier)
    if since and valid_from:
        text = text.rstrip(".") + f" (since {month_year(valid_from)})."
    return text


class FactStore:
    """Facts in SQLite (and their text in the derived-item search index).

    Args:
        db: the Mneme database.
        entities: the subjects.
        index: the derived-item search index (kept in step with fact texts).
        clock: "now" for recorded_at / retired_at.
    """

    def __init__(
        self, db: Database, entities: Entities, index: TierIndex, clock: Clock = system_clock
    ) -> None:
        self.db = db
        self.entities = entities
        self.index = index
        self.clock = clock

    # -- reading ------------------------------------------------------------------------
    def get(self, fact_id: int) -> Fact:
        rows = self.db.execute(f"SELECT {_COLS} {_FROM} WHERE f.id = ?", (fact_id,)).fetchall()
        if not rows:
            raise NotFoundError(f"no fact f{fact_id}")
        return _fact(rows[0])

    def many(self, ids: Iterable[int]) -> dict[int, Fact]:
        unique = list(dict.fromkeys(ids))
        out: dict[int, Fact] = {}
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            marks = ",".join("?" * len(part))
            for row in self.db.execute(f"SELECT {_COLS} {_FROM} WHERE f.id IN ({marks})", part):
                fact = _fact(row)
                out[fact.id] = fact
        return out

    def where(self, sql: str, params: Sequence[Any] = ()) -> list[Fact]:
        """Facts matching an SQL condition on ``f`` (facts) and ``e`` (subject entity)."""
        rows = self.db.execute(
            f"SELECT {_COLS} {_FROM} WHERE {sql} ORDER BY COALESCE(f.valid_from, f.observed_at), "
            "f.id",
            list(params),
        )
        return [_fact(r) for r in rows]

    def live_by_key(self, key: str) -> Fact | None:
        got = self.where("f.fact_key = ? AND f.status IN ('current', 'conflict')", (key,))
        return got[0] if got else None

    def by_key(self, key: str, status: str) -> list[Fact]:
        return self.where("f.fact_key = ? AND f.status = ?", (key, status))

    def current(self, subject_id: int, predicate: str) -> list[Fact]:
        return self.where(
            "f.subject_id = ? AND f.predicate = ? AND f.status = 'current'", (subject_id, predicate)
        )

    def listing(
        self,
        *,
        about: str | None = None,
        history: bool = False,
        statuses: Sequence[str] | None = None,
    ) -> list[Fact]:
        """Facts for ``mneme facts``: current and conflicting ones, plus history if asked.

        Args:
            about: only facts whose subject is this entity (or whose object names it).
            history: include superseded facts.
            statuses: exactly these statuses instead.
        """
        wanted = (
            list(statuses)
            if statuses
            else (["current", "conflict", "superseded"] if history else ["current", "conflict"])
        )
        marks = ",".join("?" * len(wanted))
        sql = f"f.status IN ({marks})"
        params: list[Any] = list(wanted)
        if about:
            ent = self.entities.find(about)
            key = entity_key(about)
            parts = ["f.object_key LIKE ?", "LOWER(f.object) LIKE ?"]
            params_about: list[Any] = [f"%{key}%", f"%{about.lower()}%"]
            if ent is not None:
                parts = ["f.subject_id = ?", "f.object_id = ?", *parts]
                params_about = [ent.id, ent.id, *params_about]
            sql += " AND (" + " OR ".join(parts) + ")"
            params += params_about
        return self.where(sql, params)

    def evidence(self, fact_ids: Sequence[int]) -> dict[int, list[Evidence]]:
        """The records each fact was read from, oldest first."""
        out: dict[int, list[Evidence]] = {i: [] for i in fact_ids}
        unique = list(dict.fromkeys(fact_ids))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            marks = ",".join("?" * len(part))
            for row in self.db.execute(
                "SELECT ev.fact_id, ev.record_id, ev.quote, ev.observed_at, ev.role, s.uri, s.kind "
                "FROM fact_evidence ev JOIN records r ON r.id = ev.record_id "
                f"JOIN sources s ON s.id = r.source_id WHERE ev.fact_id IN ({marks}) "
                "ORDER BY ev.observed_at, ev.record_id",
                part,
            ):
                uri = str(row[5])
                out.setdefault(int(row[0]), []).append(
                    Evidence(
                        record_id=int(row[1]),
                        quote=str(row[2]),
                        observed_at=row[3],
                        role=str(row[4]),
                        source=uri[5:] if uri.startswith("file:") else uri,
                        source_kind=str(row[6]),
                    )
                )
        return out

    def record_ids(self, fact_ids: Sequence[int]) -> dict[int, list[int]]:
        """Supporting record ids of each fact."""
        return {
            fid: [e.record_id for e in evs if e.role == "supports"]
            for fid, evs in self.evidence(fact_ids).items()
        }

    def open_conflict_ids(self) -> set[int]:
        return {
            int(r[0])
            for r in self.db.execute(
                "SELECT fact_id FROM conflicts WHERE resolved_at IS NULL UNION "
                "SELECT other_fact_id FROM conflicts WHERE resolved_at IS NULL"
            )
        }

    # -- writing (callers hold a transaction) -----------------------------------------
    def insert(
        self,
        subject: Entity,
        predicate: str,
        obj: str,
        object_key_: str,
        *,
        text: str,
        confidence: float,
        status: str,
        extractor: str,
        qualifier: str | None = None,
        object_id: int | None = None,
        valid_from: str | None = None,
        valid_to: str | None = None,
        observed_at: str | None = None,
        superseded_by: int | None = None,
    ) -> Fact:
        now = iso(self.clock())
        with self.db.transaction():
            cur = self.db.execute(
                "INSERT INTO facts (id, subject_id, predicate, object, object_key, object_id, "
                "qualifier, text, confidence, valid_from, valid_to, observed_at, recorded_at, "
                "retired_at, status, superseded_by, extractor, fact_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    next_row_id(self.db, "facts"),
                    subject.id,
                    predicate,
                    obj,
                    object_key_,
                    object_id,
                    qualifier,
                    text,
                    confidence,
                    valid_from,
                    valid_to,
                    observed_at,
                    now,
                    now if status == "superseded" else None,
                    status,
                    superseded_by,
                    extractor,
                    fact_key(subject.id, predicate, object_key_),
                ),
            )
            fact = self.get(int(cur.lastrowid or 0))
            self.index.upsert(fact.item_id, "fact", fact.text)
        return fact

    def add_evidence(
        self,
        fact_id: int,
        record_id: int,
        quote: str,
        observed_at: str | None,
        role: str = "supports",
    ) -> bool:
        """Link a record to a fact; False when it was already linked."""
        with self.db.transaction():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO fact_evidence (fact_id, record_id, role, quote, "
                "observed_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (fact_id, record_id, role, quote[:500], observed_at),
            )
        return cur.rowcount > 0

    def update(self, fact: Fact, **fields: Any) -> Fact:
        """Change columns of ``fact`` (and keep its indexed text in step)."""
        if not fields:
            return fact
        cols = ", ".join(f"{k} = ?" for k in fields)
        with self.db.transaction():
            self.db.execute(f"UPDATE facts SET {cols} WHERE id = ?", (*fields.values(), fact.id))
            new = self.get(fact.id)
            if new.status == "retired":
                self.index.remove([new.item_id])
            else:
                self.index.upsert(new.item_id, "fact", new.text)
        return new

    def supersede(self, old: Fact, *, valid_to: str | None, by: int | None) -> Fact:
        """``old`` stops being current: it becomes history ending at ``valid_to``."""
        text = describe(
            old.predicate,
            old.subject,
            old.object,
            is_self=old.subject_is_self,
            qualifier=old.qualifier,
            status="superseded",
            valid_to=valid_to,
        )
        return self.update(
            old,
            status="superseded",
            valid_to=valid_to,
            retired_at=iso(self.clock()),
            superseded_by=by,
            text=text,
        )

    def retire(self, fact: Fact, reason: str) -> Fact:
        """Take ``fact`` out of what Mneme knows (kept for ``memory show``, not recalled)."""
        return self.update(
            fact, status="retired", retired_at=iso(self.clock()), retire_reason=reason
        )

    def make_current(self, fact: Fact) -> Fact:
        """Turn a conflicting or ended fact back into a current one."""
        text = describe(
            fact.predicate,
            fact.subject,
            fact.object,
            is_self=fact.subject_is_self,
            qualifier=fact.qualifier,
            status="current",
        )
        return self.update(
            fact,
            status="current",
            valid_to=None,
            retired_at=None,
            retire_reason=None,
            superseded_by=None,
            text=text,
        )
