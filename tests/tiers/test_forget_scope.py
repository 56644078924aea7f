"""Forget deletes only what it names: subjects match whole names or words (never raw LIKE
patterns, never an episode's JSON), and a forget that reaches further than asked (a large
share of the memory, or whole sources the user did not name) needs ``--yes-all`` after a
preview of the counts per tier and source."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.bootstrap import Services
from app.cli import cli
from app.services.context import AppContext
from memory.records import RecordIn
from memory.store import SourceIn
from memory.tiers.forget import ForgetError
from tests.tiers.conftest import LIFE_STORY

PUNCTUATION = ["%", "_", '"', ",", "'", "%%", "_%", '"%"', "*", "-"]


def counts(svc: Services) -> dict[str, int]:
    return {t: int(svc.db.scalar(f"SELECT COUNT(*) FROM {t}") or 0)
            for t in ("records", "sources", "facts", "episodes", "persona_statements")}


def has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.mark.parametrize("subject", PUNCTUATION)
def test_punctuation_subjects_match_nothing(tsvc: Services, subject: str) -> None:
    tsvc.importer.run([LIFE_STORY])
    assert tsvc.tiers is not None
    before = counts(tsvc)
    with pytest.raises(ForgetError):
        tsvc.tiers.forgetter.plan(about=subject)
    assert counts(tsvc) == before


def test_short_words_match_whole_words_only(tsvc: Services) -> None:
    tsvc.importer.run([LIFE_STORY])
    assert tsvc.tiers is not None
    total = counts(tsvc)["episodes"]
    for word in ("an", "a"):
        plan = tsvc.tiers.forgetter.plan(about=word)
        episodes = tsvc.tiers.episodes.many(plan.episode_ids).values()
        assert all(has_word(f"{e.title} {e.summary}", word) for e in episodes), word
        assert len(plan.episode_ids) < total
        texts = [r.text for r in tsvc.store.records(plan.record_ids)]
        assert all(has_word(t, word) for t in texts)
        assert plan.needs_yes_all  # whole notes the user did not name
    with pytest.raises(ForgetError):
        tsvc.tiers.forgetter.plan(about="Ri")  # not a word of "Rita", nor of the JSON


def test_participants_are_matched_as_names_not_json_text(tsvc: Services) -> None:
    assert tsvc.tiers is not None
    t0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    lines = ["Shall we meet at the lake?", "Sure, at noon.", "Bring the kayak.", "See you there."]
    recs = [RecordIn(text=t, kind="message", speaker=("Rita Lopes" if i % 2 else "Tom"),
                     conversation="lake", event_time=t0 + timedelta(minutes=i)) for i, t in enumerate(lines)]
    tsvc.store.append_records(SourceIn(uri="chat:lake", kind="whatsapp", content_hash=""), recs)
    tsvc.indexer.index_pending()
    tsvc.tiers.consolidate()
    [episode] = tsvc.tiers.episodes.listing()
    assert "Rita Lopes" in episode.participants
    for subject in ('"', ",", "[", "Lopes\"", "ta Lo"):
        with pytest.raises(ForgetError):
            tsvc.tiers.forgetter.plan(about=subject)
    assert tsvc.tiers.forgetter.plan(about="Rita Lopes").episode_ids == [episode.id]


def imported(app_ctx: AppContext, tmp_path: Path) -> Path:
    story = tmp_path / "story"
    shutil.copytree(LIFE_STORY, story)
    assert CliRunner().invoke(cli, ["import", str(story)], obj=app_ctx).exit_code == 0
    return story


def db_counts(app_ctx: AppContext) -> dict[str, int]:
    return counts(app_ctx.services)


@pytest.mark.parametrize("subject", ["%", "_", '"', ","])
def test_cli_forget_of_a_pattern_deletes_nothing(app_ctx: AppContext, tmp_path: Path, subject: str) -> None:
    imported(app_ctx, tmp_path)
    before = db_counts(app_ctx)
    result = CliRunner().invoke(cli, ["forget", "--about", subject, "--yes"], obj=app_ctx)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert db_counts(app_ctx) == before


@pytest.mark.parametrize("subject", ["a", "an"])
def test_cli_wide_forget_needs_yes_all_after_a_preview(app_ctx: AppContext, tmp_path: Path, subject: str) -> None:
    imported(app_ctx, tmp_path)
    before = db_counts(app_ctx)
    refused = CliRunner().invoke(cli, ["forget", "--about", subject, "--yes"], obj=app_ctx)
    assert refused.exit_code == 1
    assert "--yes-all" in refused.output
    assert re.search(r"\d+ records", refused.output) and re.search(r"\d+ episodes", refused.output)
    assert "2024-" in refused.output  # the sources it would remove whole are listed
    assert db_counts(app_ctx) == before
    preview = json.loads(CliRunner().invoke(cli, ["forget", "--about", subject, "--dry-run", "--json"],
                                            obj=app_ctx).output)
    assert preview["needs_yes_all"] is True
    assert set(preview["counts"]) >= {"records", "facts", "episodes", "persona_statements"}
    assert preview["per_source"] and all({"source", "records", "whole"} <= set(s) for s in preview["per_source"])
    done = CliRunner().invoke(cli, ["forget", "--about", subject, "--yes-all", "--json"], obj=app_ctx)
    assert done.exit_code == 0, done.output
    assert db_counts(app_ctx)["records"] == before["records"] - preview["counts"]["records"]


def test_about_me_note_is_not_deleted_by_a_word_in_it(app_ctx: AppContext, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "about-me.md").write_text(
        "# About me\n\nMy name is Ana Lima. My email is ana.lima@example.com. I was born on "
        "1990-05-01. My phone number is +351 912 345 678. I work at Farfetch.\n")
    for day in range(1, 8):
        (notes / f"2024-02-0{day}.md").write_text(f"---\ndate: 2024-02-0{day}\n---\n\nA quiet day {day}.\n")
    assert CliRunner().invoke(cli, ["import", str(notes)], obj=app_ctx).exit_code == 0
    facts_before = json.loads(CliRunner().invoke(cli, ["facts", "--json"], obj=app_ctx).output)
    assert len(facts_before) >= 3
    refused = CliRunner().invoke(cli, ["forget", "--about", "Farfetch", "--yes"], obj=app_ctx)
    assert refused.exit_code == 1 and "--yes-all" in refused.output
    assert "about-me.md" in refused.output
    facts_after = json.loads(CliRunner().invoke(cli, ["facts", "--json"], obj=app_ctx).output)
    assert facts_after == facts_before


def test_a_narrow_forget_in_a_chat_needs_only_yes(app_ctx: AppContext) -> None:
    svc = app_ctx.services
    t0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    lines = [f"Message number {i} about the weather." for i in range(30)]
    lines[7] = "The surprise party for Nadia is on Friday."
    recs = [RecordIn(text=t, kind="message", speaker="Sam", conversation="c1",
                     event_time=t0 + timedelta(minutes=i)) for i, t in enumerate(lines)]
    svc.store.append_records(SourceIn(uri="chat:sam", kind="whatsapp", content_hash=""), recs)
    svc.indexer.index_pending()
    result = CliRunner().invoke(cli, ["forget", "--about", "Nadia", "--yes", "--json"], obj=app_ctx)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["needs_yes_all"] is False and data["counts"]["records"] == 1
    assert svc.db.scalar("SELECT COUNT(*) FROM records") == 29
