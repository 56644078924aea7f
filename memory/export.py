"""Every memory with its provenance, in files readable without Mneme (``mneme export``).

Two formats, written into one folder (0700, every file 0600):

- ``jsonl``: ``sources.jsonl``, ``records.jsonl`` (each record with its source),
  ``facts.jsonl`` (each fact with its evidence: record, quote, source), ``episodes.jsonl``
  (with their records), ``persona.jsonl`` (with the facts and records behind each
  statement), and a ``README.md`` describing the fields;
- ``markdown``: ``README.md``, ``records/<n>-<name>.md`` (one file per source, every record
  with its time and speaker), ``facts.md``, ``episodes.md`` and ``persona.md``, each item
  naming the records and sources it came from.

Everything stored is exported, whatever its status (superseded, removed, retired items are
marked as such). Rows are streamed, so a large memory does not need to fit in memory.
Called by ``app.services.export``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from memory.db import Database
from memory.private import open_private, private_dir

FORMATS = ("jsonl", "markdown")


@dataclass
class ExportResult:
    """How many of each were written, and where."""

    out: Path
    format: str
    counts: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "format": self.format,
            **self.counts,
            "files": [str(p.relative_to(self.out)) for p in self.files],
        }


def _loads(text: Any, default: Any) -> Any:
    try:
        return json.loads(text) if text else default
    except ValueError:
        return default


def _rows(db: Database, sql: str) -> Iterator[dict[str, Any]]:
    cur = db.conn.cursor()
    cur.row_factory = lambda c, r: {d[0]: v for d, v in zip(c.description, r, strict=True)}
    yield from cur.execute(sql)


def sources(db: Database) -> Iterator[dict[str, Any]]:
    for r in _rows(db, "SELECT * FROM sources ORDER BY id"):
        yield {
            "id": f"s{r['id']}",
            "uri": r["uri"],
            "kind": r["kind"],
            "title": r["title"],
            "imported_at": r["imported_at"],
            "updated_at": r["updated_at"],
            "status": r["status"],
            "error": r["error"],
            "content_hash": r["content_hash"],
            "metadata": _loads(r["metadata"], {}),
        }


def records(db: Database) -> Iterator[dict[str, Any]]:
    for r in _rows(
        db,
        "SELECT r.*, s.uri AS s_uri, s.kind AS s_kind, s.title AS s_title FROM records r "
        "JOIN sources s ON s.id = r.source_id ORDER BY r.source_id, r.seq, r.id",
    ):
        yield {
            "id": f"r{r['id']}",
            "text": r["text"],
            "kind": r["kind"],
            "speaker": r["speaker"],
            "conversation": r["conversation"],
            "title": r["title"],
            "time": r["event_time"],
            "stored_at": r["created_at"],
            "status": r["status"],
            "external_id": r["external_id"],
            "position": r["seq"],
            "metadata": _loads(r["metadata"], {}),
            "source": {
                "id": f"s{r['source_id']}",
                "uri": r["s_uri"],
                "kind": r["s_kind"],
                "title": r["s_title"],
            },
        }


def facts(db: Database) -> Iterator[dict[str, Any]]:
    for f in _rows(
        db,
        "SELECT f.*, e.name AS subject FROM facts f JOIN entities e ON e.id = f.subject_id "
        "ORDER BY f.id",
    ):
        evidence = [
            {
                "record": f"r{ev['record_id']}",
                "role": ev["role"],
                "quote": ev["quote"],
                "observed_at": ev["observed_at"],
                "source": ev["uri"],
            }
            for ev in db.query(
                "SELECT ev.*, s.uri FROM fact_evidence ev JOIN records r ON r.id = ev.record_id "
                "JOIN sources s ON s.id = r.source_id WHERE ev.fact_id = ? ORDER BY ev.record_id",
                (f["id"],),
            )
        ]
        yield {
            "id": f"f{f['id']}",
            "text": f["text"],
            "subject": f["subject"],
            "predicate": f["predicate"],
            "object": f["object"],
            "qualifier": f["qualifier"],
            "status": f["status"],
            "confidence": f["confidence"],
            "valid_from": f["valid_from"],
            "valid_to": f["valid_to"],
            "observed_at": f["observed_at"],
            "recorded_at": f["recorded_at"],
            "retired_at": f["retired_at"],
            "retire_reason": f["retire_reason"],
            "superseded_by": f"f{f['superseded_by']}" if f["superseded_by"] else None,
            "extractor": f["extractor"],
            "evidence": evidence,
        }


def episodes(db: Database) -> Iterator[dict[str, Any]]:
    for e in _rows(
        db,
        "SELECT e.*, s.uri AS s_uri FROM episodes e LEFT JOIN sources s ON s.id = e.source_id "
        "ORDER BY e.start_time, e.id",
    ):
        recs = [
            f"r{r[0]}"
            for r in db.execute(
                "SELECT record_id FROM episode_records WHERE episode_id = ? ORDER BY position",
                (e["id"],),
            )
        ]
        yield {
            "id": f"e{e['id']}",
            "kind": e["kind"],
            "title": e["title"],
            "summary": e["summary"],
            "summary_method": e["summary_method"],
            "start": e["start_time"],
            "end": e["end_time"],
            "participants": _loads(e["participants"], []),
            "conversation": e["conversation"],
            "status": e["status"],
            "source": e["s_uri"],
            "records": recs,
        }


def persona(db: Database) -> Iterator[dict[str, Any]]:
    for p in _rows(db, "SELECT * FROM persona_statements ORDER BY section, id"):
        yield {
            "id": f"p{p['id']}",
            "section": p["section"],
            "text": p["text"],
            "status": p["status"],
            "origin": p["origin"],
            "created_at": p["created_at"],
            "confirmed_at": p["confirmed_at"],
            "retired_at": p["retired_at"],
            "version": p["version_id"],
            "facts": [f"f{i}" for i in _loads(p["fact_ids"], [])],
            "records": [f"r{i}" for i in _loads(p["record_ids"], [])],
        }


TABLES = {
    "sources": sources,
    "records": records,
    "facts": facts,
    "episodes": episodes,
    "persona_statements": persona,
}
FILE_OF = {"persona_statements": "persona"}

README_JSONL = """# Mneme export (JSON Lines)

