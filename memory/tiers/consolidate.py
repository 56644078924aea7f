"""Consolidation: turning new records into facts, episodes and the persona, incrementally.

``Consolidator.run`` works through what is pending, in stages:

1. facts: every active record not yet read, oldest first, in batches; each batch's facts,
   evidence and its "done" marks are one transaction, so a crash loses at most the batch in
   flight and a rerun continues where it stopped (a unique index on live facts is the last
   guard against duplicates);
2. forgotten-but-mentioned-again: a new record very close in meaning to a faded one
   restores it;
3. sweep: facts whose every supporting record was superseded (a note was edited) retire;
4. episodes for the groups that got new records;
5. the persona (a new version only when something changed);
6. vectors for new or changed derived items.

It runs after every import (``Importer(after_import=...)``, wired in ``app.bootstrap``),
after chat turns (``ChatSession(after_turn=...)``), on idle from the TUI and from
``mneme consolidate``. ``progress`` gets ``ConsolidationProgress`` ticks; ``cancel`` is
polled between batches (a cancelled run is resumed by the next one).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from memory.clock import Clock, iso, system_clock
from memory.db import Database
from memory.errors import MnemeError, VectorIndexUnavailableError
from memory.records import StoredRecord
from memory.store import MemoryStore
from memory.tiers.contacts import extract_contact
from memory.tiers.decay import Decay
from memory.tiers.entities import Entities
from memory.tiers.episodes import Episodes
from memory.tiers.extracted import ExtractedFact, Speaker
from memory.tiers.facts import FactStore
from memory.tiers.llm_extract import LLMExtractor
from memory.tiers.persona import Persona
from memory.tiers.reconcile import Reconciler
from memory.tiers.search_index import TierIndex
from memory.vectors import VectorIndex

log = logging.getLogger(__name__)

WINDOW = 20
"""Batches of pending records found by one scan (``Consolidator._pending_batches``)."""
MENTION_COSINE = 0.8
"""A new record this close to a faded one counts as mentioning it again."""


@dataclass(frozen=True)
class ConsolidationProgress:
    """A progress tick: ``done`` of ``total`` in ``phase`` (facts, episodes, persona, index)."""

    phase: str
    done: int
    total: int


@dataclass
class ConsolidationReport:
    """What a consolidation run did."""

    records: int = 0
    facts: dict[str, int] = field(default_factory=dict)
    restored: int = 0
    retired: int = 0
    episodes: int = 0
    persona_version: int | None = None
    persona_changes: int = 0
    indexed: int = 0
    cancelled: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def summary(self) -> str:
        f = self.facts
        parts = [
            f"{self.records} records read",
            f"{f.get('add', 0) + f.get('history', 0)} facts added",
            f"{f.get('reinforce', 0)} reinforced",
            f"{f.get('supersede', 0) + f.get('end', 0)} superseded",
            f"{f.get('conflict', 0)} conflicts",
            f"{self.episodes} episodes",
        ]
        if self.persona_version:
            parts.append(f"persona v{self.persona_version}")
        if self.cancelled:
            parts.append("cancelled (the rest resumes next time)")
        return ", ".join(parts)


ProgressSink = Callable[[ConsolidationProgress], None]
Cancel = Callable[[], bool]


class Consolidator:
    """Runs consolidation.

    Args:
        db: the Mneme database.
        store: records.
        entities: subjects of facts.
        facts: the fact store.
        reconciler: applies candidate facts.
        episodes: the episodic tier.
        persona: the persona tier.
        index: the derived-item search index.
        decay: strengths (restoring faded records).
        record_vectors: the record vector index (mentions of faded records).
        llm: the model fact extractor (used only when its model is capable).
        clock: "now".
        batch: records per transaction.
    """

    def __init__(
        self,
        db: Database,
        store: MemoryStore,
        entities: Entities,
        facts: FactStore,
        reconciler: Reconciler,
        episodes: Episodes,
        persona: Persona,
        index: TierIndex,
        decay: Decay,
        record_vectors: VectorIndex,
        *,
        llm: LLMExtractor | None = None,
        clock: Clock = system_clock,
        batch: int = 100,
    ) -> None:
        self.db = db
        self.store = store
        self.entities = entities
        self.facts = facts
        self.reconciler = reconciler
        self.episodes = episodes
        self.persona = persona
        self.index = index
        self.decay = decay
        self.record_vectors = record_vectors
        self.llm = llm
        self.clock = clock
        self.batch = batch
        self._lock = threading.Lock()

    # -- bookkeeping ------------------------------------------------------------------------
    def pending(self) -> dict[str, int]:
        """Records waiting for each stage."""

        def count(col: str) -> int:
            return int(
                self.db.scalar(
                    "SELECT COUNT(*) FROM records r LEFT JOIN consolidation c ON c.record_id = "
                    "r.id "
                    f"WHERE r.status = 'active' AND c.{col} IS NULL"
                )
                or 0
            )

        return {
            "facts": count("facts_at"),
            "episodes": count("episodes_at"),
            "index": self.index.pending_count(),
        }

    def _next_ids(self, col: str, limit: int) -> list[int]:
        """Up to ``limit`` active records not yet through stage ``col``, oldest first."""
        return [
            int(r[0])
            for r in self.db.execute(
                "SELECT r.id FROM records r LEFT JOIN consolidation c ON c.record_id = r.id "
                f"WHERE r.status = 'active' AND c.{col} IS NULL "
                "ORDER BY COALESCE(r.event_time, r.created_at), r.id LIMIT ?",
                (limit,),
            )
        ]

    def _still_pending(self, col: str, ids: Sequence[int]) -> list[int]:
        """Those of ``ids`` still active and not through stage ``col`` (in order)."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        left = {
            int(r[0])
            for r in self.db.execute(
                "SELECT r.id FROM records r LEFT JOIN consolidation c ON c.record_id = r.id "
                f"WHERE r.id IN ({marks}) AND r.status = 'active' AND c.{col} IS NULL",
                list(ids),
            )
        }
        return [i for i in ids if i in left]

    def _pending_batches(self, col: str, size: int) -> Iterator[list[int]]:
        """Batches of ``size`` pending records for stage ``col``, oldest first.

        Finding what is pending scans every record, so one query fetches ``WINDOW`` batches'
        worth (a scan per batch made a big import's consolidation quadratic); new records are
        found by the next window. A stage checks each batch with ``_still_pending`` before
        using it, so records forgotten or done meanwhile are skipped.
        """
        while True:
            window = self._next_ids(col, size * WINDOW)
            if not window:
                return
            for at in range(0, len(window), size):
                yield window[at : at + size]

    def _mark(self, col: str, ids: Sequence[int]) -> None:
        now = iso(self.clock())
        with self.db.transaction():
            self.db.executemany(
                f"INSERT INTO consolidation (record_id, {col}) VALUES (?, ?) "
                f"ON CONFLICT(record_id) DO UPDATE SET {col} = excluded.{col}",
                [(rid, now) for rid in ids],
            )

    # -- stages -----------------------------------------------------------------------------
    def _resolver(self) -> Callable[[Speaker, str], str | None]:
        def resolve(speaker: Speaker, role: str) -> str | None:
            subj = (
                self.entities.self_entity() if speaker.is_self else self.entities.find(speaker.name)
            )
            if subj is None:
                return None
            found = self.facts.current(subj.id, f"has_{role.replace(' ', '_')}")
            return found[0].object if len(found) == 1 else None

        return resolve

    def candidates(self, rec: StoredRecord) -> list[ExtractedFact]:
        """Every candidate fact of ``rec`` (deterministic, plus the model's when capable)."""
        if rec.kind == "contact":
            return extract_contact(rec)
        # The grammar compiles hundreds of patterns when imported: only what reads facts
        # pays for it, never a one-shot search or ask.
        from memory.tiers.extract import extract_facts, record_speaker

        speaker = record_speaker(rec, self.entities.is_self_name)
        found = extract_facts(rec, speaker, resolver=self._resolver())
        if self.llm is not None and speaker is not None and self.llm.available():
            seen = {(c.subject, c.predicate, c.object_key) for c in found}
            found += [
                c
                for c in self.llm.extract(rec, speaker)
                if (c.subject, c.predicate, c.object_key) not in seen
            ]
        return found

    def _facts_stage(
        self, report: ConsolidationReport, progress: ProgressSink | None, cancel: Cancel | None
    ) -> list[int]:
        total = self.pending()["facts"]
        done_ids: list[int] = []
        for ids in self._pending_batches("facts_at", self.batch):
            if cancel is not None and cancel():
                report.cancelled = True
                break
            with self.db.transaction():
                ids = self._still_pending("facts_at", ids)
                for rec in self.store.records(ids):
                    for cand in self.candidates(rec):
                        outcome = self.reconciler.apply(cand)
                        report.facts[outcome.action] = report.facts.get(outcome.action, 0) + 1
                self._mark("facts_at", ids)
            done_ids += ids
            report.records += len(ids)
            if progress is not None:
                progress(ConsolidationProgress("facts", len(done_ids), total))
        return done_ids

    def _restore_mentioned(self, new_ids: Sequence[int], report: ConsolidationReport) -> None:
        faded = set(self.decay.faded_record_ids())
        if not faded or not new_ids:
            return
        vecs = self.record_vectors.get_vectors([f"r{i}" for i in new_ids[:200]])
        hits: set[str] = set()
        for vec in vecs.values():
            for item, cos in self.record_vectors.query(vec, 4):
                if cos >= MENTION_COSINE and item.startswith("r") and int(item[1:]) in faded:
                    hits.add(item)
        if hits:
            report.restored = self.decay.mentioned(hits)

    def _sweep(self, report: ConsolidationReport) -> None:
        stale = self.facts.where(
            "f.status IN ('current', 'conflict', 'superseded') AND f.extractor != 'user' AND "
            "EXISTS (SELECT 1 FROM fact_evidence ev WHERE ev.fact_id = f.id AND ev.role = "
            "'supports') "
            "AND NOT EXISTS (SELECT 1 FROM fact_evidence ev JOIN records r ON r.id = ev.record_id "
            "WHERE ev.fact_id = f.id AND ev.role = 'supports' AND r.status = 'active')"
        )
        with self.db.transaction():
            for fact in stale:
                self.facts.retire(fact, "source_changed")
        report.retired = len(stale)

    def _episodes_stage(
        self, report: ConsolidationReport, progress: ProgressSink | None, cancel: Cancel | None
    ) -> None:
        total = self.pending()["episodes"]
        done = 0
        for batch in self._pending_batches("episodes_at", 500):
            if cancel is not None and cancel():
                report.cancelled = True
                return
            ids = self._still_pending("episodes_at", batch)
            if not ids:
                continue
            recs = self.store.records(ids)
            written = self.episodes.build(
                recs, cancel=cancel, on_group=lambda group: self._mark("episodes_at", group)
            )
            report.episodes += len(set(written))
            # Records no episode takes (contacts) are done too.
            self._mark("episodes_at", [r.id for r in recs if r.kind == "contact"])
            done += len(ids)
            if progress is not None:
                progress(ConsolidationProgress("episodes", min(done, total), total))
            if cancel is not None and cancel():
                report.cancelled = True
                return

    # -- the run ----------------------------------------------------------------------------
    def run(
        self, progress: ProgressSink | None = None, cancel: Cancel | None = None
    ) -> ConsolidationReport:
        """Consolidate everything pending (see the module docstring)."""
        report = ConsolidationReport()
        with self._lock:
            new_ids = self._facts_stage(report, progress, cancel)
            if report.cancelled:
                return report
            self._restore_mentioned(new_ids, report)
            self._sweep(report)
            self._episodes_stage(report, progress, cancel)
            if report.cancelled:
                return report
            if progress is not None:
                progress(ConsolidationProgress("persona", 0, 1))
            update = self.persona.rebuild("consolidation")
            report.persona_version = update.version_id
            report.persona_changes = update.added + update.changed + update.retired
            tick: Callable[[int, int], None] | None = None
            if progress is not None:
                progress(ConsolidationProgress("persona", 1, 1))
                total = self.index.pending_count()

                def report_index(done: int, _total: int) -> None:
                    progress(ConsolidationProgress("index", done, total))

                tick = report_index
            try:
                report.indexed = self.index.embed_pending(progress=tick, cancel=cancel)
            except VectorIndexUnavailableError as e:  # their vectors wait for the server
                log.warning("derived items not indexed: %s", e)
        log.info("consolidation: %s", report.summary)
        return report

    def after_records(self, record_ids: Sequence[int]) -> None:
        """Hook for imports and chat turns: consolidate now; a failure is logged and the
        work stays pending for the next run (the import itself succeeded)."""
        if not record_ids:
            return
        try:
            self.run()
        except MnemeError as e:
            log.warning(
                "consolidation after %d new records failed (it will resume): %s", len(record_ids), e
            )
