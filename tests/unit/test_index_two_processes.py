"""Two processes on one memory: the TUI keeps its services open while `mneme import` runs in
another terminal (real SQLite, real Chroma, a real second process, fake embedder).

Chroma keeps what it loaded in memory and did not see the other process's vectors: recall in
the first process failed with "Error finding id" until it was restarted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.bootstrap import Services

ROOT = Path(__file__).resolve().parents[2]

OTHER_PROCESS = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from app.bootstrap import build_services
from app.settings import Settings
from models.fakes import FakeChatModel, FakeEmbedder
svc = build_services(Settings(), chat_model=FakeChatModel(), embedder=FakeEmbedder())
report = svc.importer.run([Path(sys.argv[2])])
svc.close()
print(report.records_added, report.index_error)
"""


def _notes(folder: Path, sentence: str) -> Path:
    folder.mkdir()
    for i in range(4):
        (folder / f"n{i}.md").write_text(f"# Note {i}\n\n{sentence} number {i}.\n")
    return folder


def test_recall_and_indexing_go_on_after_another_process_imports(
    services: Services, tmp_path: Path
) -> None:
    services.importer.run([_notes(tmp_path / "a", "Rita plays the cello")])
    assert services.recall.search("cello", 3)[0].text.startswith("Rita plays the cello")

    other = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, str(ROOT), str(_notes(tmp_path / "b", "Dr. Feather saw a macaw"))],
        capture_output=True, text=True, timeout=120, check=True,
    )
    assert other.stdout.split() == ["4", "None"]

    hits = services.recall.search("macaw", 3)
    assert hits and hits[0].text.startswith("Dr. Feather saw a macaw")
    # The records' and the tiers' collections share one Chroma folder: once reloaded, both
    # use the same fresh state, and later searches reload nothing more.
    assert services.tiers is not None
    derived = services.tiers.index.vectors
    derived.count()
    reloaded = services.index._system
    assert reloaded is not None and derived._system is reloaded
    for _ in range(3):
        services.recall.search("macaw cello", 5)
    assert services.index._system is reloaded and derived._system is reloaded
    # This process still writes, and sees both its own and the other process's vectors.
    report = services.importer.run([_notes(tmp_path / "c", "Tom plays chess")])
    assert report.index_error is None and report.indexed == 4
    assert services.index.count() == 12
    assert services.recall.search("chess", 3)[0].text.startswith("Tom plays chess")
    assert services.recall.search("macaw", 3)[0].text.startswith("Dr. Feather saw a macaw")
