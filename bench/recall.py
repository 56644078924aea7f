"""Recall quality on a LoCoMo-format file: Mneme against BM25 and vector baselines.

Run by ``mneme bench recall --dataset FILE`` (``app.cli.bench``) and ``bench.run_all``;
``python -m bench.recall --dataset FILE`` works too.

For each conversation of the file:

1. a fresh store in a temporary ``MNEME_HOME``; the conversation alone is written to a
   temporary JSON file and imported through the real pipeline (``Importer.run``: LoCoMo
   importer, SQLite, embedding, Chroma), then consolidated when the store has a
   consolidation service (``consolidate``);
2. each question of categories 1-4 (``bench.dataset``: evidence cleaned and audited) is
   asked to ``Recall.search``; hits map back to ``dia_id``s through their record ids (derived
   items such as facts and episodes carry the ids of the records they came from);
3. the same questions go to the two baselines of ``bench.baselines`` on the same turns.

Figures (``bench.metrics``): turn-level evidence recall@k, session recall_any@5, NDCG@10, per
category, per split of conversations, and latency (search and query embedding apart).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.baselines import BM25Baseline, VectorBaseline, conversation_turns
from bench.dataset import CATEGORIES, DEFAULT_AUDIT, Conversation, load_dataset, session_of
from bench.machine import machine
from bench.metrics import TURN_KS, QueryScore, SystemScores, score_query
from models.base import ChatModel, Embedder

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "recall.json"
DEFAULT_DATASET = ROOT.parent / "shared" / "data" / "locomo" / "locomo_dev.json"
SYSTEMS = ("mneme", "bm25", "vector")
RECORDS_ONLY = "mneme_records_only"
"""Diagnostic: Mneme's recall without the tiers' hook (no derived hits, no retention)."""
Progress = Callable[[str], None]


@dataclass
class RecallRun:
    """Every query score of one run, per system, plus where each came from."""

    ks: tuple[int, ...]
    systems: dict[str, SystemScores] = field(
        default_factory=lambda: {name: SystemScores(name) for name in (*SYSTEMS, RECORDS_ONLY)}
    )
    conv_of: dict[str, list[int]] = field(
        default_factory=lambda: {n: [] for n in (*SYSTEMS, RECORDS_ONLY)}
    )
    consolidation: str = "none"
    records: int = 0

    def add(self, system: str, conv_index: int, score: QueryScore) -> None:
        self.systems[system].add(score)
        self.conv_of[system].append(conv_index)

    def subset(self, system: str, conv_indexes: Sequence[int]) -> SystemScores:
        keep = set(conv_indexes)
        out = SystemScores(system)
        for score, ci in zip(self.systems[system].scores, self.conv_of[system], strict=True):
            if ci in keep:
                out.add(score)
        return out


def _consolidate(services: Any) -> str:
    """Run the tiers' consolidation if this build has it; say which entry point ran."""
    if getattr(services.importer, "after_import", None) is not None:
        return "importer.after_import"
    for name in ("consolidate", "consolidation", "tiers", "consolidator"):
        target = getattr(services, name, None)
        if target is None:
            continue
        fn = target if callable(target) else getattr(target, "consolidate", None) or getattr(
            target, "run", None
        )
        if callable(fn):
            fn()
            return f"services.{name}"
    return "none"


def _ranked_dia_ids(hits: Sequence[Any], dia_of: dict[int, str]) -> list[str]:
    out: list[str] = []
    for hit in hits:
        for rid in hit.record_ids:
            dia = dia_of.get(int(rid))
            if dia is not None:
                out.append(dia)
    return out


@contextmanager
def conversation_store(
    conv: Conversation, embedder: Embedder, work: Path, *, chat_model: ChatModel | None = None
) -> Iterator[tuple[Any, str, dict[int, str]]]:
    """A fresh store in ``work`` holding ``conv`` imported through the real pipeline.

    Yields ``(services, consolidation, dia_of)``: the services, which consolidation entry
    point ran, and each record id's ``dia_id``. Also used by ``bench.qa``.
    """
    from app.bootstrap import build_services
    from app.settings import Settings

    home = work / f"home-{conv.index}"
    archive = work / f"{conv.sample_id}.json"
    archive.write_text(json.dumps([conv.raw], ensure_ascii=False), encoding="utf-8")
    services = build_services(Settings(home=home), embedder=embedder, chat_model=chat_model)
    try:
        report = services.importer.run([archive])
        if report.index_error:
            raise RuntimeError(f"{archive}: indexing failed: {report.index_error}")
        consolidation = _consolidate(services)
        dia_of = {
            int(r[0]): str(r[1])
            for r in services.db.execute(
                "SELECT id, external_id FROM records WHERE external_id IS NOT NULL"
            )
        }
        yield services, consolidation, dia_of
    finally:
        services.close()


def _mneme_conversation(
    conv: Conversation,
    embedder: Embedder,
    run: RecallRun,
    depth: int,
    work: Path,
) -> None:
    """Import ``conv`` into a fresh store and ask its questions."""
    from memory.recall import Recall

    with conversation_store(conv, embedder, work) as (services, consolidation, dia_of):
        run.consolidation = consolidation
        run.records += len(dia_of)
        records_only = Recall(services.store, services.index, services.embedder)
        for item in conv.items:
            t0 = time.perf_counter()
            qvec = services.recall.embed_query(item.question)
            t1 = time.perf_counter()
            hits = services.recall.search(item.question, k=depth, query_vector=qvec)
            t2 = time.perf_counter()
            run.add(
                "mneme",
                conv.index,
                score_query(
                    _ranked_dia_ids(hits, dia_of),
                    item.evidence,
                    item.category,
                    session_of=session_of,
                    search_ms=(t2 - t1) * 1000,
                    embed_ms=(t1 - t0) * 1000,
                    ks=run.ks,
                ),
            )
            plain = records_only.search(item.question, k=depth, query_vector=qvec)
            run.add(
                RECORDS_ONLY,
                conv.index,
                score_query(_ranked_dia_ids(plain, dia_of), item.evidence, item.category,
                            session_of=session_of, search_ms=0.0, ks=run.ks),
            )


