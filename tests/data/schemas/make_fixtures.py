"""Rebuild the fixture databases of every earlier schema version Mneme shipped.

Each ``vN.db`` is made by the Mneme code of the last commit that shipped schema version N
(``git archive`` of that commit into a temporary folder), importing the same small notes and
chat with the fake models, then consolidating. The database is copied with ``VACUUM INTO``
(no WAL, smallest file); the vector index is not kept: an upgraded store rebuilds it
(``mneme doctor --repair``), which the upgrade tests exercise too.

Run from the repository root (needs git history and the project's venv):

    python tests/data/schemas/make_fixtures.py
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]

SHIPPED = {
    1: "e6569e6",  # m001_initial: sources, records + FTS5, import runs, meta
    2: "cae5ecb",  # + m002_tiers: entities, facts, episodes, persona, decay, tier index
}
"""Schema version -> last commit that shipped it (``git log -p memory/migrations.py``)."""

NOTES = {
    "family.md": "---\ntitle: Family\ndate: 2024-03-02\n---\n# Family\n\n"
    "My sister Rita lives in Porto with her two cats.\n",
    "bikes.md": "# Bikes\n\nBought a blue Cannondale road bike in spring.\n\n## Repairs\n\n"
    "The rear derailleur needs new cables.\n",
    "journal.txt": "Went hiking in the Alps with Tom.\n\nThe weather was cold but clear.\n",
    "2024-05-11.md": "---\ntitle: Journal\ndate: 2024-05-11\n---\n\n"
    "I live in Berlin now. I work at Northwind as a designer.\n",
}

CHAT = (
    "[02/03/2024, 18:04:00] Rita: Landed in Porto!\n"
    "[02/03/2024, 18:10:00] Ana: Welcome home\n"
    "[02/03/2024, 18:11:00] Rita: The cats missed me\n"
    "[03/03/2024, 09:00:00] Ana: Lunch on Sunday?\n"
)

RUN = """
import sys
from pathlib import Path
from app.bootstrap import build_services
from app.settings import Settings
from models.fakes import FakeChatModel, FakeEmbedder
svc = build_services(Settings(), chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder())
svc.importer.run([Path(sys.argv[1])])
if getattr(svc, "tiers", None) is not None:
    svc.tiers.consolidate()
svc.close()
"""


def build(version: int, commit: str, work: Path) -> Path:
    tree = work / f"tree-v{version}"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    inputs = work / f"inputs-v{version}"
    inputs.mkdir()
    for name, text in NOTES.items():
        (inputs / name).write_text(text, encoding="utf-8")
    (inputs / "WhatsApp Chat with Rita.txt").write_text(CHAT, encoding="utf-8")
    home = work / f"home-v{version}"
    env = dict(os.environ, MNEME_HOME=str(home), PYTHONPATH=str(tree))
    subprocess.run([sys.executable, "-c", RUN, str(inputs)], check=True, env=env, cwd=tree)
    out = HERE / f"v{version}.db"
    out.unlink(missing_ok=True)
    conn = sqlite3.connect(home / "mneme.db")
    conn.execute("VACUUM INTO ?", (str(out),))
    conn.close()
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for version, commit in SHIPPED.items():
            out = build(version, commit, Path(tmp))
            print(f"v{version} ({commit}): {out} {out.stat().st_size} bytes")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
