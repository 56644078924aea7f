"""Private by default: with the usual umask 022, every folder Mneme creates is 0700 and every
file it writes 0600 (SQLite's -wal/-shm, Chroma's files, the log); ``doctor`` warns about
wider modes on an existing store and ``doctor --repair`` fixes them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.context import AppContext
from tests.store.helpers import load, modes, run


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def wide(home: Path) -> dict[str, str]:
    found = {}
    for name, mode in modes(home).items():
        path = home / name
        want = 0o700 if path.is_dir() else 0o600
        if mode & ~want & 0o777:
            found[name] = oct(mode)
    return found


def test_a_fresh_store_is_private_under_umask_022(
    umask_022: None, app_ctx: AppContext, notes_dir: Path, isolated_env: Path
) -> None:
    assert run(app_ctx, "import", str(notes_dir)).exit_code == 0
    assert load(app_ctx, "search", "Rita", "--json")["results"]
    assert load(app_ctx, "ask", "Where does Rita live?", "--json")["known"] is True
    home = isolated_env
    found = modes(home)
    names = set(found)
    assert {"mneme.db", "chroma"} <= names
    assert any(n.startswith("chroma/") and n.endswith(".sqlite3") for n in names)
    assert any(n.endswith(".bin") for n in names), "Chroma's index files were written"
    assert "mneme.db-wal" in names or "mneme.db-shm" in names
    assert wide(home) == {}, f"readable by others: {wide(home)}"
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


def test_the_log_folder_and_file_are_private(umask_022: None, tmp_path: Path) -> None:
    import logging

    from app.logging_setup import configure_logging

    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "_mneme", False)]
    level = root.level
    for h in ours:
        root.removeHandler(h)
    try:
        log_path = tmp_path / "data" / "logs" / "mneme.log"
        configure_logging(log_path, "INFO")
        logging.getLogger("mneme.test").warning("a line for the log")
        assert stat.S_IMODE(log_path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(log_path.stat().st_mode) == 0o600
    finally:
        for h in [h for h in root.handlers if getattr(h, "_mneme", False)]:
            root.removeHandler(h)
            h.close()
        for h in ours:
            root.addHandler(h)
        root.setLevel(level)


def test_doctor_warns_about_wide_modes_and_repair_fixes_them(
    app_ctx: AppContext, notes_dir: Path, isolated_env: Path
) -> None:
    assert run(app_ctx, "import", str(notes_dir)).exit_code == 0
    app_ctx.close()
    home = isolated_env
    for path in [home, *home.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    report = run(app_ctx, "doctor", "--check", "--json")
    assert report.exit_code == 1
    data = __import__("json").loads(report.output)
    assert data["ok"] is False
    [problem] = [p for p in data["problems"] if p["check"] == "modes"]
    assert "mneme.db" in problem["message"] and problem["repairable"] is True
    assert "modes" in run(app_ctx, "doctor").output  # the plain report warns too
    fixed = run(app_ctx, "doctor", "--repair", "--json")
    assert fixed.exit_code == 0, fixed.output
    assert any(f["check"] == "modes" for f in __import__("json").loads(fixed.output)["fixed"])
    assert wide(home) == {}
    assert load(app_ctx, "doctor", "--check", "--json") == {"ok": True, "problems": []}
