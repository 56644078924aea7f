"""The click CLI through CliRunner, with fake models and a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from app.services.context import AppContext
from models.fakes import FakeChatModel
from tests.conftest import FIXTURES, fake_factory


def run(ctx: AppContext, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), obj=ctx, input=input, catch_exceptions=False)


def all_commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("name", all_commands())
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert len(cli.commands[name].help or "") > 20


def test_import_json_shape_and_idempotence(app_ctx: AppContext) -> None:
    first = run(app_ctx, "import", str(FIXTURES / "markdown"), "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    assert {"files", "added", "unchanged", "updated", "failed"} <= set(data)
    assert data["added"] == 4
    assert set(data["files"][0]) >= {"path", "status", "records", "reason"}
    again = json.loads(run(app_ctx, "import", str(FIXTURES / "markdown"), "--json").output)
    assert again["added"] == 0 and again["unchanged"] == 4


def test_import_human_summary_and_failure_reasons(app_ctx: AppContext, tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"caf\xe9 not utf8")
    result = run(app_ctx, "import", str(FIXTURES / "markdown"), str(bad))
    assert result.exit_code == 0
    assert "4 added" in result.output and "1 failed" in result.output
    assert "bad.md: not UTF-8 text" in result.output


def test_import_of_nothing_exits_nonzero(app_ctx: AppContext, tmp_path: Path) -> None:
    result = run(app_ctx, "import", str(tmp_path / "missing"))
    assert result.exit_code == 1
    assert "no such file or folder" in result.output


def test_ask_streams_answer_then_sources(app_ctx: AppContext, notes_dir: Path) -> None:
    run(app_ctx, "import", str(notes_dir))
    result = run(app_ctx, "ask", "Where does Rita live?")
    assert result.exit_code == 0
    assert result.output.startswith("Rita lives in Porto. [1]")
    assert "Sources" in result.output and "family.md" in result.output


def test_ask_json_and_abstention(app_ctx: AppContext, notes_dir: Path) -> None:
    run(app_ctx, "import", str(notes_dir))
    data = json.loads(run(app_ctx, "ask", "--json", "Where does Rita live?").output)
    assert data["known"] is True
    assert set(data["sources"][0]) >= {"id", "source", "text", "timestamp"}
    none = json.loads(run(app_ctx, "ask", "--json", "What is the capital of Mongolia?").output)
    assert none["known"] is False and none["sources"] == []


def test_search_json_and_batch(app_ctx: AppContext, notes_dir: Path, tmp_path: Path) -> None:
    run(app_ctx, "import", str(notes_dir))
    data = json.loads(run(app_ctx, "search", "bike", "-k", "2", "--json").output)
    assert data["query"] == "bike" and len(data["results"]) == 2
    assert "Cannondale" in data["results"][0]["text"]
    queries = tmp_path / "q.txt"
    queries.write_text("bike\n\nRita\n")
    lines = run(app_ctx, "search", "--batch", str(queries), "-k", "1").output.strip().splitlines()
    assert [json.loads(line)["query"] for line in lines] == ["bike", "Rita"]
    assert "Rita" in json.loads(lines[1])["results"][0]["text"]


def test_search_human_output(app_ctx: AppContext, notes_dir: Path) -> None:
    run(app_ctx, "import", str(notes_dir))
    out = run(app_ctx, "search", "Alps hiking").output
    assert "Went hiking in the Alps with Tom." in out and "journal.txt" in out


def test_doctor_reports_models_and_counts(app_ctx: AppContext, notes_dir: Path) -> None:
    run(app_ctx, "import", str(notes_dir))
    data = json.loads(run(app_ctx, "doctor", "--json").output)
    assert data["models"]["chat"]["ok"] and data["models"]["embedder"]["ok"]
    assert data["store"]["records"] == 4 and data["store"]["vectors"] == 4
    assert data["offline"]["HF_HUB_OFFLINE"] == "1"
    assert "textual" in run(app_ctx, "doctor").output


def test_errors_are_one_line_without_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MNEME_CHAT_MODEL", str(tmp_path / "missing.gguf"))
    ctx = AppContext(factory=None)
    result = CliRunner().invoke(cli, ["ask", "anything"], obj=AppContext(factory=fake_factory(FakeChatModel())))
    assert result.exit_code == 0  # empty store: abstains without needing the model
    (tmp_path / "n.md").write_text("Rita lives in Porto")
    from app.bootstrap import build_services
    from models.fakes import FakeEmbedder

    ctx = AppContext(factory=lambda s: build_services(s, embedder=FakeEmbedder()))
    CliRunner().invoke(cli, ["import", str(tmp_path / "n.md")], obj=ctx)
    result = CliRunner().invoke(cli, ["ask", "Where does Rita live?"], obj=ctx)
    assert result.exit_code == 1
    assert "Error: chat model not found" in result.output
    assert "missing.gguf" in result.output
    assert "Traceback" not in result.output


def test_reindex_after_changing_the_embedder(settings, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.bootstrap import build_services
    from models.fakes import FakeEmbedder

    first = AppContext(factory=lambda s: build_services(s, chat_model=FakeChatModel(), embedder=FakeEmbedder(dimension=64)))
    assert run(first, "import", str(notes_dir)).exit_code == 0
    first.close()
    other = AppContext(factory=lambda s: build_services(s, chat_model=FakeChatModel(), embedder=FakeEmbedder(dimension=32, model_id="fake/other")))
    (notes_dir / "more.md").write_text("Tom plays the cello.")
    refused = CliRunner().invoke(cli, ["import", str(notes_dir / "more.md")], obj=other)
    # Stored in SQLite (the truth), but vectors of two embedders are never mixed.
    assert "Vector index not updated" in refused.output and "mneme reindex" in refused.output
    data = json.loads(run(other, "reindex", "--json").output)
    assert data["records"] == 5 and data["dimension"] == 32
    hits = json.loads(run(other, "search", "cello", "--json").output)["results"]
    assert hits[0]["text"] == "Tom plays the cello."
    other.close()
