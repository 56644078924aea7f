"""Episode summaries: the chat model's words when a capable model is configured, else the
episode's most central sentences, quoted verbatim (never generated text).

Centrality: each candidate sentence's cosine to the episode's mean vector (word-set overlap
for short episodes); very short sentences ("Hey Mel!") are held back. A model summary is
kept only when nearly all of its content words are in the episode (otherwise the
extractive summary is used). Used by ``memory.tiers.episodes``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

import numpy as np

from memory.errors import MnemeError
from memory.records import StoredRecord
from memory.text import content_terms, stem
from models.base import ChatMessage, ChatModel, Embedder

log = logging.getLogger(__name__)

MAX_UNIT_CHARS = 180
MAX_EMBEDDED_UNITS = 40
LEXICAL_UNITS = 8
"""Episodes with at most this many sentences are summarised by word overlap, without
embedding their sentences."""
TIE_BREAK = 0.05
"""Weight of word overlap beside stored record vectors (sentences of one record share one)."""
ModelProvider = Callable[[], "ChatModel | None"]


def _trim(text: str, limit: int = MAX_UNIT_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


_MAIL_HEADER = re.compile(r"(?:(?:From|Subject|Date|To|Cc|Attachments): [^\n]*(?:\n|$))+")


def _readable(rec: StoredRecord) -> str:
    """A message's text without the mail header it opens with (``importers.mail_records``):
    a summary quotes what an email says, not its From/To lines. A message that is only a
    header reads as its subject."""
    m = _MAIL_HEADER.match(rec.text) if rec.kind == "message" else None
    if m is None:
        return rec.text
    body = rec.text[m.end() :].strip()
    subject = re.search(r"^Subject: (.*)$", rec.text[: m.end()], re.M)
    return body or (subject.group(1) if subject else rec.text)


def _prefix(rec: StoredRecord, text: str) -> str:
    if rec.speaker and rec.kind in ("message", "chat_turn"):
        return f"{rec.speaker}: {text}"
    return text


def _lexical_centrality(units: Sequence[str]) -> np.ndarray:
    """Each unit's mean word-set cosine to the others (short episodes need no embedding)."""
    sets = [{stem(t) for t in content_terms(u)} for u in units]
    vocab: dict[str, int] = {}
    for terms in sets:
        for term in terms:
            vocab.setdefault(term, len(vocab))
    if not vocab:
        return np.zeros(len(units))
    incidence = np.zeros((len(units), len(vocab)))
    for i, terms in enumerate(sets):
        incidence[i, [vocab[t] for t in terms]] = 1.0
    sizes = incidence.sum(axis=1)
    inv = np.divide(1.0, np.sqrt(sizes), out=np.zeros_like(sizes), where=sizes > 0)
    cosine = (incidence @ incidence.T) * inv[:, None] * inv[None, :]
    np.fill_diagonal(cosine, 0.0)
    return cosine.sum(axis=1) / max(1, len(units) - 1)


def grounded_ratio(summary: str, source: str) -> float:
    """Share of the summary's content words that occur in the source text."""
    words = [stem(t) for t in content_terms(summary)]
    if not words:
        return 0.0
    have = {stem(t) for t in content_terms(source)}
    return sum(1 for w in words if w in have) / len(words)


