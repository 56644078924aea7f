"""The persona tier: a profile of the user, built from facts and episodes, versioned.

Sections: identity, people, places, work, preferences, health, routines, goals. Every
statement links to its evidence (fact ids and the records behind them). ``rebuild`` derives
the statements the current facts support and compares them with the live profile: unchanged
statements keep their id, changed ones supersede the old wording, vanished ones are retired,
and a new version row is written only when something changed. It runs after every
consolidation, so the profile is updated incrementally.

The user's feedback (TUI persona screen, CLI): ``confirm`` reinforces a statement and its
facts; ``reject`` retires it and the facts it stands on (they are not learned again);
``edit`` supersedes it with the user's wording (kept across rebuilds).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from memory.clock import Clock, iso, system_clock
from memory.db import Database
from memory.errors import MnemeError, NotFoundError
from memory.tiers.decay import Decay
from memory.tiers.entities import Entities
from memory.tiers.facts import FactStore
from memory.tiers.items import next_row_id, parse_item_id
from memory.tiers.persona_derive import Deriver, Desired
from memory.tiers.predicates import SECTIONS
from memory.tiers.reconcile import forgotten_hash
from memory.tiers.search_index import TierIndex

log = logging.getLogger(__name__)

LIVE = ("current", "confirmed")


class PersonaError(MnemeError):
    """A persona statement cannot be changed the way the user asked."""


@dataclass(frozen=True)
class Statement:
    """One statement of the user's profile."""

    id: int
    version_id: int
    section: str
    key: str
    text: str
    fact_ids: tuple[int, ...]
    record_ids: tuple[int, ...]
    status: str
    origin: str
    created_at: str
    confirmed_at: str | None

    @property
    def item_id(self) -> str:
        return f"p{self.id}"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.item_id,
            "section": self.section,
            "text": self.text,
            "status": self.status,
            "origin": self.origin,
            "facts": [f"f{i}" for i in self.fact_ids],
            "sources": [f"r{i}" for i in self.record_ids],
            "version": self.version_id,
            "created_at": self.created_at,
            "confirmed_at": self.confirmed_at,
        }


@dataclass(frozen=True)
class PersonaUpdate:
    """What a rebuild changed."""

    version_id: int | None
    added: int = 0
    changed: int = 0
    retired: int = 0


_COLS = (
    "id, version_id, section, stmt_key, text, fact_ids, record_ids, status, origin, created_at, "
    "confirmed_at"
)


def _statement(row: Sequence[Any]) -> Statement:
    return Statement(
        int(row[0]),
        int(row[1]),
        str(row[2]),
        str(row[3]),
        str(row[4]),
        tuple(json.loads(str(row[5]) or "[]")),
        tuple(json.loads(str(row[6]) or "[]")),
        str(row[7]),
        str(row[8]),
        str(row[9]),
        row[10],
    )


