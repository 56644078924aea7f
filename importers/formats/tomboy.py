"""Tomboy / Gnote notes (``.note`` XML): title, text with lists, creation and change dates.

Read with the safe XML parser (no DTD, no entities, no network).
"""

from __future__ import annotations

import re
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.chunking import split_long
from importers.errors import ParseError
from importers.source import SourceFile
from importers.timeparse import parse_datetime
from importers.xmlsafe import local, parse_xml
from memory.records import RecordIn

TOMBOY_NS = b"http://beatniksoftware.com/tomboy"


def _render(el: Any, out: list[str], depth: int = 0) -> None:
    name = local(el.tag)
    if name == "list-item":
        out.append("\n" + "  " * max(0, depth - 1) + "- ")
    if el.text:
        out.append(el.text)
    for child in el:
        _render(child, out, depth + (1 if name == "list" else 0))
        if child.tail:
            out.append(child.tail)


def _find(root: Any, name: str) -> Any:
    return next((el for el in root.iter() if local(el.tag) == name), None)


class TomboyParser:
    """Tomboy and Gnote notes."""

    name = "tomboy"
    description = "Tomboy/Gnote notes (.note XML)"

    def sniff(self, f: SourceFile) -> float:
        head = f.head(2048)
        if TOMBOY_NS in head and b"<note" in head:
            return 0.95
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        root = parse_xml(f.read_bytes(), f.display)
        if local(root.tag) != "note":
            raise ParseError(f.display, "not a Tomboy note (root element is not <note>)")
        title_el = _find(root, "title")
        title = (title_el.text or "").strip() if title_el is not None else ""
        content = _find(root, "note-content")
        parts: list[str] = []
        if content is not None:
            _render(content, parts)
        text = re.sub(r"[ \t]+\n", "\n", "".join(parts))
        text = re.sub(r"\n\s*\n([ \t]*- )", r"\n\1", text)  # no blank lines inside a list
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        first, _, rest = text.partition("\n")
        if title and first.strip() == title:
            text = rest.strip()  # the note's first line repeats its title
        created_el = _find(root, "create-date")
        changed_el = _find(root, "last-change-date")
        created = parse_datetime(created_el.text or "") if created_el is not None else None
        changed = parse_datetime(changed_el.text or "") if changed_el is not None else None
        tags = [(t.text or "").strip() for t in root.iter() if local(t.tag) == "tag" and t.text]
        meta = {
            "tags": tags,
            "created": created.isoformat() if created else None,
            "changed": changed.isoformat() if changed else None,
        }
        records = [
            RecordIn(
                text=piece,
                kind="note_chunk",
                conversation=f.uri,
                title=title or f.stem,
                event_time=created or changed,
                metadata=meta,
            )
            for piece in split_long(text or title, opts.chunk_chars)
        ]
        return ParsedFile(kind=self.name, records=records, title=title or f.stem, metadata=meta)


PARSER = TomboyParser()
