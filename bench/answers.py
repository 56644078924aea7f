"""Answers a person can trust, on a LoCoMo-format file: ``python -m bench.answers``.

Each conversation is imported into a fresh store as ``bench.recall`` does (real importer,
consolidation); every question of categories 1-4 and of the adversarial category 5 is asked
through ``Answerer.ask``, as ``mneme ask`` does, with the configured chat model (the bundled
one by default). Figures:

- ``supported``: every sentence of the answer is a verbatim quote of a memory it cites, or
  the text of a fact it cites (an abstention asserts nothing and counts as supported);
- ``gold_found`` (categories 1-4): every content word of the gold answer (the audit's
  correction where it has one) is in the answer; ``gold_words_found`` is the mean share;
- ``abstained``: the answer says memory does not hold it; category 5 asks one speaker about
  what the other said, so the right answer there is an abstention;
- ``wrong_with_citation``: an answer that is neither supported nor an abstention.

Options: ``--dataset FILE`` (any file in the LoCoMo format), ``--conversations 0 1``,
``--every N`` (every Nth question, for a quick run), ``--out FILE``. Figures are also given
for the tuning conversations (0-2) and the check conversations (3-4) apart.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.dataset import CATEGORIES, DEFAULT_AUDIT, load_audit, load_dataset
from bench.machine import machine
from bench.qa import default_chat_model, normalize_answer
from bench.recall import DEFAULT_DATASET, conversation_store, default_embedder
from memory.compose import TIME_NOTE, resolve_relative
from memory.text import STOPWORDS, fold, stem, tokens

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "answers.json"
TUNE = (0, 1, 2)
_CITED = re.compile(r"\[(\d+)\]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")


def _norm(text: str) -> str:
    return " ".join(fold(text).replace("’", "'").split()).strip(" .!?;:,\"'")


def supported(answer: str, sources: Sequence[dict[str, Any]]) -> bool:
    """Every sentence of ``answer`` is a verbatim quote of a source it cites (or of any
    source when it cites none), or a cited fact's text. A time note after a citation
    ("(yesterday: 27 August 2023)") counts when it is what that phrase meant on the cited
    memory's date."""
    for m in TIME_NOTE.finditer(answer):
        cited = [int(n) for n in _CITED.findall(answer[: m.start()])[-1:]]
        stamp = sources[cited[0] - 1].get("timestamp") if cited and cited[0] <= len(sources) else None
        if resolve_relative(m.group("phrase"), stamp) != m.group("date"):
            return False
    answer = TIME_NOTE.sub(" ", answer)
    pieces = [p for p in re.split(r"(\[\d+\])", answer) if p.strip()]
    # Pair each stretch of text with the citations that follow it.
    claims: list[tuple[str, set[int]]] = []
    for piece in pieces:
        cite = _CITED.fullmatch(piece.strip())
        if cite and claims:
            claims[-1][1].add(int(cite.group(1)))
        elif not cite:
            claims.append((piece, set()))
    for text, cited_by in claims:
        for sent in _SENTENCE.split(text):
            claim = _norm(sent)
            if not claim:
                continue
            pool = [sources[n - 1] for n in cited_by if 0 < n <= len(sources)] or list(sources)
            if not any(claim in _norm(s["text"]) for s in pool):
                return False
    return True


def gold_words(gold: str) -> set[str]:
    return {stem(t) for t in tokens(normalize_answer(gold)) if t not in STOPWORDS}


def score(row: dict[str, Any]) -> None:
    """Add the figures of one answered question to ``row``."""
    abstained = not row["known"]
    row["abstained"] = abstained
    row["supported"] = abstained or supported(row["answer"], row["sources"])
    row["wrong_with_citation"] = not abstained and not row["supported"]
    if row["category"] != 5:
        want = gold_words(row["gold"])
        have = {stem(t) for t in tokens(row["answer"])}
        row["gold_words_found"] = round(len(want & have) / len(want), 4) if want else 0.0
        row["gold_found"] = bool(want) and want <= have


