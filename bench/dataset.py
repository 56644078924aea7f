"""Reading a LoCoMo-format benchmark file: conversations, QA items and their gold evidence.

Used by ``bench.recall`` (retrieval scoring) and ``bench.qa`` (answer scoring). The turns
themselves are imported into Mneme through the real importer (``importers.formats.locomo``);
this module only reads what the scoring needs: each question, its category and the
``dia_id``s of its evidence, cleaned and corrected with the audit file.

Evidence cleaning (applies to any file in the format):

- ids written together (``"D8:6; D9:17"``) are split, and ``"D:11:26"`` is read as
  ``"D11:26"``;
- ids naming no turn of the conversation are dropped (LoCoMo has a few typos such as
  ``"D"``); a question left without evidence is skipped and counted.

Audit corrections (``audit_errors.json`` from dial481/locomo-audit) are matched by
conversation order and question index (``locomo_<conv>_qa<qa>``) AND the question's text, so a
different file in the same format never picks up corrections meant for another. Per type:

- ``WRONG_CITATION`` and ``ATTRIBUTION_ERROR``: the cited evidence is wrong (or belongs to
  the other speaker); the audit's ``correct_evidence`` replaces it. Empty: question skipped.
- ``HALLUCINATION``, ``TEMPORAL_ERROR``, ``AMBIGUOUS``, ``INCOMPLETE``: the gold *answer* is
  at fault, not the citation; cited ids the audit leaves out of ``correct_evidence`` are
  dropped as wrong, ids it adds are not (they support the auditor's new answer, not the
  question as scored). When none of the cited ids survives, the citation itself was wrong
  and ``correct_evidence`` is used; empty: question skipped.
- any other type: the cited evidence is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CATEGORIES = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop", 5: "adversarial"}
RETRIEVAL_CATEGORIES = (1, 2, 3, 4)
REPLACE_TYPES = frozenset({"WRONG_CITATION", "ATTRIBUTION_ERROR"})
PRUNE_TYPES = frozenset({"HALLUCINATION", "TEMPORAL_ERROR", "AMBIGUOUS", "INCOMPLETE"})
DEFAULT_AUDIT = Path(__file__).resolve().parents[2] / "shared" / "data" / "locomo" / "audit_errors.json"

_SESSION = re.compile(r"^session_(\d+)$")
_DIA = re.compile(r"D:?(\d+):(\d+)")


@dataclass(frozen=True)
class QAItem:
    """One question with its cleaned gold evidence."""

    conv_index: int
    qa_index: int
    question: str
    answer: str
    category: int
    evidence: tuple[str, ...]
    audit: str | None = None
    """The audit's error type for this question, if it lists one that matched."""

    @property
    def question_id(self) -> str:
        return f"locomo_{self.conv_index}_qa{self.qa_index}"

    @property
    def evidence_sessions(self) -> frozenset[int]:
        return frozenset(session_of(d) for d in self.evidence)


@dataclass(frozen=True)
class Conversation:
    """One conversation of the file: its raw JSON item plus the scored questions."""

    index: int
    sample_id: str
    raw: dict[str, Any]
    dia_ids: frozenset[str]
    speakers: tuple[str, ...]
    items: tuple[QAItem, ...]
    skipped: int = 0
    """Questions of categories 1-4 left out (no valid evidence after cleaning and audit)."""


@dataclass
class Dataset:
    """A LoCoMo-format file ready for scoring."""

    path: Path
    conversations: list[Conversation]
    audit_applied: dict[str, int] = field(default_factory=dict)
    """How many audit corrections of each type matched a question of this file."""

    @property
    def queries(self) -> int:
        return sum(len(c.items) for c in self.conversations)


def session_of(dia_id: str) -> int:
    """The session number of a ``dia_id`` (``"D12:3"`` -> 12)."""
    m = _DIA.fullmatch(dia_id)
    return int(m.group(1)) if m else -1


