"""Google Takeout "My Activity" JSON: searches, visits, app use, one record per activity.

Each item (``header``, ``title``, ``time``, ``products``, ``subtitles``, ``locationInfos``)
becomes a short note like "Search: Searched for trail running shoes (Discover)".
"""

from __future__ import annotations

from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.jsonload import load_json
from importers.source import SourceFile
from importers.timeparse import parse_datetime
from memory.records import RecordIn


def _names(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(i["name"]).strip() for i in items if isinstance(i, dict) and i.get("name")]


class TakeoutActivityParser:
    """Google Takeout My Activity exports (JSON)."""

    name = "google_activity"
    description = "Google Takeout My Activity (JSON): searches, visits and app activity"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix != ".json":
            return 0.0
        head = f.head(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        if (
            head.startswith(b"[")
            and b'"header"' in head
            and b'"time"' in head
            and (b'"products"' in head or b'"titleUrl"' in head)
        ):
            return 0.9
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        items = load_json(f)
        if not isinstance(items, list):
            raise ParseError(f.display, "not a My Activity export (expected a list)")
        records: list[RecordIn] = []
        warnings: list[str] = []
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict) or not item.get("title"):
                continue
            header = str(item.get("header") or "").strip()
            title = str(item["title"]).strip()
            details = _names(item.get("subtitles"))
            places = _names(item.get("locationInfos"))
            text = f"{header}: {title}" if header else title
            if details:
                text += " (" + ", ".join(details) + ")"
            when = parse_datetime(str(item.get("time") or ""))
            if when is None:
                warnings.append(f"activity {n} has no readable time")
            records.append(
                RecordIn(
                    text=text,
                    kind="note_chunk",
                    conversation=f"{f.uri}#{header or 'activity'}",
                    title=header or None,
                    event_time=when,
                    metadata={
                        "products": item.get("products") or [],
                        "url": item.get("titleUrl"),
                        "details": details,
                        "locations": places,
                    },
                )
            )
        return ParsedFile(
            kind=self.name,
            records=records,
            title=f.stem,
            warnings=warnings,
            metadata={"activities": len(records)},
        )


PARSER = TakeoutActivityParser()
