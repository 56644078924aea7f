"""HTML pages and saved articles: readable text, title, and headings as chunk titles.

Scripts, styles and navigation are dropped (see ``importers.htmltext``). The page date comes
from a ``<meta>`` date when there is one, else the file's modification time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from importers.base import ParsedFile, ParseOptions
from importers.chunking import heading_title, split_long
from importers.errors import ParseError
from importers.htmltext import HtmlDoc, html_title, parse_html, render
from importers.source import SourceFile
from importers.timeparse import parse_datetime
from memory.records import RecordIn

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)
DATE_METAS = ("article:published_time", "date", "dc.date", "dcterms.created", "og:updated_time")


def looks_like_html(f: SourceFile) -> bool:
    """True when the file starts like an HTML document."""
    head = f.head(2048).lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head))


def meta_date(root) -> datetime | None:  # type: ignore[no-untyped-def]
    """The page's date from ``<meta name|property=... content=...>``, if any."""
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        if key in DATE_METAS:
            parsed = parse_datetime(meta.get("content") or "")
            if parsed is not None:
                return parsed
    return None


class HtmlParser:
    """Any HTML page; the fallback for HTML no more specific importer claims."""

    name = "html"
    description = "HTML pages (.html), readable text with headings as chunk titles"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix in HTML_SUFFIXES:
            return 0.5
        if looks_like_html(f):
            return 0.4
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = f.read_bytes()
        if f.looks_binary():
            raise ParseError(f.display, "binary data, not an HTML page")
        root = parse_html(data)
        if root is None:
            raise ParseError(f.display, "empty or unreadable HTML")
        doc = HtmlDoc(title=html_title(root), blocks=render(root))
        first_h1 = next((b.text for b in doc.blocks if b.level == 1), None)
        title = doc.title or first_h1 or f.stem
        when = meta_date(root)
        date_from = "meta"
        if when is None and f.mtime is not None:
            when, date_from = datetime.fromtimestamp(f.mtime, UTC), "file time"
        records: list[RecordIn] = []
        for section in doc.sections():
            section_title = heading_title(title, section.path) or title
            for piece in split_long(section.text, opts.chunk_chars):
                records.append(
                    RecordIn(
                        text=piece,
                        kind="file_chunk",
                        conversation=f.uri,
                        title=section_title,
                        event_time=when,
                    )
                )
        return ParsedFile(
            kind=self.name,
            records=records,
            title=title,
            metadata={"date_from": date_from if when else "unknown"},
        )


PARSER = HtmlParser()
