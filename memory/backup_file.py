"""The encrypted backup file: AES-256-GCM in chunks, with a key derived by scrypt.

Layout (all integers big-endian)::

    header   "MNEMEBK1" | format (1) | log2 n (1) | r (1) | p (1) | salt (16)
             | nonce prefix (7) | chunk size (4)                          = 39 bytes
    checksum SHA-256 of the header                                       = 32 bytes
    check    AES-GCM tag of nothing, under the header                    = 16 bytes
    chunks   length (4) | AES-GCM(chunk)                                 ...

Every chunk's nonce is the prefix, the chunk's number (4 bytes) and a last-chunk flag, and
its associated data is the header, so chunks cannot be reordered, dropped, cut off or moved to
another backup without the tag failing. The checksum tells a damaged header from a wrong
passphrase; the check tag tells a wrong passphrase from damaged data. Nothing of the content,
not even its size per table, is readable without the key.

``BackupWriter`` / ``BackupReader`` are file-like (a tar stream is written through them by
``app.services.backup``). The passphrase itself is the caller's business (the keyring).
"""

from __future__ import annotations

import hashlib
import secrets
import struct
from dataclasses import dataclass
from typing import IO

from memory.errors import BackupError

MAGIC = b"MNEMEBK1"
FORMAT = 1
LOG2_N, R, P = 15, 8, 1
CHUNK = 1 << 20
_HEADER = struct.Struct(">8sBBBB16s7sI")
_CHECK_NUMBER = 0xFFFFFFFF


class WrongPassphraseError(BackupError):
    """The passphrase does not open this backup."""


class DamagedBackupError(BackupError):
    """The backup file is damaged, cut off, or not a Mneme backup."""


@dataclass(frozen=True)
class Header:
    """The clear-text head of a backup: how its key is derived and its chunks are sealed."""

    log2_n: int
    r: int
    p: int
    salt: bytes
    prefix: bytes
    chunk: int

    def pack(self) -> bytes:
        return _HEADER.pack(
            MAGIC, FORMAT, self.log2_n, self.r, self.p, self.salt, self.prefix, self.chunk
        )

    @classmethod
    def new(cls) -> Header:
        return cls(LOG2_N, R, P, secrets.token_bytes(16), secrets.token_bytes(7), CHUNK)


