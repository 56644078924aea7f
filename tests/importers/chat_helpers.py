"""Helpers for the chat-importer tests: fixture paths, parsing a file, building zips."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from importers.base import ParsedFile, ParseOptions, Parser
from importers.source import SourceFile
from tests.conftest import FIXTURES

CHATS = FIXTURES


def source(path: Path) -> SourceFile:
    return SourceFile.from_path(path)


def parse(parser: Parser, path: Path, *self_names: str) -> ParsedFile:
    return parser.parse(source(path), ParseOptions(self_names=tuple(self_names)))


def make_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    """Write a zip at ``path`` holding ``members`` (name -> content)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return path


def texts(parsed: ParsedFile) -> list[str]:
    return [r.text for r in parsed.records]


def speakers(parsed: ParsedFile) -> list[str | None]:
    return [r.speaker for r in parsed.records]