class Summarizer:
    """Summaries of episodes.

    Args:
        embedder: embeds candidate sentences (the records' embedder).
        model: returns the chat model when it is capable, else None (never loads the
            bundled model just to find out).
        max_units: sentences in an extractive summary (3 for long episodes).
    """

    def __init__(
        self, embedder: Embedder, model: ModelProvider | None = None, max_units: int = 2
    ) -> None:
        self.embedder = embedder
        self.model = model
        self.max_units = max_units

    def summarize(
        self, records: Sequence[StoredRecord], record_vectors: dict[int, np.ndarray] | None = None
    ) -> tuple[str, str]:
        """``(summary, method)`` with method ``model`` or ``extractive``."""
        if not records:
            return "", "extractive"
        model = self.model() if self.model is not None else None
        if model is not None and model.capable:
            text = self._model_summary(model, records)
            if text:
                return text, "model"
        return self.extractive(records, record_vectors or {}), "extractive"

    def extractive(
        self, records: Sequence[StoredRecord], record_vectors: dict[int, np.ndarray]
    ) -> str:
        # The fact grammar's sentence splitter; imported here, not at module level, so a
        # one-shot search or ask (which never summarises) does not compile the grammar.
        from memory.tiers.extract import sentences

        units: list[str] = []
        known: list[np.ndarray | None] = []
        for rec in records:
            text = _readable(rec)
            parts = [p for p in (sentences(text) or [text.strip()]) if p]
            for sent in parts:
                units.append(_prefix(rec, sent))
                # The record's vector from the index stands for each of its sentences (a
                # message is mostly one sentence; embedding sentences again would cost as
                # much as the import itself); word overlap then tells its sentences apart.
                known.append(record_vectors.get(rec.id))
        if not units:
            return ""
        if len(units) <= 2:
            return " … ".join(_trim(u) for u in units)
        if len(units) <= LEXICAL_UNITS:
            return self._pick(units, _lexical_centrality(units))
        if len(units) <= MAX_EMBEDDED_UNITS:
            todo = [n for n, v in enumerate(known) if v is None]
            got: dict[int, np.ndarray] = {}
            if todo:
                fresh = self.embedder.embed_batch([units[n] for n in todo])
                got = {n: fresh[i] for i, n in enumerate(todo)}
            vecs = np.vstack([v if v is not None else got[n] for n, v in enumerate(known)])
            if not todo:
                centroid = vecs.mean(axis=0)
                norm = float(np.linalg.norm(centroid)) or 1.0
                scores = vecs @ (centroid / norm)
                if len(units) > len(records):  # some record's sentences share its vector
                    scores = scores + TIE_BREAK * _lexical_centrality(units)
                return self._pick(units, scores)
        else:
            units, rows = [], []
            for rec in records:
                vec = record_vectors.get(rec.id)
                if vec is None:
                    continue
                units.append(_prefix(rec, _readable(rec)))
                rows.append(vec)
            if len(units) < 3:
                units = [_prefix(r, _readable(r)) for r in records]
                vecs = self.embedder.embed_batch([u[:500] for u in units])
            else:
                vecs = np.vstack(rows)
        centroid = vecs.mean(axis=0)
        norm = float(np.linalg.norm(centroid)) or 1.0
        return self._pick(units, vecs @ (centroid / norm))

    def _pick(self, units: Sequence[str], scores: np.ndarray) -> str:
        """The best-scored units (very short ones held back), in their original order."""
        lengths = np.array([len(re.sub(r"^[^:]{1,40}:\s", "", u)) for u in units])
        scores = np.asarray(scores, dtype=np.float64) - np.where(lengths < 25, 0.5, 0.0)
        n = self.max_units + (1 if len(units) > 30 else 0)
        best = sorted(np.argsort(-scores, kind="stable")[:n].tolist())
        return " … ".join(_trim(units[i]) for i in best)

    def _model_summary(self, model: ChatModel, records: Sequence[StoredRecord]) -> str | None:
        source = "\n".join(_prefix(r, " ".join(_readable(r).split())) for r in records)
        budget = max(1000, model.context_size * 2)
        source = source[:budget]
        messages = [
            ChatMessage(
                "system",
                "Summarise the text in one or two plain sentences. Use only facts stated in "
                "the text; do not add anything.",
            ),
            ChatMessage("user", source),
        ]
        try:
            text = model.complete(messages, max_tokens=120, temperature=0.0).strip()
        except MnemeError as e:
            log.warning("model summary failed, using an extractive one: %s", e)
            return None
        if text and grounded_ratio(text, source) >= 0.8:
            return _trim(text, 400)
        log.info("model summary not grounded in the episode; using an extractive one")
        return None
