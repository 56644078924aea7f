"""What every importer is: a pure parser from a ``SourceFile`` to records.

A parser says how sure it is that it can read a file (``sniff``, by content, not only by
extension) and turns it into a ``ParsedFile``. Parsers never touch the database or print;
persistence, dedup, batching and progress live in ``importers.pipeline``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from importers.source import SourceFile
from memory.records import RecordIn


@dataclass(frozen=True)
class ParseOptions:
    """Options a parser may honour."""

    password: str | None = None
    """Password for encrypted files (PDF)."""
    chunk_chars: int = 1200
    """Target size of a note or file chunk, in characters."""
    self_names: tuple[str, ...] = ()
    """Names the user goes by in chats (to tell their own messages apart)."""


@dataclass
class ParsedFile:
    """What a parser read from one file."""

    kind: str
    records: list[RecordIn]
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


class Parser(Protocol):
    """An importer for one format."""

    name: str
    """The format's short name (``markdown``, ``whatsapp``...), stored as the source kind."""
    description: str
    """One line for `mneme import --help` and the docs."""

    def sniff(self, f: SourceFile) -> float:
        """How sure the parser is that it reads ``f``: 0 (not at all) to 1 (certain)."""
        ...

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        """Read ``f``. Raises ``ParseError`` naming the file and the problem."""
        ...
