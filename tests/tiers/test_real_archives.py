"""The tiers on the real sample archives: vCards become people's contact facts, calendar
events become episodes and recurring ones a routine, a chat export becomes conversation
episodes (fake models, real importers, SQLite and Chroma)."""

from __future__ import annotations

from app.bootstrap import Services
from tests.conftest import FIXTURES


def test_vcards_become_contact_facts(tsvc: Services) -> None:
    tsvc.importer.run([FIXTURES / "vcard" / "ezvcard_rfc6350-example.vcf"])
    assert tsvc.tiers is not None
    facts = {(f.subject, f.predicate, f.object) for f in tsvc.tiers.facts.listing()}
    assert ("Simon Perreault", "email", "simon.perreault@viagenie.ca") in facts
    assert ("Simon Perreault", "works_at", "Viagenie") in facts
    assert ("Simon Perreault", "birthday", "3 February") in facts
    dossier = tsvc.tiers.about("Simon Perreault")
    assert dossier.known and all(f.subject == "Simon Perreault" for f in dossier.facts)


def test_calendar_events_are_episodes_and_recurring_ones_a_routine(tsvc: Services) -> None:
    tsvc.importer.run([FIXTURES / "icalendar"])
    assert tsvc.tiers is not None
    events = [e for e in tsvc.tiers.episodes.listing() if e.kind == "event"]
    assert len(events) >= 10
    assert all(e.start_time and e.end_time and e.title for e in events)
    routines = [s.text for s in tsvc.tiers.persona.statements("routines")]
    assert any(t.startswith("You regularly have ") for t in routines)


def test_a_chat_export_becomes_conversation_episodes(tsvc: Services) -> None:
    tsvc.importer.run([FIXTURES / "whatsapp" / "langchain_examples_whatsapp_chat.txt"])
    assert tsvc.tiers is not None
    episodes = tsvc.tiers.episodes.listing()
    assert episodes and all(e.kind == "conversation_day" for e in episodes)
    assert all(e.participants and e.summary for e in episodes)
    record_ids = [r for e in episodes for r in e.record_ids]
    assert len(record_ids) == len(set(record_ids))  # a message is in one episode
    assert tsvc.tiers.consolidator.pending() == {"facts": 0, "episodes": 0, "index": 0}
