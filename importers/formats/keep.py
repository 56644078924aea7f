"""Google Keep notes from Google Takeout (one JSON file per note).

Reads the title, text or checklist (``listContent``), labels, colour, the archived, pinned and
trashed flags, the creation and edit times and the attachments. Trashed notes are imported
(the user may still want them) but flagged in metadata and named in the report's warnings.
The note shape is checked with pydantic: this is a trust boundary (an external format).
Takeout also writes each note as ``.html``; that copy is skipped when its ``.json`` twin lies
beside it, in a folder or in the same folder of a zip (importing both stored every note twice).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from importers.base import ParsedFile, ParseOptions
from importers.chunking import split_long
from importers.errors import ParseError
from importers.jsonload import load_json
from importers.source import SourceFile
from importers.timeparse import from_timestamp
from memory.records import RecordIn

_KEEP_KEYS = re.compile(rb'"(?:textContent|listContent|isTrashed|userEditedTimestampUsec)"\s*:')


def _json_twin(f: SourceFile) -> bool:
    """True when ``f`` (an ``.html``) has a Keep note ``.json`` of the same name beside it, as
    Takeout writes every note twice (on disk or in the same folder of a zip)."""
    head = f.sibling_head(f"{f.stem}.json", 8192)
    return head is not None and len(set(_KEEP_KEYS.findall(head))) >= 2


class KeepLabel(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = ""


class KeepListItem(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = ""
    isChecked: bool = False


class KeepAttachment(BaseModel):
    model_config = ConfigDict(extra="ignore")
    filePath: str = ""
    mimetype: str = ""


class KeepNote(BaseModel):
    """The fields of a Keep Takeout note that Mneme reads."""

    model_config = ConfigDict(extra="ignore")
    title: str = ""
    textContent: str | None = None
    listContent: list[KeepListItem] | None = None
    labels: list[KeepLabel] = []
    attachments: list[KeepAttachment] = []
    color: str | None = None
    isTrashed: bool = False
    isArchived: bool = False
    isPinned: bool = False
    createdTimestampUsec: int | None = None
    userEditedTimestampUsec: int | None = None


class KeepParser:
    """Google Keep Takeout notes (``*.json``)."""

    name = "google_keep"
    description = "Google Keep notes from Takeout (JSON): labels, checklists, archived/trashed"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix in (".html", ".htm") and _json_twin(f):
            return 0.95  # Takeout's HTML copy of a note: claimed only to be skipped
        if f.suffix != ".json" or f.size > 50_000_000:
            return 0.0
        head = f.head(8192)
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            return 0.0
        hits = len(set(_KEEP_KEYS.findall(head)))
        if hits >= 2:
            return 0.9
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        if f.suffix in (".html", ".htm"):
            twin = f"{f.stem}.json"
            return ParsedFile(
                kind=self.name,
                records=[],
                title=f.stem,
                warnings=[f"Takeout's HTML copy of a Keep note; its twin {twin} is imported"],
            )
        value = load_json(f)
        if not isinstance(value, dict):
            raise ParseError(f.display, "not a Google Keep note (expected a JSON object)")
        try:
            note = KeepNote.model_validate(value)
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ParseError(f.display, f"not a Google Keep note ({where}: {first['msg']})") from e
        title = note.title.strip() or None
        checklist = [
            {"text": item.text, "checked": item.isChecked} for item in (note.listContent or [])
        ]
        if note.listContent is not None:
            body = "\n".join(f"- [{'x' if i['checked'] else ' '}] {i['text']}" for i in checklist)
        else:
            body = note.textContent or ""
        created = from_timestamp(note.createdTimestampUsec)
        edited = from_timestamp(note.userEditedTimestampUsec)
        labels = [label.name for label in note.labels if label.name]
        attachments = [{"name": a.filePath, "type": a.mimetype} for a in note.attachments]
        meta: dict[str, Any] = {
            "labels": labels,
            "tags": labels,
            "archived": note.isArchived,
            "trashed": note.isTrashed,
            "pinned": note.isPinned,
            "color": note.color,
            "created": created.isoformat() if created else None,
            "edited": edited.isoformat() if edited else None,
            "attachments": attachments,
            "checklist": checklist,
        }
        warnings: list[str] = []
        if note.isTrashed:
            warnings.append("note was in Keep's trash; imported and flagged as trashed")
        text = body.strip()
        if not text and attachments:
            text = "Attachments: " + ", ".join(a["name"] for a in attachments)
        if not text and title:
            text = title
        display_title = (title or f.stem).replace("\n", " ")
        records = [
            RecordIn(
                text=piece,
                kind="note_chunk",
                conversation=f.uri,
                title=display_title,
                event_time=created or edited,
                metadata=meta,
            )
            for piece in split_long(text, opts.chunk_chars)
        ]
        return ParsedFile(
            kind=self.name, records=records, title=display_title, warnings=warnings, metadata=meta
        )


PARSER = KeepParser()
