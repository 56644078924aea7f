"""BM25 candidates from the records' FTS5 index, within a budget of postings.

Used by ``memory.recall.Recall``. SQLite's FTS5 scores every record that matches any query
term before it can return the best few, so a query's cost grows with how many records hold
its terms: about 1.3 microseconds per matching record, 30 ms for a query whose words appear
in 20,000 records. In a small memory every term is cheap and all of them are used. In a big
one, terms found in many records carry almost no information (BM25's IDF is near zero) while
costing the most, so the rarest terms are kept up to ``budget`` postings and the rest are left
to the vector search, which finds records by meaning anyway (when every term is that common,
BM25 sits the query out). Dropped terms still count later:
the hits' matched words are computed from their text.

A query's open compounds also match their closed spelling: "ice cream" finds "icecream",
"video game" finds "videogame" (``closed_compounds``, kept only when some record holds one);
people write both.

Document frequencies come from FTS5 itself (a count per term that stops past the budget,
cached until the memory grows by 5%), so they agree with its tokenizer and stemmer.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from memory.db import Database
from memory.text import STOPWORDS, content_terms, quote_term

DEFAULT_BUDGET = 2500
"""Postings (term, record) one query may score: about 5 ms at worst."""

_CACHE_TERMS = 20_000
_SPARE = 50
"""Extra BM25 hits fetched in case some of the best are superseded records."""


_PAIR = re.compile(r"(?=\b([A-Za-z]{3,}) +([A-Za-z]{3,})\b)")


def closed_compounds(query: str) -> list[str]:
    """Two adjacent words of ``query`` written as one ("ice cream" -> "icecream"): both
    alphabetic, 3+ letters, not stopwords, with only spaces between them."""
    out: list[str] = []
    for m in _PAIR.finditer(query):
        a, b = m.group(1).lower(), m.group(2).lower()
        if a not in STOPWORDS and b not in STOPWORDS:
            out.append(a + b)
    return out


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
        """How many records hold each term, up to ``budget + 1`` (cached; refreshed when the
        memory grows 5%)."""
        stamp = int(self.db.scalar("SELECT MAX(rowid) FROM records") or 0)
        with self._lock:
            if stamp < self._stamp or stamp > self._stamp * 1.05 or len(self._df) > _CACHE_TERMS:
                self._df.clear()
                self._stamp = stamp
            todo = [t for t in terms if t not in self._df]
        # Counting stops past the budget: a term above it is never used, so its exact count
        # does not matter, and counting a very common term would cost what it saves.
        got = {
            t: int(
                self.db.scalar(
                    "SELECT count(*) FROM (SELECT rowid FROM records_fts "
                    "WHERE records_fts MATCH ? LIMIT ?)",
                    (quote_term(t), self.budget + 1),
                )
                or 0
            )
            for t in todo
        }
        with self._lock:
            self._df.update(got)
            return {t: self._df.get(t, got.get(t, 0)) for t in terms}

    def terms(self, query: str) -> list[str]:
        """The query's content terms this search will use (and its closed compounds that some
        record holds), rarest first when over budget."""
        terms = list(dict.fromkeys(content_terms(query)))
        compounds = [c for c in closed_compounds(query) if c not in terms]
        if not terms and not compounds:
            return []
        df = self.doc_freq(terms + compounds)
        # A closed compound counts only where some record writes it so.
        terms += [c for c in compounds if df[c]]
        if sum(df.values()) <= self.budget:
            return terms
        # Counts may be a little stale (cached): a term counted 0 may have arrived since, and
        # costs nothing to keep.
        kept: list[str] = []
        total = 0
        for t in sorted(terms, key=lambda t: df[t]):
            if total + df[t] > self.budget:
                break
            kept.append(t)
            total += df[t]
        return kept

    def search(self, query: str, limit: int) -> dict[int, float]:
        """``{record id: BM25 score}`` of the best ``limit`` records, higher is better."""
        terms = self.terms(query)
        if not terms:
            return {}
        # Ranked in FTS5 alone (joining the records table per match would read every
        # matching record's row); superseded records are filtered from the best few after.
        rows = self.db.execute(
            "SELECT rowid, bm25(records_fts, 1.0, 0.6, 0.4) AS score FROM records_fts "
            "WHERE records_fts MATCH ? ORDER BY score LIMIT ?",
            (" OR ".join(quote_term(t) for t in terms), limit + _SPARE),
        ).fetchall()
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        active = {
            int(r[0])
            for r in self.db.execute(
                f"SELECT id FROM records WHERE id IN ({marks}) AND status = 'active'",
                [r[0] for r in rows],
            )
        }
        # FTS5's bm25() is negative, lower is better.
        best = [(int(rowid), -float(score)) for rowid, score in rows if int(rowid) in active]
        return dict(best[:limit])
