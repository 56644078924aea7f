"""The acceptance for importing real archives, through the CLI with fake models: the whole
fixtures folder imports, every unsupported or broken file is reported with its reason, no
traceback reaches the user, a second run adds nothing; --dry-run stores nothing for every
format; `mneme watch --once` catches a folder up."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from app.cli import cli
from app.services.context import AppContext
from tests.conftest import FIXTURES

NOTES_AND_FILES = {
    "markdown", "orgmode", "text", "evernote", "google_keep", "pdf", "html", "apple_journal",
    "email", "mbox", "icalendar", "vcard", "roam", "tomboy", "google_activity",
    "chrome_history", "obsidian_canvas", "table",
}
EXPECTED_PROBLEMS = {
    "google_keep/obsidianimporter_broken-json-note.json": (
        "failed", "invalid JSON: Expecting ',' delimiter at line 8 column 5",
    ),
    "pdf/pypdf_encrypted-file.pdf": ("failed", "encrypted PDF; pass --password"),
    "icalendar/icalendar_calendar_with_unicode.ics": (
        "skipped", "no text to import (calendar has no events)",
    ),
}


def invoke(ctx: AppContext, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), obj=ctx, catch_exceptions=False)


def test_import_all_fixture_archives_then_again(app_ctx: AppContext) -> None:
    first = invoke(app_ctx, "import", str(FIXTURES), "--json")
    assert first.exit_code == 0
    assert "Traceback" not in first.output
    data = json.loads(first.output)
    files = data["files"]
    assert len(files) > 100
    for f in files:
        assert f["status"] in ("added", "skipped", "failed"), f
        if f["status"] in ("skipped", "failed"):
            assert f["reason"], f
    by_rel = {f["path"].removeprefix(str(FIXTURES) + "/"): f for f in files}
    for rel, (status, reason) in EXPECTED_PROBLEMS.items():
        assert (by_rel[rel]["status"], by_rel[rel]["reason"]) == (status, reason)
    imported = {f["format"] for f in files if f["status"] == "added"}
    assert imported >= NOTES_AND_FILES
    assert data["records_added"] > 1000
    problems = [f for f in files if f["status"] != "added"]
    assert len(problems) <= 8  # the known ones above plus a few honest skips

    again = json.loads(invoke(app_ctx, "import", str(FIXTURES), "--json").output)
    assert again["added"] == 0 and again["records_added"] == 0
    assert again["updated"] == 0
    assert again["unchanged"] == data["added"]


def test_human_report_lists_each_problem_with_its_reason(app_ctx: AppContext) -> None:
    result = invoke(app_ctx, "import", str(FIXTURES / "google_keep"), str(FIXTURES / "pdf"))
    assert result.exit_code == 0
    out = result.output
    assert "Traceback" not in out
    assert "obsidianimporter_broken-json-note.json: invalid JSON: Expecting ',' delimiter" in out
    assert "pypdf_encrypted-file.pdf: encrypted PDF; pass --password" in out
    assert "note was in Keep's trash; imported and flagged as trashed" in out
    assert "2 failed" in out


def test_encrypted_pdf_with_password(app_ctx: AppContext) -> None:
    path = FIXTURES / "pdf" / "pypdf_encrypted-file.pdf"
    data = json.loads(invoke(app_ctx, "import", str(path), "--password", "test", "--json").output)
    assert (data["files"][0]["status"], data["files"][0]["records"]) == ("added", 1)


def test_dry_run_stores_nothing_for_any_format(app_ctx: AppContext) -> None:
    dry = json.loads(invoke(app_ctx, "import", str(FIXTURES), "--dry-run", "--json").output)
    assert dry["dry_run"] is True and dry["run_id"] is None
    assert app_ctx.services.store.counts()["records"] == 0
    assert app_ctx.services.store.counts()["sources"] == 0
    formats = {f["format"] for f in dry["files"] if f["status"] == "added"}
    assert formats >= NOTES_AND_FILES
    real = json.loads(invoke(app_ctx, "import", str(FIXTURES), "--json").output)
    assert [(f["path"], f["status"], f["records"]) for f in dry["files"]] == [
        (f["path"], f["status"], f["records"]) for f in real["files"]
    ]


def test_watch_once_catches_a_folder_up(app_ctx: AppContext, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Rita lives in Porto.", encoding="utf-8")
    (tmp_path / "b.org").write_text("* TODO Call Tom\n  SCHEDULED: <2024-01-02 Tue>\n")
    result = invoke(app_ctx, "watch", "--once", str(tmp_path))
    assert result.exit_code == 0
    assert "added" in result.output and "a.md (1 new records)" in result.output
    (tmp_path / "a.md").unlink()
    lines = invoke(app_ctx, "watch", "--once", "--json", str(tmp_path)).output.splitlines()
    events = [json.loads(line) for line in lines]
    assert {"event": "removed", "path": str((tmp_path / "a.md").resolve()),
            "detail": "file deleted", "records": 1} in events
    assert events[-1]["event"] == "caught_up"
