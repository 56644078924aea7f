"""The chat endpoint against a real server: llama-cpp-python's own OpenAI-compatible server
(``python -m llama_cpp.server``, its ``[server]`` extra) with the bundled GGUF, started on
127.0.0.1 by these tests and always stopped. It is the llama.cpp build of this venv, made
without AMX (see the Makefile), so it runs on AMX CPUs too.

A chat and a fact extraction go through it (streaming; structured output as the server
takes it: llama-cpp-python refuses ``json_schema`` and takes ``json_object`` + ``schema``);
killed in the middle of a reply, ``mneme ask`` answers from memory with one warning line and
the next ask says the endpoint is down; the API key comes from the keyring and is found
nowhere in MNEME_HOME afterwards (config, logs, database, vector index)."""

from __future__ import annotations

import base64
import json
import logging
import secrets
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest
from click.testing import CliRunner

from app.bootstrap import build_chat_model, build_services, endpoint_api_key
from app.cli import cli
from app.cli.context import AppContext
from app.settings import Settings
from memory.chat import ChatSession
from memory.tiers.llm_extract import SCHEMA, SYSTEM, _LLMFacts
from models.base import ChatMessage, ChatModel
from models.fakes import FakeEmbedder
from models.openai_compat import OpenAICompatibleChatModel
from tests.conftest import write
from tests.servers import Server, llama_server

pytestmark = pytest.mark.integration

NOTE = "# House\n\nThe garden shed key hangs behind the kitchen door.\n"
QUOTE = "The garden shed key hangs behind the kitchen door. [1]"
FALLBACK = "; answering from your memories"


@pytest.fixture(scope="module")
def token() -> str:
    return "mneme-test-token-" + secrets.token_hex(16)


@pytest.fixture(scope="module")
def llama(tmp_path_factory: pytest.TempPathFactory, token: str) -> Iterator[Server]:
    """One server for the module, requiring ``token`` as its API key."""
    with llama_server(tmp_path_factory.mktemp("llama") / "server.log", api_key=token) as server:
        yield server


