"""Google Takeout "My Activity" in its default HTML form (``My Activity/<product>/
MyActivity.html``): one record per activity, as for the JSON form.

Each activity is an ``outer-cell`` block: a ``header-cell`` naming the product ("Search",
"YouTube"), a ``content-cell ... mdl-typography--body-1`` with the activity and, on its last
line, the date ("Searched for <a>trail shoes</a><br>Mar 12, 2024, 9:05:09 PM CET"), and a
caption cell listing ``Products:`` and ``Locations:``.

- The text reads like the JSON importer's: "Search: Searched for trail shoes".
- The date is the first line that reads as one; lines after it (a Gemini prompt's answer,
  in a ``<p>``) follow the activity in the text.
- Dates are in the account's language and the zone's abbreviation ("Mar 12, 2024, 9:05:09
  PM CET", "12 Mar 2024, 21:05:09 CET"); the abbreviation is dropped (it names no single
  offset) and the time is stored as UTC with ``metadata.local_time = True``; an offset
  ("GMT+06:00") is applied and the time is a real instant. An activity whose
  date cannot be read is kept undated and counted in a warning.
- The conversation is ``<file uri>#<header>``, as for the JSON form.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from dateutil import parser as du_parser
from lxml import etree

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.htmltext import parse_html
from importers.source import SourceFile
from memory.records import RecordIn

_MARKS = (b"outer-cell", b"header-cell", b"content-cell", b"mdl-typography--body-1")
_OFFSET = re.compile(r"^(?:GMT|UTC)([+-])(\d{1,2}):?(\d{2})?$")
_DATE = re.compile(
    r"^(?P<when>.*?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s?[AaPp]\.?\s?[Mm]\.?)?)"
    r"(?:\s+(?P<zone>[A-Z]{2,5}|GMT[+-−]\d{1,2}(?::?\d{2})?|UTC))?$"
)


def _classes(el: etree._Element) -> list[str]:
    return str(el.get("class") or "").split()


def _lines(el: etree._Element) -> list[str]:
    """The element's text, one entry per line (``<br>`` and block elements break lines)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "br":
                parts.append("\n")
            elif tag in ("p", "div", "li", "ul", "ol"):  # a block: lines of its own
                parts.append("\n")
                walk(child)
                parts.append("\n")
            elif tag:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    text = "".join(parts).replace("\u202f", " ").replace("\xa0", " ").replace("\u2003", " ")
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def activity_date(text: str) -> tuple[datetime | None, bool]:
    """A My Activity date and whether it is local time (None: not a date)."""
    m = _DATE.match(" ".join(text.split()))
    if m is None:
        return None, True
    try:
        parsed = du_parser.parse(m.group("when"), fuzzy=False)
    except (ValueError, OverflowError):
        return None, True
    zone = (m.group("zone") or "").replace("\u2212", "-")
    off = _OFFSET.match(zone)
    if off:  # 'GMT+06:00': a real offset
        sign = -1 if off.group(1) == "-" else 1
        delta = timedelta(hours=int(off.group(2)), minutes=int(off.group(3) or 0))
        return (parsed - sign * delta).replace(tzinfo=UTC), False
    return parsed.replace(tzinfo=UTC), zone not in ("UTC", "GMT")


class TakeoutActivityHtmlParser:
    """Google Takeout My Activity pages (HTML)."""

    name = "google_activity_html"
    description = "Google Takeout My Activity (HTML, Takeout's default)"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix not in (".html", ".htm"):
            return 0.0
        head = f.head(65536)
        return 0.9 if all(mark in head for mark in _MARKS) else 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        root = parse_html(f.read_bytes())
        if root is None:
            raise ParseError(f.display, "empty or unreadable HTML")
        records: list[RecordIn] = []
        undated = 0
        for cell in root.iter():
            if not isinstance(cell.tag, str) or "outer-cell" not in _classes(cell):
                continue
            header = body = caption = None
            for el in cell.iter():
                if not isinstance(el.tag, str):
                    continue
                cls = _classes(el)
                if "header-cell" in cls and header is None:
                    header = " ".join(_lines(el))
                elif "content-cell" in cls and "mdl-typography--body-1" in cls and body is None:
                    if "mdl-typography--text-right" not in cls:
                        body = _lines(el)
                elif "content-cell" in cls and "mdl-typography--caption" in cls:
                    caption = _lines(el)
            if not body:
                continue
            # the date is the first line that reads as one; lines after it are the
            # activity's own text (a Gemini prompt's answer)
            when, local, at = None, True, len(body)
            for i, line in enumerate(body):
                when, local = activity_date(line)
                if when is not None:
                    at = i
                    break
            if when is None:
                undated += 1
            title = " ".join(body[:at]).strip()
            after = "\n".join(body[at + 1 :]).strip()
            if not title:
                continue
            products, places, key = [], [], ""
            for line in caption or []:
                if line.endswith(":"):
                    key = line[:-1]
                elif key == "Products":
                    products.append(line)
                elif key == "Locations":
                    places.append(line)
            link = next((a.get("href") for a in cell.iter("a") if a.get("href")), None)
            header = header or ""
            meta = {"products": products, "url": link, "locations": places}
            if when is not None and local:
                meta["local_time"] = True
            records.append(
                RecordIn(
                    text=(f"{header}: {title}" if header else title)
                    + (f"\n\n{after}" if after else ""),
                    kind="note_chunk",
                    conversation=f"{f.uri}#{header or 'activity'}",
                    title=header or None,
                    event_time=when,
                    metadata={k: v for k, v in meta.items() if v},
                )
            )
        if not records:
            raise ParseError(f.display, "no My Activity entries in this page")
        warnings = [f"{undated} activit(ies) with no readable date"] if undated else []
        return ParsedFile(
            kind=self.name,
            records=records,
            title=f.stem,
            warnings=warnings,
            metadata={"activities": len(records)},
        )


PARSER = TakeoutActivityHtmlParser()
