"""The episodic tier: chat streams split at gaps, days and topic shifts; notes, events;
extractive summaries quote the records; a capable model's summary only when grounded."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np

from app.bootstrap import Services, build_services
from app.settings import Settings
from memory.records import RecordIn
from memory.store import SourceIn
from models.base import ChatMessage
from models.fakes import FakeChatModel, FakeEmbedder
from tests.tiers.conftest import MovableClock

HIKING = [
    "The mountain trail above the lake was steep and rocky.",
    "My hiking boots finally broke in on the ridge trail.",
    "We saw goats near the summit of the mountain trail.",
    "The trail map showed a hut below the summit ridge.",
    "Hiking poles helped a lot on the rocky descent.",
    "Next mountain hike: the long ridge trail to the summit hut.",
    "Blisters from the boots after the summit trail again.",
    "The ridge trail views over the lake were the best part.",
]
TAXES = [
    "The accountant wants every receipt and invoice by Friday.",
    "I scanned the invoices and receipts for the tax return.",
    "Tax deadline is close; the accountant sent a checklist.",
    "Missing one invoice from March for the tax return.",
    "The accountant found a deduction for the home office invoices.",
    "Receipts folder is finally complete for the tax return.",
    "Filed the tax return with the accountant this afternoon.",
    "The accountant invoice itself is also deductible apparently.",
]


def chat(svc: Services, uri: str, turns: Sequence[tuple[str, str, datetime]]) -> list[int]:
    recs = [RecordIn(text=t, kind="message", speaker=who, conversation="chat-with-sam", event_time=when)
            for who, t, when in turns]
    res = svc.store.append_records(SourceIn(uri=uri, kind="whatsapp", content_hash=""), recs)
    svc.indexer.index_pending()
    return list(res.new_record_ids)


def consolidate(svc: Services) -> None:
    assert svc.tiers is not None
    svc.tiers.consolidate()


def test_chat_streams_split_at_gaps_days_and_topic_shifts(tsvc: Services) -> None:
    assert tsvc.tiers is not None
    t0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    turns = [("Sam" if i % 2 else "Alex", text, t0 + timedelta(minutes=i))
             for i, text in enumerate(HIKING + TAXES)]
    turns.append(("Sam", "Dinner at eight?", t0 + timedelta(hours=9)))  # after a gap
    turns.append(("Alex", "Yes, see you then.", t0 + timedelta(hours=9, minutes=1)))
    turns.append(("Sam", "Morning! Coffee?", t0 + timedelta(days=1)))  # the next day
    chat(tsvc, "file:/chats/sam.txt", turns)
    consolidate(tsvc)
    episodes = tsvc.tiers.episodes.listing()
    assert [len(e.record_ids) for e in episodes] == [8, 8, 2, 1]
    hiking, taxes = episodes[0], episodes[1]
    assert all(e.kind == "conversation_day" for e in episodes)
    assert hiking.participants == ("Alex", "Sam")
    assert hiking.title == "Conversation with Alex, Sam · 1 March 2024"
    assert hiking.start_time == "2024-03-01T09:00:00+00:00"
    assert hiking.end_time == "2024-03-01T09:07:00+00:00"
    # Extractive: every piece of the summary is a record's own words.
    texts = {t for _, t, _ in turns}
    for piece in hiking.summary.split(" … "):
        speaker, _, quote = piece.partition(": ")
        assert speaker in ("Alex", "Sam") and quote.rstrip("…") in " ".join(texts)
    assert "trail" in hiking.summary and "tax" in taxes.summary.lower()
    assert hiking.as_json()["records"][0].startswith("r")


def test_an_episode_vector_is_its_records_mean_without_the_embedder(tsvc: Services) -> None:
    assert tsvc.tiers is not None
    t0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    turns = [("Sam" if i % 2 else "Alex", text, t0 + timedelta(minutes=i))
             for i, text in enumerate(HIKING)]
    turns.append(("Sam", "Dinner at eight?", t0 + timedelta(hours=9)))  # a short episode
    turns.append(("Alex", "Yes, see you then.", t0 + timedelta(hours=9, minutes=1)))
    ids = chat(tsvc, "file:/chats/sam.txt", turns)
    embedded: list[str] = []
    embed = tsvc.embedder.embed_batch

    def spy(texts: Sequence[str]) -> np.ndarray:
        embedded.extend(texts)
        return embed(texts)

    tsvc.embedder.embed_batch = spy  # type: ignore[method-assign]
    consolidate(tsvc)
    hiking, dinner = tsvc.tiers.episodes.listing()
    index = tsvc.tiers.index.vectors
    got = index.get_vectors([f"e{hiking.id}", f"e{dinner.id}"])
    records = tsvc.index.get_vectors([f"r{i}" for i in ids[:8]])
    mean = np.mean(np.vstack(list(records.values())), axis=0)
    assert np.allclose(got[f"e{hiking.id}"], mean / np.linalg.norm(mean), atol=1e-3)
    # The long episode's text was never embedded; the two-message one's was.
    assert not any(t.startswith("Conversation with Alex, Sam · 1 March") and "trail" in t
                   for t in embedded)
    assert any("Dinner at eight" in t for t in embedded)
    dinner_vec = embed([t for t in embedded if "Dinner at eight" in t][:1])[0]
    assert np.allclose(got[f"e{dinner.id}"], dinner_vec, atol=1e-3)


def test_new_messages_extend_the_last_episode(tsvc: Services) -> None:
    assert tsvc.tiers is not None
    t0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    chat(tsvc, "file:/chats/sam.txt", [("Sam", HIKING[0], t0), ("Alex", HIKING[1], t0 + timedelta(minutes=1))])
    consolidate(tsvc)
    [first] = tsvc.tiers.episodes.listing()
    chat(tsvc, "file:/chats/sam.txt", [("Sam", HIKING[2], t0 + timedelta(minutes=5))])
    consolidate(tsvc)
    [again] = tsvc.tiers.episodes.listing()
    assert again.id == first.id and len(again.record_ids) == 3


def test_notes_and_calendar_events_are_episodes(tsvc: Services) -> None:
    assert tsvc.tiers is not None
    start = datetime(2024, 6, 3, 18, 0, tzinfo=UTC)
    event = RecordIn(
        text="Yoga class at Studio Om, 18:00-19:00", kind="event", title="Yoga class",
        event_time=start, metadata={"start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat(),
                                    "location": "Studio Om", "attendees": ["Ana", "me"]},
    )
    tsvc.store.ingest_source(SourceIn(uri="file:/cal.ics", kind="ics", content_hash="c1"), [event])
    note = RecordIn(text="Packing list: tent, stove, headlamp.", kind="note_chunk", title="Camping",
                    conversation="file:/camping.md", event_time=start)
    tsvc.store.ingest_source(SourceIn(uri="file:/camping.md", kind="markdown", content_hash="n1"), [note])
    tsvc.indexer.index_pending()
    consolidate(tsvc)
    kinds = {e.kind: e for e in tsvc.tiers.episodes.listing()}
    assert set(kinds) == {"event", "note"}
    ev = kinds["event"]
    assert ev.title.startswith("Yoga class") and ev.participants == ("Ana", "me")
    assert ev.end_time and ev.end_time.startswith("2024-06-03T19:00")
    assert kinds["note"].title.startswith("Camping") and "tent" in kinds["note"].summary


def _responder(summary: str):  # type: ignore[no-untyped-def]
    def respond(messages: Sequence[ChatMessage]) -> str:
        if messages[0].content.startswith("Summarise"):
            return summary
        return json.dumps({"facts": []})

    return respond


def test_a_capable_model_summarises_only_when_grounded(settings: Settings, clock: MovableClock) -> None:
    t0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    turns = [("Sam" if i % 2 else "Alex", text, t0 + timedelta(minutes=i)) for i, text in enumerate(HIKING[:4])]
    good = FakeChatModel(capable=True, responder=_responder("Alex and Sam talk about the mountain trail and the summit."))
    svc = build_services(settings, chat_model=good, embedder=FakeEmbedder(), clock=clock)
    chat(svc, "file:/chats/sam.txt", turns)
    consolidate(svc)
    assert svc.tiers is not None
    [ep] = svc.tiers.episodes.listing()
    assert ep.summary_method == "model" and ep.summary.startswith("Alex and Sam talk")
    svc.close()

    bad = FakeChatModel(capable=True, responder=_responder("They planned a scuba trip to Egypt in July."))
    svc = build_services(settings.model_copy(update={"home": settings.data_dir / "b"}), chat_model=bad,
                         embedder=FakeEmbedder(), clock=clock)
    chat(svc, "file:/chats/sam.txt", turns)
    consolidate(svc)
    assert svc.tiers is not None
    [ep] = svc.tiers.episodes.listing()
    assert ep.summary_method == "extractive" and "Egypt" not in ep.summary
    svc.close()


def test_the_bundled_model_is_never_asked_for_summaries(tsvc: Services) -> None:
    t0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    chat(tsvc, "file:/chats/sam.txt", [("Sam", t, t0 + timedelta(minutes=i)) for i, t in enumerate(HIKING)])
    consolidate(tsvc)
    fake = tsvc._chat_model
    assert isinstance(fake, FakeChatModel) and fake.prompts == []
