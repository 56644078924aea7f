"""The services the TUI's screens render, on real services (fake models): details of every
tier, evidence, dossier sections and sources, forget preview then execute, persona feedback."""

from __future__ import annotations

import pytest

from app.bootstrap import Services
from app.services import facts, forget, items, persona, views
from memory.errors import NotFoundError
from tests.tui.helpers import factory, seed


@pytest.fixture
def seeded(settings) -> Services:  # type: ignore[no-untyped-def]
    services = factory()(settings)
    seed(services)
    yield services
    services.close()


def ids(services: Services, prefix: str) -> list[str]:
    d = facts.lookup(services, "Rita")
    return [i.item_id for _, items in d.sections() for i in items if i.item_id.startswith(prefix)]


@pytest.mark.parametrize("prefix", ["r", "f", "e", "p"])
def test_details_of_every_tier(seeded: Services, prefix: str) -> None:
    item_id = ids(seeded, prefix)[0]
    d = items.item_details(seeded, item_id)
    assert d.item.item_id == item_id and d.item.text
    assert d.item.tier == {"r": "record", "f": "fact", "e": "episode", "p": "persona"}[prefix]
    assert d.evidence, "every item shows what it rests on"
    assert d.history and d.can_pin and d.can_forget
    assert 0.0 <= d.item.retention <= 1.0


def test_unknown_item_is_a_clear_error(seeded: Services) -> None:
    with pytest.raises(NotFoundError):
        items.item_details(seeded, "f999")


def test_evidence_items_resolve_every_kind_of_id(seeded: Services) -> None:
    wanted = [ids(seeded, p)[0] for p in "rfep"]
    got = items.evidence_items(seeded, [*wanted, "r9999"])
    assert [g.item_id for g in got] == wanted


def test_dossier_sources_and_sections(seeded: Services) -> None:
    d = facts.lookup(seeded, "Rita")
    assert [name for name, _ in d.sections()] == [
        "Current facts",
        "Timeline of episodes",
        "Persona",
        "Mentioned in",
    ]
    by_source = {s.source: s.items for s in d.sources}
    assert by_source["/home/me/notes/family.md"] >= 3
    assert "/home/me/notes/bikes.md" not in by_source


def test_forget_preview_changes_nothing_until_executed(seeded: Services) -> None:
    rec = next(i for i in ids(seeded, "r"))
    preview = forget.preview(seeded, rec)
    assert not preview.empty and preview.summary.startswith("1 records")
    seeded.store.record(int(rec[1:]))  # still there
    summary = forget.execute_preview(seeded, preview)
    assert summary.startswith(f"Forgot {rec}:")
    with pytest.raises(NotFoundError):
        seeded.store.record(int(rec[1:]))


def test_persona_sections_and_feedback(seeded: Services) -> None:
    sections = persona.profile(seeded)
    assert [s.title for s in sections] == ["People"]
    st = sections[0].statements[0]
    assert st.evidence and st.evidence[0].startswith("f")
    assert persona.feedback(seeded, st.item_id, "confirm").status == "confirmed"


def test_chat_sources_read_as_chat_of_a_date() -> None:
    assert views.display_source("mneme-chat:chat-20240315-091200-123456") == (
        "chat of 2024-03-15 09:12"
    )
    assert views.display_source("file:/home/me/a.md") == "/home/me/a.md"
