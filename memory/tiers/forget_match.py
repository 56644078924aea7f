"""What ``mneme forget --about X`` names, and how far a forget reaches.

A subject matches whole words or whole entity names, never a pattern: ``%``, ``_`` and quotes
are characters like any other, a subject without a letter or digit is refused, and an
episode's participants are compared name by name, never as JSON text. Records are found with
the full-text index and then checked word by word against their text, speaker and title.

``scope`` measures a plan (``ForgetPlan``): counts per tier and per source, and whether it
needs the user's explicit ``--yes-all`` (it would remove whole sources the user did not name,
or more than a small share of a tier). Used by ``memory.tiers.forget``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from memory.db import Database
from memory.errors import MnemeError
from memory.tiers.entities import Entity, entity_key
from memory.tiers.facts import Fact, FactStore
from memory.tiers.persona import Statement

WIDE_SHARE = 0.05
"""A forget removing more than this share of a tier's items needs ``--yes-all``..."""
WIDE_FLOOR = 10
"""...when it also removes more than this many of them (small memories are not all wide)."""
_ALNUM = re.compile(r"[^\W_]")


class ForgetError(MnemeError):
    """What the user asked to forget cannot be found or is ambiguous."""


def subject_of(about: str | None) -> str:
    """The subject of ``--about``, with whitespace collapsed.

    Raises:
        ForgetError: nothing to match (empty, or no letter or digit).
    """
    subject = " ".join((about or "").split())
    if not subject:
        raise ForgetError("--about needs a subject")
    if not _ALNUM.search(subject):
        raise ForgetError(
            f"--about {subject!r} names no word (it has no letter or digit); nothing is "
            "matched as a pattern"
        )
    return subject


