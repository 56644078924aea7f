"""What the profile should say: statements derived from the current facts and episodes.

``Deriver.desired()`` lists, for the user, one statement per current fact (its section from
the predicate), one per predicate's history ("You lived in Lisbon until May 2024."), the
current facts of the people they are related to ("Rita lives in Porto (your sister)."),
routines from recurring calendar events and frequent chat partners. Pure reading; the
versioned storage and the user's feedback are ``memory.tiers.persona``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from memory.db import Database
from memory.tiers.entities import Entities
from memory.tiers.facts import Fact, FactStore
from memory.tiers.lexicon import ASSISTANT_NAMES
from memory.tiers.predicates import spec_for

MAX_RECORD_IDS = 30
"""Records kept as a statement's sources."""


@dataclass(frozen=True)
class Desired:
    """A statement the facts support: section, key, wording and evidence."""

    section: str
    key: str
    text: str
    fact_ids: tuple[int, ...]
    record_ids: tuple[int, ...] = field(default=())


class Deriver:
    """Derives the desired profile.

    Args:
        db: the Mneme database.
        facts: the fact store.
        entities: the subjects (the user's own entity).
        self_names: the user's names, folded (their own conversations).
    """

    def __init__(
        self, db: Database, facts: FactStore, entities: Entities, self_names: set[str]
    ) -> None:
        self.db = db
        self.facts = facts
        self.entities = entities
        self.self_names = self_names

    def desired(self) -> list[Desired]:
        me = self.entities.self_entity()
        mine = self.facts.where(
            "f.subject_id = ? AND f.status IN ('current', 'superseded')", (me.id,)
        )
        related_ids = [
            f.object_id
            for f in mine
            if f.status == "current" and f.object_id and f.predicate.startswith("has_")
        ]
        roles = {
            f.object_id: f.predicate[4:].replace("_", " ")
            for f in mine
            if f.status == "current" and f.object_id and f.predicate.startswith("has_")
        }
        theirs: list[Fact] = []
        if related_ids:
            marks = ",".join("?" * len(related_ids))
            theirs = self.facts.where(
                f"f.subject_id IN ({marks}) AND f.status = 'current'", related_ids
            )
        evidence = self.facts.record_ids([f.id for f in mine + theirs])
        out: list[Desired] = []
        history: dict[str, list[Fact]] = {}
        for f in mine:
            if f.status == "superseded":
                history.setdefault(f.predicate, []).append(f)
                continue
            out.append(
                Desired(
                    spec_for(f.predicate).section,
                    f"{f.predicate}:{f.object_key}",
                    f.text,
                    (f.id,),
                    tuple(evidence.get(f.id, [])[:MAX_RECORD_IDS]),
                )
            )
        for predicate, old in history.items():
            old.sort(key=lambda f: f.valid_to or f.observed_at or "")
            text = " ".join(f.text for f in old[-3:])
            recs = [r for f in old for r in evidence.get(f.id, [])][:MAX_RECORD_IDS]
            out.append(
                Desired(
                    spec_for(predicate).section,
                    f"{predicate}:history",
                    text,
                    tuple(f.id for f in old),
                    tuple(recs),
                )
            )
        for f in theirs:
            role = roles.get(f.subject_id)
            text = f.text if not role else f"{f.text.rstrip('.')} (your {role})."
            out.append(
                Desired(
                    "people",
                    f"person:{f.subject_id}:{f.predicate}:{f.object_key}",
                    text,
                    (f.id,),
                    tuple(evidence.get(f.id, [])[:MAX_RECORD_IDS]),
                )
            )
        out += self._from_episodes()
        return out

    def _from_episodes(self) -> list[Desired]:
        """Routines from recurring calendar events; frequent chat partners."""
        out: list[Desired] = []
        titles: Counter[str] = Counter()
        records: dict[str, list[int]] = {}
        for eid, title in self.db.execute("SELECT id, title FROM episodes WHERE kind = 'event'"):
            base = str(title).split(" · ")[0].strip()
            titles[base] += 1
            records.setdefault(base, []).append(int(eid))
        for base, n in titles.items():
            if n >= 3 and base:
                rec_ids = self._episode_records(records[base])
                out.append(
                    Desired(
                        "routines",
                        f"event:{base.lower()}",
                        f"You regularly have {base} ({n} times).",
                        (),
                        rec_ids,
                    )
                )
        partners: Counter[str] = Counter()
        episodes_of: dict[str, list[int]] = {}
        for eid, people in self.db.execute(
            "SELECT id, participants FROM episodes WHERE kind IN ('conversation_day', 'thread', "
            "'chat_session')"
        ):
            names = [str(p) for p in json.loads(str(people) or "[]")]
            if not any(n.lower() in self.self_names for n in names):
                continue
            for name in names:
                if name.lower() not in self.self_names and name.lower() not in ASSISTANT_NAMES:
                    partners[name] += 1
                    episodes_of.setdefault(name, []).append(int(eid))
        for name, n in partners.most_common(5):
            if n >= 2:
                out.append(
                    Desired(
                        "people",
                        f"contact:{name.lower()}",
                        f"You talk often with {name} ({n} conversations).",
                        (),
                        self._episode_records(episodes_of[name]),
                    )
                )
        return out

    def _episode_records(self, episode_ids: Sequence[int]) -> tuple[int, ...]:
        marks = ",".join("?" * len(episode_ids))
        return tuple(
            int(r[0])
            for r in self.db.execute(
                f"SELECT record_id FROM episode_records WHERE episode_id IN ({marks}) "
                f"ORDER BY episode_id, position LIMIT {MAX_RECORD_IDS}",
                list(episode_ids),
            )
        )
