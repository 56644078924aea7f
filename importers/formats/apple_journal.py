"""Apple Journal exports (one HTML page per entry): date, title, prompt, body and assets.

The export's HTML is malformed (block elements inside ``<span>``), so the entry is read by
class names: ``pageHeader`` (the date), ``title``, ``reflectionPrompt``, the ``gridItem``
assets (places, activities, media, contacts, moods) and the body text after them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.chunking import split_long
from importers.errors import ParseError
from importers.htmltext import parse_html, render
from importers.source import SourceFile
from importers.timeparse import parse_datetime
from memory.records import RecordIn

_SPACES = re.compile(r"\s+")


def _classes(el: Any) -> list[str]:
    return (el.get("class") or "").split()


def _text(el: Any) -> str:
    return _SPACES.sub(" ", el.text_content()).strip()


class AppleJournalParser:
    """An Apple Journal entry exported as HTML."""

    name = "apple_journal"
    description = "Apple Journal entries (HTML export): date, title, body, places and media"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix not in (".html", ".htm"):
            return 0.0
        head = f.head(8192)
        if b"pageHeader" in head and (b"pageContainer" in head or b"bodyText" in head):
            return 0.9
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        root = parse_html(f.read_bytes())
        if root is None:
            raise ParseError(f.display, "empty or unreadable HTML")
        header = title = prompt = None
        assets: list[dict[str, str]] = []
        for el in list(root.iter("div")):
            cls = _classes(el)
            if "pageHeader" in cls:
                header = _text(el)
            elif "title" in cls:
                title = _text(el) or None
            elif "reflectionPrompt" in cls:
                prompt = _text(el) or None
            elif "gridItem" in cls:
                kind = next((c[len("assetType_") :] for c in cls if c.startswith("assetType_")), "")
                leaves = [d for d in el.iter("div") if d is not el and d.find(".//div") is None]
                parts = [_text(d) for d in leaves if _text(d)]
                assets.append({"type": kind, "text": ", ".join(dict.fromkeys(parts))})
            else:
                continue
            if el.getparent() is not None:
                el.drop_tree()
        body = "\n\n".join(b.text for b in render(root)).strip()
        when = parse_datetime(header) if header else None
        date_from = "entry date"
        if when is None and f.mtime is not None:
            when, date_from = datetime.fromtimestamp(f.mtime, UTC), "file time"
        entry_title = title or header or f.stem
        text_parts = [p for p in (f"Prompt: {prompt}" if prompt else None, body) if p]
        described = [f"{a['text']} ({a['type']})" for a in assets if a["text"]]
        if described:
            text_parts.append("Attached: " + "; ".join(described) + ".")
        meta = {"date": header, "prompt": prompt, "assets": assets, "date_from": date_from}
        records = [
            RecordIn(
                text=piece,
                kind="note_chunk",
                conversation=f.uri,
                title=entry_title,
                event_time=when,
                metadata=meta,
            )
            for piece in split_long("\n\n".join(text_parts), opts.chunk_chars)
        ]
        return ParsedFile(kind=self.name, records=records, title=entry_title, metadata=meta)


PARSER = AppleJournalParser()
