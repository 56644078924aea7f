"""Prefill benchmark on the LoCoMo dev conversations: field accuracy, honest "unknown" and
hallucinations.

``python -m bench.prefill [--dataset locomo_dev.json] [--out bench/results/prefill.json]``

For each conversation, the turns are imported through the real importer
(``importers.formats.locomo``) into a fresh store, which consolidates them into facts,
episodes and a persona. Then, for each of the two speakers, one form is filled *for that
speaker* (``Prefiller.fill(form, subject=speaker)``):

- answerable fields: QA items of categories 1 (multi-hop) and 4 (single-hop) whose question
  names that speaker and not the other; the question text is the field's label;
- no-answer fields: category 5 (adversarial) items naming only that speaker (they ask about
  things that did not happen to them), plus generic fields memory cannot hold: "Passport
  number" and "Social security number" (sensitive), and questions about the speaker's and
  the other speaker's blood type, shoe size, middle name and home address (each kept only if
  no turn of the conversation mentions it).

Scores: on answerable fields, token F1 (SQuAD normalisation) >= 0.5 against the gold answer,
exact match and "contains" (the normalised gold answer inside the value); on no-answer
fields, the rate of ``unknown``/``sensitive`` (right) and the hallucination rate (a value was
given). Two runs share each store: the deterministic path (no model) and the default chat
model (the bundled tiny model, which may only shorten quotes to a span of them). Writes JSON
with the machine's details.
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import os
import platform
import re
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = ROOT.parent / "shared" / "data" / "locomo" / "locomo_dev.json"
DEFAULT_OUT = ROOT / "bench" / "results" / "prefill.json"
ANSWERABLE = (1, 4)
GENERIC_SENSITIVE = ("Passport number", "Social security number")
GENERIC_QUESTIONS = (
    ("What is {s}'s blood type?", ("blood type", "blood group")),
    ("What is {s}'s shoe size?", ("shoe size",)),
    ("What is {s}'s middle name?", ("middle name",)),
    ("What is {s}'s home address?", ("address",)),
)
log = logging.getLogger("bench.prefill")


# -- scoring ---------------------------------------------------------------------------------
def normalise(text: str) -> str:
    """SQuAD answer normalisation: lowercase, no punctuation, no articles, single spaces."""
    text = str(text).lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the|and)\b", " ", text)
    return " ".join(text.split())


def token_f1(prediction: str, gold: str) -> float:
    """Token-level F1 between normalised prediction and gold."""
    pred, ref = normalise(prediction).split(), normalise(gold).split()
    if not pred or not ref:
        return 0.0
    common = collections.Counter(pred) & collections.Counter(ref)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(ref)
    return 2 * precision * recall / (precision + recall)


def contains(prediction: str, gold: str) -> bool:
    """The normalised gold answer appears in the normalised prediction."""
    g, p = normalise(gold), normalise(prediction)
    return bool(g) and f" {g} " in f" {p} "


# -- forms -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """One field of a benchmark form and what a right answer is."""

    label: str
    kind: str
    """``answerable``, ``adversarial`` (category 5) or ``generic``."""
    gold: str | None
    category: int | None
    field_type: str = "question"


def _names(question: str, speakers: Sequence[str]) -> list[str]:
    return [s for s in speakers if re.search(rf"\b{re.escape(s)}\b", question)]


def conversation_text(conv: dict[str, Any]) -> str:
    """Every turn of a conversation (with image captions), lowercased."""
    parts = []
    for key, turns in conv.items():
        if re.fullmatch(r"session_\d+", key) and isinstance(turns, list):
            for t in turns:
                parts.append(str(t.get("text", "")) + " " + str(t.get("blip_caption", "")))
    return " ".join(parts).lower()


def build_forms(sample: dict[str, Any]) -> tuple[dict[str, list[Item]], list[str]]:
    """Per speaker, the items of their form; and the generic items left out (mentioned)."""
    conv = sample["conversation"]
    speakers = [conv["speaker_a"], conv["speaker_b"]]
    text = conversation_text(conv)
    forms: dict[str, list[Item]] = {s: [] for s in speakers}
    for qa in sample["qa"]:
        named = _names(qa["question"], speakers)
        if len(named) != 1:
            continue
        if qa["category"] in ANSWERABLE:
            forms[named[0]].append(
                Item(qa["question"], "answerable", str(qa["answer"]), qa["category"])
            )
        elif qa["category"] == 5:
            forms[named[0]].append(Item(qa["question"], "adversarial", None, 5))
    dropped: list[str] = []
    for speaker in speakers:
        other = next(s for s in speakers if s != speaker)
        for label in GENERIC_SENSITIVE:
            forms[speaker].append(Item(label, "generic", None, None, field_type="text"))
        for template, words in GENERIC_QUESTIONS:
            for who in (speaker, other):
                label = template.format(s=who)
                if any(w in text for w in words):
                    dropped.append(label)
                    continue
                forms[speaker].append(Item(label, "generic", None, None))
    return forms, dropped


# -- running -----------------------------------------------------------------------------------
@dataclass
class Tally:
    """Scores of one run (deterministic or model)."""

    rows: list[dict[str, Any]]
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        answerable = [r for r in self.rows if r["kind"] == "answerable"]
        no_answer = [r for r in self.rows if r["kind"] != "answerable"]

        def rate(rows: Sequence[dict[str, Any]], key: Callable[[dict[str, Any]], bool]) -> float:
            return round(sum(1 for r in rows if key(r)) / len(rows), 4) if rows else 0.0

        def answer_block(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
            filled = [r for r in rows if r["status"] == "filled"]
            return {
                "fields": len(rows),
                "filled_rate": rate(rows, lambda r: r["status"] == "filled"),
                "f1>=0.5": rate(rows, lambda r: r["f1"] >= 0.5),
                "mean_f1": round(sum(r["f1"] for r in rows) / len(rows), 4) if rows else 0.0,
                "exact": rate(rows, lambda r: r["exact"]),
                "contains": rate(rows, lambda r: r["contains"]),
                "f1>=0.5_of_filled": rate(filled, lambda r: r["f1"] >= 0.5),
                "contains_of_filled": rate(filled, lambda r: r["contains"]),
            }

        def unknown_block(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
            return {
                "fields": len(rows),
                "correct_unknown_rate": rate(rows, lambda r: r["status"] != "filled"),
                "hallucination_rate": rate(rows, lambda r: r["status"] == "filled"),
                "sensitive_flagged": sum(1 for r in rows if r["status"] == "sensitive"),
            }

        methods = collections.Counter(r["method"] for r in self.rows if r["status"] == "filled")
        return {
            "answerable": answer_block(answerable),
            "answerable_by_category": {
                str(c): answer_block([r for r in answerable if r["category"] == c])
                for c in ANSWERABLE
            },
            "no_answer": unknown_block(no_answer),
            "no_answer_adversarial": unknown_block(
                [r for r in no_answer if r["kind"] == "adversarial"]
            ),
            "no_answer_generic": unknown_block([r for r in no_answer if r["kind"] == "generic"]),
            "filled_by_method": dict(methods),
            "seconds": round(self.seconds, 2),
            "ms_per_field": round(1000 * self.seconds / len(self.rows), 1) if self.rows else 0.0,
        }


def _row(item: Item, result: Any, conv_id: str, speaker: str) -> dict[str, Any]:
    value = result.value if result.status == "filled" else ""
    gold = item.gold or ""
    return {
        "conversation": conv_id,
        "speaker": speaker,
        "label": item.label,
        "kind": item.kind,
        "category": item.category,
        "gold": item.gold,
        "value": value,
        "status": result.status,
        "method": result.method,
        "confidence": round(result.confidence, 3),
        "f1": round(token_f1(value, gold), 4) if item.gold else 0.0,
        "exact": bool(item.gold) and normalise(value) == normalise(gold),
        "contains": bool(item.gold) and contains(value, gold),
        "evidence": [s.item_id for s in result.sources[:3]],
    }


def _commit() -> str | None:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def _machine(chat_model: str, embedder: str, commit: str | None) -> dict[str, Any]:
    import psutil

    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "commit": commit,
        "chat_model": chat_model,
        "embedder": embedder,
    }


def run(
    dataset: Path,
    *,
    conversations: Sequence[int] | None = None,
    with_model: bool = True,
    progress: Callable[[str], None] = lambda m: None,
) -> dict[str, Any]:
    """Run the benchmark; returns the JSON document."""
    from app.bootstrap import (
        build_chat_model,
        build_embedder,
        build_services,
        configure_environment,
    )
    from app.settings import Settings
    from memory.prefill.service import Prefiller
    from memory.prefill.sources import MemoryView
    from memory.prefill.spec import Field, FormSpec
    from models.fakes import FakeChatModel

    configure_environment()
    started_at_commit = _commit()  # the code that runs, even if the tree changes meanwhile
    samples = json.loads(dataset.read_text(encoding="utf-8"))
    chosen = [s for i, s in enumerate(samples) if conversations is None or i in conversations]
    base = Settings(
        home=Path(tempfile.gettempdir()) / "unused",
        chat_model=None,
        embed_model=None,
        chat_endpoint=None,
    )
    embedder = build_embedder(base)
    model = build_chat_model(base) if with_model else None
    runs = {"deterministic": Tally([])}
    if model is not None:
        runs["default_model"] = Tally([])
    imports: list[dict[str, Any]] = []
    dropped_all: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mneme-bench-prefill-") as work:
        for sample in chosen:
            sid = str(sample.get("sample_id"))
            archive = Path(work) / f"{sid}.json"
            archive.write_text(json.dumps([sample], ensure_ascii=False), encoding="utf-8")
            settings = Settings(
                home=Path(work) / f"home-{sid}",
                chat_model=None,
                embed_model=None,
                chat_endpoint=None,
            )
            services = build_services(settings, embedder=embedder, chat_model=FakeChatModel())
            try:
                t0 = time.perf_counter()
                report = services.importer.run([archive])
                t1 = time.perf_counter()
                assert services.tiers is not None
                services.tiers.consolidate()  # idempotent: the import already consolidated
                t2 = time.perf_counter()
                facts = services.tiers.facts.listing()
                imports.append(
                    {
                        "conversation": sid,
                        "records": services.store.counts()["records"],
                        "import_and_consolidate_seconds": round(t1 - t0, 2),
                        "extra_consolidation_seconds": round(t2 - t1, 2),
                        "current_facts": len(facts),
                        "episodes": len(services.tiers.episodes.listing()),
                        "persona_statements": len(services.tiers.persona.statements()),
                        "index_error": report.index_error,
                    }
                )
                progress(f"{sid}: imported {imports[-1]['records']} turns, {len(facts)} facts")
                forms, dropped = build_forms(sample)
                dropped_all += [f"{sid}: {d}" for d in dropped]
                view = MemoryView(services.store, services.recall, services.tiers)
                for name, tally in runs.items():
                    getter = (lambda: model) if name == "default_model" else None
                    prefiller = Prefiller(view, model=getter)
                    for speaker, items in forms.items():
                        spec = FormSpec(
                            "questions",
                            tuple(
                                Field(name=f"q{n}", label=it.label, type=it.field_type)
                                for n, it in enumerate(items, 1)
                            ),
                        )
                        t3 = time.perf_counter()
                        result = prefiller.fill(spec, speaker, use_model=getter is not None)
                        tally.seconds += time.perf_counter() - t3
                        for item, fr in zip(items, result.fields, strict=True):
                            tally.rows.append(_row(item, fr, sid, speaker))
                    progress(f"{sid}: {name} done")
            finally:
                services.close()
    summaries = {name: t.summary() for name, t in runs.items()}
    hallucinations = {
        name: [r for r in t.rows if r["kind"] != "answerable" and r["status"] == "filled"]
        for name, t in runs.items()
    }
    return {
        "benchmark": "prefill",
        "dataset": str(dataset),
        "conversations": [str(s.get("sample_id")) for s in chosen],
        "machine": _machine(
            getattr(model, "name", "none"), embedder.identity.model_id, started_at_commit
        ),
        "fields": {
            "answerable": sum(1 for r in runs["deterministic"].rows if r["kind"] == "answerable"),
            "no_answer_adversarial": sum(
                1 for r in runs["deterministic"].rows if r["kind"] == "adversarial"
            ),
            "no_answer_generic": sum(
                1 for r in runs["deterministic"].rows if r["kind"] == "generic"
            ),
            "generic_left_out_as_mentioned": dropped_all,
        },
        "target": {"hallucination_rate_max": 0.025, "answerable_f1>=0.5_min": 0.053},
        "runs": summaries,
        "imports": imports,
        "hallucinations": hallucinations,
        "rows": {name: t.rows for name, t in runs.items()},
    }


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.prefill", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--conversations",
        type=int,
        nargs="*",
        default=None,
        help="indexes of the conversations to run (default: all)",
    )
    parser.add_argument("--no-model", action="store_true", help="only the deterministic path")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    result = run(
        args.dataset,
        conversations=args.conversations,
        with_model=not args.no_model,
        progress=lambda m: print(m, file=sys.stderr, flush=True),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    brief = {
        name: {
            "answerable_f1>=0.5": s["answerable"]["f1>=0.5"],
            "answerable_contains": s["answerable"]["contains"],
            "answerable_filled": s["answerable"]["filled_rate"],
            "no_answer_unknown": s["no_answer"]["correct_unknown_rate"],
            "hallucination_rate": s["no_answer"]["hallucination_rate"],
        }
        for name, s in result["runs"].items()
    }
    print(json.dumps(brief, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