def derive_key(passphrase: str, header: Header) -> bytes:
    """The AES-256 key for ``passphrase`` under ``header``'s scrypt parameters."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=header.salt, length=32, n=1 << header.log2_n, r=header.r, p=header.p)
    return kdf.derive(passphrase.encode("utf-8"))


def _nonce(header: Header, number: int, last: bool) -> bytes:
    return header.prefix + number.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class BackupWriter:
    """Encrypts everything written to it into ``out`` (call ``close`` to seal the end).

    Args:
        out: the open backup file (binary).
        passphrase: the backup passphrase.
    """

    def __init__(self, out: IO[bytes], passphrase: str) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.out = out
        self.header = Header.new()
        self.aad = self.header.pack()
        self.aead = AESGCM(derive_key(passphrase, self.header))
        self.buffer = bytearray()
        self.number = 0
        self.closed = False
        check = self.aead.encrypt(_nonce(self.header, _CHECK_NUMBER, True), b"", self.aad)
        out.write(self.aad + hashlib.sha256(self.aad).digest() + check)

    def write(self, data: bytes) -> int:
        self.buffer += data
        while len(self.buffer) > self.header.chunk:
            self._seal(bytes(self.buffer[: self.header.chunk]), last=False)
            del self.buffer[: self.header.chunk]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        if self.number >= _CHECK_NUMBER:
            raise BackupError("backup too large for one file")
        sealed = self.aead.encrypt(_nonce(self.header, self.number, last), plain, self.aad)
        self.out.write(len(sealed).to_bytes(4, "big") + sealed)
        self.number += 1

    def flush(self) -> None:
        """Chunks are written whole; nothing to do until ``close``."""

    def close(self) -> None:
        """Seal what is buffered as the last chunk (an empty one if need be)."""
        if not self.closed:
            self._seal(bytes(self.buffer), last=True)
            self.buffer.clear()
            self.closed = True


class BackupReader:
    """Decrypts a backup file as it is read (``read(n)`` like a binary file).

    Args:
        src: the open backup file (binary).
        passphrase: the backup passphrase.
        name: the file's name for messages.

    Raises:
        DamagedBackupError: not a Mneme backup, or its header is damaged.
        WrongPassphraseError: the passphrase does not open it.
    """

    def __init__(self, src: IO[bytes], passphrase: str, name: str) -> None:
        self.src = src
        self.name = name
        self.header, self.aad = read_header(src, name)
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.aead = AESGCM(derive_key(passphrase, self.header))
        check = src.read(16)
        try:
            self.aead.decrypt(_nonce(self.header, _CHECK_NUMBER, True), check, self.aad)
        except InvalidTag as e:
            raise WrongPassphraseError(
                f"{name}: wrong passphrase for this backup (nothing was restored)",
                title="Wrong passphrase",
            ) from e
        self.buffer = b""
        self.number = 0
        self.ended = False

    def _damaged(self, why: str) -> DamagedBackupError:
        return DamagedBackupError(
            f"{self.name}: the backup is damaged ({why})", title="Backup damaged"
        )

    def _next(self) -> None:
        from cryptography.exceptions import InvalidTag

        size = self.src.read(4)
        if len(size) < 4:
            raise self._damaged("it ends early: the file was cut off")
        n = int.from_bytes(size, "big")
        if n < 16 or n > self.header.chunk + 16:
            raise self._damaged(f"chunk {self.number} has an impossible size")
        sealed = self.src.read(n)
        if len(sealed) < n:
            raise self._damaged("it ends early: the file was cut off")
        for last in (False, True):
            try:
                plain = self.aead.decrypt(_nonce(self.header, self.number, last), sealed, self.aad)
            except InvalidTag:
                continue
            self.number += 1
            self.buffer += plain
            if last:
                self.ended = True
                if self.src.read(1):
                    raise self._damaged("there are bytes after its end")
            return
        raise self._damaged(f"chunk {self.number} does not match its seal")

    def read(self, size: int = -1) -> bytes:
        while not self.ended and (size < 0 or len(self.buffer) < size):
            self._next()
        if size < 0:
            size = len(self.buffer)
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out

    def drain(self) -> None:
        """Read (and authenticate) to the end: a cut-off file fails even if nothing more was
        needed."""
        while not self.ended:
            self._next()
            self.buffer = b""


def read_header(src: IO[bytes], name: str) -> tuple[Header, bytes]:
    """The header of the backup ``src`` and its packed bytes.

    Raises:
        DamagedBackupError: not a Mneme backup, or its header is damaged.
    """
    raw = src.read(_HEADER.size)
    digest = src.read(32)
    if len(raw) < _HEADER.size or not raw.startswith(MAGIC):
        raise DamagedBackupError(f"{name}: not a Mneme backup", title="Not a backup")
    if hashlib.sha256(raw).digest() != digest:
        raise DamagedBackupError(
            f"{name}: the backup is damaged (its header does not match its checksum)",
            title="Backup damaged",
        )
    _magic, fmt, log2_n, r, p, salt, prefix, chunk = _HEADER.unpack(raw)
    if fmt != FORMAT:
        raise DamagedBackupError(f"{name}: backup format {fmt} is not known to this Mneme")
    if not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16 and 1 <= chunk <= 1 << 26):
        raise DamagedBackupError(f"{name}: the backup is damaged (impossible key parameters)")
    return Header(log2_n, r, p, salt, prefix, chunk), raw


def new_passphrase() -> str:
    """A strong random passphrase: 32 base32 letters (160 bits) in groups of four."""
    import base64

    text = base64.b32encode(secrets.token_bytes(20)).decode("ascii").lower()
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


__all__ = [
    "BackupReader",
    "BackupWriter",
    "DamagedBackupError",
    "WrongPassphraseError",
    "new_passphrase",
]
