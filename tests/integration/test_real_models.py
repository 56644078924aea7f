"""Integration: the real bundled GGUF (SmolLM2-135M) and MiniLM embedder, real Chroma and
real SQLite, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.bootstrap import build_services
from app.services.context import AppContext
from app.settings import Settings
from app.tui.app import MnemeApp
from memory.chat import ChatSession
from models.base import ChatMessage
from tests.conftest import FIXTURES, write
from tests.tui.test_chat_tui import bubbles, send, wait_idle, wait_ready

pytestmark = pytest.mark.integration


@pytest.fixture
def life_notes(tmp_path: Path) -> Path:
    d = tmp_path / "life"
    write(d / "family.md", "# Family\n\nMy sister Rita lives in Porto.\n")
    write(d / "bike.md", "# Bike\n\nBought a blue Cannondale road bike in April.\n")
    write(d / "health.md", "# Health\n\nI'm allergic to peanuts, so no satay for me.\n")
    write(d / "work.md", "# Work\n\nStarted my new job at Siemens as a data engineer.\n")
    write(d / "pets.md", "# Pets\n\nWe adopted a beagle called Biscuit last week.\n")
    return d


@pytest.fixture
def real_services(settings: Settings, real_chat, real_embedder):  # type: ignore[no-untyped-def]
    svc = build_services(settings, chat_model=real_chat, embedder=real_embedder)
    yield svc
    svc.close()


def test_embedder_identity_and_normalised_vectors(real_embedder) -> None:  # type: ignore[no-untyped-def]
    assert real_embedder.identity.model_id == "sentence-transformers/all-MiniLM-L6-v2"
    assert real_embedder.identity.dimension == 384
    v = real_embedder.embed_batch(["Rita lives in Porto", "My sister's home is in Porto", "tax forms"])
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_chat_model_streams_completes_json_and_counts(real_chat) -> None:  # type: ignore[no-untyped-def]
    msgs = [ChatMessage("user", "Say hello.")]
    pieces = list(real_chat.stream(msgs, max_tokens=12))
    assert len(pieces) > 1 and "".join(pieces).strip()
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    }
    out = real_chat.complete(
        [ChatMessage("user", "Rita lives in Porto. Which city does Rita live in? Reply in JSON.")],
        json_schema=schema,
        max_tokens=30,
    )
    assert isinstance(json.loads(out)["city"], str)
    assert real_chat.count_tokens("hello world") >= 2
    assert real_chat.context_size >= 2048


def test_import_notes_and_ask_cites_the_one_note(real_services, life_notes: Path) -> None:  # type: ignore[no-untyped-def]
    report = real_services.importer.run([life_notes])
    assert report.summary["added"] == 5 and real_services.index.count() == 5
    for question, note, fact in [
        ("Where does Rita live?", "family.md", "porto"),
        ("What am I allergic to?", "health.md", "peanut"),
        ("What is my dog called?", "pets.md", "biscuit"),
        ("Where do I work?", "work.md", "siemens"),
    ]:
        answer = real_services.answerer.ask(question)
        assert answer.known, question
        assert answer.sources[0].source.endswith(note), (question, answer.sources[0].source)
        assert fact in answer.text.lower(), (question, answer.text)


def test_ask_abstains_on_unknown_topics(real_services, life_notes: Path) -> None:  # type: ignore[no-untyped-def]
    real_services.importer.run([life_notes])
    for q in ("What is the capital of Mongolia?", "How many moons does Jupiter have?"):
        answer = real_services.answerer.ask(q)
        assert not answer.known, (q, [h.text for h in answer.sources])


def test_shared_markdown_fixtures_search(real_services) -> None:  # type: ignore[no-untyped-def]
    real_services.importer.run([FIXTURES / "markdown"])
    hits = real_services.recall.search("renew my passport before the trip", k=1)
    assert hits[0].source.endswith("obsidianimporter_tags.md")


def test_chat_fact_told_in_one_session_is_answered_in_the_next(settings, real_chat, real_embedder) -> None:  # type: ignore[no-untyped-def]
    svc = build_services(settings, chat_model=real_chat, embedder=real_embedder)
    s1 = ChatSession(svc.store, svc.recall, svc.indexer, lambda: real_chat)
    "".join(s1.reply("My sister Rita lives in Porto.").stream())
    svc.close()
    svc2 = build_services(settings, chat_model=real_chat, embedder=real_embedder)
    s2 = ChatSession(svc2.store, svc2.recall, svc2.indexer, lambda: real_chat)
    reply = s2.reply("Where does Rita live?")
    text = "".join(reply.stream())
    assert reply.hits and reply.hits[0].text == "My sister Rita lives in Porto."
    assert "porto" in text.lower()
    svc2.close()


async def test_tui_chat_with_the_real_model(settings, real_chat, real_embedder) -> None:  # type: ignore[no-untyped-def]
    def factory(s: Settings):  # type: ignore[no-untyped-def]
        return build_services(s, chat_model=real_chat, embedder=real_embedder)

    app = MnemeApp(AppContext(factory=factory))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(app, pilot)
        await send(pilot, "My sister Rita lives in Porto.")
        await wait_idle(app, pilot)
    app2 = MnemeApp(AppContext(factory=factory))
    async with app2.run_test(size=(120, 40)) as pilot:
        await wait_ready(app2, pilot)
        await send(pilot, "Where does Rita live?")
        await wait_idle(app2, pilot)
        role, text = bubbles(app2)[-1]
        assert role == "assistant" and "porto" in text.lower()