def _baselines(conv: Conversation, embedder: Embedder, run: RecallRun, depth: int) -> None:
    """Ask the same questions to BM25 and exact-cosine search (the question's own vector:
    Mneme's leaves out the speakers' names, ``Recall.embed_query``)."""
    turns = conversation_turns(conv.raw)
    bm25 = BM25Baseline(turns)
    vector = VectorBaseline(turns, embedder)
    try:
        for item in conv.items:
            t0 = time.perf_counter()
            qvec = embedder.embed_batch([item.question])[0]
            qms = (time.perf_counter() - t0) * 1000
            t0 = time.perf_counter()
            ranked = bm25.search(item.question, depth)
            t1 = time.perf_counter()
            run.add(
                "bm25",
                conv.index,
                score_query(ranked, item.evidence, item.category, session_of=session_of,
                            search_ms=(t1 - t0) * 1000, ks=run.ks),
            )
            t0 = time.perf_counter()
            ranked = vector.search_vector(qvec, depth)
            t1 = time.perf_counter()
            run.add(
                "vector",
                conv.index,
                score_query(ranked, item.evidence, item.category, session_of=session_of,
                            search_ms=(t1 - t0) * 1000, embed_ms=qms, ks=run.ks),
            )
    finally:
        bm25.close()


def default_embedder() -> Embedder:
    """The embedder Mneme is configured with (the bundled MiniLM unless set otherwise)."""
    from app.bootstrap import build_embedder, configure_environment
    from app.settings import load_settings

    configure_environment()
    return build_embedder(load_settings())


def run_recall(
    dataset: Path,
    *,
    embedder: Embedder | None = None,
    conversations: Sequence[int] | None = None,
    ks: Sequence[int] = TURN_KS,
    audit: Path | None = DEFAULT_AUDIT,
    splits: dict[str, Sequence[int]] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run the benchmark and return the JSON document (see the module docstring).

    Args:
        dataset: a LoCoMo-format JSON file.
        embedder: the embedder for Mneme and the vector baseline (default: the configured one).
        conversations: indexes of the conversations to use (None: all).
        ks: cut-offs of turn-level recall.
        audit: ``audit_errors.json`` with evidence corrections (None: none).
        splits: named groups of conversation indexes to report apart
            (e.g. ``{"dev": [0, 1, 2], "check": [3, 4]}``).
        progress: called with one line per step.
    """
    say = progress or (lambda _msg: None)
    data = load_dataset(dataset, audit_path=audit, conversations=conversations)
    emb = embedder or default_embedder()
    run = RecallRun(ks=tuple(sorted(set(ks))))
    depth = max(max(run.ks), 10)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mneme-bench-recall-") as tmp:
        for conv in data.conversations:
            say(f"{conv.sample_id}: importing and asking {len(conv.items)} questions")
            t0 = time.perf_counter()
            _mneme_conversation(conv, emb, run, depth, Path(tmp))
            _baselines(conv, emb, run, depth)
            say(f"{conv.sample_id}: done in {time.perf_counter() - started:.0f}s total"
                f" ({time.perf_counter() - t0:.0f}s)")
    names = {c.index: c.sample_id for c in data.conversations}
    out: dict[str, Any] = {}
    for system in SYSTEMS:
        summary = run.systems[system].summary(CATEGORIES)
        summary["per_conversation"] = {
            names[ci]: _brief(run.subset(system, [ci]).summary(CATEGORIES))
            for ci in names
        }
        if splits:
            summary["splits"] = {
                label: {"conversations": list(idx), **_brief(run.subset(system, idx).summary(CATEGORIES))}
                for label, idx in splits.items()
            }
        out[system] = summary
    out["mneme"]["consolidation"] = run.consolidation
    out["mneme"]["records_only"] = _brief(run.systems[RECORDS_ONLY].summary(CATEGORIES))
    out["bm25"]["method"] = "SQLite FTS5 (unicode61, no stemming) over 'Speaker: text', stopwords removed, terms OR-ed"
    out["vector"]["method"] = f"exact cosine over 'Speaker: text' with {emb.identity.model_id}"
    out["dataset"] = str(dataset)
    out["queries"] = data.queries
    out["skipped_questions"] = sum(c.skipped for c in data.conversations)
    out["audit_corrections"] = data.audit_applied
    out["conversations"] = [c.sample_id for c in data.conversations]
    out["records"] = run.records
    out["embedder"] = emb.identity.model_id
    out["seconds"] = round(time.perf_counter() - started, 1)
    out["machine"] = machine()
    return out


def _brief(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v for k, v in summary.items() if k not in ("per_category", "latency_ms", "per_conversation")
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.recall [--dataset FILE] [--quick] [--out FILE]``."""
    parser = argparse.ArgumentParser(prog="python -m bench.recall", description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--quick", action="store_true", help="only the first two conversations")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    convs = [0, 1] if args.quick else None
    splits: dict[str, Sequence[int]] | None = None
    if not args.quick:
        splits = {"conversations 0-2 (dev)": [0, 1, 2], "conversations 3-4 (check)": [3, 4]}
    result = run_recall(
        args.dataset, conversations=convs, splits=splits,
        progress=lambda m: print(m, file=sys.stderr, flush=True),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps({s: {k: result[s][k] for k in ("turn_recall@10", "session_recall_any@5")} for s in SYSTEMS}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
