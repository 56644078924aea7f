"""The people, pets, places and things facts are about, and the user themself.

Used by extraction/reconciliation (a fact's subject is an entity), the dossiers ("what do I
know about Rita") and forgetting (an entity no fact mentions any more is deleted, so its
name leaves no trace).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from memory.clock import Clock, iso, system_clock
from memory.db import Database
from memory.errors import NotFoundError
from memory.text import fold

SELF_KEY = "__self__"
SELF_WORDS = frozenset({"me", "i", "myself", "you", "yourself", "self", "user", "the user"})


def _in_order(wanted: Sequence[str], words: Sequence[str]) -> bool:
    """Every word of ``wanted`` appears in ``words``, in that order."""
    it = iter(words)
    return all(any(w == x for x in it) for w in wanted)


def entity_key(name: str) -> str:
    """A name folded for matching: lowercase, no accents, single spaces, no leading "the"."""
    key = re.sub(r"\s+", " ", fold(name)).strip(" .,'\"")
    return re.sub(r"^the ", "", key)


@dataclass(frozen=True)
class Entity:
    """A subject of facts."""

    id: int
    name: str
    key: str
    kind: str
    aliases: tuple[str, ...]
    is_self: bool

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "is_self": self.is_self,
        }


def _entity(row: Sequence[Any]) -> Entity:
    try:
        aliases = tuple(json.loads(str(row[4]) or "[]"))
    except ValueError:
        aliases = ()
    return Entity(int(row[0]), str(row[1]), str(row[2]), str(row[3]), aliases, bool(row[5]))


_COLS = "id, name, key, kind, aliases, is_self"


class Entities:
    """Entity rows in SQLite.

    Args:
        db: the Mneme database.
        clock: "now" for created_at.
        self_names: the names the user goes by (the first one names the user's entity).
    """

    def __init__(
        self, db: Database, clock: Clock = system_clock, self_names: Sequence[str] = ()
    ) -> None:
        self.db = db
        self.clock = clock
        self.self_names = tuple(n for n in self_names if n.strip())
        self._self_keys = SELF_WORDS | {entity_key(n) for n in self.self_names}

    def is_self_name(self, name: str) -> bool:
        """True when ``name`` is the user ("me", "I", one of their self names)."""
        return entity_key(name) in self._self_keys

    def self_entity(self) -> Entity:
        """The user's own entity (created on first use)."""
        rows = self.db.execute(
            f"SELECT {_COLS} FROM entities WHERE key = ?", (SELF_KEY,)
        ).fetchall()
        if rows:
            return _entity(rows[0])
        name = self.self_names[0] if self.self_names else "me"
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO entities (name, key, kind, aliases, is_self, created_at) "
                "VALUES (?, ?, 'person', ?, 1, ?) ON CONFLICT(key) DO NOTHING",
                (
                    name,
                    SELF_KEY,
                    json.dumps(list(self.self_names[1:]), ensure_ascii=False),
                    iso(self.clock()),
                ),
            )
        return self.self_entity()

    def get_or_create(self, name: str, kind: str = "person") -> Entity:
        """The entity named ``name`` (the user's own when it is a self name)."""
        if self.is_self_name(name):
            return self.self_entity()
        key = entity_key(name)
        if not key:
            raise NotFoundError(f"{name!r} is not a usable entity name")
        found = self.find(name)
        if found is not None:
            return found
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO entities (name, key, kind, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(key) DO NOTHING",
                (name.strip(), key, kind, iso(self.clock())),
            )
        got = self.find(name)
        assert got is not None
        return got

    def find(self, name: str) -> Entity | None:
        """The entity called ``name``: by its name, one of its aliases (a contact's given and
        family name, nickname...), or, for a name of two words or more, the one entity whose
        name holds those words in that order ("John Doe" -> "Mr. John Richter James Doe
        Sr."). None when there is no such entity or several."""
        if self.is_self_name(name):
            rows = self.db.execute(
                f"SELECT {_COLS} FROM entities WHERE key = ?", (SELF_KEY,)
            ).fetchall()
            return _entity(rows[0]) if rows else None
        key = entity_key(name)
        rows = self.db.execute(f"SELECT {_COLS} FROM entities WHERE key = ?", (key,)).fetchall()
        if rows:
            return _entity(rows[0])
        plain = name.strip()
        escaped = json.dumps(plain)[1:-1]  # aliases written before ensure_ascii=False
        for row in self.db.execute(
            f"SELECT {_COLS} FROM entities WHERE aliases LIKE ? OR aliases LIKE ?",
            (f"%{plain}%", f"%{escaped}%"),
        ):
            ent = _entity(row)
            if key in {entity_key(a) for a in ent.aliases}:
                return ent
        return self._by_words(key)

    def _by_words(self, key: str) -> Entity | None:
        words = key.split()
        if len(words) < 2:
            return None
        pattern = "%" + "%".join(words) + "%"
        found = []
        for row in self.db.execute(
            f"SELECT {_COLS} FROM entities WHERE is_self = 0 AND (key LIKE ? OR LOWER(aliases) "
            "LIKE ?) LIMIT 20",
            (pattern, pattern),
        ):
            ent = _entity(row)
            names = [ent.key, *(entity_key(a) for a in ent.aliases)]
            if any(_in_order(words, re.findall(r"[\w'-]+", n)) for n in names):
                found.append(ent)
        return found[0] if len(found) == 1 else None

    def add_aliases(self, entity_id: int, aliases: Sequence[str]) -> Entity:
        """Add other names of an entity (kept once each); returns the entity."""
        ent = self.get(entity_id)
        known = {entity_key(a) for a in ent.aliases} | {ent.key}
        new = [a.strip() for a in aliases if a.strip() and entity_key(a) not in known]
        if new:
            merged = list(dict.fromkeys([*ent.aliases, *new]))
            with self.db.transaction():
                self.db.execute(
                    "UPDATE entities SET aliases = ? WHERE id = ?",
                    (json.dumps(merged, ensure_ascii=False), entity_id),
                )
            ent = self.get(entity_id)
        return ent

    def get(self, entity_id: int) -> Entity:
        rows = self.db.execute(
            f"SELECT {_COLS} FROM entities WHERE id = ?", (entity_id,)
        ).fetchall()
        if not rows:
            raise NotFoundError(f"no entity {entity_id}")
        return _entity(rows[0])

    def many(self, ids: Sequence[int]) -> dict[int, Entity]:
        out: dict[int, Entity] = {}
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            marks = ",".join("?" * len(part))
            for row in self.db.execute(f"SELECT {_COLS} FROM entities WHERE id IN ({marks})", part):
                ent = _entity(row)
                out[ent.id] = ent
        return out

    def set_kind(self, entity_id: int, kind: str) -> None:
        with self.db.transaction():
            self.db.execute(
                "UPDATE entities SET kind = ? WHERE id = ? AND kind = 'person' AND is_self = 0",
                (kind, entity_id),
            )

    def delete_unreferenced(self) -> list[int]:
        """Delete entities no fact mentions (never the user's own); returns their ids."""
        with self.db.transaction():
            ids = [
                int(r[0])
                for r in self.db.execute(
                    "SELECT id FROM entities WHERE is_self = 0 AND id NOT IN "
                    "(SELECT subject_id FROM facts) AND id NOT IN "
                    "(SELECT object_id FROM facts WHERE object_id IS NOT NULL)"
                )
            ]
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ",".join("?" * len(part))
                self.db.execute(f"DELETE FROM entities WHERE id IN ({marks})", part)
        return ids
