"""``mneme bench recall`` through CliRunner on a tiny LoCoMo-format file (fake embedder)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from app.cli import cli
from app.services.context import AppContext

TINY = Path(__file__).resolve().parents[1] / "data" / "locomo" / "locomo_tiny.json"
SYSTEMS = ("mneme", "bm25", "vector")


def run(ctx: AppContext, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), obj=ctx, catch_exceptions=False)


def test_bench_recall_json_has_the_three_systems(app_ctx: AppContext) -> None:
    result = run(app_ctx, "bench", "recall", "--dataset", str(TINY), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(SYSTEMS) <= set(data)
    assert {"dataset", "queries", "machine"} <= set(data)
    assert data["queries"] == 6 and data["skipped_questions"] == 2  # the audit beside the file
    assert data["audit_corrections"]["WRONG_CITATION"] == 1
    assert data["machine"]["cores"] >= 1 and "python" in data["machine"]
    for name in SYSTEMS:
        figures = data[name]
        for key in (
            "turn_recall@1", "turn_recall@5", "turn_recall@10", "turn_recall@20",
            "session_recall_any@5", "ndcg@10",
        ):
            assert 0.0 <= figures[key] <= 1.0, (name, key)
        assert set(figures["per_category"]) == {"1", "2", "4"}
        assert set(figures["latency_ms"]) >= {"search_p50", "search_p95"}
        assert set(figures["per_conversation"]) == {"tiny-1", "tiny-2"}
    # Two sessions per conversation: every system finds an evidence session in its top 5.
    assert all(data[name]["session_recall_any@5"] == 1.0 for name in SYSTEMS)
    assert data["mneme"]["turn_recall@20"] == 1.0  # every turn fits in 20
    assert data["records"] == 13


def test_bench_recall_options_and_table(app_ctx: AppContext) -> None:
    result = run(
        app_ctx, "bench", "recall", "--dataset", str(TINY), "--conversations", "1",
        "-k", "1", "-k", "3", "--no-audit", "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["conversations"] == ["tiny-2"] and data["queries"] == 3
    assert "turn_recall@3" in data["mneme"] and "turn_recall@10" not in data["mneme"]
    table = run(app_ctx, "bench", "recall", "--dataset", str(TINY), "--conversations", "0")
    assert table.exit_code == 0
    assert "mneme" in table.stdout and "bm25" in table.stdout and "turn_recall@10" in table.stdout
