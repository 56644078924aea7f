"""``mneme backup FILE`` and ``mneme restore FILE``: encrypted, verified snapshots of a store.

A backup is a tar stream (a manifest, a SQLite backup-API snapshot of ``mneme.db``, and the
vector index: a snapshot of Chroma's database plus its index files and the vector cache)
written through ``memory.backup_file.BackupWriter`` (AES-256-GCM, key by scrypt). The
passphrase lives in the OS keyring (service ``mneme``, user ``backup``); the first backup
creates a strong random one there. The manifest holds every table's row count and SHA-256.

Restore writes only into an empty home: it decrypts into a private staging folder beside
the store, checks the database (``quick_check``, schema version, every table against the
manifest), then moves it into place. The passphrase comes from the keyring, else from
``ask_passphrase`` (the front end's prompt); one that works is kept in an empty keyring.
Afterwards the vector index is compared with the database read-only; a mismatch is reported
for ``mneme doctor --repair`` (the CLI runs it).
"""

from __future__ import annotations

import json
import logging
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any, cast

from app.settings import Settings
from memory.backup_file import BackupReader, BackupWriter, WrongPassphraseError, new_passphrase
from memory.backup_file import read_header as read_backup_header
from memory.db import Database
from memory.errors import BackupError, StoreError
from memory.health import Problem, vector_problems
from memory.indexing import EMBEDDER_META_KEY
from memory.migrations import migration_names
from memory.open_check import check_store_file
from memory.private import PRIVATE_FILE, open_private, private_dir
from memory.snapshot import snapshot, table_digests
from memory.tiers.search_index import DerivedVectorIndex
from memory.vectors import CHROMA_DB, VectorIndex
from models.base import EmbedderIdentity

log = logging.getLogger(__name__)

KEYRING_SERVICE = "mneme"
KEYRING_BACKUP_USER = "backup"
MANIFEST = "manifest.json"
DB_NAME = "mneme.db"
CHROMA_DIR = "chroma"
FORMAT = 1
_SKIP_SUFFIXES = ("-wal", "-shm", "-journal", ".part")


@dataclass(frozen=True)
class BackupResult:
    """What ``backup`` wrote."""

    file: Path
    bytes: int
    records: int
    tables: int
    vectors_included: bool
    passphrase_created: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "bytes": self.bytes,
            "records": self.records,
            "tables": self.tables,
            "vectors_included": self.vectors_included,
            "passphrase_created": self.passphrase_created,
            "keyring": {"service": KEYRING_SERVICE, "user": KEYRING_BACKUP_USER},
        }


@dataclass
class RestoreResult:
    """What ``restore`` put in place."""

    file: Path
    home: Path
    created_at: str
    records: int
    tables: int
    schema_version: int
    vectors: str
    """``restored`` (complete), ``none`` (the backup had none) or ``incomplete``."""
    passphrase_saved: bool = False
    problems: list[Problem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "home": str(self.home),
            "created_at": self.created_at,
            "records": self.records,
            "tables": self.tables,
            "schema_version": self.schema_version,
            "verified": True,
            "vectors": self.vectors,
            "passphrase_saved": self.passphrase_saved,
        }


# -- the passphrase in the keyring -----------------------------------------------------------
def _keyring_error(e: Exception) -> BackupError:
    return BackupError(
        f"the OS keyring is not available to keep the backup passphrase ({e}); set one up "
        f"(service {KEYRING_SERVICE!r}, user {KEYRING_BACKUP_USER!r})",
        title="Keyring unavailable",
    )


def keyring_passphrase() -> str | None:
    """The backup passphrase kept in the keyring, if any."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, KEYRING_BACKUP_USER)
    except KeyringError as e:
        raise _keyring_error(e) from e


def save_passphrase(passphrase: str) -> None:
    """Keep ``passphrase`` in the keyring."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, KEYRING_BACKUP_USER, passphrase)
    except KeyringError as e:
        raise _keyring_error(e) from e


def ensure_passphrase() -> tuple[str, bool]:
    """The keyring's passphrase, or a new strong one stored there; ``(passphrase, created)``."""
    found = keyring_passphrase()
    if found:
        return found, False
    created = new_passphrase()
    save_passphrase(created)
    return created, True