def word_pattern(subject: str) -> re.Pattern[str]:
    """Matches ``subject`` as whole words (any spacing between them), ignoring case."""
    words = [re.escape(w) for w in subject.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


class SubjectMatch:
    """Finds what mentions one subject.

    Args:
        db: the Mneme database.
        subject: the subject (``subject_of``).
        entity: the entity of that name, if there is one.
    """

    def __init__(self, db: Database, subject: str, entity: Entity | None) -> None:
        self.db = db
        self.subject = subject
        self.entity = entity
        self.pattern = word_pattern(subject)
        keys = {entity_key(subject)}
        if entity is not None:
            keys |= {entity.key} | {entity_key(a) for a in entity.aliases}
        self.names = {k for k in keys if k}

    def says(self, *texts: str | None) -> bool:
        return any(t and self.pattern.search(t) for t in texts)

    def records(self) -> list[int]:
        """Records whose text, speaker or title holds the subject as whole words."""
        phrase = '"' + self.subject.replace('"', '""') + '"'
        rows = self.db.execute(
            "SELECT r.id, r.text, r.speaker, r.title FROM records_fts f JOIN records r ON "
            "r.id = f.rowid WHERE records_fts MATCH ? ORDER BY r.id",
            (phrase,),
        ).fetchall()
        return [int(r[0]) for r in rows if self.says(r[1], r[2], r[3])]

    def episodes(self) -> list[int]:
        """Episodes whose title or summary says the subject, or with it among participants."""
        out = []
        for eid, title, summary, participants in self.db.execute(
            "SELECT id, title, summary, participants FROM episodes ORDER BY id"
        ):
            if self.says(title, summary) or self._named(participants):
                out.append(int(eid))
        return out

    def _named(self, participants: str | None) -> bool:
        try:
            names = json.loads(participants or "[]")
        except ValueError:
            return False
        if not isinstance(names, list):
            return False
        return any(isinstance(n, str) and entity_key(n) in self.names for n in names)

    def facts(self, facts: FactStore) -> list[Fact]:
        """Facts about the subject: its entity's, or whose object is it (retired ones whose
        text says it)."""
        eid = self.entity.id if self.entity is not None else None
        out = []
        for f in facts.where("f.status IN ('current', 'conflict', 'superseded', 'retired')"):
            if (
                (eid is not None and eid in (f.subject_id, f.object_id))
                or f.object_key in self.names
                or self.says(f.object)
                or (f.status == "retired" and self.says(f.text))
            ):
                out.append(f)
        return out

    def statements(self, statements: Iterable[Statement]) -> list[int]:
        """Persona statements whose text says the subject."""
        return [s.id for s in statements if self.says(s.text)]


@dataclass(frozen=True)
class Scope:
    """How far a forget reaches."""

    counts: dict[str, int]
    per_source: list[dict[str, Any]] = field(default_factory=list)
    wide: list[str] = field(default_factory=list)
    """Why it needs ``--yes-all`` (empty: it does not)."""


@dataclass
class ForgetPlan:
    """Everything a forget would delete or change."""

    target: str
    record_ids: list[int] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    source_ids: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    fact_ids: list[int] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    restored_fact_ids: list[int] = field(default_factory=list)
    episode_ids: list[int] = field(default_factory=list)
    rebuilt_episode_ids: list[int] = field(default_factory=list)
    statement_ids: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    block_keys: list[str] = field(default_factory=list)
    executed: bool = False
    scope: Scope | None = None
    """Counts per tier and source, and why it needs ``--yes-all`` (set by ``plan``)."""

    @property
    def needs_yes_all(self) -> bool:
        """It removes whole sources the user did not name, or a large share of a tier."""
        return bool(self.scope and self.scope.wide)

    @property
    def empty(self) -> bool:
        return not (
            self.record_ids
            or self.fact_ids
            or self.episode_ids
            or self.statement_ids
            or self.source_ids
        )

    @property
    def vector_ids(self) -> list[str]:
        return (
            [f"r{i}" for i in self.record_ids]
            + [f"f{i}" for i in self.fact_ids]
            + [f"e{i}" for i in self.episode_ids]
            + [f"p{i}" for i in self.statement_ids]
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "dry_run": not self.executed,
            "records": self.records,
            "sources": self.sources,
            "facts": [
                {"id": f"f{i}", "text": t} for i, t in zip(self.fact_ids, self.facts, strict=False)
            ],
            "facts_restored": [f"f{i}" for i in self.restored_fact_ids],
            "episodes_deleted": [f"e{i}" for i in self.episode_ids],
            "episodes_rebuilt": [f"e{i}" for i in self.rebuilt_episode_ids],
            "persona_statements": [f"p{i}" for i in self.statement_ids],
            "vectors": len(self.vector_ids),
            "counts": dict(self.scope.counts) if self.scope else {},
            "per_source": list(self.scope.per_source) if self.scope else [],
            "needs_yes_all": self.needs_yes_all,
            "wide": list(self.scope.wide) if self.scope else [],
        }


def _total(db: Database, table: str) -> int:
    return int(db.scalar(f"SELECT COUNT(*) FROM {table}") or 0)


def scope(
    db: Database,
    *,
    record_ids: Sequence[int],
    fact_ids: Sequence[int],
    episode_ids: Sequence[int],
    statement_ids: Sequence[int],
    named_sources: Sequence[int],
    vectors: int,
    by_topic: bool,
) -> Scope:
    """Counts per tier and source of a forget, and whether it reaches further than asked.

    Args:
        db: the Mneme database.
        record_ids / fact_ids / episode_ids / statement_ids: what the plan deletes.
        named_sources: the sources the user named (``--source``).
        vectors: how many vectors go.
        by_topic: a forget ``--about`` (whole sources it reaches were not named).
    """
    counts = {
        "records": len(record_ids),
        "facts": len(fact_ids),
        "episodes": len(episode_ids),
        "persona_statements": len(statement_ids),
        "vectors": vectors,
    }
    per: dict[int, int] = {}
    for start in range(0, len(record_ids), 500):
        part = list(record_ids[start : start + 500])
        marks = ",".join("?" * len(part))
        for sid, n in db.execute(
            f"SELECT source_id, COUNT(*) FROM records WHERE id IN ({marks}) GROUP BY source_id",
            part,
        ):
            per[int(sid)] = per.get(int(sid), 0) + int(n)
    per_source = []
    whole: list[int] = []
    for sid, n in sorted(per.items()):
        row = db.execute(
            "SELECT s.uri, (SELECT COUNT(*) FROM records r WHERE r.source_id = s.id) "
            "FROM sources s WHERE s.id = ?",
            (sid,),
        ).fetchone()
        if row is None:
            continue
        is_whole = n >= int(row[1])
        if is_whole:
            whole.append(sid)
        per_source.append(
            {"source": str(row[0]), "records": n, "of": int(row[1]), "whole": is_whole}
        )
    wide = []
    unnamed = [sid for sid in whole if sid not in set(named_sources)] if by_topic else []
    if unnamed:
        wide.append(f"it removes {len(unnamed)} whole sources you did not name")
    for label, table, n in (
        ("records", "records", len(record_ids)),
        ("facts", "facts", len(fact_ids)),
        ("episodes", "episodes", len(episode_ids)),
        ("persona statements", "persona_statements", len(statement_ids)),
    ):
        total = _total(db, table)
        if n > WIDE_FLOOR and n > WIDE_SHARE * total:
            wide.append(f"it removes {n} of {total} {label}")
    return Scope(counts, per_source, wide)
