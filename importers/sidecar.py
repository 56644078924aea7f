"""Files that travel beside an archive but hold no memories: license texts and file lists.

An export or a downloaded sample folder often carries a ``LICENSE`` and a manifest such as
``SOURCES.tsv`` (one row per file: folder, file, repository, path, commit, license). Imported
as notes, every row became a record of its own, "folder: whatsapp. file: chat.txt.
repository: ...", and those rows padded answers about chats and emails. Such a file says
nothing about the user's life; it describes the other files. So the pipeline skips it with
this reason (shown in the import report), and if an earlier version stored it, its records
are marked ``removed`` (kept, left out of recall; never deleted).

What counts, kept narrow so a user's own tables and notes are never skipped:

- a license text: a file named ``LICENSE``, ``LICENCE``, ``COPYING``, ``NOTICE`` or
  ``UNLICENSE`` (with no extension or ``.txt``/``.md``/``.rst``) whose opening reads like a
  license ("license", "copyright", "permission is hereby granted");
- a file list: a ``.csv``/``.tsv`` whose header row has a column naming files (file, path,
  filename) and a column of provenance (license, commit, repository, checksum, sha, md5,
  url), with at least three quarters of its columns from that vocabulary.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from importers.source import SourceFile

LICENSE_STEMS = {"license", "licence", "copying", "notice", "unlicense"}
LICENSE_SUFFIXES = {"", ".txt", ".md", ".rst"}
_LICENSE_WORDS = re.compile(r"licen[cs]e|copyright|permission is hereby granted", re.I)
FILE_COLUMNS = {"file", "filename", "file_name", "path", "filepath", "file_path", "member"}
PROVENANCE_COLUMNS = {
    "license", "licence", "commit", "sha", "sha1", "sha256", "md5", "checksum", "hash",
    "repository", "repo", "url", "source_url", "origin", "upstream",
}
OTHER_MANIFEST_COLUMNS = {
    "folder", "directory", "dir", "source", "size", "bytes", "format", "mime", "mimetype",
    "type", "modified", "mtime", "notes", "note", "author", "ref", "branch", "version",
}


def _column(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().strip('"').lower())


def _license_reason(f: SourceFile) -> str | None:
    name = PurePosixPath(f.name)
    if name.stem.lower() not in LICENSE_STEMS or name.suffix.lower() not in LICENSE_SUFFIXES:
        return None
    head = f.head(2048).decode("utf-8", errors="ignore")
    if not _LICENSE_WORDS.search(head):
        return None
    return "a license text, not a memory; skipped"


def _manifest_reason(f: SourceFile) -> str | None:
    if f.suffix not in (".csv", ".tsv"):
        return None
    first = f.head(4096).decode("utf-8-sig", errors="ignore").splitlines()[:1]
    if not first:
        return None
    columns = [_column(c) for c in first[0].split("\t" if f.suffix == ".tsv" else ",")]
    columns = [c for c in columns if c]
    known = FILE_COLUMNS | PROVENANCE_COLUMNS | OTHER_MANIFEST_COLUMNS
    if (
        len(columns) >= 3
        and any(c in FILE_COLUMNS for c in columns)
        and any(c in PROVENANCE_COLUMNS for c in columns)
        and sum(c in known for c in columns) * 4 >= len(columns) * 3
    ):
        return (
            f"a list of files and where they came from ({', '.join(columns[:6])}), "
            "not memories; skipped"
        )
    return None


def sidecar_reason(f: SourceFile) -> str | None:
    """Why ``f`` is a license text or a file list to skip, or None for any other file.

    Raises:
        ParseError: the file cannot be read.
    """
    return _license_reason(f) or _manifest_reason(f)
