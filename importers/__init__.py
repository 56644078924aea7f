"""Importers: pure parsers from the user's files to records, and the pipeline that stores them.

Called by the front ends in ``app`` (``mneme import``, the TUI import screen, the watcher).
"""

from __future__ import annotations

from importers.base import ParsedFile, ParseOptions, Parser
from importers.errors import ImportFailure, ParseError
from importers.pipeline import FileResult, Importer, ImportProgress, ImportReport
from importers.source import SourceFile

__all__ = [
    "FileResult",
    "ImportFailure",
    "ImportProgress",
    "ImportReport",
    "Importer",
    "ParseError",
    "ParseOptions",
    "ParsedFile",
    "Parser",
    "SourceFile",
]
