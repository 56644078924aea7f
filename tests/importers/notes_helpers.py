"""Helpers for the notes/files importer tests: parse a fixture with the parser ``detect``
picks (so content sniffing is exercised too)."""

from __future__ import annotations

from pathlib import Path

from importers.base import ParsedFile, ParseOptions
from importers.registry import detect
from importers.source import SourceFile
from tests.conftest import FIXTURES

__all__ = ["FIXTURES", "detected", "parse_fixture"]


def detected(path: Path) -> str | None:
    """The name of the parser ``detect`` picks for ``path``."""
    parser = detect(SourceFile.from_path(path))
    return parser.name if parser else None


def parse_fixture(rel: str | Path, **opts: object) -> ParsedFile:
    """Parse ``FIXTURES/rel`` with the parser chosen by content."""
    path = FIXTURES / rel if not Path(rel).is_absolute() else Path(rel)
    f = SourceFile.from_path(path)
    parser = detect(f)
    assert parser is not None, f"no parser for {path}"
    return parser.parse(f, ParseOptions(**opts))  # type: ignore[arg-type]
