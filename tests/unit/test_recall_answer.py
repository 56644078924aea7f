"""Hybrid recall, abstention and chat memory with fake models over real SQLite + Chroma."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.bootstrap import Services, build_services
from app.settings import Settings
from memory.answer import UNKNOWN_ANSWER
from memory.chat import ChatSession, conversations
from memory.errors import EmbedderMismatchError
from models.fakes import FakeChatModel, FakeEmbedder


def test_search_ranks_the_matching_note_first(services: Services, notes_dir: Path) -> None:
    services.importer.run([notes_dir])
    hits = services.recall.search("where does my sister Rita live", k=6)
    # Facts read from the note come with it (memory tiers); the note is the best record.
    records = [h for h in hits if h.tier == "record"]
    assert records[0].text.startswith("My sister Rita lives in Porto")
    assert records[0].relevant
    assert records[0].source.endswith("family.md")
    assert records[0].timestamp == "2024-03-02T00:00:00+00:00"
    assert "words: sister, rita" in records[0].why[0]
    assert all(records[0].record_ids[0] in h.record_ids for h in hits if h.tier == "fact")
    assert hits == sorted(hits, key=lambda h: h.score, reverse=True)


def test_search_json_shape(services: Services, notes_dir: Path) -> None:
    from memory.recall import hits_to_json

    services.importer.run([notes_dir])
    out = hits_to_json("bike", services.recall.search("bike", k=2))
    assert out["query"] == "bike"
    assert set(out["results"][0]) >= {"id", "tier", "text", "source", "timestamp", "score"}
    assert out["results"][0]["id"].startswith("r")


def test_ask_cites_sources_when_known(services: Services, notes_dir: Path, fake_chat: FakeChatModel) -> None:
    services.importer.run([notes_dir])
    answer = services.answerer.ask("Where does Rita live?")
    assert answer.known
    # The bundled-size model never words an answer: the fact is quoted with its citation.
    assert answer.text == "Rita lives in Porto. [1]" and answer.method == "fact"
    assert answer.sources[0].source.endswith("family.md")
    assert fake_chat.prompts == []
    assert set(answer.as_json()) >= {"answer", "known", "sources"}


def test_ask_abstains_without_calling_the_model(services: Services, notes_dir: Path, fake_chat: FakeChatModel) -> None:
    services.importer.run([notes_dir])
    answer = services.answerer.ask("What is the capital of Mongolia?")
    assert not answer.known
    assert answer.text == UNKNOWN_ANSWER
    assert answer.sources == []
    assert fake_chat.prompts == []


def test_ask_on_empty_store_abstains(services: Services) -> None:
    assert not services.answerer.ask("Where does Rita live?").known


def test_chat_turn_is_recalled_in_a_later_session(settings: Settings) -> None:
    chat = FakeChatModel(["Rita lives in Porto."])
    svc = build_services(settings, chat_model=chat, embedder=FakeEmbedder())
    first = ChatSession(svc.store, svc.recall, svc.indexer, lambda: chat)
    reply = first.reply("My sister Rita lives in Porto.")
    assert "".join(reply.stream()).startswith("Noted, I'll remember that.")
    svc.close()

    svc2 = build_services(settings, chat_model=chat, embedder=FakeEmbedder())
    second = ChatSession(svc2.store, svc2.recall, svc2.indexer, lambda: chat)
    reply2 = second.reply("Where does Rita live?")
    assert reply2.hits[0].text == "My sister Rita lives in Porto."
    assert reply2.hits[0].speaker == "me"
    assert "".join(reply2.stream()) == "My sister Rita lives in Porto. [1]"
    assert chat.prompts == []  # composed from memory, not worded by the tiny model
    convs = conversations(svc2.store)
    assert len(convs) == 2 and convs[1].title == "My sister Rita lives in Porto."
    svc2.close()


def test_a_small_model_answers_from_what_was_said_earlier_in_the_same_chat(services: Services) -> None:
    chat = FakeChatModel(["It is a violin."])  # not capable: it gets no history to read
    session = ChatSession(services.store, services.recall, services.indexer, lambda: chat)
    "".join(session.reply("I started learning the cello in March.").stream())
    reply = session.reply("What instrument am I learning? The cello?")
    assert [h.text for h in reply.hits][:1] == ["I started learning the cello in March."]
    assert "cello" in "".join(reply.stream())


def test_a_capable_model_is_not_given_its_history_again_as_memories(services: Services) -> None:
    chat = FakeChatModel(["Lovely.", "Lovely.", "Lovely."], capable=True)
    session = ChatSession(services.store, services.recall, services.indexer, lambda: chat,
                          history_turns=2)
    "".join(session.reply("I started learning the cello in March.").stream())
    reply = session.reply("Which cello teacher should I pick?")
    assert all("cello in March" not in h.text for h in reply.hits)  # in the prompt's history
    "".join(reply.stream())
    # Two turns later it has left the history window: now it is a memory again.
    reply = session.reply("Do you remember my cello?")
    assert any(h.text == "I started learning the cello in March." for h in reply.hits)
    "".join(reply.stream())


def test_prompt_for_is_the_prompt_reply_sends_and_stores_nothing(services: Services, notes_dir: Path) -> None:
    services.importer.run([notes_dir])
    chat = FakeChatModel(["Noted."], capable=True)
    session = ChatSession(services.store, services.recall, services.indexer, lambda: chat)
    "".join(session.reply("Rita moved to Porto last year.").stream())
    count = "SELECT COUNT(*) FROM records"
    before = services.store.db.scalar(count)
    prompt = session.prompt_for("Where does Rita live?")
    assert services.store.db.scalar(count) == before
    assert "Memories:" in prompt[0].content and prompt[-1].content == "Where does Rita live?"
    assert [m.role for m in prompt[1:-1]] == ["user", "assistant"]  # the history
    "".join(session.reply("Where does Rita live?").stream())
    assert chat.prompts[-1] == prompt


def test_stopped_reply_is_stored_as_interrupted(services: Services) -> None:
    chat = FakeChatModel(["one two three four five six"], chunk=3, capable=True)
    session = ChatSession(services.store, services.recall, services.indexer, lambda: chat)
    reply = session.reply("hello there")
    stream = reply.stream()
    next(stream)
    stream.close()
    turns = services.store.conversation_records(session.conversation)
    assert [t.metadata.get("role") for t in turns] == ["user", "assistant"]
    assert turns[1].metadata.get("interrupted") is True
    assert turns[1].text == "one"


def test_small_model_acknowledges_statements_and_links_memories(services: Services, notes_dir: Path) -> None:
    services.importer.run([notes_dir])
    chat = FakeChatModel(["Rita is a famous actress."])
    session = ChatSession(services.store, services.recall, services.indexer, lambda: chat)
    reply = session.reply("Rita visited me from Porto last weekend.")
    text = "".join(reply.stream())
    assert text.startswith("Noted, I'll remember that.")
    assert "My sister Rita lives in Porto" in text
    assert chat.prompts == []  # the tiny model is not asked to chat about facts


def test_assistant_turns_are_never_recalled(services: Services) -> None:
    chat = FakeChatModel(["Rita is a famous actress from Porto."], capable=True)
    session = ChatSession(services.store, services.recall, services.indexer, lambda: chat)
    "".join(session.reply("hello").stream())
    hits = services.recall.search("Rita actress Porto", k=5)
    assert all(h.metadata.get("role") != "assistant" for h in hits)
    assert services.indexer.reindex() == 1  # only the user's turn is embedded


def test_resume_loads_history(services: Services) -> None:
    chat = FakeChatModel(["ok"])
    s1 = ChatSession(services.store, services.recall, services.indexer, lambda: chat)
    "".join(s1.reply("first message").stream())
    s2 = ChatSession(services.store, services.recall, services.indexer, lambda: chat, conversation=s1.conversation)
    assert [m.role for m in s2.history] == ["user", "assistant"]


def test_embedder_change_is_refused(settings: Settings, notes_dir: Path) -> None:
    svc = build_services(settings, chat_model=FakeChatModel(), embedder=FakeEmbedder(dimension=64))
    svc.importer.run([notes_dir])
    svc.close()
    other = build_services(settings, chat_model=FakeChatModel(), embedder=FakeEmbedder(dimension=32, model_id="fake/other"))
    with pytest.raises(EmbedderMismatchError, match="mneme reindex"):
        other.indexer.check_identity()
    assert other.indexer.reindex() == 4
    assert other.recall.search("Rita Porto", k=1)[0].text.startswith("My sister Rita")
    other.close()


def test_pending_records_are_indexed_after_a_crash(services: Services, notes_dir: Path) -> None:
    services.importer.indexer = None  # simulate a crash before indexing
    services.importer.run([notes_dir])
    assert services.store.counts()["records_pending_index"] == 4
    assert services.indexer.index_pending() == 4
    assert services.store.counts()["records_pending_index"] == 0


def test_clock_is_injected(settings: Settings) -> None:
    t0 = datetime(2030, 5, 1, 12, tzinfo=UTC)
    svc = build_services(settings, chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder(), clock=lambda: t0)
    session = ChatSession(svc.store, svc.recall, svc.indexer, lambda: svc.chat_model, clock=lambda: t0 + timedelta(hours=1))
    "".join(session.reply("remember this").stream())
    rec = svc.store.conversation_records(session.conversation)[0]
    assert rec.event_time == "2030-05-01T13:00:00+00:00"
    assert rec.created_at == "2030-05-01T12:00:00+00:00"
    svc.close()
