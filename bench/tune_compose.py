"""Study answer composition without recalling again: ``python -m bench.tune_compose DUMP``.

``python -m bench.answers --dump DUMP`` pickles each question's recalled memories; this
composes the answers again from them (``memory.compose``) with the settings given on the
command line and prints the figures of ``bench.answers`` for the tuning conversations (0-2)
and the check conversations (3-4) apart. Settings are tuned on the first and reported on the
second, never the other way round.

Gold answers are read as ``bench.answers`` reads them (the audit's correction where it has
one). Options: ``--coverage`` (``MIN_COVERAGE``), ``--close`` (``CLOSE_MEANING``),
``--undated`` (``UNDATED_COVERAGE``), ``--reply`` (``REPLY_COVERAGE``), ``--follow`` (``FOLLOW_NEW``), ``--quotes N``
(``compose``'s ``max_quotes``), ``--every N``
(the questions of ``bench.answers --every N``), ``--rows FILE`` (each question's answer and
figures, as JSON, to study them one by one).
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path
from typing import Any

from bench.answers import TUNE, figures, score
from bench.dataset import DEFAULT_AUDIT, load_audit
from memory import compose as composing
from memory.answer import UNKNOWN_ANSWER
from memory.compose import compose


def rows_of(
    dumped: list[Any], audit: Path | None = DEFAULT_AUDIT, every: int = 1, quotes: int = 2
) -> list[dict[str, Any]]:
    """Each dumped question answered again and scored as ``bench.answers`` scores it (every
    ``every``-th of each conversation: the questions ``bench.answers --every`` asks, when
    the dump was made without it)."""
    corrections = load_audit(audit)
    rows = []
    seen: dict[int, int] = {}
    for conv, item, speakers, hits in dumped:
        seen[conv] = seen.get(conv, -1) + 1
        if seen[conv] % every:
            continue
        got = compose(item.question, hits, speakers=speakers, max_quotes=quotes)
        entry = corrections.get((item.conv_index, item.qa_index))
        row = {
            "conversation": conv,
            "question": item.question,
            "category": item.category,
            "gold": str((entry or {}).get("correct_answer") or item.answer),
            "answer": got.text if got else UNKNOWN_ANSWER,
            "known": got is not None,
            "sources": [
                {"text": h.text, "timestamp": h.timestamp, "speaker": h.speaker} for h in hits
            ],
        }
        score(row)
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tune_compose")
    parser.add_argument("dump", type=Path)
    parser.add_argument("--coverage", type=float, default=composing.MIN_COVERAGE)
    parser.add_argument("--close", type=float, default=composing.CLOSE_MEANING)
    parser.add_argument("--quotes", type=int, default=2, help="most quotes in an answer")
    parser.add_argument("--follow", type=int, default=composing.FOLLOW_NEW)
    parser.add_argument("--reply", type=float, default=composing.REPLY_COVERAGE)
    parser.add_argument("--undated", type=float, default=composing.UNDATED_COVERAGE)
    parser.add_argument(
        "--every",
        type=int,
        default=1,
        help="every Nth question of each conversation (of a full dump)",
    )
    parser.add_argument(
        "--rows",
        type=Path,
        default=None,
        help="write each question's answer and figures here (JSON)",
    )
    args = parser.parse_args(argv)
    composing.MIN_COVERAGE = args.coverage
    composing.CLOSE_MEANING = args.close
    composing.UNDATED_COVERAGE = args.undated
    composing.REPLY_COVERAGE = args.reply
    composing.FOLLOW_NEW = args.follow
    rows = rows_of(
        pickle.loads(args.dump.read_bytes()), every=max(1, args.every), quotes=args.quotes
    )
    keys = (
        "questions",
        "supported",
        "wrong_with_citation",
        "gold_found",
        "gold_words_found",
        "abstained_answerable",
        "abstained_adversarial",
    )
    out = {
        "all": {k: figures(rows)[k] for k in keys},
        "tune": {k: figures([r for r in rows if r["conversation"] in TUNE])[k] for k in keys},
        "check": {k: figures([r for r in rows if r["conversation"] not in TUNE])[k] for k in keys},
    }
    if args.rows is not None:
        args.rows.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
