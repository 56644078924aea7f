"""Scores Mneme's fact extraction on the labelled statements of ``statements.jsonl``.

Each line of ``statements.jsonl`` is one note or chat message written in the first person,
with the facts it states (none for a question, a wish, a negation without a fact, someone
else's words...)::

    {"id": "s001", "split": "tune", "kind": "note", "group": "lives_in",
     "text": "I live in Porto.", "facts": [{"s": "me", "p": "lives_in", "o": "Porto"}],
     "tags": ["plain"]}

A fact is ``s`` (``me`` for the writer, else the person's name), ``p`` (a predicate of
``memory.tiers.predicates``), ``o`` (the object), and optionally ``past`` (a former value:
"I used to live in X"), ``ended`` (the statement ends it: "I no longer live in X") and ``q``
(a qualifier: a pet's species). ``split`` is ``tune`` (rules may be developed against
it), ``check`` (held back, measured once, then used for fixes), ``check2``, ``check3``,
``check4``, ``check5``, ``check6``, ``check7``, ``check8`` or ``check9`` (later held-back splits, each written
blind, without reading the grammar: see the README for their first measures).

A predicted fact matches an expected one when the subject, predicate and flags agree and
the objects do: names, places and workplaces by their normalised key; dates by day and
month; phrases (likes, plans, health...) by word overlap (token F1 >= 0.67 of the stemmed
words, so "go running every morning" matches "go running every morning before work").
Precision is matched / predicted, recall matched / expected, over every statement of a
split. ``python -m tests.data.statements.scorer [--split check] [--errors]`` prints them;
``bench.facts`` reports them beside the LoCoMo figures.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from memory.records import StoredRecord
from memory.text import fold, stem, tokens
from memory.tiers.extract import ExtractedFact, extract_facts, record_speaker
from memory.tiers.timex import parse_calendar_date

STATEMENTS = Path(__file__).with_name("statements.jsonl")
WHEN = "2026-06-15T10:00:00+00:00"
EXACT = ("name", "lives_in", "from", "works_at", "studies_at", "has_pet", "speaks", "diet")
"""Predicates whose objects must be the same name (others match by word overlap)."""


@dataclass(frozen=True)
class Statement:
    """One labelled statement."""

    id: str
    split: str
    kind: str
    group: str
    text: str
    facts: tuple[dict[str, Any], ...]
    tags: tuple[str, ...]


def load(path: Path = STATEMENTS) -> list[Statement]:
    """The statements of ``path`` (a clear error names the line of a malformed one)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(
                Statement(
                    str(row["id"]),
                    str(row["split"]),
                    str(row["kind"]),
                    str(row.get("group", "")),
                    str(row["text"]),
                    tuple(row["facts"]),
                    tuple(row.get("tags", ())),
                )
            )
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError(f"{path}:{n}: not a statement ({e})") from e
    return out


def record(statement: Statement, record_id: int = 1) -> StoredRecord:
    """The statement as Mneme stores it: a note of the user's, or a chat message of theirs."""
    note = statement.kind == "note"
    return StoredRecord(
        record_id,
        1,
        "file:/statements.md" if note else "chat:statements",
        "markdown" if note else "jsonl-chat",
        "note_chunk" if note else "message",
        0,
        statement.text,
        None if note else "me",
        None,
        None,
        WHEN,
        WHEN,
        "active",
        None,
        {},
    )


def predict(statement: Statement) -> list[ExtractedFact]:
    """Mneme's deterministic facts for one statement."""
    rec = record(statement)
    return extract_facts(rec, record_speaker(rec, lambda name: fold(name) == "me"))


def _words(text: str) -> list[str]:
    return [stem(t) for t in tokens(text) if t not in ("the", "a", "an", "my", "your", "to")]


