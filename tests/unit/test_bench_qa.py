"""Answer scoring of ``bench.qa`` (LoCoMo's normalisation, F1, categories) and a tiny run."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.dataset import QAItem
from bench.qa import multi_f1, normalize_answer, run_qa, score_answer, spread, token_f1
from models.fakes import FakeChatModel, FakeEmbedder

TINY = Path(__file__).resolve().parents[1] / "data" / "locomo" / "locomo_tiny.json"


def _item(answer: str, category: int = 4) -> QAItem:
    return QAItem(0, 0, "q?", answer, category, ("D1:1",))


def test_normalize_answer() -> None:
    assert normalize_answer("The Lisbon Marathon, in 2023!") == "lisbon marathon in 2023"
    assert normalize_answer("  A cat and a dog ") == "cat dog"


def test_token_f1_and_multi() -> None:
    assert token_f1("Lisbon", "lisbon") == 1.0
    assert token_f1("in Lisbon, Portugal", "Lisbon") == pytest.approx(2 * (1 / 3) / (1 / 3 + 1))
    assert token_f1("Porto", "Lisbon") == 0.0
    assert token_f1("", "Lisbon") == 0.0
    # multi-hop: each gold part against its best predicted part
    assert multi_f1("hiking, cello", "cello, hiking") == 1.0
    assert multi_f1("cello", "cello, hiking") == 0.5


def test_score_answer_by_category() -> None:
    assert score_answer("Pixel [1]", _item("Pixel")) == (1.0, 1.0)  # citations ignored
    assert score_answer("She is called Pixel.", _item("Pixel"))[0] == 0.0
    exact, f1 = score_answer("Counseling", _item("Counseling; psychology", category=3))
    assert exact == 1.0 and f1 == 1.0  # open-domain: first part only
    assert score_answer("hiking", _item("hiking, cello", category=1))[1] == 0.5


def test_spread_keeps_order_and_size() -> None:
    items = [_item(str(i)) for i in range(10)]
    assert [i.answer for i in spread(items, 3)] == ["0", "3", "6"]
    assert spread(items, None) == items and spread(items, 50) == items


def test_run_qa_on_a_tiny_file() -> None:
    result = run_qa(
        TINY,
        embedder=FakeEmbedder(),
        chat_model=FakeChatModel(["Pixel [1]"], capable=True),
        conversations=[0],
        audit=None,
    )
    assert result["questions"] == 4 and result["model"] == "fake-chat"
    kitten = next(r for r in result["answers"] if r["question"].startswith("What is the name"))
    assert (kitten["answer"], kitten["exact"], kitten["f1"], kitten["method"]) == (
        "Pixel [1]", 1.0, 1.0, "model"
    )
    recital = next(r for r in result["answers"] if r["question"].startswith("When did Ben"))
    # "Pixel" does not answer when Ben's recital was: the model's answer is not shown.
    assert recital["answer"] != "Pixel [1]" and recital["method"] != "model"
    assert recital["exact"] == 0.0
    assert result["exact_match"] == 0.25
    assert set(result["per_category"]) == {"1", "2", "4"}
    assert 0.0 <= result["f1"] <= 1.0 and "machine" in result
