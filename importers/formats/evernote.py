"""Evernote exports (``.enex``): each note's ENML as text, with title, dates, tags, checklists
and attachments.

The export is XML read with a safe parser (no DTD, no entities, no network: a user's file
must not trigger XXE). Checklists keep their state as ``[x]``/``[ ]``; attachments are named
where they appear in the text and listed (name, type, size) in the record's metadata.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from importers.base import ParsedFile, ParseOptions
from importers.chunking import heading_title, split_long
from importers.errors import ParseError
from importers.htmltext import html_to_doc
from importers.source import SourceFile
from importers.xmlsafe import iter_elements
from memory.records import RecordIn

_ENEX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$")


# text the user encrypted in Evernote: its ciphertext (base64) is not the note's words
_ENCRYPTED = re.compile(r"<en-crypt\b[^>]*>.*?</en-crypt\s*>", re.S | re.I)


def enex_date(value: str | None) -> datetime | None:
    """``20230511T011217Z`` as an aware UTC datetime."""
    m = _ENEX_DATE.match((value or "").strip())
    if not m:
        return None
    try:
        y, mo, d, hh, mi, ss = (int(g) for g in m.groups())
        return datetime(y, mo, d, hh, mi, ss, tzinfo=UTC)
    except ValueError:
        return None


def _child_text(el: etree._Element, name: str) -> str | None:
    node = el.find(name)
    if node is None or node.text is None:
        return None
    return node.text.strip() or None


def _resource(res: etree._Element) -> dict[str, Any]:
    data = res.find("data")
    size: int | None = None
    digest: str | None = None
    if data is not None and data.text:
        raw = "".join(data.text.split())
        try:
            blob = base64.b64decode(raw, validate=False)
            size = len(blob)
            digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
        except (binascii.Error, ValueError):
            size = None
    attrs = res.find("resource-attributes")
    name = _child_text(attrs, "file-name") if attrs is not None else None
    return {
        "name": name,
        "type": _child_text(res, "mime"),
        "size": size,
        "hash": digest,
        "source_url": _child_text(attrs, "source-url") if attrs is not None else None,
    }


def _marker(resources: dict[str, dict[str, Any]]):  # type: ignore[no-untyped-def]
    """Rendering hook: checklist states and attachment names inside ENML."""

    def mark(el: Any) -> str | None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        style = (el.get("style") or "").replace(" ", "")
        if tag == "li":
            if "--en-checked:true" in style:
                return "- [x] "
            if "--en-checked:false" in style:
                return "- [ ] "
            parent = el.getparent()
            if parent is not None and "--en-todo:true" in (parent.get("style") or "").replace(
                " ", ""
            ):
                return "- [ ] "
            return None
        if tag == "en-todo":
            return "[x] " if (el.get("checked") or "").lower() == "true" else "[ ] "
        if tag == "en-media":
            res = resources.get((el.get("hash") or "").lower())
            label = (res or {}).get("name") or el.get("type") or "file"
            return f"[attachment: {label}] "
        return None

    return mark


class EvernoteParser:
    """Evernote ``.enex`` exports (one or many notes per file)."""

    name = "evernote"
    description = "Evernote exports (.enex): notes, tags, checklists, attachments"

    def sniff(self, f: SourceFile) -> float:
        head = f.head(4096)
        if b"<en-export" in head:
            return 0.95
        if f.suffix == ".enex":
            return 0.6
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = f.read_bytes()
        records: list[RecordIn] = []
        warnings: list[str] = []
        titles: list[str] = []
        n = 0
        for note in iter_elements(data, "note", f.display):
            n += 1
            title = _child_text(note, "title") or f"Untitled note {n}"
            titles.append(title)
            created = enex_date(_child_text(note, "created"))
            updated = enex_date(_child_text(note, "updated"))
            tags = [t.text.strip() for t in note.findall("tag") if t.text and t.text.strip()]
            attrs_el = note.find("note-attributes")
            attrs = {
                etree.QName(a).localname: (a.text or "").strip()
                for a in (attrs_el if attrs_el is not None else [])
                if isinstance(a.tag, str) and (a.text or "").strip()
            }
            resources = [_resource(r) for r in note.findall("resource")]
            by_hash = {r["hash"]: r for r in resources if r["hash"]}
            content = _ENCRYPTED.sub("[encrypted text]", note.findtext("content") or "")
            doc = html_to_doc(content.strip(), item_mark=_marker(by_hash))
            checklist = re.findall(r"^\s*(?:- )?\[([ x])\] (.+)$", doc.text, re.M)
            meta: dict[str, Any] = {
                "tags": tags,
                "created": created.isoformat() if created else None,
                "updated": updated.isoformat() if updated else None,
                "attachments": [
                    {k: v for k, v in r.items() if k in ("name", "type", "size")} for r in resources
                ],
                "checklist": [{"text": t.strip(), "checked": c == "x"} for c, t in checklist],
                "attributes": attrs,
                "note_index": n,
            }
            when = created or updated
            if when is None:
                warnings.append(f"note {n} ({title!r}) has no date")
            sections = [(s.path, s.text) for s in doc.sections()] or [((), title)]
            first = True
            for path, body in sections:
                for piece in split_long(body, opts.chunk_chars):
                    records.append(
                        RecordIn(
                            text=piece,
                            kind="note_chunk",
                            speaker=attrs.get("author"),
                            conversation=f"{f.uri}#note{n}",
                            title=heading_title(title, path) or title,
                            event_time=when,
                            metadata=meta if first else {"tags": tags, "note_index": n},
                        )
                    )
                    first = False
        if n == 0:
            raise ParseError(f.display, "no notes in this Evernote export")
        return ParsedFile(
            kind=self.name,
            records=records,
            title=titles[0] if len(titles) == 1 else f"{f.stem} ({n} notes)",
            warnings=warnings,
            metadata={"notes": n},
        )


PARSER = EvernoteParser()
