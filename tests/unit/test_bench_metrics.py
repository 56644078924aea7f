"""The recall benchmark's metrics and evidence handling, on tiny hand-made data."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bench.dataset import apply_audit, clean_evidence, load_dataset, session_of
from bench.metrics import (
    SystemScores,
    dedupe,
    ndcg_at_k,
    percentile,
    recall_any_at_k,
    recall_at_k,
    score_query,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "locomo"
TINY = DATA / "locomo_tiny.json"
AUDIT = DATA / "audit_errors.json"


def test_recall_at_k_is_the_fraction_of_evidence_found() -> None:
    ranked = ["D1:1", "D1:2", "D1:1", "D2:5", "D3:1"]
    assert recall_at_k(ranked, ["D1:2", "D3:1"], 1) == 0.0
    assert recall_at_k(ranked, ["D1:2", "D3:1"], 2) == 0.5
    # repeats (a derived item repeating a turn) do not use up a place
    assert recall_at_k(ranked, ["D1:2", "D3:1"], 4) == 1.0
    assert recall_at_k(ranked, [], 5) == 0.0
    assert dedupe(ranked) == ["D1:1", "D1:2", "D2:5", "D3:1"]


def test_session_recall_any_ranks_sessions_by_their_best_turn() -> None:
    ranked = ["D4:1", "D4:2", "D4:3", "D1:1", "D2:1", "D5:1", "D6:1", "D3:1"]
    sessions = [session_of(d) for d in ranked]
    assert sessions[:4] == [4, 4, 4, 1]
    assert recall_any_at_k(sessions, {3}, 5) == 0.0  # 6th distinct session
    assert recall_any_at_k(sessions, {3}, 6) == 1.0
    assert recall_any_at_k(sessions, {9, 2}, 5) == 1.0


def test_ndcg_binary_relevance() -> None:
    assert ndcg_at_k(["a", "b"], ["a"], 10) == 1.0
    assert ndcg_at_k(["x", "a"], ["a"], 10) == pytest.approx(1 / math.log2(3))
    # two relevant, found at ranks 1 and 3: (1 + 1/log2(4)) / (1 + 1/log2(3))
    expected = (1 + 1 / 2) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(["a", "x", "b"], ["a", "b"], 10) == pytest.approx(expected)
    assert ndcg_at_k(["x", "y"], ["a"], 10) == 0.0
    assert ndcg_at_k(["x", "a"], ["a"], 1) == 0.0


def test_percentile_interpolates() -> None:
    assert percentile([], 50) == 0.0
    assert percentile([5.0], 95) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile(list(map(float, range(1, 101))), 95) == pytest.approx(95.05)


def test_scores_aggregate_per_category_and_latency() -> None:
    system = SystemScores("x")
    system.add(score_query(["D1:1", "D2:1"], ["D2:1"], 4, session_of=session_of, search_ms=2.0))
    system.add(score_query(["D3:1"], ["D1:5"], 2, session_of=session_of, search_ms=4.0, embed_ms=9))
    out = system.summary({2: "temporal", 4: "single-hop"})
    assert out["turn_recall@1"] == 0.0 and out["turn_recall@5"] == 0.5
    assert out["session_recall_any@5"] == 0.5 and out["queries"] == 2
    assert out["per_category"]["4"] == {
        "name": "single-hop",
        "turn_recall@1": 0.0,
        "turn_recall@5": 1.0,
        "turn_recall@10": 1.0,
        "turn_recall@20": 1.0,
        "session_recall_any@5": 1.0,
        "ndcg@10": round(1 / math.log2(3), 4),
        "queries": 1,
    }
    assert out["latency_ms"]["search_p50"] == 3.0 and out["latency_ms"]["embed_query_p95"] > 8


def test_clean_evidence_splits_fixes_and_drops() -> None:
    known = frozenset({"D1:4", "D2:2", "D2:3", "D11:26"})
    assert clean_evidence(["D2:3; D2:2", "D:11:26", "D", "D9:9", "D2:3"], known) == (
        "D2:3",
        "D2:2",
        "D11:26",
    )


@pytest.mark.parametrize(
    ("kind", "cited", "correct", "expected"),
    [
        ("WRONG_CITATION", ["D1:1"], ["D1:2"], ("D1:2",)),
        ("ATTRIBUTION_ERROR", ["D1:1"], ["D1:3", "D1:2"], ("D1:3", "D1:2")),
        ("ATTRIBUTION_ERROR", ["D1:1"], [], ()),
        ("HALLUCINATION", ["D1:1", "D1:2"], ["D1:2", "D1:3"], ("D1:2",)),  # pruned, not extended
        ("TEMPORAL_ERROR", ["D1:1"], ["D1:1"], ("D1:1",)),
        ("TEMPORAL_ERROR", ["D1:1"], ["D1:3"], ("D1:3",)),  # the citation itself was wrong
        ("INCOMPLETE", ["D1:1"], ["D1:1", "D1:2"], ("D1:1",)),
        ("SOMETHING_NEW", ["D1:1"], ["D1:2"], ("D1:1",)),
    ],
)
def test_audit_rules_per_error_type(
    kind: str, cited: list[str], correct: list[str], expected: tuple[str, ...]
) -> None:
    known = frozenset({"D1:1", "D1:2", "D1:3"})
    entry = {"error_type": kind, "cited_evidence": cited, "correct_evidence": correct}
    assert apply_audit(tuple(cited), entry, known) == expected


def test_load_dataset_applies_audit_only_to_matching_questions() -> None:
    data = load_dataset(TINY, audit_path=AUDIT)
    first, second = data.conversations
    assert [c.sample_id for c in data.conversations] == ["tiny-1", "tiny-2"]
    assert first.speakers == ("Ada", "Ben")
    by_q = {i.question: i for i in first.items}
    # locomo_0_qa0 in the audit has another question text: not applied
    assert by_q["What is the name of Ada's kitten?"].evidence == ("D1:3",)
    assert by_q["What is the name of Ada's kitten?"].audit is None
    assert by_q["How long did Ben practise for the recital?"].evidence == ("D2:3", "D2:2")
    hobbies = by_q["What hobbies do Ada and Ben have?"]
    assert hobbies.evidence == ("D1:4",) and hobbies.audit == "HALLUCINATION"
    assert hobbies.evidence_sessions == frozenset({1})
    assert first.skipped == 1  # empty evidence; category 5 is not scored at all
    assert [i.evidence for i in second.items] == [("D2:2",), ("D2:1",)]
    assert second.skipped == 1  # audit gave no correct evidence
    assert data.queries == 6
    assert data.audit_applied == {
        "TEMPORAL_ERROR": 1, "HALLUCINATION": 1, "WRONG_CITATION": 1, "ATTRIBUTION_ERROR": 1,
    }


def test_load_dataset_without_audit_and_subset() -> None:
    data = load_dataset(TINY, audit_path=None, conversations=[1])
    assert [c.sample_id for c in data.conversations] == ["tiny-2"]
    assert [i.evidence for i in data.conversations[0].items] == [("D2:1",), ("D1:2",), ("D2:1",)]
    assert data.audit_applied == {}
