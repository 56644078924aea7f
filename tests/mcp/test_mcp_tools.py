"""The MCP tools through the SDK's client, in process: real SQLite and Chroma, fake models.

What a client sees (tool names, arguments, annotations, sources), that the read tools give
what the CLI gives for the same store (pins, fading and forgets included), the write switch,
and bad arguments refused with a message naming them, never a traceback. The stdio
subprocess with the real embedder is ``test_mcp_stdio``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from mcp import Client

from app.bootstrap import Services, build_services
from app.cli import cli
from app.mcp.server import build_server
from app.mcp.tools import MAX_K, MnemeTools
from app.services import ask as ask_service
from app.services import items
from app.services.context import AppContext
from app.settings import Settings
from memory.records import RecordIn
from memory.store import SourceIn
from models.errors import ModelError
from models.fakes import FakeChatModel, FakeEmbedder
from tests.conftest import write
from tests.endpoint_fakes import closed_port
from tests.mcp.helpers import assert_sources, ok, refused
from tests.tiers.conftest import MovableClock

READ_ONLY = {"search_memory", "ask", "about", "list_facts", "prefill"}


def cli_json(ctx: AppContext, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--json"], obj=ctx, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def records(svc: Services) -> int:
    return int(svc.db.scalar("SELECT COUNT(*) FROM records") or 0)


@pytest.fixture
def notes(notes_dir: Path) -> Path:
    write(notes_dir / "me.md", "# About me\n\nMy email is ana.lima@example.org.\n")
    return notes_dir


@pytest.fixture
def stored(app_ctx: AppContext, notes: Path) -> AppContext:
    """The app with the notes imported through `mneme import`."""
    result = CliRunner().invoke(cli, ["import", str(notes)], obj=app_ctx, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return app_ctx


def client(ctx: AppContext, *, writes: bool = False) -> Client:
    return Client(build_server(MnemeTools(ctx, allow_writes=writes)))


async def test_the_tools_their_arguments_and_annotations(app_ctx: AppContext) -> None:
    async with client(app_ctx) as c:
        tools = {t.name: t for t in (await c.list_tools()).tools}
    assert set(tools) == READ_ONLY | {"remember", "forget"}
    for name in READ_ONLY:
        hints = tools[name].annotations
        assert hints is not None and hints.read_only_hint is True, name
        assert hints.open_world_hint is False
    remember, forget = tools["remember"].annotations, tools["forget"].annotations
    assert remember is not None and remember.read_only_hint is False
    assert remember.destructive_hint is False
    assert forget is not None and forget.read_only_hint is False
    assert forget.destructive_hint is True
    params = {name: set(t.input_schema["properties"]) for name, t in tools.items()}
    assert params["search_memory"] == {"query", "k", "include_faded"}
    assert params["ask"] >= {"question"} and params["about"] >= {"subject"}
    assert params["list_facts"] == {"about", "history"}
    assert params["prefill"] >= {"fields"} and params["remember"] == {"text"}
    assert params["forget"] >= {"item", "source", "dry_run"}
    assert tools["forget"].input_schema["properties"]["dry_run"]["default"] is True
    assert all(t.output_schema for t in tools.values())
    assert "Switched off" in (tools["remember"].description or "")


async def test_read_tools_give_what_the_cli_gives(stored: AppContext) -> None:
    async with client(stored) as c:
        found = ok(await c.call_tool("search_memory", {"query": "Rita Porto", "k": 5}))
        answer = ok(await c.call_tool("ask", {"question": "Where does Rita live?"}))
        about = ok(await c.call_tool("about", {"subject": "Rita"}))
        facts = ok(await c.call_tool("list_facts", {"about": "Rita"}))
        filled = ok(await c.call_tool("prefill", {"fields": ["email", "password"]}))

    cli_found = cli_json(stored, "search", "Rita Porto", "-k", "5")
    assert [r["id"] for r in found["results"]] == [r["id"] for r in cli_found["results"]]
    assert_sources(found["results"])
    assert "Rita lives in Porto" in found["results"][0]["quote"]

    cli_answer = cli_json(stored, "ask", "Where does Rita live?")
    assert answer["answer"] == cli_answer["answer"] and "Porto" in answer["answer"]
    assert answer["known"] is True
    assert [s["id"] for s in answer["sources"]] == [s["id"] for s in cli_answer["sources"]]
    assert_sources(answer["sources"])
    assert any(s["source"].endswith("family.md") for s in answer["sources"])

    cli_about = cli_json(stored, "about", "Rita")
    assert about["known"] is True and about["truncated"] is False
    assert about["memories_total"] == len(cli_about["memories"])
    assert [e["id"] for e in about["timeline"]] == [e["id"] for e in cli_about["timeline"]]
    assert [f["id"] for f in about["facts"]] == [f["id"] for f in cli_about["facts"]]
    assert_sources(about["sources"])
    for fact in about["facts"]:
        assert_sources(fact["sources"])

    cli_facts = cli_json(stored, "facts", "--about", "Rita")
    assert [f["id"] for f in facts["facts"]] == [f["id"] for f in cli_facts]
    assert facts["total"] == len(cli_facts) and facts["truncated"] is False

    email, password = filled["fields"]
    assert email["status"] == "filled" and email["value"] == "ana.lima@example.org"
    assert email["confidence"] > 0.5
    assert_sources(email["sources"])
    assert any("ana.lima@example.org" in s["quote"] for s in email["sources"])
    assert password["status"] == "sensitive" and password["value"] == ""


async def test_about_something_unknown_says_so(stored: AppContext) -> None:
    async with client(stored) as c:
        about = ok(await c.call_tool("about", {"subject": "Zanzibar"}))
        answer = ok(await c.call_tool("ask", {"question": "What is the capital of Peru?"}))
    assert about["known"] is False and about["facts"] == [] and about["sources"] == []
    assert answer["known"] is False and answer["sources"] == []


async def test_forgets_made_in_the_cli_hold_for_every_read_tool(stored: AppContext) -> None:
    svc = stored.services
    rita = "r" + str(svc.db.scalar("SELECT id FROM records WHERE text LIKE '%Rita lives%'"))
    email = "r" + str(svc.db.scalar("SELECT id FROM records WHERE text LIKE '%ana.lima@%'"))
    async with client(stored) as c:
        before = ok(await c.call_tool("list_facts", {"about": "Rita"}))
        filled = ok(await c.call_tool("prefill", {"fields": ["email"]}))
    assert any(f["object"] == "Porto" for f in before["facts"])
    assert filled["fields"][0]["value"] == "ana.lima@example.org"
    for item_id in (rita, email):
        result = CliRunner().invoke(
            cli, ["forget", item_id, "--yes"], obj=stored, catch_exceptions=False
        )
        assert result.exit_code == 0, result.output

    async with client(stored) as c:
        found = ok(await c.call_tool("search_memory", {"query": "Rita lives in Porto"}))
        faded = ok(
            await c.call_tool(
                "search_memory", {"query": "Rita lives in Porto", "include_faded": True}
            )
        )
        answer = ok(await c.call_tool("ask", {"question": "Where does Rita live?"}))
        about = ok(await c.call_tool("about", {"subject": "Rita"}))
        facts = ok(await c.call_tool("list_facts", {"about": "Rita", "history": True}))
        filled = ok(await c.call_tool("prefill", {"fields": ["email"]}))

    def quoted(result: dict[str, Any]) -> str:  # what came back, not the query echoed
        return json.dumps({k: v for k, v in result.items() if k not in ("query", "question")})

    for result in (found, faded, answer, about, facts, filled):
        assert "Porto" not in quoted(result) and "ana.lima@" not in quoted(result)
        assert rita not in quoted(result) and email not in quoted(result)
    assert answer["known"] is False
    assert filled["fields"][0]["status"] == "unknown"
    cli_found = cli_json(stored, "search", "Rita lives in Porto")
    assert [r["id"] for r in found["results"]] == [r["id"] for r in cli_found["results"]]
    cli_answer = cli_json(stored, "ask", "Where does Rita live?")
    assert answer["answer"] == cli_answer["answer"]
    assert [f["id"] for f in facts["facts"]] == [
        f["id"] for f in cli_json(stored, "facts", "--about", "Rita", "--history")
    ]


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(datetime(2025, 1, 10, 12, 0, tzinfo=UTC))


@pytest.fixture
def timed_app(settings: Settings, clock: MovableClock) -> Iterator[AppContext]:
    def factory(s: Settings) -> Services:
        return build_services(
            s, chat_model=FakeChatModel(["I don't know."]), embedder=FakeEmbedder(), clock=clock
        )

    ctx = AppContext(factory=factory)
    yield ctx
    ctx.close()


async def test_pins_and_fading_hold_as_in_the_cli(
    timed_app: AppContext, clock: MovableClock, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    write(folder / "kayak.md", "# Kayak\n\nPicked up the blue kayak from the repair shop.\n")
    write(folder / "tulips.md", "# Garden\n\nPlanted tulip bulbs along the garden fence.\n")
    CliRunner().invoke(cli, ["import", str(folder)], obj=timed_app, catch_exceptions=False)
    svc = timed_app.services
    tulip = "r" + str(svc.db.scalar("SELECT id FROM records WHERE text LIKE '%tulip%'"))
    kayak = "r" + str(svc.db.scalar("SELECT id FROM records WHERE text LIKE '%kayak%'"))
    items.pin(svc, tulip)
    clock.advance(days=3650)  # ten years unused: the kayak note faded; the pinned one did not

    async with client(timed_app) as c:
        default = ok(await c.call_tool("search_memory", {"query": "blue kayak repair"}))
        faded = ok(
            await c.call_tool(
                "search_memory", {"query": "blue kayak repair", "include_faded": True}
            )
        )
        pinned = ok(await c.call_tool("search_memory", {"query": "tulip bulbs garden"}))
    assert kayak not in [r["id"] for r in default["results"]]
    hit = next(r for r in faded["results"] if r["id"] == kayak)
    assert hit["retention"] < 0.1 and hit["pinned"] is False
    assert next(r for r in pinned["results"] if r["id"] == tulip)["pinned"] is True
    for result, flags in ((default, ()), (faded, ("--include-faded",))):
        cli_found = cli_json(timed_app, "search", "blue kayak repair", *flags)
        assert [r["id"] for r in result["results"]] == [r["id"] for r in cli_found["results"]]


async def test_a_huge_k_is_capped(app_ctx: AppContext) -> None:
    svc = app_ctx.services
    svc.store.append_records(
        SourceIn(uri="test:many", kind="test", content_hash=""),
        [RecordIn(text=f"Lantern note number {i} about the lantern festival.") for i in range(70)],
    )
    svc.indexer.index_pending()
    async with client(app_ctx) as c:
        found = ok(await c.call_tool("search_memory", {"query": "lantern festival", "k": 10**9}))
    assert found["k"] == MAX_K and "capped" in (found["notice"] or "")
    assert len(found["results"]) == MAX_K


async def test_a_vector_server_that_is_down_is_said_as_in_the_cli(
    app_ctx: AppContext, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("MNEME_VECTORS_URL", url)
    CliRunner().invoke(cli, ["import", str(notes)], obj=app_ctx, catch_exceptions=False)
    async with client(app_ctx) as c:
        found = ok(await c.call_tool("search_memory", {"query": "Rita Porto", "k": 10**9}))
        answer = ok(await c.call_tool("ask", {"question": "Where does Rita live?"}))
    fallback = f"vector server {url} is unreachable (connection refused); showing keyword matches only"
    assert found["notice"] == f"k=1000000000 was capped at {MAX_K}; {fallback}"
    assert "Rita lives in Porto" in found["results"][0]["quote"]
    assert answer["notice"] == fallback and "Porto" in answer["answer"]


async def test_bad_arguments_are_refused_with_a_clear_message(
    stored: AppContext, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async with client(stored, writes=True) as c:

        messages: list[str] = []

        async def call(name: str, args: dict[str, Any]) -> str:
            messages.append(refused(await c.call_tool(name, args)))
            return messages[-1]

        # One line naming the argument, the problem and the value given: not pydantic's
        # multi-line report with its links.
        assert await call("search_memory", {"query": "Rita", "k": "lots"}) == (
            "Error executing tool search_memory: k: Input should be a valid integer, unable "
            "to parse string as an integer (got 'lots')"
        )
        assert "k: Input should be greater than or equal to 1 (got 0)" in await call(
            "search_memory", {"query": "x", "k": 0}
        )
        assert await call("ask", {}) == "Error executing tool ask: question: required"
        # An argument the tool does not take is refused, not silently ignored.
        assert await call("search_memory", {"query": "Rita", "includeFaded": True}) == (
            "Error executing tool search_memory: unknown argument includeFaded "
            "(search_memory takes query, k, include_faded)"
        )
        assert "fields[1]: Input should be a valid string (got 2)" in await call(
            "prefill", {"fields": ["email", 2]}
        )
        assert "question is empty" in await call("ask", {"question": "   "})
        assert "at most 2000" in await call("search_memory", {"query": "x" * 2001})
        assert "fields" in await call("prefill", {"fields": []})
        assert "fields" in await call("prefill", {"fields": "email"})
        assert "item 2 is an empty question" in await call("prefill", {"fields": ["email", " "]})
        assert "history" in await call("list_facts", {"history": "maybe"})
        assert "exactly one" in await call("forget", {"item": "r1", "source": "x"})
        assert "exactly one" in await call("forget", {})
        assert "no record r99999" in await call("forget", {"item": "r99999"})
        assert "not a memory item id" in await call("forget", {"item": "zz"})
        assert "Unknown tool" in await call("no_such_tool", {})
        for message in messages:
            assert "\n" not in message and "errors.pydantic.dev" not in message, message

        def boom(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("secret internals /home/ana/private.txt")

        monkeypatch.setattr(ask_service, "ask", boom)
        message = await call("ask", {"question": "Where does Rita live?"})
        assert "Error executing tool ask" in message and "secret internals" not in message
        # The crash itself goes to the log (the log file), not to the client.
        crash = [r for r in caplog.records if "unexpected exception" in r.getMessage()]
        assert crash and crash[0].levelname == "ERROR"
        assert "RuntimeError: secret internals" in caplog.text
        # The server keeps serving after a failed call.
        assert ok(await c.call_tool("search_memory", {"query": "Rita"}))["results"]


async def test_with_writes_off_remember_and_forget_are_refused(stored: AppContext) -> None:
    svc = stored.services
    before = records(svc)
    async with client(stored, writes=False) as c:
        message = refused(await c.call_tool("remember", {"text": "My dentist is Dr. Silva."}))
        assert "switched off" in message and "allow_writes = true" in message
        assert "MNEME_MCP_ALLOW_WRITES" in message
        assert "switched off" in refused(await c.call_tool("forget", {"item": "r1"}))
        refused(await c.call_tool("forget", {"item": "r1", "dry_run": False}))
    assert records(svc) == before
    assert svc.store.record(1).status == "active"


async def test_remember_stores_the_users_own_record_and_consolidates_it(
    stored: AppContext,
) -> None:
    svc = stored.services
    async with client(stored, writes=True) as c:
        saved = ok(await c.call_tool("remember", {"text": "My email is ana@studio-lima.pt."}))
        again = ok(await c.call_tool("remember", {"text": "My email is ana@studio-lima.pt."}))
        facts = ok(await c.call_tool("list_facts", {"about": "me"}))
        answer = ok(await c.call_tool("ask", {"question": "What is my email?"}))
    assert saved["source"] == "mneme:remembered" and saved["id"].startswith("r")
    assert_sources(saved["sources"])
    assert again["id"] == saved["id"] and again["consolidation"] == "already remembered"
    rec = svc.store.record(int(saved["id"][1:]))
    assert rec.metadata.get("self") is True and rec.speaker is None  # the user's own words
    embedded = svc.db.scalar("SELECT embedded FROM records WHERE id = ?", (rec.id,))
    assert embedded == 1  # indexed at once
    # Consolidated: the new email is a fact read from the remembered record.
    [email] = [f for f in facts["facts"] if f["object"] == "ana@studio-lima.pt"]
    assert email["predicate"] == "email" and email["status"] == "current"
    assert [s["id"] for s in email["sources"]] == [saved["id"]]
    assert [f["id"] for f in saved["facts"]] == [email["id"]]
    assert "ana@studio-lima.pt" in answer["answer"]
    assert saved["id"] in {s["id"] for s in answer["sources"]} | {
        r for s in answer["sources"] for r in s["records"]
    }


async def test_forget_is_a_dry_run_unless_told_otherwise(stored: AppContext) -> None:
    svc = stored.services
    async with client(stored, writes=True) as c:
        saved = ok(await c.call_tool("remember", {"text": "My locker code hint is the blue door."}))
        dry = ok(await c.call_tool("forget", {"item": saved["id"]}))
        assert dry["dry_run"] is True and dry["executed"] is False
        assert [s["id"] for s in dry["sources"]] == [saved["id"]]
        assert svc.store.record(int(saved["id"][1:])).status == "active"  # nothing deleted
        done = ok(await c.call_tool("forget", {"item": saved["id"], "dry_run": False}))
        assert done["executed"] is True and done["counts"]["records"] == 1
        found = ok(await c.call_tool("search_memory", {"query": "locker code blue door"}))
        assert saved["id"] not in {r["id"] for r in found["results"]}
        assert "no record" in refused(await c.call_tool("forget", {"item": saved["id"]}))


async def test_forgetting_a_fact_lists_it_as_a_source(stored: AppContext) -> None:
    async with client(stored, writes=True) as c:
        saved = ok(await c.call_tool("remember", {"text": "I am allergic to peanuts."}))
        [fact] = saved["facts"]
        dry = ok(await c.call_tool("forget", {"item": fact["id"]}))
        done = ok(await c.call_tool("forget", {"item": fact["id"], "dry_run": False}))
        facts = ok(await c.call_tool("list_facts", {"about": "me"}))
    for result in (dry, done):
        assert_sources(result["sources"])
        [source] = [s for s in result["sources"] if s["id"] == fact["id"]]
        assert source["source"] == "mneme:remembered"
        assert "peanuts" in source["quote"]
    assert fact["id"] not in [f["id"] for f in facts["facts"]]


async def test_a_wide_forget_needs_confirm_wide(stored: AppContext) -> None:
    svc = stored.services
    svc.store.append_records(
        SourceIn(uri="test:diary", kind="test", content_hash=""),
        [RecordIn(text=f"Diary day {i}: walked along the river.") for i in range(15)],
    )
    before = records(svc)
    async with client(stored, writes=True) as c:
        dry = ok(await c.call_tool("forget", {"source": "test:diary"}))
        assert dry["needs_confirmation"] is True and dry["wide"]
        assert "confirm_wide=true" in dry["message"]
        message = refused(await c.call_tool("forget", {"source": "test:diary", "dry_run": False}))
        assert "confirm_wide=true" in message and "Nothing was deleted" in message
        assert records(svc) == before
        done = ok(
            await c.call_tool(
                "forget", {"source": "test:diary", "dry_run": False, "confirm_wide": True}
            )
        )
    assert done["executed"] is True and done["counts"]["records"] == 15
    assert records(svc) == before - 15


async def test_a_store_that_cannot_open_is_one_line_from_the_first_call(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(s: Settings) -> Services:
        raise ModelError("embedder not found (looked in: /nowhere)")

    ctx = AppContext(factory=broken)
    tools = MnemeTools(ctx, allow_writes=False)
    tools.warm_up()  # in the background at start: logged, not raised
    assert "embedder not found" in caplog.text
    async with Client(build_server(tools)) as c:
        message = refused(await c.call_tool("ask", {"question": "Where does Rita live?"}))
    assert message == "Error executing tool ask: embedder not found (looked in: /nowhere)"
    tools.close()
