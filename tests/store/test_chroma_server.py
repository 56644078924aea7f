"""The vector index on a real Chroma server (``chroma run`` on 127.0.0.1, started by each
test): import, search, forget and reindex go to the server's collections, named after the
store; a server that is down costs one line on import (the records wait in SQLite) and a
warning on search (which falls back to words); a new, empty server is rebuilt from SQLite by
``mneme doctor --repair``. The server's state is read over its own REST API, not through
Mneme."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.cli.context import AppContext
from app.settings import Settings
from tests.conftest import fake_factory
from tests.endpoint_fakes import closed_port
from tests.servers import Server, chroma_server
from tests.store.helpers import load, run

API = "/api/v2/tenants/default_tenant/databases/default_database/collections"


def collections(server: Server) -> dict[str, str]:
    """``{name: id}`` of the server's collections."""
    got = httpx.get(server.base + API, timeout=10).json()
    return {c["name"]: c["id"] for c in got}


def server_ids(server: Server, name: str) -> set[str]:
    col = collections(server)[name]
    got = httpx.post(f"{server.base}{API}/{col}/get", json={"include": []}, timeout=10).json()
    return set(got["ids"])


def sql(home: Path, query: str) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(f"file:{home / 'mneme.db'}?mode=ro", uri=True)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def names(home: Path) -> tuple[str, str]:
    """The records' and derived items' collection names of the store in ``home``."""
    [(scope,)] = sql(home, "SELECT value FROM meta WHERE key = 'store_id'")
    return f"mneme-{scope}-fake-hash-embedder-256", f"mneme-{scope}-tiers-fake-hash-embedder-256"


def embedded(home: Path) -> set[str]:
    return {f"r{i}" for (i,) in sql(home, "SELECT id FROM records WHERE embedded = 1")}


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[Server]:
    with chroma_server(tmp_path / "chroma-server", tmp_path / "chroma.log") as server:
        yield server


