"""Helpers for the store-trust tests: running the CLI, hashing files and tables, damaging a
database the way a failing disk would."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from app.cli import cli
from app.services.context import AppContext


def run(ctx: AppContext, *args: str, input: str | None = None) -> Result:
    """Invoke ``mneme ARGS`` (exceptions propagate: a traceback fails the test)."""
    return CliRunner().invoke(cli, list(args), obj=ctx, input=input, catch_exceptions=False)


def load(ctx: AppContext, *args: str, input: str | None = None) -> Any:
    result = run(ctx, *args, input=input)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_digests(db: Path) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every table of ``db`` (read-only, independent of
    Mneme's own code)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [
            str(r[0])
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                "'CREATE VIRTUAL TABLE%' ORDER BY name"
            )
        ]
        out: dict[str, tuple[int, str]] = {}
        for name in names:
            rows = sorted(repr(tuple(r)) for r in conn.execute(f'SELECT * FROM "{name}"'))
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            out[name] = (len(rows), digest)
        return out
    finally:
        conn.close()


def integrity(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as e:
        return f"error: {e}"
    finally:
        conn.close()


def root_page(db: Path, name: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0])
    finally:
        conn.close()


def overwrite_pages(db: Path, pages: list[int], size: int = 3072, seed: int = 14) -> None:
    """Overwrite ``size`` bytes at the start of each of ``pages`` (1-based) with noise."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    conn.close()
    rng = random.Random(seed)
    with db.open("r+b") as f:
        for page in pages:
            f.seek((page - 1) * page_size)
            f.write(rng.randbytes(size))


def modes(root: Path) -> dict[str, int]:
    """``{relative path: permission bits}`` of ``root`` and everything under it."""
    out = {".": root.stat().st_mode & 0o777}
    for path in sorted(root.rglob("*")):
        out[str(path.relative_to(root))] = path.lstat().st_mode & 0o777
    return out
