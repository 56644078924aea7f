"""Where the vector index's collections live: Chroma's files in the data folder (the embedded
``PersistentClient``, the default) or a Chroma server (``HttpClient``, when the user sets
``vectors.url``).

``memory.vectors.VectorIndex`` asks its backend for a client, the real name of a collection,
the file of its flat vector cache, and how to read Chroma's failures. SQLite stays the truth
in both modes; only where the derived vectors live changes.

A server may hold the collections of several Mneme stores (several people, or one person's
laptop and desktop, each with its own SQLite file and so its own record ids): every
collection name on a server carries the store's ``scope`` (a random id kept in the store's
meta table), so two stores never write into one collection. The flat vector cache of a
server's collection lives in the data folder, in a folder named after the server's URL, so
switching servers never reads another server's cache.

Failures: a server that refuses the connection, drops it or does not answer within
``timeout`` raises ``VectorIndexUnavailableError`` (then, for ``RETRY_AFTER`` seconds, every
call fails at once with the same message instead of waiting again); anything else Chroma
raises becomes ``VectorIndexError`` naming the folder or the server.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from memory.db import Database
from memory.errors import VectorIndexError, VectorIndexUnavailableError
from memory.private import private_dir

log = logging.getLogger(__name__)

CHROMA_DB = "chroma.sqlite3"
"""Chroma's own database in the index folder: without it, the embedded index is gone."""
RETRY_AFTER = 5.0
"""Seconds an unreachable server is not asked again (each call fails at once meanwhile)."""
COLLECTION_PREFIX = "mneme-"
SCOPE_META_KEY = "store_id"
"""The meta key of the store's random id (its collections' scope on a server)."""


def store_scope(db: Database) -> str:
    """The store's id on a shared Chroma server: 12 random hex digits, made once and kept in
    the store's meta table (two processes starting at once agree on the first one written)."""
    with db.transaction():
        db.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
            (SCOPE_META_KEY, uuid.uuid4().hex[:12]),
        )
    return str(db.scalar("SELECT value FROM meta WHERE key = ?", (SCOPE_META_KEY,)))


def _shared_system(path: Path) -> Any:
    """The Chroma system this process shares among clients of ``path`` (None before one)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    return SharedSystemClient._identifier_to_system.get(str(path))


def _drop_shared_system(path: Path, stale: Any) -> None:
    """Stop and forget ``stale``, the Chroma system this process kept for ``path``, so the
    next client loads the index from disk. Chroma shares one system per folder in a process
    (the records' and the derived tiers' collections live in one folder): when another index
    already replaced it, the new one stays. ``clear_system_cache`` would drop every folder's."""
    from chromadb.api.shared_system_client import SharedSystemClient

    key = str(path)
    if stale is None or SharedSystemClient._identifier_to_system.get(key) is not stale:
        return
    system = SharedSystemClient._identifier_to_system.pop(key)
    SharedSystemClient._identifier_to_refcount.pop(key, None)
    try:
        system.stop()
    except Exception as e:  # noqa: BLE001 - stopping is tidiness; the folder reopens anyway
        log.debug("%s: stopping the old Chroma system: %s", path, e)


class EmbeddedChroma:
    """Chroma's files in a local folder (``chromadb.PersistentClient``).

    Args:
        path: the index folder.
    """

    remote = False

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @property
    def where(self) -> str:
        return str(self.path)

    def collection_name(self, base: str) -> str:
        return base

    def cache_file(self, name: str) -> Path:
        return self.path / f"{name}.f16"

    def storage_missing(self) -> bool:
        """True when the index's files are gone (or were never written)."""
        return not (self.path / CHROMA_DB).exists()

    def check(self) -> None:
        """Nothing to check before a call (a folder is always there to ask)."""

    def connect(self) -> Any:
        """A client of the folder (created 0700 if missing)."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        if self.storage_missing():
            # Whatever this process kept of the folder's Chroma state is gone with it.
            _drop_shared_system(self.path, _shared_system(self.path))
        private_dir(self.path)
        return chromadb.PersistentClient(
            path=str(self.path),
            settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True),
        )

    def system(self) -> Any:
        return _shared_system(self.path)

    def release(self, system: Any) -> None:
        """Forget this process's state of the folder; the next client reloads it from disk."""
        _drop_shared_system(self.path, system)

    def close_client(self, client: Any, system: Any) -> None:
        """Give back ``client``'s hold on the folder's shared system: the last one stops it,
        closing its files. A system another index already replaced (``release``) was
        stopped then, and its old clients hold nothing."""
        if _shared_system(self.path) is system:
            with self.errors("close"):
                client.close()

    @contextmanager
    def errors(self, action: str) -> Iterator[None]:
        """Turn chromadb's many exception types into ``VectorIndexError`` naming the folder."""
        try:
            yield
        except VectorIndexError:
            raise
        except Exception as e:
            raise VectorIndexError(
                f"{self.path}: vector index failed to {action} ({type(e).__name__}: {e})",
                title="Vector index",
            ) from e