# -- backup ---------------------------------------------------------------------------------
def _chroma_files(folder: Path) -> list[Path]:
    """The vector index's files to copy as they are (its database is snapshotted apart)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and p.name != CHROMA_DB
        and not p.name.endswith(_SKIP_SUFFIXES)
    )


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = PRIVATE_FILE
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> None:
    info = tar.gettarinfo(str(path), arcname=name)
    info.mode = PRIVATE_FILE
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as f:
        tar.addfile(info, f)


def backup(settings: Settings, out: Path) -> BackupResult:
    """Write an encrypted, consistent snapshot of the store to ``out`` (mode 0600).

    Raises:
        BackupError: nothing to back up, or ``out`` cannot be written.
        CorruptStoreError / NewerSchemaError: the store fails the open check.
    """
    if not settings.db_path.exists():
        raise BackupError(f"{settings.db_path}: there is no Mneme database to back up")
    out = Path(out).expanduser().resolve()
    db = Database(settings.db_path, read_only=True)
    private_dir(settings.data_dir)
    staging = Path(tempfile.mkdtemp(prefix=".backup-", dir=settings.data_dir))
    part = out.with_name(out.name + ".part")
    try:
        with db.lock():
            snap = snapshot(db.conn, staging / DB_NAME)
        digests = table_digests(snap)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        chroma = settings.chroma_path
        vectors = (chroma / CHROMA_DB).exists()
        if vectors:
            snapshot(chroma / CHROMA_DB, staging / CHROMA_DIR / CHROMA_DB)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "mneme_version": _version(),
            "schema_version": db.schema.version if db.schema else 0,
            "embedder": meta.get(EMBEDDER_META_KEY),
            "tables": {name: d.as_json() for name, d in digests.items()},
            "vectors": vectors,
        }
        passphrase, created = ensure_passphrase()
        try:
            private_dir(out.parent)
            with open_private(part, "wb") as f:
                writer = BackupWriter(f, passphrase)
                with tarfile.open(
                    fileobj=cast(IO[bytes], writer), mode="w|", format=tarfile.PAX_FORMAT
                ) as tar:
                    _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode())
                    _add_file(tar, DB_NAME, snap)
                    if vectors:
                        _add_file(
                            tar, f"{CHROMA_DIR}/{CHROMA_DB}", staging / CHROMA_DIR / CHROMA_DB
                        )
                        for path in _chroma_files(chroma):
                            _add_file(
                                tar, f"{CHROMA_DIR}/{path.relative_to(chroma).as_posix()}", path
                            )
                writer.close()
                f.flush()
            part.replace(out)
        except OSError as e:
            raise BackupError(f"{out}: cannot write the backup ({e.strerror or e})") from e
    finally:
        db.close()
        part.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
    records = digests["records"].rows if "records" in digests else 0
    log.info("backup written: %s (%d records)", out, records)
    return BackupResult(out, out.stat().st_size, records, len(digests), vectors, created)


def _version() -> str:
    try:
        return metadata.version("mneme")
    except metadata.PackageNotFoundError:
        return "unknown"


# -- restore --------------------------------------------------------------------------------
def _require_empty_home(settings: Settings) -> None:
    db = settings.db_path
    if not db.exists() or db.stat().st_size == 0:
        return
    try:
        check_store_file(db, migration_names())
        conn = Database(db, read_only=True)
        try:
            stored = int(
                conn.scalar(
                    "SELECT (SELECT COUNT(*) FROM records) + (SELECT COUNT(*) FROM sources)"
                )
                or 0
            )
        finally:
            conn.close()
    except StoreError as e:
        raise BackupError(
            f"{settings.data_dir} is not empty (it holds {db.name}: {e}); restore writes only "
            "into an empty Mneme home: move it away or set MNEME_HOME to an empty folder"
        ) from e
    if stored:
        raise BackupError(
            f"{settings.data_dir} is not empty ({stored:,} records and sources stored); "
            "restore writes only into an empty Mneme home: move it away or set MNEME_HOME "
            "to an empty folder"
        )


def _open_reader(
    f: IO[bytes], name: str, ask_passphrase: Callable[[], str | None] | None
) -> tuple[BackupReader, str, bool]:
    """A reader of ``f`` with a passphrase that opens it: the keyring's, else one asked for.

    Returns ``(reader, passphrase, from_keyring)``.
    """
    read_backup_header(f, name)  # a damaged or foreign file is refused before any prompt
    wrong: WrongPassphraseError | None = None
    stored = keyring_passphrase()
    if stored:
        f.seek(0)
        try:
            return BackupReader(f, stored, name), stored, True
        except WrongPassphraseError as e:
            wrong = e
    asked = ask_passphrase() if ask_passphrase is not None else None
    if asked:
        f.seek(0)
        return BackupReader(f, asked, name), asked, False
    raise wrong or WrongPassphraseError(
        f"{name}: no passphrase to open it (none in the keyring, none given); nothing was restored",
        title="No passphrase",
    )


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return (
        bool(parts)
        and not Path(name).is_absolute()
        and ".." not in parts
        and (name in (MANIFEST, DB_NAME) or (parts[0] == CHROMA_DIR and len(parts) > 1))
    )


def _extract(reader: BackupReader, staging: Path, name: str) -> dict[str, Any]:
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(fileobj=cast(IO[bytes], reader), mode="r|") as tar:
            for member in tar:
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupError(f"{name}: unexpected entry {member.name!r} in the backup")
                src = tar.extractfile(member)
                assert src is not None
                if member.name == MANIFEST:
                    manifest = json.loads(src.read().decode("utf-8"))
                    continue
                dest = staging / member.name
                private_dir(dest.parent)
                with open_private(dest, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
        reader.drain()
    except (tarfile.TarError, ValueError, UnicodeDecodeError) as e:
        raise BackupError(f"{name}: the backup is damaged ({e})", title="Backup damaged") from e
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{name}: the backup has no manifest Mneme can read")
    return manifest


def _verify(staging: Path, manifest: dict[str, Any], name: str) -> int:
    db = staging / DB_NAME
    if not db.exists():
        raise BackupError(f"{name}: the backup holds no database")
    known = migration_names()
    if int(manifest.get("schema_version") or 0) > len(known):
        raise BackupError(
            f"{name} was made by a newer Mneme (schema version {manifest['schema_version']}); "
            f"this Mneme knows schema version {len(known)}: upgrade Mneme to restore it"
        )
    try:
        check_store_file(db, known)
    except StoreError as e:
        raise BackupError(f"{name}: the database in the backup fails its check ({e})") from e
    digests = {k: v.as_json() for k, v in table_digests(db).items()}
    if digests != manifest.get("tables"):
        bad = sorted(
            k
            for k in set(digests) | set(manifest.get("tables") or {})
            if digests.get(k) != (manifest.get("tables") or {}).get(k)
        )
        raise BackupError(f"{name}: restored tables differ from the backup's manifest: {bad}")
    return len(digests)


def _place(staging: Path, settings: Settings) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{settings.db_path}{suffix}").unlink(missing_ok=True)
    if settings.chroma_path.exists():
        shutil.rmtree(settings.chroma_path)
    (staging / DB_NAME).replace(settings.db_path)
    if (staging / CHROMA_DIR).is_dir():
        (staging / CHROMA_DIR).replace(settings.chroma_path)


def _check_vectors(settings: Settings, embedder: str | None) -> list[Problem]:
    """Compare the restored vector index with the database, writing to neither."""
    model, _, dim = (embedder or "").partition("|")
    if not model or not dim.isdigit():
        return []
    identity = EmbedderIdentity(model, int(dim))
    db = Database(settings.db_path, read_only=True)
    records = VectorIndex(settings.chroma_path, identity)
    items = DerivedVectorIndex(settings.chroma_path, identity)
    try:
        return vector_problems(db, records, items)
    finally:
        records.close()
        items.close()
        db.close()


def restore(
    settings: Settings, file: Path, ask_passphrase: Callable[[], str | None] | None = None
) -> RestoreResult:
    """Restore the backup ``file`` into the (empty) home of ``settings``.

    Raises:
        BackupError: the home is not empty, the file is damaged or not a backup, the
            passphrase is wrong, or the backup is from a newer Mneme. Nothing is changed.
    """
    file = Path(file).expanduser()
    name = str(file)
    if not file.is_file():
        raise BackupError(f"{name}: no such backup file")
    _require_empty_home(settings)
    private_dir(settings.data_dir)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=settings.data_dir))
    try:
        with file.open("rb") as f:
            reader, passphrase, from_keyring = _open_reader(f, name, ask_passphrase)
            manifest = _extract(reader, staging, name)
        tables = _verify(staging, manifest, name)
        _place(staging, settings)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    saved = False
    if not from_keyring and not keyring_passphrase():
        save_passphrase(passphrase)
        saved = True
    problems = _check_vectors(settings, manifest.get("embedder")) if manifest.get("vectors") else []
    records = int((manifest.get("tables") or {}).get("records", [0])[0])
    vectors = "none" if not manifest.get("vectors") else ("incomplete" if problems else "restored")
    log.info(
        "restored %s into %s (%d records, vectors %s)", file, settings.data_dir, records, vectors
    )
    return RestoreResult(
        file=file,
        home=settings.data_dir,
        created_at=str(manifest.get("created_at", "")),
        records=records,
        tables=tables,
        schema_version=int(manifest.get("schema_version") or 0),
        vectors=vectors,
        passphrase_saved=saved,
        problems=problems,
    )
