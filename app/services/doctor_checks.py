"""``mneme doctor`` (the store's counts), ``--check`` and ``--repair``: what is wrong with a
store, and fixing what is derived from SQLite.

``check`` opens nothing for writing: it runs the open check on the database file first (a
damaged or newer database is reported and nothing else is opened), then the checks of
``memory.health`` against the open services. ``repair`` fixes file modes, rebuilds the
full-text indexes, drops orphaned derived rows, rebuilds or completes the vector indexes,
finishes an interrupted consolidation, and checks again; ``progress`` gets
``(phase, done, total)`` ticks for a progress bar.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.settings import Settings
from memory import health, repair
from memory.errors import VectorIndexError
from memory.health import Problem
from memory.migrations import migration_names
from memory.private import tighten
from memory.tiers.consolidate import ConsolidationProgress
from models.errors import ModelError

if TYPE_CHECKING:
    from app.bootstrap import Services

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
OpenServices = Callable[[], "Services"]


@dataclass
class HealthReport:
    """What ``check`` found, and after ``repair`` what was fixed."""

    problems: list[Problem] = field(default_factory=list)
    fixed: list[dict[str, str]] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        """``{"ok": bool, "problems": [{"check", "message", "repairable"}]}`` (plus
        ``"fixed": [{"check", "message"}]`` after a repair)."""
        out: dict[str, Any] = {"ok": self.ok, "problems": [p.as_json() for p in self.problems]}
        if self.fixed is not None:
            out["fixed"] = self.fixed
        return out


def private_roots(settings: Settings) -> list[Path]:
    """The folders whose modes Mneme keeps private: data, logs and config."""
    return settings.private_dirs


def service_problems(services: Services) -> list[Problem]:
    """The checks that need the open store (see ``memory.health``)."""
    db = services.db
    problems = health.fts_problems(db)
    changed = health.embedder_problems(db, services.embedder.identity)
    problems += changed
    tiers = services.tiers
    if not changed:
        problems += health.vector_problems(db, services.index, tiers.index.vectors)
    problems += health.consolidation_problems(tiers.consolidator.pending())
    problems += health.orphan_problems(db)
    return problems


def store_report(settings: Settings, open_services: OpenServices) -> dict[str, Any]:
    """The store's counts and the problems ``check`` would report (plain ``mneme doctor``);
    ``{"ok": False, "error": ...}`` when the services cannot be built."""
    try:
        services = open_services()
    except ModelError as e:
        return {"ok": False, "error": str(e)}
    store: dict[str, Any] = {"ok": True, **services.store.counts()}
    try:
        store["vectors"] = services.index.count()
    except VectorIndexError as e:
        store["vectors"] = None
        store["vectors_error"] = str(e)
    if settings.db_path.exists():
        store["database_mb"] = round(settings.db_path.stat().st_size / 1e6, 2)
    problems = service_problems(services) + health.mode_problems(settings.private_dirs)
    store["problems"] = [p.as_json() for p in problems]
    return store


def check(settings: Settings, open_services: OpenServices) -> HealthReport:
    """Everything wrong with the store of ``settings`` (nothing is written)."""
    modes = health.mode_problems(private_roots(settings))
    fatal = health.file_problems(settings.db_path, migration_names())
    if fatal:
        return HealthReport(fatal + modes)
    return HealthReport(service_problems(open_services()) + modes)


class _Repair:
    """One repair run: applies the fixes in a safe order and records what was done."""

    def __init__(self, services: Services, progress: Progress | None) -> None:
        self.services = services
        self.progress = progress
        self.fixed: list[dict[str, str]] = []

    def tick(self, phase: str) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            if self.progress is not None:
                self.progress(phase, done, total)

        return report

    def done(self, check: str, message: str) -> None:
        log.info("repair: %s: %s", check, message)
        self.fixed.append({"check": check, "message": message})

    def run(self, problems: list[Problem]) -> None:
        by = {p.check: [q for q in problems if q.check == p.check] for p in problems}
        db = self.services.db
        for p in by.get("fts", []):
            repair.rebuild_fts(db, str(p.detail["fts"]))
            self.done("fts", f"rebuilt the full-text index {p.detail['fts']}")
        tiers = self.services.tiers
        for p in by.get("orphans", []):
            if p.repairable:
                n = repair.fix_orphans(
                    db,
                    str(p.detail["kind"]),
                    list(p.detail["ids"]),
                    facts=tiers.facts,
                    episodes=tiers.episodes,
                    index=tiers.index,
                    decay=tiers.decay,
                )
                self.done("orphans", f"{p.message}: fixed {n:,}")
        if any(p.detail.get("kind") in ("facts", "episodes") for p in by.get("orphans", [])):
            tiers.persona.rebuild("repair")  # statements resting on retired facts go too
        vectors = by.get("vectors", [])
        if by.get("embedder") or any(p.detail.get("rebuild") for p in vectors):
            self.rebuild_vectors("embedder" if by.get("embedder") else "vectors")
        else:
            self.complete_vectors(vectors)
        if by.get("consolidation"):
            report = tiers.consolidate(progress=self.consolidation_sink())
            self.done("consolidation", f"consolidated: {report.summary}")
        # what the steps above re-derived gets its vectors
        tiers.index.embed_pending(progress=self.tick("vectors: derived items"))

    def consolidation_sink(self) -> Callable[[ConsolidationProgress], None] | None:
        progress = self.progress
        if progress is None:
            return None

        def sink(tick: ConsolidationProgress) -> None:
            progress(f"consolidation: {tick.phase}", tick.done, tick.total)

        return sink

    def rebuild_vectors(self, check: str) -> None:
        records = self.services.indexer.reindex(self.tick("vectors: records"))
        tiers = self.services.tiers
        tiers.index.vectors.reset()
        tiers.index.mark_all_pending()
        derived = tiers.index.embed_pending(progress=self.tick("vectors: derived items"))
        ident = self.services.embedder.identity
        self.done(
            check,
            f"rebuilt the vector index with {ident.model_id}: {records:,} records and "
            f"{derived:,} derived items embedded",
        )

    def complete_vectors(self, vectors: list[Problem]) -> None:
        tiers = self.services.tiers
        for p in vectors:
            if p.detail.get("missing"):
                repair.mark_unindexed(self.services.db, list(p.detail["missing"]))
            if p.detail.get("extra"):
                index = self.services.index
                if p.detail.get("index") != "records":
                    index = tiers.index.vectors
                repair.drop_vectors(index, list(p.detail["extra"]))
        if not vectors:
            return
        records = self.services.indexer.index_pending(self.tick("vectors: records"))
        derived = tiers.index.embed_pending(progress=self.tick("vectors: derived items"))
        for p in vectors:
            self.done("vectors", p.message)
        self.done("vectors", f"indexed {records:,} records and {derived:,} derived items")


def repair_store(
    settings: Settings, open_services: OpenServices, progress: Progress | None = None
) -> HealthReport:
    """Fix what ``check`` finds that is derived from SQLite, then check again.

    A damaged database or one from a newer Mneme is not touched (only file modes are
    fixed); everything the user stored stays as it is.
    """
    first = check(settings, open_services)
    fixed: list[dict[str, str]] = []
    for p in first.problems:
        if p.check == "modes":
            changed = tighten(p.detail["wide"])
            fixed.append({"check": "modes", "message": f"made {len(changed)} paths private"})
    if any(p.check in ("sqlite", "schema") for p in first.problems):
        after = check(settings, open_services)
        return HealthReport(after.problems, fixed)
    run = _Repair(open_services(), progress)
    run.run([p for p in first.problems if p.check != "modes"])
    after = check(settings, open_services)
    return HealthReport(after.problems, fixed + run.fixed)
