"""BM25 candidates from the records' FTS5 index, within a budget of postings.

Used by ``memory.recall.Recall``. SQLite's FTS5 scores every record that matches any query
term before it can return the best few, so a query's cost grows with how many records hold
its terms: about 1.3 microseconds per matching record, 30 ms for a query whose words appear
in 20,000 records. In a small memory every term is cheap and all of them are used. In a big
one, terms found in many records carry almost no information (BM25's IDF is near zero) while
costing the most, so the rarest terms are kept up to ``budget`` postings and the rest are left
to the vector search, which finds records by meaning anyway. Dropped terms still count later:
the hits' matched words are computed from their text.

Document frequencies come from FTS5 itself (a count per term, cached until the memory grows
by 5%), so they agree with its tokenizer and stemmer.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from memory.db import Database
from memory.text import content_terms

DEFAULT_BUDGET = 4000
"""Postings (term, record) one query may score: a few milliseconds."""

_CACHE_TERMS = 20_000


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class LexicalSearch:
    """BM25 over ``records_fts`` for the active records.

    Args:
        db: the store's database.
        budget: how many postings a query may score (see the module docs).
    """

    def __init__(self, db: Database, *, budget: int = DEFAULT_BUDGET) -> None:
        self.db = db
        self.budget = budget
        self._df: dict[str, int] = {}
        self._stamp = 0
        self._lock = threading.Lock()

    def doc_freq(self, terms: Sequence[str]) -> dict[str, int]:
        """How many records hold each term (cached; refreshed when the memory grows 5%)."""
        stamp = int(self.db.scalar("SELECT MAX(rowid) FROM records") or 0)
        with self._lock:
            if stamp < self._stamp or stamp > self._stamp * 1.05 or len(self._df) > _CACHE_TERMS:
                self._df.clear()
                self._stamp = stamp
            todo = [t for t in terms if t not in self._df]
        got = {
            t: int(
                self.db.scalar(
                    "SELECT count(*) FROM records_fts WHERE records_fts MATCH ?", (_quote(t),)
                )
                or 0
            )
            for t in todo
        }
        with self._lock:
            self._df.update(got)
            return {t: self._df.get(t, got.get(t, 0)) for t in terms}

    def terms(self, query: str) -> list[str]:
        """The query's content terms this search will use, rarest first when over budget."""
        terms = list(dict.fromkeys(content_terms(query)))
        if not terms:
            return []
        df = self.doc_freq(terms)
        if sum(df.values()) <= self.budget:
            return terms
        # Counts may be a little stale (cached): a term counted 0 may have arrived since, and
        # costs nothing to keep.
        kept: list[str] = []
        total = 0
        for t in sorted(terms, key=lambda t: df[t]):
            if total + df[t] > self.budget and kept:
                break
            if df[t] > 4 * self.budget:
                break  # in a big share of the memory: no help in ranking, much cost
            kept.append(t)
            total += df[t]
        return kept

    def search(self, query: str, limit: int) -> dict[int, float]:
        """``{record id: BM25 score}`` of the best ``limit`` records, higher is better."""
        terms = self.terms(query)
        if not terms:
            return {}
        rows = self.db.execute(
            "SELECT records_fts.rowid, bm25(records_fts, 1.0, 0.6, 0.4) AS score "
            "FROM records_fts JOIN records r ON r.id = records_fts.rowid "
            "WHERE records_fts MATCH ? AND r.status = 'active' "
            "ORDER BY score LIMIT ?",
            (" OR ".join(_quote(t) for t in terms), limit),
        ).fetchall()
        # FTS5's bm25() is negative, lower is better.
        return {int(rowid): -float(score) for rowid, score in rows}
