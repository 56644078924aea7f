"""Answer quality on a LoCoMo-format file: Mneme's ``ask`` with the configured chat model.

Run: ``python -m bench.qa [--dataset FILE] [--quick] [--questions N] [--judge-gguf PATH |
--judge-endpoint URL] [--out FILE]``; ``bench.run_all`` runs it with the defaults.

Each conversation is imported into a fresh store exactly as in ``bench.recall`` (real
importer, consolidation), then questions of categories 1-4 are asked through
``Answerer.ask`` - recall, abstention, the chat model, the grounding check - as ``mneme ask``
does. Scores, as LoCoMo's own evaluation computes them:

- ``exact_match``: the normalised answer (lower case, no punctuation, no articles) equals
  the normalised gold answer;
- ``f1``: token F1 between them (light stemming); multi-hop gold answers are split at
  commas and each part scored against its best predicted part; open-domain gold answers keep
  their first ``;`` part;
- ``judge``: with ``--judge-gguf`` or ``--judge-endpoint``, a second model labels each answer
  CORRECT or WRONG against the gold answer (grammar-constrained), and its accuracy is
  reported.

The chat model is the one Mneme is configured with: ``MNEME_CHAT_MODEL=/path/model.gguf``
runs the benchmark with a bigger GGUF (see the README's "Performance" section). By default 30
questions spread over the first two conversations are asked (``--questions``,
``--conversations``): the bundled model on two CPU cores takes seconds per answer, as the
memories fill its prompt.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import string
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.dataset import CATEGORIES, DEFAULT_AUDIT, QAItem, load_dataset
from bench.machine import machine
from bench.metrics import percentile
from bench.recall import DEFAULT_DATASET, conversation_store, default_embedder
from memory.text import stem
from models.base import ChatMessage, ChatModel, Embedder

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "qa.json"
_CITATION = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
JUDGE_GRAMMAR = 'root ::= "CORRECT" | "WRONG"'
JUDGE_PROMPT = (
    "You grade answers to questions about a long chat between two people. Given the "
    "question, the gold answer and a generated answer, reply CORRECT when the generated "
    "answer states the same thing as the gold answer (other wording, more detail, or a date "
    "in another format is fine), and WRONG otherwise (wrong, missing, or 'I don't know').\n\n"
    "Question: {question}\nGold answer: {gold}\nGenerated answer: {answer}\n\nLabel:"
)


# -- scoring as LoCoMo's evaluation does ------------------------------------------------------
def normalize_answer(text: str) -> str:
    """Lower case, no punctuation, no articles, single spaces (LoCoMo's normalisation)."""
    text = str(text).replace(",", "").lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the|and)\b", " ", text)
    return " ".join(text.split())


