"""Kill trials (issue 14, "what was seen" 7): a real child process imports a few thousand
records and is SIGKILLed at a chosen progress tick (while reading files, while indexing,
while consolidating, at the very end); the same import is then run again to completion.

Each trial must end exactly where an uninterrupted import ends: 0 records lost, 0
duplicated, the full-text index and Chroma in step with SQLite, and 0 stale derived memory
(nothing left to index or consolidate; the same facts, episodes and persona). Before the
fix, a re-run after a kill late in the import said "unchanged" and never consolidated.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.importers.kill_helpers import open_home, run_child, snapshot, write_archive

KILL_POINTS = [
    ("import", 1),
    ("import", 4),
    ("import", 13),
    ("import", 25),
    ("import", 26),  # the last file is stored: the old re-run said "unchanged" and stopped
    ("index", 1),
    ("index", 3),
    ("index", 6),
    ("consolidate", 1),
    ("consolidate", 4),
    ("consolidate", 9),
    ("consolidate", 16),
    ("done", 1),
]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    base = tmp_path_factory.mktemp("kill-trials")
    archive = write_archive(base / "archive")
    killed, lines = run_child(base / "reference", archive, None)
    assert not killed and lines[-1] == "DONE", lines[-5:]
    svc = open_home(base / "reference")
    try:
        snap = snapshot(svc)
    finally:
        svc.close()
    assert sum(snap["records"].values()) > 1500
    assert snap["episodes"] and snap["facts"] and snap["persona"]
    return archive, snap


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", KILL_POINTS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_kill_then_rerun_ends_as_an_uninterrupted_import(
    reference: tuple[Path, dict[str, Any]], tmp_path: Path, kill_at: tuple[str, int]
) -> None:
    archive, ref = reference
    home = tmp_path / "home"
    killed, lines = run_child(home, archive, kill_at)
    assert killed, f"never reached {kill_at}: {lines[-3:]}"
    finished, rerun = run_child(home, archive, None)
    assert not finished and rerun[-1] == "DONE", rerun[-5:]
    svc = open_home(home)
    try:
        got = snapshot(svc)
    finally:
        svc.close()
    lost = ref["records"] - got["records"]
    duplicated = Counter({k: n - 1 for k, n in got["records"].items() if n > 1})
    extra = got["records"] - ref["records"] - duplicated
    assert (sum(lost.values()), sum(duplicated.values()), sum(extra.values())) == (0, 0, 0)
    assert got["fts_in_step"] and got["vectors_in_step"]
    assert (got["pending_index"], got["pending_consolidation"]) == (0, 0)  # nothing stale
    assert got["facts"] == ref["facts"]
    assert got["episodes"] == ref["episodes"]
    assert got["persona"] == ref["persona"]
    resumed = next(line for line in rerun if line.startswith("RESUMED"))
    if kill_at[0] != "done":
        assert resumed.startswith(f"RESUMED Resuming the interrupted import of {archive}")