class Persona:
    """The user's profile.

    Args:
        db: the Mneme database.
        facts: the fact store.
        entities: the subjects (the user's own entity).
        index: the derived-item search index.
        decay: strengths (confirm reinforces).
        self_names: the user's names (to find the user's own conversations in episodes).
        clock: "now".
    """

    def __init__(
        self,
        db: Database,
        facts: FactStore,
        entities: Entities,
        index: TierIndex,
        decay: Decay,
        *,
        self_names: Sequence[str] = (),
        clock: Clock = system_clock,
    ) -> None:
        self.db = db
        self.facts = facts
        self.entities = entities
        self.index = index
        self.decay = decay
        self.self_names = {n.lower() for n in self_names} | {"me"}
        self.clock = clock
        self.deriver = Deriver(db, facts, entities, self.self_names)

    # -- reading ------------------------------------------------------------------------
    def _select(self, sql: str, params: Sequence[Any] = ()) -> list[Statement]:
        return [
            _statement(r)
            for r in self.db.execute(f"SELECT {_COLS} FROM persona_statements {sql}", list(params))
        ]

    def statements(self, section: str | None = None) -> list[Statement]:
        """The live profile (current and confirmed statements), in section order."""
        if section is not None and section not in SECTIONS:
            raise NotFoundError(f"no persona section {section!r} (one of: {', '.join(SECTIONS)})")
        sql = "WHERE status IN ('current', 'confirmed')"
        params: list[Any] = []
        if section:
            sql += " AND section = ?"
            params.append(section)
        got = self._select(sql + " ORDER BY id", params)
        order = {s: i for i, s in enumerate(SECTIONS)}
        return sorted(got, key=lambda s: (order.get(s.section, 99), s.id))

    def sections(self, section: str | None = None) -> dict[str, list[Statement]]:
        out: dict[str, list[Statement]] = {}
        for st in self.statements(section):
            out.setdefault(st.section, []).append(st)
        return out

    def get(self, statement_id: int) -> Statement:
        got = self._select("WHERE id = ?", (statement_id,))
        if not got:
            raise NotFoundError(f"no persona statement p{statement_id}")
        return got[0]

    def many(self, ids: Sequence[int]) -> dict[int, Statement]:
        out: dict[int, Statement] = {}
        for start in range(0, len(ids), 500):
            part = list(ids[start : start + 500])
            marks = ",".join("?" * len(part))
            for st in self._select(f"WHERE id IN ({marks})", part):
                out[st.id] = st
        return out

    def history(self, key: str) -> list[Statement]:
        """Every wording a statement had, oldest first."""
        return self._select("WHERE stmt_key = ? ORDER BY id", (key,))

    def versions(self, limit: int = 50) -> list[dict[str, Any]]:
        return [
            {"version": int(r[0]), "created_at": r[1], "reason": r[2], "statements": int(r[3])}
            for r in self.db.execute(
                "SELECT id, created_at, reason, statements FROM persona_versions "
                "ORDER BY id DESC LIMIT ?",
                (limit,),
            )
        ]

    def rebuild(self, reason: str = "consolidation") -> PersonaUpdate:
        """Bring the profile in line with the current facts; a new version if anything changed."""
        desired = {d.key: d for d in self.deriver.desired()}
        now = iso(self.clock())
        added = changed = retired = 0
        version_id: int | None = None
        with self.db.transaction():
            live = {s.key: s for s in self._select("WHERE status IN ('current', 'confirmed')")}
            rejected = {
                str(r[0])
                for r in self.db.execute(
                    "SELECT stmt_key FROM persona_statements WHERE status = 'rejected'"
                )
            }
            forgotten = {str(r[0]) for r in self.db.execute("SELECT key_hash FROM forgotten_keys")}
            rejected |= {k for k in desired if forgotten_hash("persona|" + k) in forgotten}

            def version() -> int:
                nonlocal version_id
                if version_id is None:
                    cur = self.db.execute(
                        "INSERT INTO persona_versions (created_at, reason) VALUES (?, ?)",
                        (now, reason),
                    )
                    version_id = int(cur.lastrowid or 0)
                return version_id

            def insert(d: Desired) -> int:
                cur = self.db.execute(
                    "INSERT INTO persona_statements (id, version_id, section, stmt_key, text, "
                    "fact_ids, record_ids, status, origin, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, 'current', 'derived', ?)",
                    (
                        next_row_id(self.db, "persona_statements"),
                        version(),
                        d.section,
                        d.key,
                        d.text,
                        json.dumps(list(d.fact_ids)),
                        json.dumps(list(d.record_ids)),
                        now,
                    ),
                )
                sid = int(cur.lastrowid or 0)
                self.index.upsert(f"p{sid}", "persona", d.text)
                self.decay.start(f"p{sid}", 0.6)
                return sid

            for key, d in desired.items():
                old = live.get(key)
                if old is None:
                    if key not in rejected:
                        insert(d)
                        added += 1
                    continue
                if old.origin == "user" or old.text == d.text:
                    if old.origin != "user" and (
                        old.fact_ids != d.fact_ids or old.record_ids != d.record_ids
                    ):
                        self.db.execute(
                            "UPDATE persona_statements SET fact_ids = ?, record_ids = ? WHERE id "
                            "= ?",
                            (json.dumps(list(d.fact_ids)), json.dumps(list(d.record_ids)), old.id),
                        )
                    continue
                new_id = insert(d)
                self.db.execute(
                    "UPDATE persona_statements SET status = 'superseded', retired_at = ?, "
                    "superseded_by = ? WHERE id = ?",
                    (now, new_id, old.id),
                )
                self.index.remove([old.item_id])
                changed += 1
            for key, old in live.items():
                if key in desired or old.origin == "user":
                    continue
                version()
                self.db.execute(
                    "UPDATE persona_statements SET status = 'retired', retired_at = ? WHERE id = ?",
                    (now, old.id),
                )
                self.index.remove([old.item_id])
                retired += 1
            if version_id is not None:
                count = self.db.scalar(
                    "SELECT COUNT(*) FROM persona_statements WHERE status IN ('current', "
                    "'confirmed')"
                )
                self.db.execute(
                    "UPDATE persona_versions SET statements = ? WHERE id = ?", (count, version_id)
                )
        return PersonaUpdate(version_id, added, changed, retired)

    # -- the user's feedback --------------------------------------------------------------
    def _live(self, item: str) -> Statement:
        ref = parse_item_id(item)
        if ref.tier != "persona":
            raise PersonaError(f"{ref.item_id} is not a persona statement (p<id>)")
        st = self.get(ref.id)
        if st.status not in LIVE:
            raise PersonaError(f"{st.item_id} is {st.status}; only live statements can change")
        return st

    def confirm(self, item: str) -> Statement:
        """The user says the statement is right: it and its facts get stronger."""
        st = self._live(item)
        with self.db.transaction():
            self.db.execute(
                "UPDATE persona_statements SET status = 'confirmed', confirmed_at = ? WHERE id = ?",
                (iso(self.clock()), st.id),
            )
            self.decay.confirmed([st.item_id, *(f"f{i}" for i in st.fact_ids)])
        return self.get(st.id)

    def reject(self, item: str) -> Statement:
        """The user says the statement is wrong: it and the facts behind it are retired."""
        st = self._live(item)
        with self.db.transaction():
            self.db.execute(
                "UPDATE persona_statements SET status = 'rejected', retired_at = ? WHERE id = ?",
                (iso(self.clock()), st.id),
            )
            for fact in self.facts.many(st.fact_ids).values():
                if fact.status in ("current", "conflict", "superseded"):
                    self.facts.retire(fact, "user_rejected")
            self.index.remove([st.item_id])
        self.rebuild("statement rejected")
        return self.get(st.id)

    def edit(self, item: str, text: str) -> Statement:
        """Replace the statement's wording with the user's (the old one becomes history)."""
        st = self._live(item)
        text = " ".join(text.split())
        if not text:
            raise PersonaError("the new wording is empty")
        now = iso(self.clock())
        with self.db.transaction():
            cur = self.db.execute(
                "INSERT INTO persona_versions (created_at, reason) VALUES (?, ?)",
                (now, f"{st.item_id} edited"),
            )
            version_id = int(cur.lastrowid or 0)
            cur = self.db.execute(
                "INSERT INTO persona_statements (id, version_id, section, stmt_key, text, "
                "fact_ids, record_ids, status, origin, created_at, confirmed_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'confirmed', 'user', ?, ?)",
                (
                    next_row_id(self.db, "persona_statements"),
                    version_id,
                    st.section,
                    st.key,
                    text,
                    json.dumps(list(st.fact_ids)),
                    json.dumps(list(st.record_ids)),
                    now,
                    now,
                ),
            )
            new_id = int(cur.lastrowid or 0)
            self.db.execute(
                "UPDATE persona_statements SET status = 'superseded', retired_at = ?, "
                "superseded_by = ? WHERE id = ?",
                (now, new_id, st.id),
            )
            count = self.db.scalar(
                "SELECT COUNT(*) FROM persona_statements WHERE status IN ('current', 'confirmed')"
            )
            self.db.execute(
                "UPDATE persona_versions SET statements = ? WHERE id = ?", (count, version_id)
            )
            self.index.remove([st.item_id])
            self.index.upsert(f"p{new_id}", "persona", text)
            self.decay.confirmed([f"p{new_id}"])
        return self.get(new_id)

    def delete_for(
        self,
        fact_ids: Sequence[int],
        record_ids: Sequence[int],
        words: Sequence[str] = (),
        statement_ids: Sequence[int] = (),
    ) -> list[int]:
        """Hard-delete every statement (any version) that used these facts or records,
        mentions these words or is named; returns their ids (forgetting)."""
        fset, rset, named = set(fact_ids), set(record_ids), set(statement_ids)
        lowered = [w.lower() for w in words if w.strip()]
        doomed = [
            st.id
            for st in self._select("")
            if st.id in named
            or fset & set(st.fact_ids)
            or rset & set(st.record_ids)
            or any(w in st.text.lower() for w in lowered)
        ]
        if doomed:
            with self.db.transaction():
                for start in range(0, len(doomed), 500):
                    part = doomed[start : start + 500]
                    marks = ",".join("?" * len(part))
                    self.db.execute(
                        "UPDATE persona_statements SET superseded_by = NULL WHERE superseded_by "
                        f"IN ({marks})",
                        part,
                    )
                    self.db.execute(f"DELETE FROM persona_statements WHERE id IN ({marks})", part)
                self.index.remove([f"p{i}" for i in doomed])
                self.decay.drop([f"p{i}" for i in doomed])
        return doomed
