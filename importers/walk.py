"""Turning the paths a user names into ``SourceFile``s: files, folders and zip archives.

Folders are walked recursively, skipping hidden entries. Zip archives are opened safely:
members are read lazily, and archives that would expand beyond sane limits (zip bombs) are
refused with a reason instead of being extracted.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from importers.source import SourceFile

log = logging.getLogger(__name__)

MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 200_000
SKIP_DIRS = {"__pycache__", "node_modules", "__MACOSX"}
SKIP_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class WalkIssue:
    """A path that could not be walked, with the reason."""

    display: str
    reason: str
    status: str = "failed"


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in SKIP_DIRS or name in SKIP_FILES


def walk(paths: list[Path]) -> Iterator[SourceFile | WalkIssue]:
    """Yield every importable file under ``paths``, or an issue explaining a bad path."""
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            yield WalkIssue(str(path), "no such file or folder")
            continue
        if path.is_dir():
            yield from _walk_dir(path)
        elif path.is_file():
            yield from _file(path)
        else:
            yield WalkIssue(str(path), "not a regular file or folder")


def _walk_dir(root: Path) -> Iterator[SourceFile | WalkIssue]:
    found = False
    errors: list[WalkIssue] = []

    def onerror(e: OSError) -> None:
        errors.append(WalkIssue(str(e.filename or root), f"cannot read folder ({e.strerror})"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d))
        for name in sorted(filenames):
            if _hidden(name):
                continue
            found = True
            yield from _file(Path(dirpath) / name)
    yield from errors
    if not found and not errors:
        yield WalkIssue(str(root), "folder contains no files to import")


def _file(path: Path) -> Iterator[SourceFile | WalkIssue]:
    try:
        src = SourceFile.from_path(path)
    except OSError as e:
        yield WalkIssue(str(path), f"cannot read file ({e.strerror or e})")
        return
    if not os.access(path, os.R_OK):
        yield WalkIssue(str(path), "cannot read file (permission denied)")
        return
    yield src


def is_zip(f: SourceFile) -> bool:
    return f.head(4) == b"PK\x03\x04"


def zip_members(f: SourceFile) -> Iterator[SourceFile | WalkIssue]:
    """The files inside a zip archive, refusing zip bombs and unsafe members."""
    import io

    try:
        zf = zipfile.ZipFile(io.BytesIO(f.read_bytes()))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        yield WalkIssue(f.display, f"not a readable zip archive ({e})")
        return
    if len(infos) > MAX_MEMBERS:
        yield WalkIssue(f.display, f"zip has {len(infos)} members; refusing (limit {MAX_MEMBERS})")
        return
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_ARCHIVE_BYTES or (total > 50_000_000 and total / packed > MAX_RATIO):
        yield WalkIssue(
            f.display,
            f"zip would expand to {total / 1e6:.0f} MB from {packed / 1e6:.1f} MB "
            "(looks like a zip bomb); refused",
        )
        return
    for info in infos:
        if info.is_dir():
            continue
        member = PurePosixPath(info.filename)
        display = f"{f.display}!{info.filename}"
        if member.is_absolute() or ".." in member.parts:
            yield WalkIssue(display, "unsafe path inside zip; skipped", status="skipped")
            continue
        if any(_hidden(part) for part in member.parts):
            continue
        if info.file_size > MAX_MEMBER_BYTES or (
            info.file_size > 50_000_000 and info.file_size / max(1, info.compress_size) > MAX_RATIO
        ):
            yield WalkIssue(display, "member too large or too compressed (zip bomb?); skipped")
            continue
        yield SourceFile(
            uri=f"zip:{f.path or f.display}!{info.filename}",
            display=display,
            name=member.name,
            size=info.file_size,
            mtime=f.mtime,
            reader=_member_reader(zf, info),
        )


def _member_reader(zf: zipfile.ZipFile, info: zipfile.ZipInfo):  # type: ignore[no-untyped-def]
    def read() -> bytes:
        with zf.open(info) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
        if len(data) > MAX_MEMBER_BYTES:
            raise OSError(f"{info.filename} expands beyond {MAX_MEMBER_BYTES} bytes")
        return data

    return read
