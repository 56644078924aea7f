"""Turning the paths a user names into ``SourceFile``s: files, folders and zip archives.

Folders are walked recursively, in name order, skipping hidden entries. Every path that
cannot be imported becomes a ``WalkIssue`` with the reason, and the walk goes on:

- Only regular files are read. Named pipes, sockets and devices are skipped from their
  ``stat``, without opening them (reading a pipe would wait forever).
- Symlinks are followed, each at most once: a folder already walked in this run (a link
  back to a parent, a loop of links) is not walked again, and a link that loops on itself
  or points nowhere is skipped with the reason.
- A name that is not valid UTF-8 is shown and stored escaped (``importers.source.display_path``).

Zip archives are opened safely: members are read lazily, and archives that would expand
beyond sane limits (zip bombs) are refused with a reason instead of being extracted. A
damaged member (bad CRC, truncated data) fails that member alone.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from importers.errors import ImportFailure
from importers.source import SourceFile, display_path, kind_of

log = logging.getLogger(__name__)

MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 200_000
SKIP_DIRS = {"__pycache__", "node_modules", "__MACOSX"}
SKIP_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)
"""What reading a damaged, encrypted or exotic zip member raises."""


@dataclass(frozen=True)
class WalkIssue:
    """A path that could not be walked, with the reason."""

    display: str
    reason: str
    status: str = "failed"


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in SKIP_DIRS or name in SKIP_FILES


def _link_problem(path: Path, e: OSError | RuntimeError) -> WalkIssue:
    """The issue for a path whose ``stat`` (following links) failed."""
    shown = display_path(path)
    if isinstance(e, RuntimeError) or getattr(e, "errno", None) == errno.ELOOP:
        return WalkIssue(shown, "symlink loop; skipped", status="skipped")
    if isinstance(e, FileNotFoundError) and os.path.islink(path):
        return WalkIssue(shown, "broken symlink (its target is missing); skipped", "skipped")
    if isinstance(e, FileNotFoundError):
        return WalkIssue(shown, "no such file or folder")
    return WalkIssue(shown, f"cannot read ({e.strerror or e})")


def _not_regular(path: Path, mode: int) -> WalkIssue:
    return WalkIssue(
        display_path(path), f"not a regular file ({kind_of(mode)}); skipped unread", "skipped"
    )


@dataclass
class _Walk:
    """One walk: remembers the folders and files already reached, so links are followed once."""

    dirs: set[tuple[int, int]] = field(default_factory=set)
    files: set[tuple[int, int]] = field(default_factory=set)

    def top(self, raw: Path) -> Iterator[SourceFile | WalkIssue]:
        path = Path(raw).expanduser()
        try:
            st = path.stat()
        except (OSError, RuntimeError) as e:
            yield _link_problem(path, e)
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self.folder(path, st)
        elif stat.S_ISREG(st.st_mode):
            yield from self.file(path, st)
        else:
            yield _not_regular(path, st.st_mode)

    def folder(self, root: Path, st: os.stat_result) -> Iterator[SourceFile | WalkIssue]:
        if (st.st_dev, st.st_ino) in self.dirs:
            return  # named twice, or inside a folder named before: walked already
        found = False
        stack: list[tuple[Path, os.stat_result]] = [(root, st)]
        while stack:
            folder, fst = stack.pop()
            key = (fst.st_dev, fst.st_ino)
            if key in self.dirs:
                why = (
                    "symlink to a folder already walked (a loop, or a second way in)"
                    if os.path.islink(folder)
                    else "same folder as one already walked through a symlink"
                )
                yield WalkIssue(display_path(folder), f"{why}; skipped", status="skipped")
                continue
            self.dirs.add(key)
            subdirs: list[tuple[Path, os.stat_result]] = []
            for item in self._entries(folder):
                if isinstance(item, WalkIssue):
                    yield item
                    continue
                path, est = item
                if stat.S_ISDIR(est.st_mode):
                    subdirs.append((path, est))
                    continue
                found = True
                if stat.S_ISREG(est.st_mode):
                    yield from self.file(path, est)
                else:
                    yield _not_regular(path, est.st_mode)
            stack.extend(reversed(subdirs))
        if not found:
            yield WalkIssue(display_path(root), "folder contains no files to import")

    def _entries(self, folder: Path) -> Iterator[tuple[Path, os.stat_result] | WalkIssue]:
        """The visible entries of ``folder`` in name order, each with its ``stat`` (links
        followed once), or the issue that stopped it."""
        try:
            with os.scandir(folder) as it:
                names = sorted(e.name for e in it)
        except OSError as e:
            yield WalkIssue(display_path(folder), f"cannot read folder ({e.strerror or e})")
            return
        for name in names:
            if _hidden(name):
                continue
            path = folder / name
            try:
                yield path, path.stat()
            except (OSError, RuntimeError) as e:
                yield _link_problem(path, e)

    def file(self, path: Path, st: os.stat_result) -> Iterator[SourceFile | WalkIssue]:
        key = (st.st_dev, st.st_ino)
        if key in self.files:
            return  # the same file reached again through a link: imported once
        self.files.add(key)
        try:
            src = SourceFile.from_path(path, st)
        except (OSError, RuntimeError) as e:
            yield _link_problem(path, e)
            return
        if not os.access(path, os.R_OK):
            yield WalkIssue(src.display, "cannot read file (permission denied)")
            return
        yield src


def walk(paths: list[Path]) -> Iterator[SourceFile | WalkIssue]:
    """Yield every importable file under ``paths``, or an issue explaining a bad path."""
    state = _Walk()
    for raw in paths:
        yield from state.top(Path(raw))


def is_zip(f: SourceFile) -> bool:
    """True when ``f`` starts like a zip archive (reads it: may raise ``ParseError``)."""
    return f.head(4) == b"PK\x03\x04"


def zip_members(f: SourceFile) -> Iterator[SourceFile | WalkIssue]:
    """The files inside a zip archive, refusing zip bombs and unsafe members."""
    import io

    try:
        zf = zipfile.ZipFile(io.BytesIO(f.read_bytes()))
        infos = zf.infolist()
    except (*ZIP_ERRORS, OSError, ImportFailure) as e:
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
    by_name = {i.filename: i for i in infos if not i.is_dir()}
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
            uri=f"zip:{display_path(f.path) if f.path else f.display}!{info.filename}",
            display=display,
            name=member.name,
            size=info.file_size,
            mtime=f.mtime,
            reader=_member_reader(zf, info),
            sibling_reader=_sibling_reader(zf, by_name, member),
        )


def _sibling_reader(
    zf: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo], member: PurePosixPath
) -> Callable[[str, int], bytes | None]:
    """Reads the head of another member in ``member``'s folder (None: absent or unreadable)."""

    def read(name: str, n: int) -> bytes | None:
        info = by_name.get(str(member.with_name(name)))
        if info is None:
            return None
        try:
            with zf.open(info) as fh:
                return fh.read(n)
        except ZIP_ERRORS:
            return None

    return read


def _member_reader(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            with zf.open(info) as fh:
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except ZIP_ERRORS as e:  # a bad CRC, truncated data, a password, a method we lack
            raise OSError(f"damaged zip member ({e})") from e
        if len(data) > MAX_MEMBER_BYTES:
            raise OSError(f"{info.filename} expands beyond {MAX_MEMBER_BYTES} bytes")
        return data

    return read
