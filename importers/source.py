"""``SourceFile``: one importable unit (a file on disk or a member of a zip), read lazily.

Parsers receive a ``SourceFile`` and never touch the filesystem themselves beyond it, so the
same parser reads a WhatsApp ``.txt`` on disk or inside an export ``.zip``.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from importers.errors import ParseError

BINARY_SAMPLE = 8192


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
    """

    uri: str
    display: str
    name: str
    size: int
    mtime: float | None
    reader: Callable[[], bytes]
    path: Path | None = None
    _data: bytes | None = field(default=None, repr=False)

    @classmethod
    def from_path(cls, path: Path) -> SourceFile:
        path = path.resolve()
        st = path.stat()
        return cls(
            uri=f"file:{path}",
            display=str(path),
            name=path.name,
            size=st.st_size,
            mtime=st.st_mtime,
            reader=path.read_bytes,
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
            except OSError as e:
                raise ParseError(self.display, f"cannot read file ({e.strerror or e})") from e
        return self._data

    def head(self, n: int = 4096) -> bytes:
        return self.read_bytes()[:n]

    def content_hash(self) -> str:
        return hashlib.sha256(self.read_bytes()).hexdigest()

    def looks_binary(self) -> bool:
        """True for data that is not text (NUL bytes or many control characters)."""
        sample = self.read_bytes()[:BINARY_SAMPLE]
        if not sample:
            return False
        if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
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
