"""Google Takeout Chrome browser history (``BrowserHistory.json``): one record per visit."""

from __future__ import annotations

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.jsonload import load_json
from importers.source import SourceFile
from importers.timeparse import from_timestamp
from memory.records import RecordIn


class TakeoutChromeParser:
    """Chrome history from Google Takeout."""

    name = "chrome_history"
    description = "Chrome browser history from Google Takeout (BrowserHistory.json)"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix != ".json":
            return 0.0
        if b'"Browser History"' in f.head(512):
            return 0.95
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        value = load_json(f)
        visits = value.get("Browser History") if isinstance(value, dict) else None
        if not isinstance(visits, list):
            raise ParseError(f.display, "not a Chrome history export (no 'Browser History' list)")
        records: list[RecordIn] = []
        for visit in visits:
            if not isinstance(visit, dict) or not visit.get("url"):
                continue
            url = str(visit["url"])
            title = str(visit.get("title") or "").strip()
            records.append(
                RecordIn(
                    text=f"Visited {title} ({url})" if title else f"Visited {url}",
                    kind="note_chunk",
                    conversation=f.uri,
                    title=title or url,
                    event_time=from_timestamp(visit.get("time_usec")),
                    metadata={"url": url, "transition": visit.get("page_transition")},
                )
            )
        return ParsedFile(
            kind=self.name, records=records, title=f.stem, metadata={"visits": len(records)}
        )


PARSER = TakeoutChromeParser()
