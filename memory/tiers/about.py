""" "What do I know about X": a dossier from every tier, with sources, or nothing.

``About.about("Rita")`` gathers the current facts about X (conflicting ones flagged), the
superseded ones as history, a timeline of the episodes that mention X, the persona
statements about X, and the records that mention X, each with its sources. For the user
("me", "myself", a self name) the dossier is the whole profile. Faded items are left out
unless ``include_faded``. ``Dossier.known`` is False when nothing is stored: the front ends
abstain. Used by ``mneme about`` and the TUI's dossier screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from memory.db import Database
from memory.records import StoredRecord
from memory.store import MemoryStore
from memory.tiers.decay import Decay
from memory.tiers.entities import Entities, Entity, entity_key
from memory.tiers.episodes import Episode, Episodes
from memory.tiers.facts import Evidence, Fact, FactStore
from memory.tiers.persona import Persona, Statement


@dataclass(frozen=True)
class Dossier:
    """Everything Mneme knows about one subject."""

    subject: str
    entity: Entity | None
    facts: list[Fact] = field(default_factory=list)
    history: list[Fact] = field(default_factory=list)
    conflicts: list[Fact] = field(default_factory=list)
    timeline: list[Episode] = field(default_factory=list)
    persona: list[Statement] = field(default_factory=list)
    memories: list[StoredRecord] = field(default_factory=list)
    evidence: dict[int, list[Evidence]] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return bool(
            self.facts
            or self.history
            or self.conflicts
            or self.timeline
            or self.persona
            or self.memories
        )

    def as_json(self) -> dict[str, Any]:
        """``{"subject", "known", "entity", "facts", "history", "conflicts", "timeline",
        "persona", "memories"}``; facts are ``mneme facts --json`` items, memories
        ``{"id", "source", "text", "timestamp"}``."""

        def facts(items: Sequence[Fact]) -> list[dict[str, Any]]:
            return [f.as_json(self.evidence.get(f.id, [])) for f in items]

        return {
            "subject": self.subject,
            "known": self.known,
            "entity": self.entity.as_json() if self.entity else None,
            "facts": facts(self.facts),
            "history": facts(self.history),
            "conflicts": facts(self.conflicts),
            "timeline": [e.as_json() for e in self.timeline],
            "persona": [s.as_json() for s in self.persona],
            "memories": [
                {
                    "id": r.item_id,
                    "source": r.source_uri[5:]
                    if r.source_uri.startswith("file:")
                    else r.source_uri,
                    "text": r.text,
                    "timestamp": r.event_time or r.created_at,
                    "speaker": r.speaker,
                }
                for r in self.memories
            ],
        }


def _phrase(subject: str) -> str:
    return '"' + subject.replace('"', '""') + '"'


class About:
    """Builds dossiers.

    Args:
        db: the Mneme database.
        store: records.
        facts / entities / episodes / persona: the tiers.
        decay: faded items are left out unless asked for.
    """

    def __init__(
        self,
        db: Database,
        store: MemoryStore,
        facts: FactStore,
        entities: Entities,
        episodes: Episodes,
        persona: Persona,
        decay: Decay,
    ) -> None:
        self.db = db
        self.store = store
        self.facts = facts
        self.entities = entities
        self.episodes = episodes
        self.persona = persona
        self.decay = decay

    def mentioning(self, subject: str, limit: int = 200) -> list[int]:
        """Active records that mention ``subject`` (as a phrase), best matches first."""
        if not subject.strip():
            return []
        return [
            int(r[0])
            for r in self.db.execute(
                "SELECT records_fts.rowid FROM records_fts JOIN records r ON r.id = "
                "records_fts.rowid "
                "WHERE records_fts MATCH ? AND r.status = 'active' ORDER BY bm25(records_fts) "
                "LIMIT ?",
                (_phrase(subject), limit),
            )
        ]

    def matching_facts(self, subject: str, entity: Entity | None) -> list[Fact]:
        statuses = "f.status IN ('current', 'conflict', 'superseded')"
        if entity is not None and entity.is_self:
            return self.facts.where(f"{statuses} AND f.subject_id = ?", (entity.id,))
        key = entity_key(subject)
        sql = f"{statuses} AND (f.object_key = ? OR ' ' || LOWER(f.object) || ' ' LIKE ?"
        params: list[Any] = [key, f"% {subject.lower()} %"]
        if entity is not None:
            sql += " OR f.subject_id = ? OR f.object_id = ?"
            params += [entity.id, entity.id]
        return self.facts.where(sql + ")", params)

    def about(self, subject: str, *, include_faded: bool = False, limit: int = 30) -> Dossier:
        """The dossier of ``subject`` (see the module docstring)."""
        subject = " ".join(subject.split())
        entity = self.entities.find(subject)
        facts = self.matching_facts(subject, entity)
        is_self = entity is not None and entity.is_self
        if is_self:
            episode_ids = [
                int(r[0])
                for r in self.db.execute(
                    "SELECT id FROM episodes ORDER BY start_time DESC LIMIT ?", (limit,)
                )
            ]
            statements = self.persona.statements()
            record_ids: list[int] = []
        else:
            record_ids = self.mentioning(subject)
            like = f"%{subject.lower()}%"
            episode_ids = self.episodes.of_records(record_ids)
            episode_ids += [
                int(r[0])
                for r in self.db.execute(
                    "SELECT id FROM episodes WHERE LOWER(title) LIKE ? OR LOWER(summary) LIKE ? "
                    "OR LOWER(participants) LIKE ?",
                    (like, like, like),
                )
            ]
            fact_ids = {f.id for f in facts}
            statements = [
                s
                for s in self.persona.statements()
                if fact_ids & set(s.fact_ids) or subject.lower() in s.text.lower()
            ]
        episodes = sorted(
            self.episodes.many(dict.fromkeys(episode_ids)).values(),
            key=lambda e: (e.start_time or "", e.id),
        )[-limit:]
        records = self.store.records(record_ids[:limit])
        ids = (
            [f.item_id for f in facts]
            + [e.item_id for e in episodes]
            + [s.item_id for s in statements]
            + [r.item_id for r in records]
        )
        if not include_faded:
            states = self.decay.states(ids)
            faded = {i for i, st in states.items() if st.faded}
            facts = [f for f in facts if f.item_id not in faded]
            episodes = [e for e in episodes if e.item_id not in faded]
            statements = [s for s in statements if s.item_id not in faded]
            records = [r for r in records if r.item_id not in faded]
        records.sort(key=lambda r: r.event_time or r.created_at)
        return Dossier(
            subject=subject,
            entity=entity,
            facts=[f for f in facts if f.status == "current"],
            history=sorted(
                (f for f in facts if f.status == "superseded"),
                key=lambda f: (f.valid_to or "", f.id),
            ),
            conflicts=[f for f in facts if f.status == "conflict"],
            timeline=episodes,
            persona=statements,
            memories=records,
            evidence=self.facts.evidence([f.id for f in facts]),
        )
