"""When the chat model's process dies in the middle of a reply, Mneme stays up, keeps the
user's turn, answers from memory with a one-line notice, and answers normally again after
the restart. Real worker processes (scripted replies) killed with real signals; real SQLite
and Chroma; the CLI through CliRunner."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from app.bootstrap import Services, build_services
from app.cli import cli
from app.services.context import AppContext
from app.settings import Settings
from memory.chat import SMALL_TALK_REPLY, ChatSession
from models.fakes import FakeEmbedder
from models.process_chat import ProcessChatModel
from tests.conftest import write

MODEL_REPLY = "The garden shed key hangs behind the kitchen door. [1] " * 3
NOTE = "# House\n\nThe garden shed key hangs behind the kitchen door.\n"
QUOTE = "The garden shed key hangs behind the kitchen door. [1]"


def worker_model(*, capable: bool = True, delay: float = 0.1) -> ProcessChatModel:
    return ProcessChatModel(
        {"kind": "fake", "replies": [MODEL_REPLY], "delay": delay, "chunk": 5,
         "capable": capable},
        name="fake-worker", context_size=4096, capable=capable, backoff=(0.3, 2.0),
    )


def kill_when_busy(model: ProcessChatModel, sig: signal.Signals, after: float = 0.7) -> threading.Thread:
    """Kill the worker ``after`` seconds into its first reply (from another thread)."""

    def run() -> None:
        deadline = time.monotonic() + 20
        while model.pid is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(after)
        if model.pid is not None:
            os.kill(model.pid, sig)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def wait_loaded(model: ProcessChatModel, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not model.loaded:
        assert time.monotonic() < deadline, "the chat model never came back"
        time.sleep(0.05)


@pytest.fixture
def model() -> Iterator[ProcessChatModel]:
    m = worker_model()
    yield m
    m.close()


@pytest.fixture
def svc(settings: Settings, model: ProcessChatModel, tmp_path) -> Iterator[Services]:  # type: ignore[no-untyped-def]
    s = build_services(settings, chat_model=model, embedder=FakeEmbedder())
    s.importer.run([write(tmp_path / "notes" / "house.md", NOTE)])
    yield s
    s.close()


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
def test_chat_reply_survives_a_killed_model(
    svc: Services, model: ProcessChatModel, sig: signal.Signals
) -> None:
    session = ChatSession(svc.store, svc.recall, svc.indexer, lambda: model)
    model.load()
    kill_when_busy(model, sig)
    reply = session.reply("Where is the garden shed key?")
    pieces = list(reply.stream())
    assert pieces[0] and MODEL_REPLY.startswith(pieces[0])  # the model had started
    assert reply.notice == f"chat model crashed with {sig.name} while generating; answering from your memories"
    assert reply.text == QUOTE
    turns = svc.store.conversation_records(session.conversation)
    assert [t.text for t in turns] == ["Where is the garden shed key?", reply.text]
    # After the restart the model answers again.
    wait_loaded(model)
    again = session.reply("Thanks, I will look there.")
    assert "".join(again.stream()).strip() == MODEL_REPLY.strip()
    assert again.notice is None


def test_a_reply_asked_while_the_model_restarts_quotes_memory(
    svc: Services, model: ProcessChatModel
) -> None:
    session = ChatSession(svc.store, svc.recall, svc.indexer, lambda: model)
    model.load()
    os.kill(model.pid or 0, signal.SIGKILL)
    while model.running:
        time.sleep(0.01)
    reply = session.reply("Where is the garden shed key hanging?")
    assert reply.text == "" and "".join(reply.stream())
    assert "SIGKILL" in (reply.notice or "") and "kitchen door" in reply.text
    assert svc.store.conversation_records(session.conversation)[0].text == "Where is the garden shed key hanging?"


def test_the_tiny_models_small_talk_survives_a_killed_model(settings: Settings) -> None:
    # Not capable: the only words it says itself are small talk; the crash hits those.
    model = ProcessChatModel(
        {"kind": "fake", "replies": ["Hello! Nice to see you again, how are you today? " * 3],
         "delay": 0.1, "chunk": 4},
        name="tiny", context_size=4096, capable=False, backoff=(0.3, 2.0),
    )
    s = build_services(settings, chat_model=model, embedder=FakeEmbedder())
    try:
        session = ChatSession(s.store, s.recall, s.indexer, lambda: model)
        model.load()
        kill_when_busy(model, signal.SIGSEGV, after=0.5)
        reply = session.reply("hi there!")
        "".join(reply.stream())
        assert reply.text == SMALL_TALK_REPLY
        assert reply.notice and "SIGSEGV" in reply.notice
        assert s.store.conversation_records(session.conversation)[0].text == "hi there!"
        wait_loaded(model)
        again = session.reply("thanks!")
        "".join(again.stream())
        assert again.text.startswith("Hello! Nice to see you again")
        assert again.notice is None
    finally:
        s.close()
        model.close()


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
def test_cli_ask_survives_a_killed_model_and_answers_after_the_restart(
    settings: Settings, tmp_path, sig: signal.Signals  # type: ignore[no-untyped-def]
) -> None:
    model = worker_model()
    ctx = AppContext(
        factory=lambda s: build_services(s, chat_model=model, embedder=FakeEmbedder())
    )
    try:
        runner = CliRunner()
        note = write(tmp_path / "notes" / "house.md", NOTE)
        assert runner.invoke(cli, ["import", str(note)], obj=ctx).exit_code == 0
        kill_when_busy(model, sig)
        result = runner.invoke(cli, ["ask", "Where is the garden shed key?"], obj=ctx)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output + result.stderr
        assert result.stderr.strip() == (
            f"Warning: chat model crashed with {sig.name} while generating; "
            "answering from your memories"
        )
        assert QUOTE in result.stdout
        wait_loaded(model)
        again = runner.invoke(cli, ["ask", "Where is the garden shed key?"], obj=ctx)
        assert again.exit_code == 0 and again.stderr == ""
        assert again.stdout.startswith(MODEL_REPLY.strip()[:40])
    finally:
        ctx.close()
        model.close()


def test_cli_prefill_survives_a_killed_model(settings: Settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A capable model shortens quoted answers; it is killed during that call.
    model = worker_model(delay=0.3)
    ctx = AppContext(
        factory=lambda s: build_services(s, chat_model=model, embedder=FakeEmbedder())
    )
    try:
        runner = CliRunner()
        note = write(
            tmp_path / "notes" / "weekend.md",
            "# Weekend\n\nI painted a sunset over the river with my watercolours last weekend.\n",
        )
        assert runner.invoke(cli, ["import", str(note)], obj=ctx).exit_code == 0
        model.load()
        kill_when_busy(model, signal.SIGSEGV, after=0.5)
        result = runner.invoke(cli, ["prefill", "What did you paint last weekend?", "--json"], obj=ctx)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output + result.stderr
        notice = "chat model crashed with SIGSEGV while generating; filled from your memories without the model"
        assert result.stderr.strip() == f"Warning: {notice}"
        data = json.loads(result.stdout)
        assert data["notice"] == notice
        assert "sunset" in data["fields"][0]["value"]
        assert data["fields"][0]["method"] == "record"
    finally:
        ctx.close()
        model.close()