def token_f1(prediction: str, gold: str) -> float:
    """Token F1 of the normalised, stemmed answers."""
    pred = [stem(w) for w in normalize_answer(prediction).split()]
    ref = [stem(w) for w in normalize_answer(gold).split()]
    same = sum((Counter(pred) & Counter(ref)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(ref)
    return 2 * precision * recall / (precision + recall)


def multi_f1(prediction: str, gold: str) -> float:
    """Each comma-separated gold part scored against its best predicted part, averaged."""
    preds = [p.strip() for p in prediction.split(",") if p.strip()] or [prediction]
    golds = [g.strip() for g in gold.split(",") if g.strip()] or [gold]
    return sum(max(token_f1(p, g) for p in preds) for g in golds) / len(golds)


def score_answer(prediction: str, item: QAItem) -> tuple[float, float]:
    """(exact match, F1) of ``prediction`` for ``item``, by category as LoCoMo scores them."""
    pred = _CITATION.sub("", prediction).strip()
    gold = item.answer.split(";")[0] if item.category == 3 else item.answer
    exact = 1.0 if normalize_answer(pred) == normalize_answer(gold) else 0.0
    f1 = multi_f1(pred, gold) if item.category == 1 else token_f1(pred, gold)
    return exact, f1


def judge_answer(judge: ChatModel, item: QAItem, prediction: str) -> bool:
    """The judge model's verdict on ``prediction`` (True: CORRECT)."""
    prompt = JUDGE_PROMPT.format(question=item.question, gold=item.answer, answer=prediction)
    reply = judge.complete(
        [ChatMessage("user", prompt)], grammar=JUDGE_GRAMMAR, max_tokens=4, temperature=0.0
    )
    return reply.strip().upper().startswith("CORRECT")


def spread(items: Sequence[QAItem], limit: int | None) -> list[QAItem]:
    """At most ``limit`` items, evenly spread over ``items`` (all when ``limit`` is None)."""
    if limit is None or limit >= len(items):
        return list(items)
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def build_judge(gguf: Path | None, endpoint: str | None, model: str) -> ChatModel | None:
    """The judge model asked for on the command line, if any."""
    if gguf is not None:
        from models.llama import LlamaChatModel

        return LlamaChatModel(gguf, model_id=gguf.stem, capable=True)
    if endpoint:
        from models.openai_compat import OpenAICompatibleChatModel

        return OpenAICompatibleChatModel(endpoint, model, capable=True)
    return None


def default_chat_model() -> ChatModel:
    """The chat model Mneme is configured with (the bundled SmolLM2 unless set otherwise)."""
    from app.bootstrap import build_chat_model, configure_environment
    from app.settings import load_settings

    configure_environment()
    return build_chat_model(load_settings())


def run_qa(
    dataset: Path,
    *,
    embedder: Embedder | None = None,
    chat_model: ChatModel | None = None,
    judge: ChatModel | None = None,
    conversations: Sequence[int] | None = None,
    questions: int | None = None,
    audit: Path | None = DEFAULT_AUDIT,
) -> dict[str, Any]:
    """Ask the questions through ``Answerer.ask`` and score the answers.

    Args:
        dataset: a LoCoMo-format JSON file.
        embedder: the embedder (default: the configured one).
        chat_model: the answering model (default: the configured one).
        judge: a model grading answers CORRECT/WRONG (None: no judge figure).
        conversations: indexes of the conversations to use (None: all).
        questions: at most this many questions, spread over the chosen conversations.
        audit: ``audit_errors.json`` (questions whose evidence the audit empties are left out).
    """
    data = load_dataset(dataset, audit_path=audit, conversations=conversations)
    emb = embedder or default_embedder()
    model = chat_model or default_chat_model()
    chosen = {id(i) for c in data.conversations for i in spread(
        c.items,
        None if questions is None else max(1, round(questions * len(c.items) / max(1, data.queries))),
    )}
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mneme-bench-qa-") as tmp:
        for conv in data.conversations:
            items = [i for i in conv.items if id(i) in chosen]
            print(f"{conv.sample_id}: importing, then {len(items)} questions", file=sys.stderr,
                  flush=True)
            with conversation_store(conv, emb, Path(tmp), chat_model=model) as (svc, _, _):
                for item in items:
                    t0 = time.perf_counter()
                    answer = svc.answerer.ask(item.question)
                    text = answer.text
                    ms = (time.perf_counter() - t0) * 1000
                    exact, f1 = score_answer(text, item)
                    row = {
                        "conversation": conv.sample_id,
                        "question": item.question,
                        "category": item.category,
                        "gold": item.answer,
                        "answer": text,
                        "method": answer.method,
                        "exact": exact,
                        "f1": round(f1, 4),
                        "ms": round(ms, 1),
                    }
                    if judge is not None:
                        row["judge"] = judge_answer(judge, item, text)
                    rows.append(row)
    return _summary(rows, data.queries, model, judge, dataset, time.perf_counter() - started)


def _figures(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows) or 1
    out: dict[str, Any] = {
        "questions": len(rows),
        "exact_match": round(sum(r["exact"] for r in rows) / n, 4),
        "f1": round(sum(r["f1"] for r in rows) / n, 4),
    }
    judged = [r["judge"] for r in rows if "judge" in r]
    if judged:
        out["judge_accuracy"] = round(sum(judged) / len(judged), 4)
    return out


def _summary(
    rows: list[dict[str, Any]],
    total: int,
    model: ChatModel,
    judge: ChatModel | None,
    dataset: Path,
    seconds: float,
) -> dict[str, Any]:
    cats = sorted({r["category"] for r in rows})
    times = [r["ms"] for r in rows]
    return {
        **_figures(rows),
        "of_questions": total,
        "model": model.name,
        "model_capable": model.capable,
        "judge": judge.name if judge is not None else None,
        "per_category": {
            str(c): {"name": CATEGORIES[c], **_figures([r for r in rows if r["category"] == c])}
            for c in cats
        },
        "methods": dict(Counter(r["method"] for r in rows)),
        "latency_ms": {"p50": round(percentile(times, 50), 1), "p95": round(percentile(times, 95), 1)},
        "examples": rows[:12],
        "answers": rows,
        "dataset": str(dataset),
        "seconds": round(seconds, 1),
        "machine": machine(),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line of ``python -m bench.qa``."""
    parser = argparse.ArgumentParser(prog="python -m bench.qa", description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--quick", action="store_true", help="one conversation, 10 questions")
    parser.add_argument("--conversations", type=int, nargs="*", default=None,
                        help="conversation indexes (default: 0 1)")
    parser.add_argument("--questions", type=int, default=30,
                        help="questions asked in all, spread over the conversations (0: all)")
    parser.add_argument("--judge-gguf", type=Path, default=None, help="a GGUF judge model")
    parser.add_argument("--judge-endpoint", default=None,
                        help="an OpenAI-compatible judge endpoint (base URL)")
    parser.add_argument("--judge-model", default="default", help="model name at the endpoint")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    convs = [0] if args.quick else (args.conversations if args.conversations else [0, 1])
    limit = 10 if args.quick else (args.questions or None)
    result = run_qa(
        args.dataset,
        judge=build_judge(args.judge_gguf, args.judge_endpoint, args.judge_model),
        conversations=convs,
        questions=limit,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("model", "questions", "exact_match", "f1")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