def _f1(a: list[str], b: list[str]) -> float:
    common = sum((Counter(a) & Counter(b)).values())
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def same_object(predicate: str, expected: str, got: str) -> bool:
    """Whether two objects of ``predicate`` say the same (see the module docstring)."""
    if predicate == "birthday":
        a, b = parse_calendar_date(expected), parse_calendar_date(got)
        return a is not None and b is not None and (a.key, a.year) == (b.key, b.year)
    if predicate == "phone":
        return re.sub(r"\D", "", expected) == re.sub(r"\D", "", got)
    exp, pred = _words(expected), _words(got)
    if predicate in EXACT or (predicate.startswith("has_") and predicate != "has_children"):
        return exp == pred
    return bool(exp) and bool(pred) and _f1(exp, pred) >= 0.67


def matches(expected: dict[str, Any], fact: ExtractedFact) -> bool:
    """Whether ``fact`` is the ``expected`` one."""
    subject = str(expected.get("s", "me"))
    if (subject == "me") != fact.subject_is_self:
        return False
    if subject != "me" and fold(subject) != fold(fact.subject):
        return False
    if expected["p"] != fact.predicate:
        return False
    if bool(expected.get("past")) != fact.past or bool(expected.get("ended")) != fact.negate:
        return False
    if "q" in expected and fold(str(expected["q"])) != fold(fact.qualifier or ""):
        return False
    return same_object(fact.predicate, str(expected["o"]), fact.object)


def _describe(fact: ExtractedFact) -> str:
    who = "me" if fact.subject_is_self else fact.subject
    flags = "".join(f"|{f}" for f, on in (("past", fact.past), ("ended", fact.negate)) if on)
    q = f"|q={fact.qualifier}" if fact.qualifier else ""
    return f"{who}:{fact.predicate}={fact.object}{flags}{q}"


def score(statements: list[Statement], split: str | None = None) -> dict[str, Any]:
    """Precision and recall over ``statements`` (of one ``split`` when given)."""
    chosen = [s for s in statements if split is None or s.split == split]
    tp = fp = fn = 0
    by_predicate: dict[str, Counter[str]] = {}
    errors: list[dict[str, Any]] = []
    for st in chosen:
        predicted = predict(st)
        left = list(predicted)
        missed = []
        for exp in st.facts:
            hit = next((f for f in left if matches(exp, f)), None)
            counts = by_predicate.setdefault(str(exp["p"]), Counter())
            if hit is None:
                fn += 1
                counts["fn"] += 1
                missed.append(exp)
            else:
                tp += 1
                counts["tp"] += 1
                left.remove(hit)
        for f in left:
            fp += 1
            by_predicate.setdefault(f.predicate, Counter())["fp"] += 1
        if missed or left:
            errors.append(
                {
                    "id": st.id,
                    "text": st.text,
                    "missed": missed,
                    "wrong": [_describe(f) for f in left],
                }
            )
    return {
        "statements": len(chosen),
        "expected_facts": tp + fn,
        "predicted_facts": tp + fp,
        "matched": tp,
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        "by_predicate": {
            p: {
                "expected": c["tp"] + c["fn"],
                "predicted": c["tp"] + c["fp"],
                "matched": c["tp"],
            }
            for p, c in sorted(by_predicate.items())
        },
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score fact extraction on the statements.")
    parser.add_argument(
        "--split",
        choices=(
            "tune", "check", "check2", "check3", "check4", "check5", "check6", "check7",
            "check8", "check9",
        ),
        default=None,
    )
    parser.add_argument("--errors", action="store_true", help="list every miss and wrong fact")
    args = parser.parse_args(argv)
    result = score(load(), args.split)
    if args.errors:
        for err in result["errors"]:
            print(f"{err['id']}: {err['text']!r}")
            for m in err["missed"]:
                print(f"    missed {m}")
            for w in err["wrong"]:
                print(f"    wrong  {w}")
    print(
        f"split {args.split or 'all'}: {result['statements']} statements, "
        f"precision {result['precision']:.3f} ({result['matched']}/{result['predicted_facts']}), "
        f"recall {result['recall']:.3f} ({result['matched']}/{result['expected_facts']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
