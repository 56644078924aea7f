"""Forgetting for real, when the user asks: ``mneme forget ITEM|--source PATH|--about X``.

Fading (``memory.tiers.decay``) never deletes anything. This does: what the user names is
hard-deleted from SQLite (records and, through the FTS delete trigger, their full-text
entries; sources; facts and their evidence; episodes; persona statements, every version;
entities nothing mentions any more; decay state), from Chroma (record vectors and derived
items' vectors), and everything derived from it is re-derived or retired:

- a fact whose every supporting record is forgotten is deleted; a fact a forgotten fact had
  superseded, or that a forgotten record had ended, becomes current again;
- an episode keeps its remaining records and gets a new summary and title from them (or is
  deleted when none remain);
- persona statements built on forgotten facts or records are deleted and the persona is
  rebuilt from what remains;
- facts forgotten by name or topic are not learned again from other records (a one-way hash
  of the fact's key is kept, never its words).

Deleted pages are overwritten (``secure_delete``) and the FTS indexes are merged, so no trace
remains in the database file either. ``plan`` (the ``--dry-run``) lists everything that
would go; ``execute`` does it. A subject matches whole words and names only
(``memory.tiers.forget_match``), and a plan that reaches further than the user named (whole
sources by topic, or more than a small share of a tier) is executed only with
``allow_wide`` (``--yes-all``). Used by ``mneme forget`` and the TUI's forget action.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path

from memory.clock import Clock, iso, system_clock
from memory.db import Database
from memory.errors import NotFoundError
from memory.store import MemoryStore
from memory.tiers.about import About
from memory.tiers.decay import Decay
from memory.tiers.entities import Entities
from memory.tiers.episodes import Episodes
from memory.tiers.facts import Fact, FactStore
from memory.tiers.forget_match import ForgetError, ForgetPlan, SubjectMatch, scope, subject_of
from memory.tiers.items import parse_item_id
from memory.tiers.persona import Persona
from memory.tiers.reconcile import forgotten_hash
from memory.tiers.search_index import TierIndex
from memory.vectors import VectorIndex

log = logging.getLogger(__name__)


def _marks(n: int) -> str:
    return ",".join("?" * n)


class Forgetter:
    """Plans and performs real forgetting.

    Args:
        db: the Mneme database.
        store: records and sources.
        facts / entities / episodes / persona: the tiers.
        about: finds what mentions a subject.
        index: the derived-item search index.
        record_vectors: the record vector index.
        decay: decay state to drop.
        clock: "now".
    """

    def __init__(
        self,
        db: Database,
        store: MemoryStore,
        facts: FactStore,
        entities: Entities,
        episodes: Episodes,
        persona: Persona,
        about: About,
        index: TierIndex,
        record_vectors: VectorIndex,
        decay: Decay,
        clock: Clock = system_clock,
    ) -> None:
        self.db = db
        self.store = store
        self.facts = facts
        self.entities = entities
        self.episodes = episodes
        self.persona = persona
        self.about_ = about
        self.index = index
        self.record_vectors = record_vectors
        self.decay = decay
        self.clock = clock

    # -- planning ---------------------------------------------------------------------------
    def plan(
        self, *, item: str | None = None, source: str | None = None, about: str | None = None
    ) -> ForgetPlan:
        """What forgetting ``item`` / ``source`` / ``about`` would delete (nothing is changed).

        Raises:
            ForgetError: none or several targets given, or nothing matches.
            NotFoundError: the item does not exist.
        """
        if sum(x is not None for x in (item, source, about)) != 1:
            raise ForgetError("name exactly one thing to forget: ITEM, --source PATH or --about X")
        plan = ForgetPlan(target=item or (f"--source {source}" if source else f"--about {about}"))
        direct_facts: list[Fact] = []
        if item is not None:
            ref = parse_item_id(item)
            if ref.tier == "record":
                self.store.record(ref.id)
                plan.record_ids = [ref.id]
            elif ref.tier == "fact":
                direct_facts = [self.facts.get(ref.id)]
            elif ref.tier == "episode":
                self.episodes.get(ref.id)
                plan.episode_ids = [ref.id]
            else:
                st = self.persona.get(ref.id)
                plan.statement_ids = [s.id for s in self.persona.history(st.key)]
                plan.block_keys.append("persona|" + st.key)
        elif source is not None:
            plan.source_ids = self._sources(source)
            plan.sources = [self.store.source(i).uri for i in plan.source_ids]
            plan.record_ids = [
                int(r[0])
                for sid in plan.source_ids
                for r in self.db.execute("SELECT id FROM records WHERE source_id = ?", (sid,))
            ]
        else:
            subject = subject_of(about)
            entity = self.entities.find(subject)
            if entity is not None and entity.is_self:
                raise ForgetError(
                    "forgetting everything about yourself is not supported; "
                    "forget sources or items instead"
                )
            match = SubjectMatch(self.db, subject, entity)
            plan.words = [subject]
            plan.record_ids = match.records()
            direct_facts = match.facts(self.facts)
            plan.episode_ids = match.episodes()
            plan.statement_ids = match.statements(self.persona._select(""))
        self._derive(plan, direct_facts)
        if plan.empty:
            raise ForgetError(f"nothing in memory matches {plan.target}")
        plan.scope = scope(
            self.db,
            record_ids=plan.record_ids,
            fact_ids=plan.fact_ids,
            episode_ids=plan.episode_ids,
            statement_ids=plan.statement_ids,
            named_sources=plan.source_ids,
            vectors=len(plan.vector_ids),
            by_topic=about is not None,
        )
        return plan

    def _sources(self, path: str) -> list[int]:
        raw = path.strip()
        resolved = str(Path(raw).expanduser().resolve())
        candidates = {raw, resolved, "file:" + raw, "file:" + resolved}
        found = [
            int(r[0])
            for r in self.db.execute(
                f"SELECT id FROM sources WHERE uri IN ({_marks(len(candidates))})", list(candidates)
            )
        ]
        if not found:
            found = [
                int(r[0])
                for r in self.db.execute(
                    "SELECT id FROM sources WHERE uri LIKE ? OR uri LIKE ?",
                    ("file:" + resolved.rstrip("/") + "/%", "file:" + resolved + "!%"),
                )
            ]
        if not found:
            raise ForgetError(f"{path}: no imported source at this path")
        return found

    def _stage_records(self, ids: Sequence[int]) -> None:
        """Put ``ids`` in a temporary table (any number of them can then be joined)."""
        with self.db.lock():
            self.db.execute(
                "CREATE TEMP TABLE IF NOT EXISTS forget_records (id INTEGER PRIMARY KEY)"
            )
            self.db.execute("DELETE FROM temp.forget_records")
            for start in range(0, len(ids), 500):
                part = list(ids[start : start + 500])
                self.db.execute(
                    "INSERT OR IGNORE INTO temp.forget_records (id) VALUES "
                    + ",".join("(?)" for _ in part),
                    part,
                )

    def _derive(self, plan: ForgetPlan, direct: Sequence[Fact]) -> None:
        """Facts, episodes and statements that go with the plan's records and facts."""
        rset = set(plan.record_ids)
        self._stage_records(plan.record_ids)
        doomed: dict[int, Fact] = {f.id: f for f in direct}
        orphans = [
            int(r[0])
            for r in self.db.execute(
                "SELECT DISTINCT ev.fact_id FROM fact_evidence ev WHERE ev.role = 'supports' AND "
                "ev.record_id IN (SELECT id FROM temp.forget_records) AND NOT EXISTS ("
                "SELECT 1 FROM fact_evidence o WHERE o.fact_id = ev.fact_id AND o.role = "
                "'supports' "
                "AND o.record_id NOT IN (SELECT id FROM temp.forget_records))"
            )
        ]
        for fact in self.facts.many(orphans).values():
            doomed.setdefault(fact.id, fact)
        plan.fact_ids = sorted(doomed)
        plan.facts = [doomed[i].text for i in plan.fact_ids]
        for fact in doomed.values():
            plan.block_keys += [fact.fact_key] if plan.words or plan.target.startswith("f") else []
        # Facts a forgotten fact superseded, or a forgotten record ended, come back.
        restored: set[int] = set()
        if doomed:
            for f in self.facts.where(
                f"f.status = 'superseded' AND f.superseded_by IN ({_marks(len(doomed))})",
                list(doomed),
            ):
                if f.id not in doomed:
                    restored.add(f.id)
        for (fid,) in self.db.execute(
            "SELECT DISTINCT ev.fact_id FROM fact_evidence ev WHERE ev.role = 'ends' AND "
            "ev.record_id IN (SELECT id FROM temp.forget_records) AND NOT EXISTS ("
            "SELECT 1 FROM fact_evidence o WHERE o.fact_id = ev.fact_id AND o.role = 'ends' "
            "AND o.record_id NOT IN (SELECT id FROM temp.forget_records))"
        ).fetchall():
            if int(fid) not in doomed:
                restored.add(int(fid))
        plan.restored_fact_ids = sorted(restored)
        affected = self.episodes.of_records(sorted(rset)) if rset else []
        plan.rebuilt_episode_ids = [e for e in affected if e not in plan.episode_ids]
        fset = set(plan.fact_ids)
        for st in self.persona._select(""):
            if (fset & set(st.fact_ids) or rset & set(st.record_ids)) and (
                st.id not in plan.statement_ids
            ):
                plan.statement_ids.append(st.id)
        recs = self.store.records(plan.record_ids[:200])
        plan.records = [
            {
                "id": r.item_id,
                "source": r.source_uri,
                "text": " ".join(r.text.split())[:120],
                "timestamp": r.event_time,
            }
            for r in recs
        ]

    # -- doing ------------------------------------------------------------------------------
    def execute(self, plan: ForgetPlan, *, allow_wide: bool = False) -> ForgetPlan:
        """Delete everything in ``plan`` and re-derive what depended on it.

        Raises:
            ForgetError: the plan reaches further than the user named (``needs_yes_all``)
                and ``allow_wide`` is not given; nothing is deleted.
        """
        if plan.needs_yes_all and not allow_wide:
            assert plan.scope is not None
            raise ForgetError(
                f"forget {plan.target} would delete more than it names "
                f"({'; '.join(plan.scope.wide)}); nothing was deleted. Look at the preview "
                "(--dry-run) and confirm everything with --yes-all"
            )
        rset = list(plan.record_ids)
        self.db.execute("PRAGMA secure_delete = ON")
        try:
            with self.db.transaction():
                self._delete_facts(plan)
                self._delete_records(rset)
                self.episodes.delete(plan.episode_ids)
                rebuilt, deleted = self.episodes.rebuild(plan.rebuilt_episode_ids)
                plan.rebuilt_episode_ids = rebuilt
                plan.episode_ids += deleted
                self._delete_sources(plan)
                self.persona.delete_for(plan.fact_ids, rset, (), plan.statement_ids)
                now = iso(self.clock())
                for key in plan.block_keys:
                    self.db.execute(
                        "INSERT OR IGNORE INTO forgotten_keys (key_hash, created_at) VALUES (?, ?)",
                        (forgotten_hash(key), now),
                    )
                self.entities.delete_unreferenced()
                self.decay.drop(plan.vector_ids)
            self.persona.rebuild("forget")
            self.record_vectors.delete([f"r{i}" for i in rset])
            self.index.embed_pending()
            with self.db.transaction():
                self.db.execute("INSERT INTO records_fts(records_fts) VALUES ('optimize')")
                self.db.execute("INSERT INTO tier_fts(tier_fts) VALUES ('optimize')")
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.db.execute("PRAGMA secure_delete = OFF")
        plan.executed = True
        log.info(
            "forgot %s: %d records, %d facts, %d episodes, %d statements",
            plan.target,
            len(rset),
            len(plan.fact_ids),
            len(plan.episode_ids),
            len(plan.statement_ids),
        )
        return plan

    def _delete_facts(self, plan: ForgetPlan) -> None:
        if not plan.fact_ids:
            return
        ids = plan.fact_ids
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            self.db.execute(
                "UPDATE facts SET superseded_by = NULL WHERE superseded_by IN "
                f"({_marks(len(part))})",
                part,
            )
            self.db.execute(f"DELETE FROM facts WHERE id IN ({_marks(len(part))})", part)
        self.index.remove([f"f{i}" for i in ids])
        for fact in self.facts.many(plan.restored_fact_ids).values():
            same = self.facts.live_by_key(fact.fact_key)
            if same is None:
                self.facts.make_current(fact)
        # Conflicts that lost one side: the other side is no longer disputed.
        for f in self.facts.where(
            "f.status = 'conflict' AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE "
            "c.resolved_at IS NULL AND (c.fact_id = f.id OR c.other_fact_id = f.id))"
        ):
            self.facts.make_current(f)

    def _delete_records(self, rset: Sequence[int]) -> None:
        for start in range(0, len(rset), 500):
            part = list(rset[start : start + 500])
            self.db.execute(f"DELETE FROM records WHERE id IN ({_marks(len(part))})", part)

    def _delete_sources(self, plan: ForgetPlan) -> None:
        if plan.source_ids:
            uris = [self.store.source(i).uri for i in plan.source_ids]
            self.db.execute(
                f"DELETE FROM sources WHERE id IN ({_marks(len(plan.source_ids))})", plan.source_ids
            )
            self._scrub_import_runs(uris)
        # A source left without records (every record forgotten by topic) goes too.
        self.db.execute(
            "DELETE FROM sources WHERE id NOT IN (SELECT DISTINCT source_id FROM records) "
            "AND status != 'failed'"
        )

    def _scrub_import_runs(self, uris: Sequence[str]) -> None:
        names = [u[5:] if u.startswith("file:") else u for u in uris]
        for run_id, paths, report in self.db.execute(
            "SELECT id, paths, report FROM import_runs"
        ).fetchall():
            text_paths, text_report = str(paths), str(report)
            changed = False
            for name in names:
                if name in text_paths or name in text_report:
                    changed = True
                    pattern = re.escape(json.dumps(name)[1:-1])
                    text_paths = re.sub(pattern, "[forgotten]", text_paths)
                    text_report = re.sub(pattern, "[forgotten]", text_report)
            if changed:
                self.db.execute(
                    "UPDATE import_runs SET paths = ?, report = ? WHERE id = ?",
                    (text_paths, text_report, run_id),
                )

    def forget(
        self,
        *,
        item: str | None = None,
        source: str | None = None,
        about: str | None = None,
        dry_run: bool = False,
        allow_wide: bool = False,
    ) -> ForgetPlan:
        """Plan, and unless ``dry_run``, execute (``allow_wide``: see ``execute``)."""
        plan = self.plan(item=item, source=source, about=about)
        return plan if dry_run else self.execute(plan, allow_wide=allow_wide)


__all__ = ["ForgetError", "ForgetPlan", "Forgetter", "NotFoundError"]