def figures(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    def share(key: str, group: Sequence[dict[str, Any]]) -> float | None:
        return round(sum(bool(r[key]) for r in group) / len(group), 4) if group else None

    answerable = [r for r in rows if r["category"] != 5]
    adversarial = [r for r in rows if r["category"] == 5]
    return {
        "questions": len(rows),
        "supported": share("supported", rows),
        "wrong_with_citation": sum(r["wrong_with_citation"] for r in rows),
        "gold_found": share("gold_found", answerable),
        "gold_words_found": (
            round(sum(r["gold_words_found"] for r in answerable) / len(answerable), 4)
            if answerable else None
        ),
        "abstained_answerable": share("abstained", answerable),
        "abstained_adversarial": share("abstained", adversarial),
        "adversarial": len(adversarial),
    }


def run_answers(
    dataset: Path,
    *,
    conversations: Sequence[int] | None = None,
    every: int = 1,
    audit: Path | None = DEFAULT_AUDIT,
    partial: Path | None = None,
    dump: Path | None = None,
) -> dict[str, Any]:
    """Ask every question (every ``every``-th) of ``dataset`` and score the answers.

    With ``partial``, the rows answered so far are written there after each conversation
    (a long run stopped part way keeps what it measured). With ``dump``, each question's
    recalled memories and the conversation's speakers are pickled there, so answer
    composition can be studied without recalling again (``tune_compose``)."""
    data = load_dataset(
        dataset, audit_path=audit, conversations=conversations, categories=(1, 2, 3, 4, 5)
    )
    corrections = load_audit(audit)
    emb = default_embedder()
    model = default_chat_model()
    rows: list[dict[str, Any]] = []
    dumped: list[Any] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mneme-bench-answers-") as tmp:
        for conv in data.conversations:
            items = list(conv.items)[::every]
            print(f"{conv.sample_id}: importing, then {len(items)} questions", file=sys.stderr,
                  flush=True)
            with conversation_store(conv, emb, Path(tmp), chat_model=model) as (svc, _, _):
                speakers = svc.recall.speaker_names()
                for item in items:
                    t0 = time.perf_counter()
                    if dump is not None:
                        hits = svc.answerer.relevant_hits(item.question)
                        dumped.append((conv.index, item, speakers, hits))
                    answer = svc.answerer.ask(item.question)
                    entry = corrections.get((item.conv_index, item.qa_index))
                    gold = str((entry or {}).get("correct_answer") or item.answer)
                    row = {
                        "conversation": conv.index,
                        "question": item.question,
                        "category": item.category,
                        "gold": gold,
                        "answer": answer.text,
                        "known": answer.known,
                        "method": answer.method,
                        "sources": [
                            {"text": h.text, "speaker": h.speaker, "tier": h.tier,
                             "timestamp": h.timestamp}
                            for h in answer.sources
                        ],
                        "ms": round((time.perf_counter() - t0) * 1000, 1),
                    }
                    score(row)
                    rows.append(row)
            if partial is not None:
                partial.write_text(json.dumps({**figures(rows), "answers": rows}), encoding="utf-8")
    close = getattr(model, "close", None)
    if close is not None:
        close()
    if dump is not None:
        import pickle

        dump.write_bytes(pickle.dumps(dumped))
    by_cat = {
        str(c): {"name": CATEGORIES[c], **figures([r for r in rows if r["category"] == c])}
        for c in sorted({r["category"] for r in rows})
    }
    return {
        **figures(rows),
        "tune": figures([r for r in rows if r["conversation"] in TUNE]),
        "check": figures([r for r in rows if r["conversation"] not in TUNE]),
        "per_category": by_cat,
        "per_conversation": {
            str(c): figures([r for r in rows if r["conversation"] == c])
            for c in sorted({r["conversation"] for r in rows})
        },
        "methods": {m: sum(r["method"] == m for r in rows) for m in sorted({r["method"] for r in rows})},
        "model": model.name,
        "model_capable": model.capable,
        "every": every,
        "unsupported_examples": [r for r in rows if r["wrong_with_citation"]][:20],
        "adversarial_answered_examples": [
            r for r in rows if r["category"] == 5 and not r["abstained"]
        ][:20],
        "answers": rows,
        "dataset": str(dataset),
        "seconds": round(time.perf_counter() - started, 1),
        "machine": machine(),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line of ``python -m bench.answers``."""
    parser = argparse.ArgumentParser(prog="python -m bench.answers", description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--conversations", type=int, nargs="*", default=None)
    parser.add_argument("--every", type=int, default=1, help="ask every Nth question only")
    parser.add_argument("--quick", action="store_true", help="conversation 0, every 4th question")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--dump", type=Path, default=None,
                        help="also pickle each question's recalled memories here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    convs = [0] if args.quick else args.conversations
    every = 4 if args.quick else max(1, args.every)
    partial = args.out.with_suffix(".partial.json")
    result = run_answers(
        args.dataset, conversations=convs, every=every, partial=partial, dump=args.dump
    )
    partial.unlink(missing_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    keys = ("questions", "supported", "wrong_with_citation", "gold_found", "abstained_adversarial")
    print(json.dumps({k: result[k] for k in keys}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
