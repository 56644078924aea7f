"""``mneme mcp`` as a real subprocess over stdio, driven by the SDK's client, on a store with
known content imported by ``mneme import`` (real fixture notes, the real bundled embedder).

The test starts and stops every server itself. Checked: the tools and their annotations,
``search_memory`` / ``ask`` / ``prefill`` and their sources, the write switch (refused by
default, on through ``[mcp] allow_writes`` in config.toml), forget's dry run, the k cap, a
bad argument; that stdout carries only the protocol, that nothing listens on a port, and
that no traceback reaches stderr.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import psutil
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from app.mcp.tools import MAX_K
from tests.conftest import FIXTURES, ROOT, write
from tests.mcp.helpers import assert_sources, ok, refused

pytestmark = pytest.mark.integration

MARKDOWN = FIXTURES / "markdown"
FAMILY = "---\ntitle: Family\ndate: 2024-03-02\n---\n# Family\n\nMy sister Rita lives in Porto with her two cats.\n\nMy email is ana@example.org.\n"


def server_env(home: Path) -> dict[str, str]:
    """What the server process gets on top of the SDK's safe defaults (PATH, HOME...)."""
    base = home.parent
    return {
        "MNEME_HOME": str(home),
        "XDG_DATA_HOME": str(base / "xdg-data"),
        "XDG_CONFIG_HOME": str(base / "xdg-config"),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "PYTHONPATH": str(ROOT),
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A MNEME_HOME with the fixture notes and a family note imported by `mneme import`."""
    base = tmp_path_factory.mktemp("mcp-store")
    notes = base / "notes"
    shutil.copytree(MARKDOWN, notes)
    write(notes / "family.md", FAMILY)
    home = base / "mneme"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MNEME_")}
    env.update(server_env(home))
    done = subprocess.run(
        [sys.executable, "-m", "app", "import", str(notes)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "5 added" in done.stdout, done.stdout
    return home


@pytest.fixture
def home(store: Path, tmp_path: Path) -> Path:
    """A copy of the store for one test (servers that write do not touch the others)."""
    copy = tmp_path / "mneme"
    shutil.copytree(store, copy)
    return copy


@asynccontextmanager
async def mneme_mcp(home: Path, stderr: Path, **client: Any) -> AsyncIterator[Client]:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "app", "mcp"], env=server_env(home), cwd=str(home)
    )
    with stderr.open("w", encoding="utf-8") as errlog:
        async with Client(stdio_client(params, errlog=errlog), **client) as c:
            yield c


async def test_a_client_reads_memory_over_stdio(home: Path, tmp_path: Path) -> None:
    stderr = tmp_path / "stderr.txt"
    async with mneme_mcp(home, stderr, mode="legacy") as c:  # the initialize handshake
        tools = {t.name: t for t in (await c.list_tools()).tools}
        found = ok(await c.call_tool("search_memory", {"query": "Piranesi"}))
        answer = ok(await c.call_tool("ask", {"question": "Where does Rita live?"}))
        filled = ok(await c.call_tool("prefill", {"fields": ["email", "password"]}))
        capped = ok(await c.call_tool("search_memory", {"query": "reading", "k": 10**9}))
        bad = refused(await c.call_tool("search_memory", {"query": "reading", "k": "lots"}))
        remember = refused(await c.call_tool("remember", {"text": "My dentist is Dr. Silva."}))
        forget = refused(await c.call_tool("forget", {"source": str(home)}))

    assert set(tools) == {
        "search_memory",
        "ask",
        "about",
        "list_facts",
        "prefill",
        "remember",
        "forget",
    }
    for name in ("search_memory", "ask", "about", "list_facts", "prefill"):
        assert tools[name].annotations and tools[name].annotations.read_only_hint is True
    assert tools["remember"].annotations and tools["remember"].annotations.read_only_hint is False
    assert tools["forget"].annotations and tools["forget"].annotations.destructive_hint is True

    top = found["results"][0]
    assert top["source"].endswith("obsidianimporter_frontmatter.md")
    assert "Piranesi" in top["quote"] and top["timestamp"].startswith("2026-01-14")
    assert_sources(found["results"])

    assert answer["known"] is True and "Porto" in answer["answer"]
    assert_sources(answer["sources"])
    assert any(
        s["source"].endswith("family.md") and "Rita lives in Porto" in s["quote"]
        for s in answer["sources"]
    )

    email, password = filled["fields"]
    assert (email["status"], email["value"]) == ("filled", "ana@example.org")
    assert_sources(email["sources"])
    assert any(s["source"].endswith("family.md") for s in email["sources"])
    assert password["status"] == "sensitive" and password["value"] == ""

    assert capped["k"] == MAX_K and "capped" in capped["notice"]
    assert "k" in bad and "valid integer" in bad
    assert "switched off" in remember and "switched off" in forget
    assert "Traceback" not in stderr.read_text(encoding="utf-8")


async def test_writes_once_the_user_turns_them_on(home: Path, tmp_path: Path) -> None:
    (home / "config.toml").write_text("[mcp]\nallow_writes = true\n", encoding="utf-8")
    stderr = tmp_path / "stderr.txt"
    async with mneme_mcp(home, stderr) as c:
        saved = ok(await c.call_tool("remember", {"text": "My dentist is Dr. Silva in Lisbon."}))
        answer = ok(await c.call_tool("ask", {"question": "Who is my dentist?"}))
        dry = ok(await c.call_tool("forget", {"item": saved["id"]}))
        still = ok(await c.call_tool("search_memory", {"query": "dentist Silva Lisbon"}))
        done = ok(await c.call_tool("forget", {"item": saved["id"], "dry_run": False}))
        gone = ok(await c.call_tool("search_memory", {"query": "dentist Silva Lisbon"}))

    assert saved["source"] == "mneme:remembered"
    assert "Dr. Silva" in answer["answer"]
    assert saved["id"] in [s["id"] for s in answer["sources"]]
    # The note and what was read from it (the dentist fact, its persona line) go together.
    dry_ids = [s["id"] for s in dry["sources"]]
    assert dry["dry_run"] is True and dry_ids[0] == saved["id"]
    assert all(i[0] in "fp" for i in dry_ids[1:]), dry_ids
    assert saved["id"] in [r["id"] for r in still["results"]]  # the dry run deleted nothing
    assert done["executed"] is True
    assert not set(dry_ids) & {r["id"] for r in gone["results"]}
    assert not any("Silva" in r["quote"] for r in gone["results"])
    assert "Traceback" not in stderr.read_text(encoding="utf-8")


def _message(
    proc: subprocess.Popen[bytes], sel: selectors.BaseSelector, deadline: float
) -> dict[str, Any]:
    """The next line of the server's stdout, which must be one JSON-RPC message."""
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        if sel.select(timeout=1.0):
            line = proc.stdout.readline()
            assert line, "the server closed stdout"
            message = json.loads(line)  # anything but the protocol fails here
            assert message.get("jsonrpc") == "2.0", line
            return message
    raise AssertionError("no answer from mneme mcp in time")


def test_stdout_is_only_the_protocol_and_nothing_listens(home: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MNEME_")}
    env.update(server_env(home))
    stderr = (tmp_path / "stderr.txt").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "mcp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + 300

    def send(message: dict[str, Any]) -> None:
        assert proc.stdin is not None
        proc.stdin.write((json.dumps({"jsonrpc": "2.0", **message}) + "\n").encode())
        proc.stdin.flush()

    try:
        send(
            {
                "id": 1,
                "method": "initialize",
                "params": {
                    "protocolVersion": "2025-06-18",
                    "capabilities": {},
                    "clientInfo": {"name": "raw-test", "version": "1"},
                },
            }
        )
        init = _message(proc, sel, deadline)
        assert init["id"] == 1 and init["result"]["serverInfo"]["name"] == "mneme"
        send({"method": "notifications/initialized"})
        send(
            {
                "id": 2,
                "method": "tools/call",
                "params": {"name": "ask", "arguments": {"question": "Where does Rita live?"}},
            }
        )
        reply = _message(proc, sel, deadline)
        while reply.get("id") != 2:  # notifications may come first; they are protocol too
            reply = _message(proc, sel, deadline)
        assert "Porto" in reply["result"]["structuredContent"]["answer"]
        # While it serves, neither the server nor any child listens on a port.
        server = psutil.Process(proc.pid)
        for p in [server, *server.children(recursive=True)]:
            listening = [c for c in p.net_connections(kind="all") if c.status == psutil.CONN_LISTEN]
            assert listening == [], (p.pid, p.cmdline(), listening)
        proc.stdin.close()  # the client goes away: the server closes its services and exits
        assert proc.wait(timeout=120) == 0
        rest = proc.stdout.read()
        for line in rest.splitlines():
            assert json.loads(line).get("jsonrpc") == "2.0", line
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stderr.close()
    assert b"Traceback" not in (tmp_path / "stderr.txt").read_bytes()
