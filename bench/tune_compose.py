"""Study answer composition without recalling again: ``python -m bench.tune_compose DUMP``.

``python -m bench.answers --dump DUMP`` pickles each question's recalled memories; this
composes the answers again from them (``memory.compose``) with the settings given on the
command line and prints the figures of ``bench.answers`` for the tuning conversations (0-2)
and the check conversations (3-4) apart. Settings are tuned on the first and reported on the
second, never the other way round.

Options: ``--coverage`` (``MIN_COVERAGE``), ``--close`` (``CLOSE_MEANING``).
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path
from typing import Any

from bench.answers import TUNE, figures, score
from memory import compose as composing
from memory.answer import UNKNOWN_ANSWER
from memory.compose import compose


def rows_of(dumped: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for conv, item, speakers, hits in dumped:
        got = compose(item.question, hits, speakers=speakers)
        row = {
            "conversation": conv,
            "question": item.question,
            "category": item.category,
            "gold": item.answer,
            "answer": got.text if got else UNKNOWN_ANSWER,
            "known": got is not None,
            "sources": [{"text": h.text, "timestamp": h.timestamp} for h in hits],
        }
        score(row)
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tune_compose")
    parser.add_argument("dump", type=Path)
    parser.add_argument("--coverage", type=float, default=composing.MIN_COVERAGE)
    parser.add_argument("--close", type=float, default=composing.CLOSE_MEANING)
    args = parser.parse_args(argv)
    composing.MIN_COVERAGE = args.coverage
    composing.CLOSE_MEANING = args.close
    rows = rows_of(pickle.loads(args.dump.read_bytes()))
    keys = ("questions", "supported", "wrong_with_citation", "gold_found", "gold_words_found",
            "abstained_answerable", "abstained_adversarial")
    out = {
        "tune": {k: figures([r for r in rows if r["conversation"] in TUNE])[k] for k in keys},
        "check": {k: figures([r for r in rows if r["conversation"] not in TUNE])[k] for k in keys},
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
