"""The ``conversations.json`` that ChatGPT and Claude.ai exports share, on its own or zipped.

Both exports are a ``conversations.json`` (a JSON list of conversations), saved on its own or
inside the export ``.zip``. Finding that file is the same for both; telling the two apart is
each parser's own ``looks_like`` check, passed in. Used by ``importers.formats.chatgpt`` and
``importers.formats.claude`` (so neither imports the other).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from importers.errors import ParseError
from importers.formats.chatutil import ZipArchive
from importers.source import SourceFile
from importers.walk import is_zip

FILE_NAME = "conversations.json"


def _member_head(zf: zipfile.ZipFile, name: str) -> str:
    with zf.open(name) as fh:
        return fh.read(65536).decode("utf-8-sig", errors="ignore").lstrip()


def zip_conversations(f: SourceFile, looks_like: Callable[[str], bool]) -> float:
    """Sniff a zip export: 0.9 when its ``conversations.json`` head passes ``looks_like``."""
    try:
        with zipfile.ZipFile(io.BytesIO(f.read_bytes())) as zf:
            names = [n for n in zf.namelist() if n.rsplit("/", 1)[-1] == FILE_NAME]
            if names and looks_like(_member_head(zf, min(names, key=lambda n: n.count("/")))):
                return 0.9
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return 0.0
    return 0.0


def conversations_file(f: SourceFile) -> tuple[SourceFile, list[str], set[str]]:
    """The ``conversations.json`` to read: ``f`` itself, or the member of a zip export.

    Returns:
        (the JSON file, warnings, the base names of the other files in the archive).

    Raises:
        ParseError: a zip without a ``conversations.json``.
    """
    if not is_zip(f):
        return f, [], set()
    archive = ZipArchive(f)
    member = archive.find(FILE_NAME)
    if member is None:
        raise ParseError(f.display, f"no {FILE_NAME} inside the zip")
    return member, archive.warnings, {n.rsplit("/", 1)[-1] for n in archive.names()}
