"""Errors raised while reading a user's files. Each names the file and the problem."""

from __future__ import annotations

from models.errors import MnemeError


class ImportFailure(MnemeError):
    """Base of import errors."""


class ParseError(ImportFailure):
    """A file could not be parsed (wrong format, truncated, corrupt, encrypted...).

    Args:
        where: the file's display path.
        problem: what is wrong, in words a user understands.
    """

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}", title="Import failed")
        self.where = where
        self.problem = problem


class UnsupportedFormat(ImportFailure):
    """No importer recognises the file."""