def clean_evidence(raw: Iterable[Any], known: frozenset[str]) -> tuple[str, ...]:
    """Split joined ids, fix ``D:n:m`` spellings, keep ids of real turns, in order."""
    out: dict[str, None] = {}
    for entry in raw:
        for m in _DIA.finditer(str(entry)):
            dia = f"D{int(m.group(1))}:{int(m.group(2))}"
            if dia in known:
                out.setdefault(dia, None)
    return tuple(out)


def load_audit(path: Path | None) -> dict[tuple[int, int], Mapping[str, Any]]:
    """Audit entries keyed by (conversation index, question index); {} when absent."""
    if path is None or not path.is_file():
        return {}
    entries = json.loads(path.read_text(encoding="utf-8"))
    out: dict[tuple[int, int], Mapping[str, Any]] = {}
    for e in entries:
        m = re.fullmatch(r"locomo_(\d+)_qa(\d+)", str(e.get("question_id", "")))
        if m:
            out[(int(m.group(1)), int(m.group(2)))] = e
    return out


def apply_audit(
    evidence: tuple[str, ...], entry: Mapping[str, Any] | None, known: frozenset[str]
) -> tuple[str, ...]:
    """Evidence after the audit's correction (see the module docstring for the rules)."""
    if entry is None:
        return evidence
    kind = str(entry.get("error_type", ""))
    correct = clean_evidence(entry.get("correct_evidence") or [], known)
    if kind in REPLACE_TYPES:
        return correct
    if kind in PRUNE_TYPES and "correct_evidence" in entry:
        kept = tuple(d for d in evidence if d in correct)
        return kept or correct
    return evidence


def _turn_ids(conv: Mapping[str, Any]) -> frozenset[str]:
    ids: set[str] = set()
    for key, turns in conv.items():
        if _SESSION.match(key) and isinstance(turns, list):
            ids.update(str(t.get("dia_id")) for t in turns if isinstance(t, dict))
    return frozenset(ids)


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def load_dataset(
    path: Path,
    *,
    audit_path: Path | None = DEFAULT_AUDIT,
    conversations: Sequence[int] | None = None,
    categories: Sequence[int] = RETRIEVAL_CATEGORIES,
) -> Dataset:
    """Read a LoCoMo-format file and its scored questions.

    Args:
        path: the JSON file (a list of conversations).
        audit_path: the audit's ``audit_errors.json`` (None: no corrections).
        conversations: indexes of the conversations to keep (None: all).
        categories: question categories to score.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    audit = load_audit(audit_path)
    applied: dict[str, int] = {}
    convs: list[Conversation] = []
    for ci, item in enumerate(data):
        if conversations is not None and ci not in conversations:
            continue
        conv = item["conversation"]
        known = _turn_ids(conv)
        items: list[QAItem] = []
        skipped = 0
        for qi, qa in enumerate(item.get("qa", [])):
            category = int(qa.get("category", 0))
            if category not in categories:
                continue
            evidence = clean_evidence(qa.get("evidence") or [], known)
            entry = audit.get((ci, qi))
            if entry is not None and _norm(entry.get("question", "")) != _norm(qa["question"]):
                entry = None  # another file in the same format: the audit is not about it
            if entry is not None:
                applied[str(entry.get("error_type"))] = applied.get(str(entry.get("error_type")), 0) + 1
                evidence = apply_audit(evidence, entry, known)
            if not evidence:
                skipped += 1
                continue
            answer = qa.get("answer", qa.get("adversarial_answer", ""))
            items.append(
                QAItem(
                    conv_index=ci,
                    qa_index=qi,
                    question=str(qa["question"]),
                    answer=str(answer),
                    category=category,
                    evidence=evidence,
                    audit=str(entry.get("error_type")) if entry is not None else None,
                )
            )
        speakers = tuple(str(conv[k]) for k in ("speaker_a", "speaker_b") if conv.get(k))
        convs.append(
            Conversation(
                index=ci,
                sample_id=str(item.get("sample_id") or f"conversation_{ci}"),
                raw=item,
                dia_ids=known,
                speakers=speakers,
                items=tuple(items),
                skipped=skipped,
            )
        )
    return Dataset(path=Path(path), conversations=convs, audit_applied=applied)
