"""Private by default: the folders Mneme owns are 0700 and every file it writes is 0600.

A memory holds the most private data a person has, so nothing Mneme writes may be readable by
another user of the machine, whatever the umask. The composition root sets the process umask
to ``PRIVATE_UMASK`` (covering files that libraries create: SQLite's ``-wal``/``-shm``,
Chroma's index files); the helpers here create Mneme's own folders and files with the
private mode explicitly. ``wide_modes`` and ``tighten`` are what ``mneme doctor`` checks and
``mneme doctor --repair`` fixes on an existing store.

Used by ``memory.db``, ``memory.snapshot``, ``memory.export``, ``app.logging_setup`` and
``app.services``.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
PRIVATE_UMASK = 0o077


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) and make ``path`` itself 0700.

    Only the folder Mneme owns is made private; parents it had to create get the same mode
    (they did not exist, so nobody else relies on them), existing parents are left alone.
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            pass
        os.chmod(folder, PRIVATE_DIR)
    return path


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (its mode is kept if it does)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)


def open_private(path: Path, mode: str = "wb", encoding: str | None = None) -> IO[Any]:
    """``open(path, mode)`` for writing, creating the file 0600 (an existing one is made 0600).

    Args:
        path: the file.
        mode: ``"wb"``, ``"w"``, ``"ab"`` or ``"a"``.
        encoding: text encoding for text modes.
    """
    flags = os.O_WRONLY | os.O_CREAT
    flags |= os.O_APPEND if mode.startswith("a") else os.O_TRUNC
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
        return os.fdopen(fd, mode, encoding=encoding if "b" not in mode else None)
    except BaseException:
        os.close(fd)
        raise


@dataclass(frozen=True)
class WideMode:
    """A path readable or writable by others than its owner."""

    path: Path
    mode: int
    wanted: int

    def __str__(self) -> str:
        return f"{self.path} is {self.mode:o} (should be {self.wanted:o})"


def _walk(root: Path) -> Iterator[Path]:
    """``root`` and everything under it, without following symlinks."""
    yield root
    if root.is_symlink() or not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            yield Path(dirpath) / name


def wide_modes(roots: Iterable[Path]) -> list[WideMode]:
    """Folders wider than 0700 and files wider than 0600 under ``roots`` (symlinks skipped)."""
    found: list[WideMode] = []
    seen: set[Path] = set()
    for root in roots:
        if not root.exists():
            continue
        for path in _walk(root):
            if path in seen:
                continue
            seen.add(path)
            try:
                st = path.lstat()
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                continue
            wanted = PRIVATE_DIR if stat.S_ISDIR(st.st_mode) else PRIVATE_FILE
            mode = stat.S_IMODE(st.st_mode)
            if mode & ~wanted:
                found.append(WideMode(path, mode, wanted))
    return found


def tighten(items: Iterable[WideMode]) -> list[WideMode]:
    """Take group and other permissions away from ``items``; returns those changed."""
    fixed = []
    for item in items:
        try:
            os.chmod(item.path, item.mode & item.wanted)
        except OSError as e:
            log.warning("%s: cannot change its mode (%s)", item.path, e)
            continue
        fixed.append(item)
    return fixed
