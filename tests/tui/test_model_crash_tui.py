"""The TUI stays up when the chat model's process is killed in the middle of a reply (Pilot,
real worker processes with scripted replies, real signals, real SQLite and Chroma)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from app.bootstrap import build_services
from app.services.context import AppContext
from app.tui.app import MnemeApp
from app.tui.widgets import MessageBubble
from models.fakes import FakeEmbedder
from models.process_chat import ProcessChatModel
from tests.conftest import write
from tests.tui.test_chat_tui import bubbles, send, wait_idle

REPLY = "The key is somewhere in the house, I believe, near a door. " * 3
NOTE = "# House\n\nThe garden shed key hangs behind the kitchen door.\n"
QUOTE = "The garden shed key hangs behind the kitchen door. [1]"


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
async def test_tui_survives_a_killed_model_and_answers_after_the_restart(
    tmp_path: Path, sig: signal.Signals
) -> None:
    model = ProcessChatModel(
        {"kind": "fake", "replies": [REPLY], "delay": 0.1, "chunk": 5, "capable": True},
        name="fake-worker", context_size=4096, capable=True, backoff=(0.5, 2.0),
    )
    ctx = AppContext(factory=lambda s: build_services(s, chat_model=model, embedder=FakeEmbedder()))
    app = MnemeApp(ctx)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(600):  # the model's process starts with the app
                if app.services is not None and app.models_loaded:
                    break
                await pilot.pause(0.05)
            assert app.services is not None and model.loaded
            app.services.importer.run([write(tmp_path / "notes" / "house.md", NOTE)])
            await send(pilot, "Where is the garden shed key?")
            # Wait until the reply is streaming, then kill the model's process.
            for _ in range(200):
                streaming = [b for b in app.screen.query(MessageBubble) if b.role == "assistant"]
                if streaming and streaming[-1].text.startswith("The key"):
                    break
                await pilot.pause(0.02)
            else:
                raise AssertionError("the reply never started")
            os.kill(model.pid or 0, sig)
            await wait_idle(app, pilot)
            assert app.is_running
            assert bubbles(app)[-2:] == [
                ("user", "Where is the garden shed key?"), ("assistant", QUOTE),
            ]
            stopped = [n for n in app._notifications if n.title == "Chat model stopped"]
            assert len(stopped) == 1
            assert stopped[0].message == (
                f"chat model crashed with {sig.name} while generating; answering from your memories"
            )
            assert "\n" not in stopped[0].message
            assert "chat model restarting" in app.status_text()
            store = app.services.store
            session = app.screen.session  # type: ignore[attr-defined]
            assert [r.text for r in store.conversation_records(session.conversation)] == [
                "Where is the garden shed key?", QUOTE,
            ]
            # The restart: the status line clears, and the next question gets the model.
            for _ in range(300):
                if model.loaded and "restarting" not in app.status_text():
                    break
                await pilot.pause(0.05)
            else:
                raise AssertionError("the chat model never came back")
            await send(pilot, "Thanks, I will look there.")
            await wait_idle(app, pilot)
            assert bubbles(app)[-1] == ("assistant", REPLY.strip())
    finally:
        model.close()


async def test_a_message_sent_while_a_reply_streams_is_answered_after_it() -> None:
    model = ProcessChatModel(
        {"kind": "fake", "replies": ["One moment, " * 6], "delay": 0.05, "chunk": 4,
         "capable": True},
        name="fake-worker", context_size=4096, capable=True,
    )
    ctx = AppContext(factory=lambda s: build_services(s, chat_model=model, embedder=FakeEmbedder()))
    app = MnemeApp(ctx)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(600):
                if app.services is not None and app.models_loaded:
                    break
                await pilot.pause(0.05)
            await send(pilot, "Hello there")
            await pilot.pause(0.1)
            await send(pilot, "And a second thing")
            assert any(n.message.startswith("Queued") for n in app._notifications)
            full = ("One moment, " * 6).strip()
            for _ in range(400):
                await wait_idle(app, pilot)
                if [b for b in bubbles(app) if b[0] == "assistant"][-2:] == [("assistant", full)] * 2:
                    break
                await pilot.pause(0.05)
            assert bubbles(app)[-4:] == [
                ("user", "Hello there"), ("assistant", ("One moment, " * 6).strip()),
                ("user", "And a second thing"), ("assistant", ("One moment, " * 6).strip()),
            ]
    finally:
        model.close()
