"""A flat file of record vectors beside the Chroma index, read by record id in microseconds.

Recall needs the cosine of every candidate it did not get from the nearest-vector search
(BM25 hits, records dated in a named period, neighbours of candidates). Asking Chroma for a
few hundred stored vectors costs 10-20 ms at 100k records; this file answers the same
question with one ``pread`` per run of nearby records.

Layout: row ``id`` of the file (``id * dimension * 2`` bytes in) holds record ``id``'s vector
as float16 (cosine error about 1e-3, half the space of float32); a row of zeros means "not
cached". Rows are written with ``pwrite`` after Chroma accepted the vectors, so several
processes (the TUI and a watcher) can share the file. The file is derived from Chroma, which
is derived from SQLite: a missing or short file only means a slower lookup (callers fall back
to Chroma and write the rows back), and ``clear`` empties it when the index is rebuilt.

Used by ``memory.vectors.VectorIndex`` for record ids (``r12``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

_DTYPE = np.dtype("<f2")
_GAP = 2


class VectorCache:
    """Record vectors by integer id in one flat float16 file.

    Args:
        path: the file (created on first write).
        dimension: vector size.
    """

    def __init__(self, path: Path, dimension: int) -> None:
        self.path = Path(path)
        self.dimension = dimension
        self.row_bytes = dimension * _DTYPE.itemsize
        self._fd: int | None = None
        self._lock = threading.Lock()

    def _open(self) -> int | None:
        if self._fd is None:
            with self._lock:
                if self._fd is None:
                    try:
                        self.path.parent.mkdir(parents=True, exist_ok=True)
                        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                    except OSError as e:
                        log.warning("%s: vector cache unavailable (%s)", self.path, e)
                        return None
        return self._fd

    def put(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Write the rows of ``ids`` (a failure only costs speed later, so it is logged)."""
        fd = self._open()
        if fd is None or not len(ids):
            return
        rows = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).astype(_DTYPE))
        try:
            for n, rid in enumerate(ids):
                os.pwrite(fd, rows[n].tobytes(), int(rid) * self.row_bytes)
        except OSError as e:
            log.warning("%s: cannot write the vector cache (%s)", self.path, e)

    def delete(self, ids: Sequence[int]) -> None:
        """Forget the rows of ``ids`` (zeroed: "not cached")."""
        fd = self._open()
        if fd is None:
            return
        zero = bytes(self.row_bytes)
        size = os.fstat(fd).st_size
        try:
            for rid in ids:
                offset = int(rid) * self.row_bytes
                if offset < size:
                    os.pwrite(fd, zero, offset)
        except OSError as e:
            log.warning("%s: cannot write the vector cache (%s)", self.path, e)

    def rows(self, ids: Sequence[int]) -> tuple[list[int], np.ndarray]:
        """``(found ids, float32 matrix)``: the cached vectors of ``ids``, one row per found id
        in the order given; ids not cached are left out. Recall reads a few hundred rows per
        query, so this path stays lean (one ``pread`` per run of nearby ids, one conversion)."""
        fd = self._open()
        dim = self.dimension
        if fd is None or not len(ids):
            return [], np.zeros((0, dim), dtype=np.float32)
        size = os.fstat(fd).st_size
        rb = self.row_bytes
        wanted = [rid for rid in map(int, ids) if rid > 0 and (rid + 1) * rb <= size]
        # One read per run of ids at most _GAP apart (the turns before and after a candidate):
        # a few rows more read cost less than a system call each.
        runs: list[tuple[int, int]] = []
        for rid in sorted(set(wanted)):
            if runs and rid <= runs[-1][1] + _GAP:
                runs[-1] = (runs[-1][0], rid + 1)
            else:
                runs.append((rid, rid + 1))
        at: dict[int, int] = {}
        parts: list[bytes] = []
        got = 0
        try:
            for first, end in runs:
                raw = os.pread(fd, (end - first) * rb, first * rb)
                whole = len(raw) // rb  # short when the file shrank meanwhile (index rebuilt)
                for n in range(whole):
                    at[first + n] = got + n
                got += whole
                parts.append(raw[: whole * rb])
        except OSError:
            return [], np.zeros((0, dim), dtype=np.float32)
        wanted = [rid for rid in wanted if rid in at]
        if not wanted:
            return [], np.zeros((0, dim), dtype=np.float32)
        block = np.frombuffer(b"".join(parts), dtype=_DTYPE).reshape(got, dim)
        matrix = block[[at[rid] for rid in wanted]].astype(np.float32)
        present = np.asarray(matrix.any(axis=1), dtype=bool)
        if present.all():
            return wanted, matrix
        kept = [rid for rid, ok in zip(wanted, present.tolist(), strict=True) if ok]
        return kept, matrix[present]

    def get(self, ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Cached float32 vectors of ``ids``; ids not cached are left out."""
        found, matrix = self.rows(ids)
        return {rid: matrix[n] for n, rid in enumerate(found)}

    def clear(self) -> None:
        """Empty the file (the index is being rebuilt)."""
        fd = self._open()
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
        except OSError as e:
            log.warning("%s: cannot clear the vector cache (%s)", self.path, e)

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
