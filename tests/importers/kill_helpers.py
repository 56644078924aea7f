"""Helpers for the kill trials (``test_kill_trials.py``): a synthetic archive of a few
thousand records, a child process that imports it and prints every progress tick, and the
checks that compare a killed-then-resumed store with an uninterrupted one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from app.bootstrap import Services, build_services
from app.settings import Settings
from models.fakes import FakeChatModel, FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["Rita", "Tom", "Ana", "Joao", "Mei", "Omar", "Lena", "Kofi"]
PLACES = ["Porto", "Lisbon", "Berlin", "Osaka", "Accra", "Lyon", "Quito", "Oslo"]
TOPICS = ["gardening", "chess", "the cello", "hiking", "bread", "taxes", "trains", "poetry"]

CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from app.bootstrap import build_services
from app.settings import Settings
from models.fakes import FakeChatModel, FakeEmbedder

svc = build_services(Settings(), chat_model=FakeChatModel(), embedder=FakeEmbedder())

def tick(p):
    print("TICK", p.phase, p.done, p.total, p.current or "", flush=True)

report = svc.importer.run([Path(sys.argv[2])], progress=tick)
print("RESUMED", (getattr(report, "resumed", None) or {}).get("message", ""), flush=True)
print("SUMMARY", report.summary, report.records_added, flush=True)
svc.close()
print("DONE", flush=True)
"""


def write_archive(folder: Path, notes: int = 24, paragraphs: int = 150, chat_lines: int = 1500) -> Path:
    """A synthetic archive: ``notes`` Markdown files of ``paragraphs`` paragraphs, and a
    WhatsApp chat of ``chat_lines`` messages (about 5,000 records in all by default)."""
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(notes):
        name, place = NAMES[d % len(NAMES)], PLACES[(d * 3) % len(PLACES)]
        paras = [f"# Day {d}", f"My friend {name} lives in {place}."]
        for i in range(paragraphs):
            who, topic = NAMES[(d + i) % len(NAMES)], TOPICS[(d * 7 + i) % len(TOPICS)]
            where = PLACES[(i * 5 + d) % len(PLACES)]
            paras.append(
                f"On day {d}, entry {i}, I met {who} in {where} and we talked about {topic} "
                f"for {i + 3} minutes."
            )
        (folder / f"2024-02-{d + 1:02d}.md").write_text("\n\n".join(paras) + "\n", "utf-8")
    lines = []
    for i in range(chat_lines):
        day, minute = 1 + i // 600, i % 600
        who = "Rita" if i % 2 else "Tom"
        lines.append(
            f"{day:02d}/03/2024, {minute // 60 + 8:02d}:{minute % 60:02d} - {who}: "
            f"message {i} about {TOPICS[i % len(TOPICS)]} in {PLACES[i % len(PLACES)]}"
        )
    (folder / "WhatsApp Chat with Rita.txt").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def run_child(home: Path, archive: Path, kill_at: tuple[str, int] | None) -> tuple[bool, list[str]]:
    """Import ``archive`` into ``home`` in a child process; with ``kill_at`` (phase, n),
    SIGKILL it at its n-th progress tick of that phase. Returns (killed, output lines)."""
    env = {**os.environ, "MNEME_HOME": str(home), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ROOT), str(archive)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    seen: Counter[str] = Counter()
    lines: list[str] = []
    killed = False
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        parts = line.split()
        if kill_at is not None and parts[:1] == ["TICK"]:
            seen[parts[1]] += 1
            if (parts[1], seen[parts[1]]) == kill_at:
                os.kill(proc.pid, signal.SIGKILL)
                killed = True
                break
    proc.stdout.close()
    proc.wait()
    return killed, lines


def open_home(home: Path) -> Services:
    return build_services(
        Settings(home=home, chat_model=None, embed_model=None, chat_endpoint=None),
        chat_model=FakeChatModel(),
        embedder=FakeEmbedder(),
    )


def snapshot(svc: Services) -> dict[str, Any]:
    """What must match an uninterrupted run: records, indexes and derived memory."""
    db = svc.db
    records = [
        (str(uri), str(h))
        for uri, h in db.execute(
            "SELECT s.uri, r.content_hash FROM records r JOIN sources s ON s.id = r.source_id "
            "WHERE r.status = 'active'"
        )
    ]
    ids = {int(r[0]) for r in db.execute("SELECT id FROM records")}
    active_ids = {int(r[0]) for r in db.execute("SELECT id FROM records WHERE status = 'active'")}
    fts = {int(r[0]) for r in db.execute("SELECT rowid FROM records_fts")}
    vectors = {i for i in svc.index.all_ids() if i.startswith("r")}
    facts = Counter(
        (str(e), str(p), str(o), str(st))
        for e, p, o, st in db.execute(
            "SELECT e.name, f.predicate, f.object_key, f.status FROM facts f "
            "JOIN entities e ON e.id = f.subject_id"
        )
    )
    episodes = Counter(
        (str(k), str(t), str(s)) for k, t, s in db.execute(
            "SELECT episode_key, title, status FROM episodes"
        )
    )
    persona = Counter(
        str(t) for (t,) in db.execute("SELECT text FROM persona_statements WHERE status = 'current'")
    )
    assert svc.tiers is not None
    return {
        "records": Counter(records),
        "fts_in_step": fts == ids,
        "vectors_in_step": vectors == {f"r{i}" for i in active_ids},
        "pending_index": svc.store.counts()["records_pending_index"],
        "pending_consolidation": svc.tiers.pending(),
        "facts": facts,
        "episodes": episodes,
        "persona": persona,
    }