class ChromaServer:
    """A Chroma server (``chromadb.HttpClient``), shared by the records' and the derived
    items' indexes of one store.

    Args:
        url: ``http://host:port`` (or ``https://``) of the server.
        scope: the store's id, part of every collection name on the server.
        cache_dir: the local index folder; the flat vector caches go in a folder inside it.
        timeout: seconds to wait for the server to answer one call.
        connect_timeout: seconds to wait for a connection.

    Raises:
        VectorIndexError: ``url`` is not an http(s) URL of a host and port.
    """

    remote = True

    def __init__(
        self,
        url: str,
        *,
        scope: str,
        cache_dir: Path,
        timeout: float = 30.0,
        connect_timeout: float = 3.0,
    ) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise VectorIndexError(
                f"vectors.url {url!r} is not a Chroma server URL like http://127.0.0.1:8000",
                title="Vector index",
            )
        if parts.path not in ("", "/") or parts.query or parts.username:
            raise VectorIndexError(
                f"vectors.url {url!r}: give only the scheme, host and port, like "
                "http://127.0.0.1:8000",
                title="Vector index",
            )
        self.ssl = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.ssl else 8000)
        self.url = f"{parts.scheme}://{self.host}:{self.port}"
        self.scope = scope
        self.cache_dir = Path(cache_dir)
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self._down: tuple[float, str] | None = None
        self._lock = threading.Lock()

    @property
    def where(self) -> str:
        return f"vector server {self.url}"

    def collection_name(self, base: str) -> str:
        """``mneme-<scope>-...``: the store's own collection on a shared server."""
        rest = base.removeprefix(COLLECTION_PREFIX)
        return f"{COLLECTION_PREFIX}{self.scope}-{rest}"

    def cache_file(self, name: str) -> Path:
        digest = hashlib.sha256(self.url.encode()).hexdigest()[:12]
        return self.cache_dir / f"server-{digest}" / f"{self.collection_name(name)}.f16"

    def storage_missing(self) -> bool:
        """Never: the server keeps its own files (an empty collection is caught by count)."""
        return False

    def check(self) -> None:
        """Fail at once while the server is known to be unreachable (see ``RETRY_AFTER``)."""
        down = self._down
        if down is not None and time.monotonic() < down[0]:
            raise VectorIndexUnavailableError(down[1], title="Vector server unreachable")

    def _unreachable(self, reason: str) -> VectorIndexUnavailableError:
        msg = f"{self.where} is unreachable ({reason})"
        with self._lock:
            self._down = (time.monotonic() + RETRY_AFTER, msg)
        return VectorIndexUnavailableError(msg, title="Vector server unreachable")

    def connect(self) -> Any:
        """A client of the server; its heartbeat is checked first with the timeouts above
        (chromadb's own client would wait for a silent server forever)."""
        import chromadb
        import httpx
        from chromadb.config import Settings as ChromaSettings

        self.check()
        limits = httpx.Timeout(self.timeout, connect=self.connect_timeout)
        try:
            httpx.get(f"{self.url}/api/v2/heartbeat", timeout=limits).raise_for_status()
        except httpx.HTTPStatusError as e:
            raise VectorIndexError(
                f"{self.where} is not a Chroma server (heartbeat answered HTTP "
                f"{e.response.status_code})",
                title="Vector index",
            ) from e
        except httpx.HTTPError as e:
            raise self._unreachable(_reason(e)) from e
        with self.errors("connect"):
            client = chromadb.HttpClient(
                host=self.host,
                port=self.port,
                ssl=self.ssl,
                settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False),
            )
        session = getattr(getattr(client, "_server", None), "_session", None)
        if isinstance(session, httpx.Client):
            session.timeout = limits
        else:  # pragma: no cover - a chromadb that moved its HTTP session
            log.warning("%s: cannot bound chromadb's request timeout", self.where)
        with self._lock:
            self._down = None
        return client

    def system(self) -> Any:
        return None

    def release(self, system: Any) -> None:
        """Nothing is cached per process: the next call asks the server again."""

    def close_client(self, client: Any, system: Any) -> None:
        """Close the HTTP client's connections."""
        with self.errors("close"):
            client.close()

    @contextmanager
    def errors(self, action: str) -> Iterator[None]:
        """``VectorIndexUnavailableError`` when the server cannot be reached, else
        ``VectorIndexError`` naming the server."""
        import httpx

        try:
            yield
        except VectorIndexError:
            raise
        except httpx.TransportError as e:
            raise self._unreachable(_reason(e)) from e
        except ValueError as e:
            if "could not connect" in str(e).lower():
                raise self._unreachable("connection refused") from e
            raise self._failed(action, e) from e
        except Exception as e:
            raise self._failed(action, e) from e

    def _failed(self, action: str, e: Exception) -> VectorIndexError:
        return VectorIndexError(
            f"{self.where}: vector index failed to {action} ({type(e).__name__}: {e})",
            title="Vector index",
        )


def _reason(error: Exception) -> str:
    """A short reason for a transport failure ("connection refused")."""
    text = " ".join(str(error).split())
    if "]" in text and text.startswith("["):
        text = text.split("]", 1)[1].strip()
    return (text[:100] or type(error).__name__).lower()
