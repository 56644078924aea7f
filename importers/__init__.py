"""Importers: pure parsers from the user's files to records, and the pipeline that stores them.

Called by the front ends in ``app`` (``mneme import``, the TUI import screen, the watcher).
"""

from __future__ import annotations

import importlib
from typing import Any

# Re-exports are resolved on first use so that importing a submodule (say the errors
# module) does not import the whole package.
_EXPORTS = {
    "FileResult": "importers.report",
    "ImportFailure": "importers.errors",
    "ImportInterrupted": "importers.resume",
    "ImportProgress": "importers.report",
    "ImportReport": "importers.report",
    "Importer": "importers.pipeline",
    "ParseError": "importers.errors",
    "ParseOptions": "importers.base",
    "ParsedFile": "importers.base",
    "Parser": "importers.base",
    "SourceFile": "importers.source",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
