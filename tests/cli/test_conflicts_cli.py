"""``mneme conflicts`` shows both values of a conflict in full (issue 19): its lines wrap at
the terminal's width under their own column, never cut with "…"; ``--json`` says the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from app.cli import cli
from app.services.context import AppContext


def run(ctx: AppContext, *args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, list(args), obj=ctx, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("width", [80, 60, 160])
def test_conflicts_wrap_and_show_both_values_in_full(
    app_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2024-03-02.md").write_text("My sister Rita lives in Santa Maria da Feira Norte.\n")
    (notes / "2024-03-09.md").write_text("My sister Rita lives in Vila Nova de Famalicão Sul.\n")
    run(app_ctx, "import", str(notes))
    [conflict] = json.loads(run(app_ctx, "conflicts", "--json"))
    assert len(conflict["reason"]) > 100  # the old table cut it at 100 characters

    monkeypatch.setenv("COLUMNS", str(width))
    out = run(app_ctx, "conflicts")
    assert "…" not in out
    assert all(cell_len(line.rstrip()) <= width for line in out.splitlines()), out
    flat = " ".join(out.split())
    assert f"{conflict['id']} {conflict['reason']}" in flat
    for fact in conflict["facts"]:
        assert f"{fact['id']} {fact['status']} {fact['text']} (seen " in flat
        assert "Santa Maria da Feira Norte" in flat and "Vila Nova de Famalicão Sul" in flat
