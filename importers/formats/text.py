"""Plain-text notes: paragraphs chunked, dated by the file's modification time."""

from __future__ import annotations

from datetime import UTC, datetime

from importers.base import ParsedFile, ParseOptions
from importers.chunking import split_long
from importers.source import SourceFile
from memory.records import RecordIn

TEXT_SUFFIXES = (".txt", ".text", ".log", ".rst")


class TextParser:
    """Any UTF-8 text file; the fallback for text no other importer claims."""

    name = "text"
    description = "Plain-text notes (.txt), chunked by paragraph"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix in TEXT_SUFFIXES:
            return 0.5
        if f.suffix == "" and f.size < 10_000_000 and not f.looks_binary():
            return 0.1
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        text = f.read_text()
        when = datetime.fromtimestamp(f.mtime, UTC) if f.mtime is not None else None
        records = [
            RecordIn(
                text=piece,
                kind="note_chunk",
                conversation=f.uri,
                title=f.stem,
                event_time=when,
            )
            for piece in split_long(text.replace("\r\n", "\n"), opts.chunk_chars)
        ]
        return ParsedFile(kind=self.name, records=records, title=f.stem)


PARSER = TextParser()
