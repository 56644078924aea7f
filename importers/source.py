"""``SourceFile``: one importable unit (a file on disk or a member of a zip), read lazily.

Parsers receive a ``SourceFile`` and never touch the filesystem themselves beyond it, so the
same parser reads a WhatsApp ``.txt`` on disk or inside an export ``.zip``.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from importers.errors import ParseError

BINARY_SAMPLE = 8192
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def display_path(path: Path | str) -> str:
    """A path as text the store and a terminal can take.

    File names are bytes on POSIX. Python reads bytes that are not UTF-8 as lone surrogates
    (``os.fsdecode``, ``surrogateescape``), which SQLite and a UTF-8 terminal refuse. Those
    bytes are shown escaped (``bad_\\xff\\xfe.md``); every other name is unchanged.
    """
    text = os.fsdecode(path) if isinstance(path, bytes) else str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words (``named pipe``, ``socket``...)."""
    for test, word in (
        (stat.S_ISFIFO, "named pipe"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISDIR, "folder"),
    ):
        if test(mode):
            return word
    return "special file"


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path``, refusing anything that is not a regular file.

    The file is opened without blocking and checked on the open descriptor, so a named pipe
    or a device put in a file's place is never read from (reading a pipe would wait forever).

    Raises:
        OSError: the file cannot be read, or is not a regular file.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(f"not a regular file ({kind_of(mode)})")
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            return fh.read()
    finally:
        if fd >= 0:
            os.close(fd)


@dataclass
class SourceFile:
    """A file to import.

    Attributes:
        uri: stable identity in the store (``file:/abs/path`` or ``zip:/abs.zip!member``).
        display: the path shown to the user.
        name: the file name (with extension).
        size: size in bytes.
        mtime: modification time (POSIX seconds), when known.
        path: the real file on disk, when there is one (zip members have none).
        sibling_reader: for a zip member, reads the first bytes of another member in the same
            folder by file name (None when there is none); files on disk use ``path``.
    """

    uri: str
    display: str
    name: str
    size: int
    mtime: float | None
    reader: Callable[[], bytes]
    path: Path | None = None
    sibling_reader: Callable[[str, int], bytes | None] | None = field(default=None, repr=False)
    _data: bytes | None = field(default=None, repr=False)

    @classmethod
    def from_path(cls, path: Path, st: os.stat_result | None = None) -> SourceFile:
        """A file on disk (``path`` resolved: its uri names the real file, not a link).

        Raises:
            OSError: the file cannot be found or is not a regular file.
            RuntimeError: a symlink loop (``Path.resolve`` before Python 3.13).
        """
        path = path.resolve(strict=True)
        st = st if st is not None else path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"not a regular file ({kind_of(st.st_mode)})")
        shown = display_path(path)
        return cls(
            uri=f"file:{shown}",
            display=shown,
            name=display_path(path.name),
            size=st.st_size,
            mtime=st.st_mtime,
            reader=lambda: read_regular_file(path),
            path=path,
        )

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()

    @property
    def stem(self) -> str:
        return PurePosixPath(self.name).stem

    def read_bytes(self) -> bytes:
        if self._data is None:
            try:
                self._data = self.reader()
            except OSError as e:  # a system error, or a reader's own words (a damaged zip)
                problem = f"cannot read file ({e.strerror})" if e.strerror else str(e)
                raise ParseError(self.display, problem) from e
        return self._data

    def sibling_head(self, name: str, n: int = 8192) -> bytes | None:
        """The first ``n`` bytes of the file ``name`` in this file's folder (on disk or in the
        same zip), or None when there is no such readable file."""
        if self.path is not None:
            try:
                with self.path.with_name(name).open("rb") as fh:
                    return fh.read(n)
            except OSError:
                return None
        if self.sibling_reader is not None:
            return self.sibling_reader(name, n)
        return None

    def head(self, n: int = 4096) -> bytes:
        return self.read_bytes()[:n]

    def content_hash(self) -> str:
        return hashlib.sha256(self.read_bytes()).hexdigest()

    def looks_binary(self) -> bool:
        """True for data that is not text (NUL bytes or many control characters)."""
        sample = self.read_bytes()[:BINARY_SAMPLE]
        if not sample:
            return False
        if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # UTF-16 text: every other byte of ASCII is a NUL; judge the characters instead
            chars = sample.decode("utf-16", errors="ignore")
            control = sum(1 for c in chars if ord(c) < 9 or 13 < ord(c) < 32)
            return bool(chars) and control / len(chars) > 0.1
        if b"\x00" in sample:
            return True
        control = sum(1 for b in sample if b < 9 or 13 < b < 32)
        return control / len(sample) > 0.1

    def read_text(self) -> str:
        """The file as text: UTF-8 (with or without BOM) or UTF-16 with a BOM.

        Raises:
            ParseError: binary data, or bytes that are not valid UTF-8.
        """
        data = self.read_bytes()
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError as e:
                raise ParseError(self.display, f"invalid UTF-16 text ({e.reason})") from e
        if self.looks_binary():
            raise ParseError(self.display, "binary data, not a text file")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ParseError(
                self.display,
                f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
                "save it as UTF-8 and import again",
            ) from e
