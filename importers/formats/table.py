"""CSV and TSV tables (a Notion database export, a spreadsheet): one record per row.

Each row reads "Column: value. Column: value."; the first column is the row's title. Rows
beyond ``MAX_ROWS`` are left out with a warning.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

from importers.base import ParsedFile, ParseOptions
from importers.errors import ParseError
from importers.source import SourceFile
from memory.records import RecordIn

MAX_ROWS = 50_000
_NOTION_ID = re.compile(r"\s[0-9a-f]{32}(?=(_all)?$)")


def clean_stem(stem: str) -> str:
    """A file stem without Notion's trailing 32-hex page id."""
    return _NOTION_ID.sub("", stem).strip() or stem


class TableParser:
    """CSV/TSV files with a header row."""

    name = "table"
    description = "CSV/TSV tables (e.g. Notion databases): one record per row"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix in (".csv", ".tsv") and not f.looks_binary():
            return 0.5
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        text = f.read_text()
        delimiter = "\t" if f.suffix == ".tsv" else ","
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        except csv.Error as e:
            raise ParseError(f.display, f"not a readable table ({e})") from e
        rows = [r for r in rows if any(c.strip() for c in r)]
        if len(rows) < 2:
            raise ParseError(f.display, "table has no rows under its header")
        header = [h.strip() or f"column {i + 1}" for i, h in enumerate(rows[0])]
        title = clean_stem(f.stem)
        warnings: list[str] = []
        body = rows[1:]
        if len(body) > MAX_ROWS:
            warnings.append(f"only the first {MAX_ROWS} of {len(body)} rows were imported")
            body = body[:MAX_ROWS]
        when = datetime.fromtimestamp(f.mtime, UTC) if f.mtime is not None else None
        records: list[RecordIn] = []
        for n, row in enumerate(body, 1):
            cells = [(h, c.strip()) for h, c in zip(header, row, strict=False) if c.strip()]
            if not cells:
                continue
            text = " ".join(f"{h}: {c}." if not c.endswith(".") else f"{h}: {c}" for h, c in cells)
            records.append(
                RecordIn(
                    text=text,
                    kind="note_chunk",
                    conversation=f.uri,
                    title=f"{title} > {cells[0][1][:80]}",
                    event_time=when,
                    metadata={"row": n, "columns": header},
                )
            )
        return ParsedFile(
            kind=self.name,
            records=records,
            title=title,
            warnings=warnings,
            metadata={"rows": len(body), "columns": header},
        )


PARSER = TableParser()
