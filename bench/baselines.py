"""The two reference retrievers of ``bench.recall``, on the same turns Mneme imports.

- ``BM25Baseline``: SQLite FTS5 (default unicode61 tokenizer, no stemming) over the raw turns
  ``"Speaker: text [shares image: caption]"``; the query's stopwords are removed and its
  remaining terms OR-ed (``memory.text.fts_query``), ranked by FTS5's ``bm25()``.
- ``VectorBaseline``: the same embedder as Mneme, exact cosine over every turn (numpy).

Both are deliberately plain: they are the bar Mneme's recall must clear.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from memory.text import fts_query
from models.base import Embedder


@dataclass(frozen=True)
class Turn:
    """One conversation turn as the baselines index it."""

    dia_id: str
    speaker: str
    text: str
    """The turn's words, with ``[shares image: caption]`` appended when it has one."""

    @property
    def raw(self) -> str:
        return f"{self.speaker}: {self.text}"


def conversation_turns(raw_item: dict) -> list[Turn]:  # type: ignore[type-arg]
    """The turns of one LoCoMo conversation item, session by session."""
    import re

    conv = raw_item["conversation"]
    numbers = sorted(
        int(m.group(1))
        for k in conv
        if (m := re.match(r"^session_(\d+)$", k)) and isinstance(conv[k], list)
    )
    out: list[Turn] = []
    for n in numbers:
        for t in conv[f"session_{n}"]:
            text = str(t.get("text") or "").strip()
            caption = str(t.get("blip_caption") or "").strip()
            if caption:
                text = f"{text} [shares image: {caption}]".strip()
            if text:
                out.append(Turn(str(t.get("dia_id")), str(t.get("speaker") or ""), text))
    return out


class BM25Baseline:
    """FTS5 BM25 over raw turns in an in-memory SQLite database.

    Args:
        turns: the conversation's turns.
    """

    def __init__(self, turns: Sequence[Turn]) -> None:
        self.turns = list(turns)
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(
            "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
        )
        self.conn.executemany(
            "INSERT INTO t(rowid, body) VALUES (?, ?)",
            [(i, turn.raw) for i, turn in enumerate(self.turns)],
        )

    def search(self, query: str, k: int) -> list[str]:
        """The ``dia_id``s of the best ``k`` turns, best first."""
        match = fts_query(query)
        if match is None:
            return []
        rows = self.conn.execute(
            "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", (match, k)
        ).fetchall()
        return [self.turns[int(r[0])].dia_id for r in rows]

    def close(self) -> None:
        self.conn.close()


class VectorBaseline:
    """Exact cosine over every turn's embedding.

    Args:
        turns: the conversation's turns.
        embedder: the embedder (the one Mneme uses).
        vectors: the turns' vectors if already computed (unit rows, same order as ``turns``).
    """

    def __init__(
        self, turns: Sequence[Turn], embedder: Embedder, vectors: np.ndarray | None = None
    ) -> None:
        self.turns = list(turns)
        self.vectors = (
            vectors if vectors is not None else embedder.embed_batch([t.raw for t in self.turns])
        )

    def search_vector(self, qvec: np.ndarray, k: int) -> list[str]:
        """The ``dia_id``s of the ``k`` turns closest to ``qvec``, best first."""
        sims = self.vectors @ np.asarray(qvec, dtype=np.float32)
        k = min(k, len(self.turns))
        top = np.argpartition(-sims, k - 1)[:k] if k < len(self.turns) else np.arange(len(sims))
        top = top[np.argsort(-sims[top], kind="stable")]
        return [self.turns[int(i)].dia_id for i in top]
