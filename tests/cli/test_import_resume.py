"""`mneme import` after Ctrl+C and `mneme watch --once` over a damaged zip (issue 14,
"what was seen" 1 and 8): the CLI says what was stored and how to resume, never just
"Aborted!", and the re-run says it is resuming."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from app.services.context import AppContext
from tests.conftest import write


def invoke(ctx: AppContext, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), obj=ctx, catch_exceptions=False)


def interrupt(*_args: object, **_kwargs: object) -> int:
    raise KeyboardInterrupt


def test_ctrl_c_prints_what_was_stored_and_how_to_resume(
    app_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = write(tmp_path / "notes" / "rita.md", "# Rita\n\nRita lives in Porto.\n")
    services = app_ctx.services
    with monkeypatch.context() as m:
        m.setattr(services.indexer, "index_pending", interrupt)  # Ctrl+C while indexing
        stopped = invoke(app_ctx, "import", str(note.parent))
    assert stopped.exit_code == 130
    assert "Aborted!" not in stopped.output
    assert "Import interrupted. Stored before the interruption: 1 file(s), 1 new records" in (
        stopped.output
    )
    assert f"To resume, run: mneme import {note.parent}" in stopped.output

    again = invoke(app_ctx, "import", str(note.parent))
    assert again.exit_code == 0
    assert f"Resuming the interrupted import of {note.parent}: 1 records to index" in again.output
    assert "0 added, 1 unchanged" in again.output
    assert "Resumed: the work an earlier import left is finished" in again.output
    assert services.store.counts()["records_pending_index"] == 0
    assert services.tiers is not None and services.tiers.pending() == 0


def test_json_report_says_it_resumed(
    app_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = write(tmp_path / "notes" / "tom.md", "Tom plays chess on Sundays.\n")
    with monkeypatch.context() as m:
        m.setattr(app_ctx.services.indexer, "index_pending", interrupt)
        assert invoke(app_ctx, "import", str(note)).exit_code == 130
    data = json.loads(invoke(app_ctx, "import", "--json", str(note)).stdout)
    assert data["resumed"]["to_index"] == 1
    assert data["resumed"]["interrupted"][0]["paths"] == [str(note)]
    assert data["unchanged"] == 1 and data["consolidated"]


def test_watch_once_over_a_damaged_zip_in_a_zip(app_ctx: AppContext, tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("ana.md", "Ana keeps bees on the roof.")
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("inner.zip", inner.getvalue())
    data = outer.getvalue()
    at = data.index(b"Ana keeps bees") + 3
    (tmp_path / "parts.zip").write_bytes(data[:at] + b"X" + data[at + 1 :])
    write(tmp_path / "a.md", "Rita lives in Porto.")
    write(tmp_path / "z.md", "Tom plays chess.")
    result = invoke(app_ctx, "watch", "--once", str(tmp_path))
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert "a.md (1 new records)" in result.output and "z.md (1 new records)" in result.output
    assert "parts.zip!inner.zip: damaged zip member (Bad CRC-32" in result.output


SIGINT_CHILD = """
import signal, sys, time
# A shell running the suite in the background starts it ignoring SIGINT, and children
# inherit that: a user's Ctrl+C reaches `mneme import` in a terminal, as restored here.
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.path.insert(0, sys.argv[1])
from app.bootstrap import build_services
from app.cli import cli
from app.services.context import AppContext
from models.fakes import FakeChatModel, FakeEmbedder

class SlowEmbedder(FakeEmbedder):
    def embed_batch(self, texts):
        if sys.argv[3] == "slow" and texts:
            open(sys.argv[4], "a").close()  # files are stored; embedding has begun
            time.sleep(20)  # the parent's Ctrl+C lands here, however busy the machine is
        return super().embed_batch(texts)

ctx = AppContext(factory=lambda s: build_services(
    s, chat_model=FakeChatModel(["ok"]), embedder=SlowEmbedder()))
cli.main(args=["import", sys.argv[2]], prog_name="mneme", obj=ctx)
"""


def test_a_real_sigint_during_import(tmp_path: Path) -> None:
    """A real Ctrl+C (SIGINT to a child running `mneme import`): exit 130 with what was
    stored and how to resume; the next run says it is resuming and finishes."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from tests.importers.kill_helpers import ROOT, write_archive

    archive = write_archive(tmp_path / "archive", notes=6, paragraphs=40, chat_lines=300)
    home = tmp_path / "home"
    env = {**os.environ, "MNEME_HOME": str(home), "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", SIGINT_CHILD, str(ROOT), str(archive)]
    embedding = tmp_path / "embedding-started"
    child = subprocess.Popen(
        [*args, "slow", str(embedding)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    # The embedder sleeps once the files are stored (it polled the database before, and a
    # busy machine let the whole import finish between two polls).
    while not embedding.exists() and child.poll() is None:
        time.sleep(0.05)
    with sqlite3.connect(home / "mneme.db", timeout=5) as db:
        assert int(db.execute("SELECT COUNT(*) FROM records").fetchone()[0]) > 0
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=300)
    assert child.returncode == 130, (out, err)
    assert "Aborted!" not in err and "Traceback" not in err
    assert "Import interrupted. Stored before the interruption:" in err
    assert f"To resume, run: mneme import {archive}" in err

    rerun = subprocess.run([*args, "fast"], env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"Resuming the interrupted import of {archive}" in rerun.stderr
    assert "Resumed: the work an earlier import left is finished" in rerun.stdout