One JSON object per line, UTF-8. Ids link the files: `s12` a source, `r34` a record (a
message, note chunk or file passage, verbatim), `f5` a fact, `e7` an episode, `p9` a persona
statement.

- `sources.jsonl`: each imported file, zip member or chat session (`uri`, `kind`, `status`).
- `records.jsonl`: every stored memory, verbatim, with `time`, `speaker`, `conversation` and
  its `source` (`uri`, `kind`); `status` is `active`, `superseded` (the file changed) or
  `removed` (the file is gone).
- `facts.jsonl`: what Mneme learned (`subject`, `predicate`, `object`, `valid_from`/`valid_to`,
  `status`), with `evidence`: the records (`record`, `quote`, `source`) it came from.
- `episodes.jsonl`: conversations and events summarised, with the `records` they hold.
- `persona.jsonl`: statements of your profile, with the `facts` and `records` behind them.
"""


def _slug(uri: str) -> str:
    """A file-name-safe short name for a source uri (its file name without extension)."""
    name = Path(uri.split("!")[-1]).stem or uri
    return (re.sub(r"[^\w.-]+", "-", name).strip("-.") or "source")[:60]


def _md(text: Any) -> str:
    return str(text or "").replace("\r", "")


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in _md(text).splitlines()) or ">"


class _Writer:
    def __init__(self, out: Path, result: ExportResult) -> None:
        self.out = out
        self.result = result

    def open(self, name: str) -> IO[Any]:
        path = self.out / name
        private_dir(path.parent)
        self.result.files.append(path)
        return open_private(path, "w", encoding="utf-8")


def write_jsonl(db: Database, out: Path) -> ExportResult:
    """Write the JSON Lines export of ``db`` into ``out``."""
    result = ExportResult(private_dir(out), "jsonl")
    w = _Writer(out, result)
    for table, rows in TABLES.items():
        n = 0
        with w.open(f"{FILE_OF.get(table, table)}.jsonl") as f:
            for item in rows(db):
                f.write(json.dumps(item, ensure_ascii=False) + "\n")
                n += 1
        result.counts[table] = n
    with w.open("README.md") as f:
        f.write(README_JSONL)
    return result


def write_markdown(db: Database, out: Path) -> ExportResult:
    """Write the Markdown export of ``db`` into ``out``."""
    result = ExportResult(private_dir(out), "markdown")
    w = _Writer(out, result)
    uris: dict[str, str] = {}
    current: IO[Any] | None = None
    current_source = None
    n_sources = n_records = 0
    try:
        for rec in records(db):
            src = rec["source"]
            if src["id"] != current_source:
                if current is not None:
                    current.close()
                current_source = src["id"]
                n_sources += 1
                name = f"records/{src['id'][1:].zfill(5)}-{_slug(src['uri'])}.md"
                uris[src["id"]] = name
                current = w.open(name)
                current.write(f"# {_md(src['title'] or src['uri'])}\n\n")
                current.write(f"Source `{src['id']}`: {_md(src['uri'])} ({src['kind']})\n\n")
            assert current is not None
            head = " · ".join(
                x for x in (rec["id"], rec["time"] or "undated", rec["speaker"] or "") if x
            )
            status = "" if rec["status"] == "active" else f" ({rec['status']})"
            title = f" — {_md(rec['title'])}" if rec["title"] else ""
            current.write(f"## {head}{title}{status}\n\n{_quote(rec['text'])}\n\n")
            n_records += 1
    finally:
        if current is not None:
            current.close()
    result.counts.update(sources=n_sources, records=n_records)
    result.counts["facts"] = _facts_md(db, w)
    result.counts["episodes"] = _episodes_md(db, w)
    result.counts["persona_statements"] = _persona_md(db, w)
    with w.open("README.md") as f:
        f.write("# Mneme export (Markdown)\n\n")
        f.write(
            "`records/` holds every stored memory verbatim, one file per source; `facts.md`,\n"
            "`episodes.md` and `persona.md` hold what Mneme derived, each naming the records\n"
            "(`r12`) it came from; a record's id is its heading in `records/`.\n\n"
        )
        for key, n in result.counts.items():
            f.write(f"- {key.replace('_', ' ')}: {n}\n")
    return result


def _facts_md(db: Database, w: _Writer) -> int:
    n = 0
    with w.open("facts.md") as f:
        f.write("# Facts\n\nEach fact, its status and validity, and the records it came from.\n\n")
        for fact in facts(db):
            when = " to ".join(x for x in (fact["valid_from"], fact["valid_to"]) if x)
            when = f", {when}" if when else ""
            f.write(f"- {fact['id']}: {_md(fact['text'])} ({fact['status']}{when})\n")
            for ev in fact["evidence"]:
                quote = " ".join(_md(ev["quote"]).split())
                f.write(f"  - {ev['role']} {ev['record']} ({_md(ev['source'])}): “{quote}”\n")
            n += 1
    return n


def _episodes_md(db: Database, w: _Writer) -> int:
    n = 0
    with w.open("episodes.md") as f:
        f.write("# Episodes\n\n")
        for ep in episodes(db):
            span = " – ".join(x for x in (ep["start"], ep["end"]) if x) or "undated"
            f.write(f"## {ep['id']}: {_md(ep['title'])} ({span})\n\n{_md(ep['summary'])}\n\n")
            if ep["participants"]:
                f.write(f"Participants: {', '.join(map(str, ep['participants']))}\n\n")
            f.write(f"Records: {', '.join(ep['records'])} (source: {_md(ep['source'])})\n\n")
            n += 1
    return n


def _persona_md(db: Database, w: _Writer) -> int:
    n = 0
    with w.open("persona.md") as f:
        f.write("# Persona\n\n")
        section = None
        for st in persona(db):
            if st["section"] != section:
                section = st["section"]
                f.write(f"\n## {section}\n\n")
            basis = ", ".join(st["facts"] + st["records"]) or "stated by you"
            f.write(f"- {st['id']}: {_md(st['text'])} ({st['status']}; from {basis})\n")
            n += 1
    return n


def export(db: Database, out: Path, fmt: str) -> ExportResult:
    """Write every memory of ``db`` with its provenance into the folder ``out``.

    Raises:
        ValueError: ``fmt`` is not one of ``FORMATS``.
    """
    if fmt == "jsonl":
        return write_jsonl(db, out)
    if fmt == "markdown":
        return write_markdown(db, out)
    raise ValueError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
