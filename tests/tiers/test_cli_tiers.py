"""The memory-tier commands through CliRunner (fake models, real SQLite and Chroma)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from app.cli import cli
from app.services.context import AppContext
from tests.tiers.conftest import LIFE_STORY

FACT_KEYS = {"id", "subject", "predicate", "object", "text", "status", "valid_from", "valid_to",
             "confidence", "sources"}


def run(ctx: AppContext, *args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, list(args), obj=ctx, catch_exceptions=False)
    return result


def load(ctx: AppContext, *args: str):  # type: ignore[no-untyped-def]
    result = run(ctx, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def imported(app_ctx: AppContext, tmp_path: Path) -> Path:
    story = tmp_path / "story"
    shutil.copytree(LIFE_STORY, story)
    assert run(app_ctx, "import", str(story)).exit_code == 0
    return story


def test_facts_history_and_about(app_ctx: AppContext, tmp_path: Path) -> None:
    imported(app_ctx, tmp_path)
    current = load(app_ctx, "facts", "--json")
    assert all(set(f) >= FACT_KEYS for f in current)
    assert {f["status"] for f in current} == {"current", "conflict"}
    history = load(app_ctx, "facts", "--history", "--json")
    lisbon = [f for f in history if f["object"] == "Lisbon"]
    assert lisbon[0]["status"] == "superseded"
    assert lisbon[0]["valid_from"].startswith("2024-01-03") and lisbon[0]["valid_to"].startswith("2024-05-11")
    rita = load(app_ctx, "facts", "--about", "Rita", "--json")
    assert {f["text"] for f in rita} == {"Your sister is Rita.", "Rita lives in Porto."}
    human = run(app_ctx, "facts", "--history")
    assert "You lived in Lisbon until May 2024." in human.output and "2024-05-11" in human.output


def test_conflicts_list_and_resolve(app_ctx: AppContext, tmp_path: Path) -> None:
    imported(app_ctx, tmp_path)
    [conflict] = load(app_ctx, "conflicts", "--json")
    objects = {f["object"]: f["id"] for f in conflict["facts"]}
    assert set(objects) == {"14 May", "2 June"}
    assert "14 May" in run(app_ctx, "conflicts").output
    bad = CliRunner().invoke(cli, ["conflicts", "resolve", conflict["id"], "--keep", "f99999"], obj=app_ctx)
    assert bad.exit_code == 1 and "is not one of the facts" in bad.output
    done = load(app_ctx, "conflicts", "resolve", conflict["id"], "--keep", objects["14 May"], "--json")
    assert done["resolved_at"] and load(app_ctx, "conflicts", "--json") == []
    assert len(load(app_ctx, "conflicts", "--all", "--json")) == 1


def test_persona_episodes_memory_show_pin(app_ctx: AppContext, tmp_path: Path) -> None:
    imported(app_ctx, tmp_path)
    places = load(app_ctx, "persona", "--section", "places", "--json")
    texts = [s["text"] for s in places["sections"]["places"]]
    assert "You live in Berlin (since May 2024)." in texts
    assert places["versions"] and places["versions"][0]["statements"] > 0
    stmt = places["sections"]["places"][0]
    assert load(app_ctx, "persona", "--confirm", stmt["id"], "--json")["status"] == "confirmed"
    episodes = load(app_ctx, "episodes", "--since", "2024-12-01", "--json")
    assert episodes and all(e["start"] >= "2024-12-01" for e in episodes)
    assert set(episodes[0]) >= {"id", "kind", "title", "summary", "start", "end", "participants"}
    assert run(app_ctx, "episodes", "--since", "soonish").exit_code == 2

    fact = load(app_ctx, "facts", "--about", "Berlin", "--json")[0]
    shown = load(app_ctx, "memory", "show", fact["id"], "--json")
    assert shown["tier"] == "fact" and shown["decay"]["retention"] > 0.9
    assert shown["evidence"][0]["id"].startswith("r")
    assert any("superseded" in h["what"] for h in shown["history"])
    pinned = load(app_ctx, "pin", fact["id"], "--json")
    assert pinned["pinned"] is True
    assert load(app_ctx, "unpin", fact["id"], "--json")["pinned"] is False
    missing = CliRunner().invoke(cli, ["memory", "show", "f99999"], obj=app_ctx)
    assert missing.exit_code == 1 and "no memory item f99999" in missing.output
    text = run(app_ctx, "memory", "show", episodes[0]["id"]).output
    assert "retention" in text and "Evidence" in text


def test_about_ask_search_and_consolidate(app_ctx: AppContext, tmp_path: Path) -> None:
    imported(app_ctx, tmp_path)
    about = load(app_ctx, "about", "Rita", "--json")
    assert about["known"] and about["facts"] and about["timeline"]
    assert "I don't have anything in memory about Zanzibar" in run(app_ctx, "about", "Zanzibar").output
    ask = load(app_ctx, "ask", "--json", "Where do I live?")
    assert ask["answer"].startswith("You live in Berlin") and ask["known"] is True
    assert set(ask["sources"][0]) >= {"id", "source", "text", "timestamp"}
    found = load(app_ctx, "search", "Berlin", "--json", "--include-faded")
    assert {r["tier"] for r in found["results"]} >= {"record", "fact"}
    report = load(app_ctx, "consolidate", "--json")
    assert report["records"] == 0 and report["cancelled"] is False
    assert "Consolidated: 0 records read" in run(app_ctx, "consolidate").output


def test_forget_dry_run_then_for_real(app_ctx: AppContext, tmp_path: Path) -> None:
    story = imported(app_ctx, tmp_path)
    dry = load(app_ctx, "forget", "--about", "Biscuit", "--dry-run", "--json")
    assert dry["dry_run"] is True and dry["records"] and dry["facts"]
    assert load(app_ctx, "about", "Biscuit", "--json")["known"] is True
    refused = run(app_ctx, "forget", "--about", "Biscuit", "--yes", "--json")
    assert refused.exit_code == 1 and "--yes-all" in refused.output  # whole notes
    done = load(app_ctx, "forget", "--about", "Biscuit", "--yes-all", "--json")
    assert done["dry_run"] is False and len(done["records"]) == len(dry["records"])
    assert load(app_ctx, "about", "Biscuit", "--json")["known"] is False
    gone = load(app_ctx, "forget", "--source", str(story / "2024-01-05.md"), "--json")
    assert gone["sources"] == [f"file:{story / '2024-01-05.md'}"]
    again = CliRunner().invoke(cli, ["forget", "--about", "Biscuit"], obj=app_ctx)
    assert again.exit_code == 1 and "nothing in memory matches" in again.output