@pytest.fixture
def endpoint(llama: Server, token: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The token planted in this test's keyring; ``chat_endpoint`` set to the server."""
    keyring.set_password("mneme", "chat_endpoint", token)
    url = f"{llama.base}/v1"
    monkeypatch.setenv("MNEME_CHAT_ENDPOINT", url)
    return url


def served(server: Server) -> list[int]:
    """HTTP statuses of the chat completions the server answered so far (its access log)."""
    out = []
    for line in server.log.read_text(errors="replace").splitlines():
        if '"POST /v1/chat/completions HTTP/1.1"' in line:
            out.append(int(line.rsplit('HTTP/1.1"', 1)[1].split()[0]))
    return out


class Recording(httpx.HTTPTransport):
    """The real transport, noting each request's JSON and the status it got."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[dict[str, Any], int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        self.calls.append((json.loads(request.content), response.status_code))
        return response


# -- a chat and a fact extraction ------------------------------------------------------------
def test_a_chat_streams_through_the_endpoint(
    endpoint: str, llama: Server, settings: Settings, tmp_path: Path
) -> None:
    model = build_chat_model(Settings())
    assert isinstance(model, OpenAICompatibleChatModel) and model.capable
    before = len(served(llama))
    pieces = list(model.stream(
        [ChatMessage("user", "Say hello to my sister Rita in one friendly sentence.")],
        max_tokens=32,
    ))
    assert len(pieces) > 2 and "".join(pieces).strip()  # it came piece by piece
    assert served(llama)[before:] == [200]

    svc = build_services(Settings(), embedder=FakeEmbedder())
    try:
        svc.importer.run([write(tmp_path / "notes" / "house.md", NOTE)])
        session = ChatSession(svc.store, svc.recall, svc.indexer, lambda: svc.chat_model)
        reply = session.reply("hi there! how are you today?")
        shown = list(reply.stream())
        assert shown and reply.text and not reply.model_failed, reply.notice
        turns = svc.store.conversation_records(session.conversation)
        assert [t.text for t in turns] == ["hi there! how are you today?", reply.text]
    finally:
        svc.close()
    assert served(llama)[-1] == 200 and len(served(llama)) > before + 1


def test_a_fact_extraction_goes_through_the_endpoint_as_structured_output(
    endpoint: str, settings: Settings, tmp_path: Path
) -> None:
    rec = Recording()
    model = OpenAICompatibleChatModel(endpoint, "default", api_key=endpoint_api_key(), transport=rec)
    message = "Writer: Tom\nDate: 2024-03-02\nMessage: I moved to Porto last spring."
    raw = model.complete(
        [ChatMessage("system", SYSTEM), ChatMessage("user", message)],
        json_schema=SCHEMA, max_tokens=200,
    )
    facts = _LLMFacts.model_validate(json.loads(raw))  # what consolidation parses
    assert all(f.predicate in SCHEMA["properties"]["facts"]["items"]["properties"]["predicate"]["enum"]  # type: ignore[index]
               for f in facts.facts)
    formats = [(body.get("response_format", {}).get("type"), status) for body, status in rec.calls]
    assert formats == [("json_schema", 500), ("json_object", 200)]  # llama-cpp-python's way
    assert rec.calls[1][0]["response_format"]["schema"] == SCHEMA

    # The server's grammar really constrains the reply: only the schema's values come back.
    city = {"type": "object", "properties": {"city": {"type": "string", "enum": ["Porto", "Lisbon"]}},
            "required": ["city"]}
    got = model.complete([ChatMessage("user", "Rita lives in Porto. Which city?")], json_schema=city)
    assert json.loads(got)["city"] in ("Porto", "Lisbon") and len(rec.calls) == 3

    # Consolidation after an import asks the endpoint for facts the same way.
    svc = build_services(settings, chat_model=model, embedder=FakeEmbedder())
    try:
        svc.importer.run([write(tmp_path / "notes" / "moves.md",
                                "# Moves\n\nI moved to Porto last spring with my sister Rita.\n")])
    finally:
        svc.close()
    extraction = [(b, s) for b, s in rec.calls[3:] if b.get("response_format", {}).get("schema") == SCHEMA]
    assert extraction and all(status == 200 for _, status in extraction)


# -- the endpoint killed in the middle of a reply ---------------------------------------------
class KillOnFirstPiece:
    """The real endpoint model; the server is killed (SIGKILL) as soon as the first piece of a
    reply arrives, so the rest of the stream breaks for real."""

    def __init__(self, model: ChatModel, server: Server) -> None:
        self.model = model
        self.server = server
        self.pieces_before_kill: int | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    @property
    def capable(self) -> bool:
        return self.model.capable

    def stream(self, messages: Sequence[ChatMessage], **kw: Any) -> Iterator[str]:
        for n, piece in enumerate(self.model.stream(messages, **kw), 1):
            if self.pieces_before_kill is None:
                self.server.kill()
                self.pieces_before_kill = n
            yield piece


def test_killed_mid_stream_ask_answers_from_memory(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with llama_server(tmp_path / "server.log") as server:
        url = f"{server.base}/v1"
        monkeypatch.setenv("MNEME_CHAT_ENDPOINT", url)
        model = KillOnFirstPiece(build_chat_model(Settings()), server)
        ctx = AppContext(factory=lambda s: build_services(s, chat_model=model, embedder=FakeEmbedder()))  # type: ignore[arg-type]
        try:
            runner = CliRunner()
            note = write(tmp_path / "notes" / "house.md", NOTE)
            assert runner.invoke(cli, ["import", str(note)], obj=ctx).exit_code == 0
            result = runner.invoke(cli, ["ask", "Where is the garden shed key?"], obj=ctx)
            assert model.pieces_before_kill == 1 and server.proc.poll() is not None
            assert result.exit_code == 0, result.output
            assert "Traceback" not in result.output + result.stderr
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1, result.stderr
            assert lines[0].startswith(f"Warning: chat endpoint {url} dropped the connection")
            assert lines[0].endswith(FALLBACK)
            assert QUOTE in result.stdout

            # The endpoint stays down: the next answer says so in one line, from memory.
            again = runner.invoke(cli, ["ask", "Where is the garden shed key?"], obj=ctx)
            assert again.exit_code == 0 and QUOTE in again.stdout
            assert again.stderr.strip() == (
                f"Warning: chat endpoint {url} is unreachable (connection refused){FALLBACK}"
            )
        finally:
            ctx.close()


# -- the token -------------------------------------------------------------------------------
def test_the_token_comes_from_the_keyring_and_lands_nowhere_in_mneme_home(
    endpoint: str, llama: Server, token: str, isolated_env: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MNEME_CHAT_ENDPOINT")
    # Logging is set up once per process: this test's log must be this home's log.
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_mneme", False)]:
        root.removeHandler(handler)
        handler.close()
    monkeypatch.setattr(root, "level", root.level)  # restored after the test
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "config.toml").write_text(
        f'chat_endpoint = "{endpoint}"\nchat_capable = true\nlog_level = "DEBUG"\n'
    )
    ctx = AppContext(factory=lambda s: build_services(s, embedder=FakeEmbedder()))
    before = len(served(llama))
    try:
        runner = CliRunner()
        note = write(tmp_path / "notes" / "house.md", NOTE + "\nI moved to Porto last spring.\n")
        assert runner.invoke(cli, ["import", str(note)], obj=ctx).exit_code == 0
        asked = runner.invoke(cli, ["ask", "Where is the garden shed key?"], obj=ctx)
        assert asked.exit_code == 0 and asked.stderr == "", asked.stderr  # the key was taken
        svc = ctx.services
        session = ChatSession(svc.store, svc.recall, svc.indexer, lambda: svc.chat_model)
        reply = session.reply("hello! nice evening, isn't it?")
        "".join(reply.stream())
        assert not reply.model_failed
    finally:
        ctx.close()
        for handler in [h for h in root.handlers if getattr(h, "_mneme", False)]:
            root.removeHandler(handler)
            handler.close()
    statuses = served(llama)[before:]
    # Every call was authorised (a 500 is the server refusing ``json_schema`` once).
    assert statuses.count(200) >= 2 and set(statuses) <= {200, 500}

    needles = [token.encode(), base64.b64encode(token.encode())]
    files = [p for p in isolated_env.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"config.toml", "mneme.db", "mneme.log", "chroma.sqlite3"} <= names
    assert (isolated_env / "logs" / "mneme.log").stat().st_size > 0
    for path in files:
        data = path.read_bytes()
        assert not any(n in data for n in needles), f"the API token is in {path}"
    # The same scan finds it where it does belong: the keyring's file, outside MNEME_HOME.
    stored = [p for p in (isolated_env.parent / "xdg-data").rglob("*") if p.is_file()]
    assert any(any(n in p.read_bytes() for n in needles) for p in stored)