@pytest.fixture
def server_ctx(
    chroma: Server, app_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> AppContext:
    monkeypatch.setenv("MNEME_VECTORS_URL", chroma.base)
    return app_ctx


def test_import_search_forget_reindex_on_a_chroma_server(
    server_ctx: AppContext, chroma: Server, notes_dir: Path, isolated_env: Path
) -> None:
    imported = run(server_ctx, "import", str(notes_dir))
    assert imported.exit_code == 0 and "Vector index" not in imported.output
    records, derived = names(isolated_env)
    assert set(collections(chroma)) == {records, derived}
    ids = embedded(isolated_env)
    assert len(ids) == 4 and server_ids(chroma, records) == ids
    assert server_ids(chroma, derived)  # facts, episodes, persona
    assert not (isolated_env / "chroma" / "chroma.sqlite3").exists()  # nothing embedded

    svc = server_ctx.services
    hits = svc.recall.search("Where does my sister Rita live?", 3)
    assert "Rita lives in Porto" in hits[0].text and hits[0].cosine > 0.3  # the server's vector
    assert svc.recall.notice is None
    found = run(server_ctx, "search", "Rita Porto", "-k", "3")
    assert "Rita lives in Porto" in found.stdout and found.stderr == ""

    family = str(notes_dir / "family.md")
    forgotten = load(server_ctx, "forget", "--source", family, "--yes", "--json")
    gone = {r["id"] for r in forgotten["records"]}
    assert gone and gone <= ids
    assert server_ids(chroma, records) == ids - gone == embedded(isolated_env)
    after = load(server_ctx, "search", "Rita Porto", "--json")
    assert all("Rita" not in r["text"] for r in after["results"])

    # Someone drops the store's collection on the server: the next Mneme says so (it never
    # answers from an empty index), and reindex rebuilds it.
    server_ctx.close()
    httpx.delete(f"{chroma.base}{API}/{records}", timeout=10).raise_for_status()
    assert records not in collections(chroma)
    asked = run(server_ctx, "search", "Cannondale bike")
    assert asked.exit_code == 1 and "mneme doctor --repair" in asked.output
    rebuilt = run(server_ctx, "reindex", "--json")
    assert json.loads(rebuilt.output)["records"] == len(ids - gone)
    assert server_ids(chroma, records) == ids - gone
    bikes = load(server_ctx, "search", "Cannondale road bike", "--json")
    assert "Cannondale" in bikes["results"][0]["text"]


def test_a_server_down_costs_one_line_on_import_and_search_falls_back_to_words(
    tmp_path: Path, app_ctx: AppContext, notes_dir: Path, isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "chroma-server"
    with chroma_server(data, tmp_path / "chroma.log") as server:
        monkeypatch.setenv("MNEME_VECTORS_URL", server.base)
        assert run(app_ctx, "import", str(notes_dir / "family.md")).exit_code == 0
        first = embedded(isolated_env)
        records, _ = names(isolated_env)
        server.kill()

        imported = run(app_ctx, "import", str(notes_dir / "bikes.md"))
        assert imported.exit_code == 0, imported.output
        problems = [ln for ln in imported.output.splitlines() if "vector server" in ln]
        assert problems == [
            f"Vector index not updated: vector server {server.base} is unreachable "
            "(connection refused)"
        ]
        assert "Traceback" not in imported.output
        pending = sql(isolated_env, "SELECT text FROM records WHERE embedded = 0")
        assert any("Cannondale" in t for (t,) in pending)  # stored, waiting for its vector
        assert embedded(isolated_env) == first

        found = run(app_ctx, "search", "Cannondale bike")
        assert found.exit_code == 0 and "Cannondale" in found.stdout
        assert found.stderr.strip() == (
            f"Warning: vector server {server.base} is unreachable (connection refused); "
            "showing keyword matches only"
        )
        asked = run(app_ctx, "ask", "Where does Rita live?")
        assert asked.exit_code == 0 and "Porto" in asked.stdout
        assert "showing keyword matches only" in asked.stderr
        app_ctx.close()
        port = server.port

    # The server is back (same files, same port): the next import indexes what waited.
    with chroma_server(data, tmp_path / "chroma2.log", port=port) as server:
        again = run(app_ctx, "import", str(notes_dir))
        assert again.exit_code == 0 and "vector server" not in again.output
        assert not sql(isolated_env, "SELECT id FROM records WHERE embedded = 0")
        assert server_ids(server, records) == embedded(isolated_env) > first
        found = run(app_ctx, "search", "Cannondale bike")
        assert found.stderr == "" and "Cannondale" in found.stdout


def test_doctor_repair_fills_a_new_empty_server_from_sqlite(
    tmp_path: Path, app_ctx: AppContext, notes_dir: Path, isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with chroma_server(tmp_path / "old", tmp_path / "old.log") as old:
        monkeypatch.setenv("MNEME_VECTORS_URL", old.base)
        run(app_ctx, "import", str(notes_dir))
        app_ctx.close()
    ids = embedded(isolated_env)
    with chroma_server(tmp_path / "new", tmp_path / "new.log") as new:
        monkeypatch.setenv("MNEME_VECTORS_URL", new.base)
        ctx = AppContext(factory=fake_factory())  # a new process: settings read again
        try:
            checked = load_check(ctx)
            [vectors] = [p for p in checked["problems"] if p["check"] == "vectors"]
            assert vectors["repairable"] and "doctor --repair" in vectors["message"]
            ctx.close()
            repaired = run(ctx, "doctor", "--repair", "--json")
            assert json.loads(repaired.output)["ok"] is True, repaired.output
        finally:
            ctx.close()
        records, derived = names(isolated_env)
        assert server_ids(new, records) == ids and server_ids(new, derived)


def load_check(ctx: AppContext) -> dict:  # type: ignore[type-arg]
    result = run(ctx, "doctor", "--check", "--json")
    return json.loads(result.output)  # type: ignore[no-any-return]


# -- the setting ------------------------------------------------------------------------------
def test_vectors_url_is_read_from_a_toml_table_and_the_environment(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "config.toml").write_text(
        'chat_endpoint_model = "m"\n\n[vectors]\nurl = "http://127.0.0.1:8000"\n'
    )
    assert Settings().vectors_url == "http://127.0.0.1:8000"
    assert Settings().chat_endpoint_model == "m"
    monkeypatch.setenv("MNEME_VECTORS_URL", "http://10.0.0.5:9000")
    assert Settings().vectors_url == "http://10.0.0.5:9000"


@pytest.mark.parametrize("url", ["ftp://127.0.0.1:8000", "127.0.0.1:8000", "http://h:1/chroma"])
def test_a_bad_vectors_url_is_one_clear_line(
    app_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("MNEME_VECTORS_URL", url)
    result = run(app_ctx, "search", "anything")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"vectors.url {url!r}" in result.output and "http://127.0.0.1:8000" in result.output


def test_an_unreachable_server_is_reported_by_doctor_not_repaired(
    app_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, notes_dir: Path
) -> None:
    port = closed_port()
    monkeypatch.setenv("MNEME_VECTORS_URL", f"http://127.0.0.1:{port}")
    run(app_ctx, "import", str(notes_dir))
    app_ctx.close()
    checked = load_check(app_ctx)
    [vectors] = [p for p in checked["problems"] if p["check"] == "vectors"]
    assert vectors == {
        "check": "vectors",
        "message": f"vector server http://127.0.0.1:{port} is unreachable (connection refused)",
        "repairable": False,
    }


def test_forget_with_the_server_down_deletes_nothing_and_says_so_in_one_line(
    tmp_path: Path, app_ctx: AppContext, notes_dir: Path, isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "chroma-server"
    family = str(notes_dir / "family.md")
    with chroma_server(data, tmp_path / "chroma.log") as server:
        monkeypatch.setenv("MNEME_VECTORS_URL", server.base)
        run(app_ctx, "import", str(notes_dir))
        records, _ = names(isolated_env)
        before = sql(isolated_env, "SELECT id, text FROM records ORDER BY id")
        port = server.port
        server.kill()
        forgot = run(app_ctx, "forget", "--source", family, "--yes")
        assert forgot.exit_code == 1
        assert forgot.output.strip() == (
            f"Error: vector server {server.base} is unreachable (connection refused)"
        )
        assert sql(isolated_env, "SELECT id, text FROM records ORDER BY id") == before
        app_ctx.close()
    with chroma_server(data, tmp_path / "chroma2.log", port=port) as server:
        assert load_check(app_ctx) == {"ok": True, "problems": []}  # nothing half-done
        app_ctx.close()
        gone = {r["id"] for r in load(app_ctx, "forget", "--source", family, "--yes", "--json")["records"]}
        assert gone and not gone & server_ids(server, records)
