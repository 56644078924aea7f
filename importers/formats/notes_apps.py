"""Notes exported from Simplenote and Standard Notes as one JSON file.

Simplenote (Settings > Export notes: ``source/notes.json`` in the zip)::

    {"activeNotes": [{"id", "content": "Title\\nBody", "creationDate", "lastModified",
                      "tags": [...], "pinned", "markdown"}],
     "trashedNotes": [...]}

Standard Notes (a decrypted backup, ``Standard Notes Backup and Import File.txt`` or
``.json``)::

    {"version": "004", "items": [{"uuid", "content_type": "Note", "created_at", "updated_at",
                                  "content": {"title", "text", "trashed"?}},
                                 {"content_type": "Tag", "content": {"title", "references":
                                  [{"uuid", "content_type": "Note"}]}}, ...]}

- One note per note (split into chunks when long), dated by its creation time, titled by
  its title (Simplenote: the first line). Trashed notes are imported, flagged
  ``metadata.trashed`` and counted in a warning (as for Google Keep).
- Tags are ``metadata.tags`` (Standard Notes' tags name the notes they hold).
- An encrypted Standard Notes backup (``content`` is ciphertext) fails with the reason.
- The conversation is ``<file uri>#<note id>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.chunking import split_long
from importers.errors import ParseError
from importers.formats.chatutil import as_str, has_keys, json_head
from importers.jsonload import load_json
from importers.source import SourceFile
from importers.timeparse import parse_datetime
from memory.records import RecordIn

_SN_TYPE = re.compile(r'"content_type"\s*:\s*"(?:Note|Tag|SN\|[A-Za-z]+)"')


def _s(value: Any) -> str:
    return as_str(value) or ""


def _note_records(
    f: SourceFile,
    opts: ParseOptions,
    *,
    uid: str,
    title: str,
    text: str,
    when: datetime | None,
    meta: dict[str, Any],
) -> list[RecordIn]:
    meta = {k: v for k, v in meta.items() if v not in (None, "", [], False)}
    body = text if not title or text.startswith(title) else f"{title}\n\n{text}"
    return [
        RecordIn(
            text=piece,
            kind="note_chunk",
            conversation=f"{f.uri}#{uid}",
            title=title or None,
            event_time=when,
            metadata=meta,
        )
        for piece in split_long(body, opts.chunk_chars)
    ]


def _sn_flag(content: Mapping[str, Any], flag: str) -> bool:
    """A Standard Notes flag, on the content itself or in ``appData["org.standardnotes.sn"]``."""
    if content.get(flag) is True:
        return True
    app = content.get("appData")
    own = app.get("org.standardnotes.sn") if isinstance(app, Mapping) else None
    return isinstance(own, Mapping) and own.get(flag) is True


def _warnings(trashed: int, undated: int) -> list[str]:
    out = []
    if trashed:
        out.append(f"{trashed} trashed note(s) imported (flagged metadata.trashed)")
    if undated:
        out.append(f"{undated} note(s) with no readable date")
    return out


class SimplenoteParser:
    """Simplenote's ``notes.json`` export."""

    name = "simplenote"
    description = "Simplenote export (notes.json: active and trashed notes, tags)"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix != ".json":
            return 0.0
        head = json_head(f, 8192)
        keys = ("activeNotes", "trashedNotes", "trashNotes")
        if head.startswith("{") and any(has_keys(head, k) for k in keys):
            return 0.93
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = load_json(f)
        if not isinstance(data, Mapping):
            raise ParseError(f.display, "not a Simplenote export (expected a JSON object)")
        records: list[RecordIn] = []
        trashed = undated = 0
        for key, in_trash in (("activeNotes", False), ("trashedNotes", True), ("trashNotes", True)):
            notes = data.get(key)
            for n, note in enumerate(notes if isinstance(notes, list) else [], 1):
                if not isinstance(note, Mapping):
                    continue
                text = _s(note.get("content"))
                if not text:
                    continue
                when = parse_datetime(_s(note.get("creationDate")))
                undated += when is None
                trashed += in_trash
                tags = note.get("tags")
                meta = {
                    "tags": [_s(t) for t in tags if _s(t)] if isinstance(tags, list) else [],
                    "pinned": note.get("pinned") is True,
                    "trashed": in_trash,
                    "modified": _s(note.get("lastModified")),
                }
                title = text.split("\n", 1)[0].strip()[:120]
                uid = _s(note.get("id")) or f"{key}{n}"
                records += _note_records(
                    f, opts, uid=uid, title=title, text=text, when=when, meta=meta
                )
        return ParsedFile(
            kind=self.name,
            records=records,
            title="Simplenote export",
            warnings=_warnings(trashed, undated),
        )


class StandardNotesParser:
    """Standard Notes' decrypted backup file."""

    name = "standard_notes"
    description = "Standard Notes backup (decrypted JSON: notes and their tags)"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix not in (".json", ".txt"):
            return 0.0
        head = json_head(f, 8192)
        if head.startswith("{") and has_keys(head, "items") and _SN_TYPE.search(head):
            return 0.93
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = load_json(f)
        items = data.get("items") if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise ParseError(f.display, "not a Standard Notes backup (no 'items' list)")
        items = [i for i in items if isinstance(i, Mapping)]
        notes = [i for i in items if i.get("content_type") == "Note"]
        if notes and all(isinstance(n.get("content"), str) for n in notes):
            raise ParseError(
                f.display,
                "an encrypted Standard Notes backup; export a decrypted backup "
                "(Settings > Backups > Download backup, decrypted) and import that",
            )
        tags: dict[str, list[str]] = {}
        for item in items:
            content = item.get("content")
            if item.get("content_type") != "Tag" or not isinstance(content, Mapping):
                continue
            refs = content.get("references")
            for ref in refs if isinstance(refs, list) else []:
                if isinstance(ref, Mapping) and _s(ref.get("uuid")) and _s(content.get("title")):
                    tags.setdefault(_s(ref["uuid"]), []).append(_s(content["title"]))
        records: list[RecordIn] = []
        trashed = undated = 0
        for n, note in enumerate(notes, 1):
            content = note.get("content")
            if not isinstance(content, Mapping):
                continue
            title, text = _s(content.get("title")), _s(content.get("text"))
            if not (title or text):
                continue
            when = parse_datetime(_s(note.get("created_at")))
            undated += when is None
            in_trash = content.get("trashed") is True
            trashed += in_trash
            uid = _s(note.get("uuid")) or f"note{n}"
            meta = {
                "tags": tags.get(uid, []),
                "trashed": in_trash,
                "pinned": _sn_flag(content, "pinned"),
                "archived": _sn_flag(content, "archived"),
                "modified": _s(note.get("updated_at")),
            }
            records += _note_records(
                f, opts, uid=uid, title=title, text=text or title, when=when, meta=meta
            )
        if not records and notes:
            raise ParseError(f.display, "Standard Notes backup with no readable note")
        return ParsedFile(
            kind=self.name,
            records=records,
            title="Standard Notes backup",
            warnings=_warnings(trashed, undated),
        )


SIMPLENOTE = SimplenoteParser()
STANDARD_NOTES = StandardNotesParser()
