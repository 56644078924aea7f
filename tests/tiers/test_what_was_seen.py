"""Every case of issue 17's "What was seen", through real imports and consolidation (real
SQLite + Chroma, fake models): each failed on the rule-per-sentence extractor."""

from __future__ import annotations

from pathlib import Path

from app.bootstrap import Services
from memory.prefill.service import Prefiller
from memory.prefill.sources import MemoryView
from memory.prefill.spec import Field, FormSpec
from memory.records import RecordIn
from memory.store import SourceIn
from memory.tiers.services import TierServices
from tests.tiers.conftest import MovableClock, write_note

INES = (
    "My name is Ines Carvalho. I live in Porto. I am vegetarian and allergic to peanuts.\n"
    "I have a severe allergy to shellfish."
)


def tiers_of(svc: Services) -> TierServices:
    assert svc.tiers is not None
    return svc.tiers


def current(tiers: TierServices, predicate: str) -> list[str]:
    return sorted(f.object for f in tiers.facts.listing() if f.predicate == predicate)


def statuses(tiers: TierServices, predicate: str) -> dict[str, str]:
    return {
        f.object: f.status for f in tiers.facts.listing(history=True) if f.predicate == predicate
    }


def fill(svc: Services, label: str) -> str | None:
    view = MemoryView(svc.store, svc.recall, tiers_of(svc))
    form = FormSpec("questions", (Field(name="f", label=label, type="text"),))
    got = Prefiller(view).fill(form, use_model=False).fields[0]
    return got.value if got.status == "filled" else None


def test_the_new_users_note(tsvc: Services, tmp_path: Path) -> None:
    note = write_note(tmp_path / "n", "2026-12-01", INES)
    tsvc.importer.run([note.parent])
    tiers = tiers_of(tsvc)
    texts = [f.text for f in tiers.facts.listing()]
    assert not any("severe" in t for t in texts)
    assert current(tiers, "allergic_to") == ["peanuts", "shellfish"]
    assert current(tiers, "name") == ["Ines Carvalho"]
    assert current(tiers, "lives_in") == ["Porto"] and current(tiers, "diet") == ["vegetarian"]

    answer = tsvc.answerer.ask("What am I allergic to?")
    assert "peanuts" in answer.text and "shellfish" in answer.text and "severe" not in answer.text
    assert answer.sources and answer.sources[0].source.endswith(note.name)

    value = fill(tsvc, "Food allergies")
    assert value is not None and "peanuts" in value and "shellfish" in value


def test_a_move_supersedes_whatever_the_import_order(tsvc: Services, tmp_path: Path) -> None:
    write_note(tmp_path / "a", "2026-12-01", "I live in Porto.")
    write_note(tmp_path / "b", "2026-12-02", "I moved to Lisbon in March.")
    tsvc.importer.run([tmp_path / "a"])
    tsvc.importer.run([tmp_path / "b"])
    tiers = tiers_of(tsvc)
    assert statuses(tiers, "lives_in") == {"Lisbon": "current", "Porto": "superseded"}
    [porto] = [f for f in tiers.facts.listing(history=True) if f.object == "Porto"]
    assert porto.text == "You lived in Porto until March 2026."
    assert tiers.conflicts.open() == []


def test_a_move_imported_first_stays_current(tsvc: Services, tmp_path: Path) -> None:
    write_note(tmp_path / "a", "2026-12-01", "I live in Porto.")
    write_note(tmp_path / "b", "2026-12-02", "I moved to Lisbon in March.")
    tsvc.importer.run([tmp_path / "b"])
    tsvc.importer.run([tmp_path / "a"])
    tiers = tiers_of(tsvc)
    assert statuses(tiers, "lives_in") == {"Lisbon": "current", "Porto": "superseded"}
    assert tiers.conflicts.open() == []


def test_a_move_told_in_the_chat(tsvc: Services, clock: MovableClock) -> None:
    tiers = tiers_of(tsvc)
    source = SourceIn(uri="chat:me", kind="mneme-chat", content_hash="", title="chat")
    for text in ("I live in Porto.", "I moved to Lisbon in March."):
        clock.advance(hours=1)
        rec = RecordIn(
            text=text,
            kind="chat_turn",
            speaker="me",
            conversation="chat",
            event_time=clock(),
            metadata={"role": "user"},
        )
        tsvc.store.append_records(source, [rec])
        tiers.consolidate()
    assert statuses(tiers, "lives_in") == {"Lisbon": "current", "Porto": "superseded"}


def test_called_and_named_keep_the_name(tsvc: Services, tmp_path: Path) -> None:
    write_note(tmp_path / "n", "2026-12-01", "I work at a bakery called Pão Quente.")
    write_note(tmp_path / "n", "2026-12-02", "My cat is called Miró.")
    tsvc.importer.run([tmp_path / "n"])
    tiers = tiers_of(tsvc)
    assert current(tiers, "works_at") == ["Pão Quente"]
    assert [f.text for f in tiers.facts.listing() if f.predicate == "has_pet"] == [
        "You have a cat named Miró."
    ]
    assert tiers.conflicts.open() == []


VCARD = """BEGIN:VCARD
VERSION:3.0
N:Doe;John;Richter,James;Mr.;Sr.
FN:Mr. John Richter James Doe Sr.
NICKNAME:Johny
TEL;TYPE=CELL:+1 905 555 1234
TEL;TYPE=WORK,VOICE:+1 905 555 9876
TEL;TYPE=WORK,FAX:+1 905 555 0000
TEL;TYPE=CELL:+1 (905) 555-1234
EMAIL;TYPE=WORK:john.doe@example.com
END:VCARD
"""


def test_a_contacts_labels_and_names(tsvc: Services, tmp_path: Path) -> None:
    card = tmp_path / "john.vcf"
    card.write_text(VCARD, encoding="utf-8")
    tsvc.importer.run([card])
    tiers = tiers_of(tsvc)
    phones = {f.qualifier: f.object for f in tiers.facts.listing() if f.predicate == "phone"}
    assert phones == {
        "cell": "+1 905 555 1234",
        "work": "+1 905 555 9876",
        "work fax": "+1 905 555 0000",
    }
    texts = [f.text for f in tiers.facts.listing()]
    assert "Mr. John Richter James Doe Sr.'s cell phone number is +1 905 555 1234." in texts

    answer = tsvc.answerer.ask("What is John Doe's cell phone number?")
    assert "+1 905 555 1234" in answer.text and "0000" not in answer.text
    assert "9876" in tsvc.answerer.ask("What is John Doe's work phone number?").text

    for name in ("John Doe", "Johny", "Mr. John Richter James Doe Sr.", "john richter james doe"):
        dossier = tiers.about(name)
        assert {f.predicate for f in dossier.facts} >= {"phone", "email"}, name


def test_a_persona_correction_supersedes_the_fact(
    tsvc: Services, tmp_path: Path, clock: MovableClock
) -> None:
    clock.now = clock.now.replace(year=2026, month=6, day=1)
    write_note(tmp_path / "n", "2026-01-10", "I live in Porto.")
    tsvc.importer.run([tmp_path / "n"])
    tiers = tiers_of(tsvc)
    [statement] = [s for s in tiers.persona.statements() if "Porto" in s.text]
    edited = tiers.persona_feedback(
        statement.item_id, "edit", "You live in Lisbon since March 2026"
    )
    assert edited.text == "You live in Lisbon since March 2026"
    assert statuses(tiers, "lives_in") == {"Lisbon": "current", "Porto": "superseded"}
    [lisbon] = [f for f in tiers.facts.listing() if f.predicate == "lives_in"]
    assert lisbon.valid_from == "2026-03-01T00:00:00+00:00"
    [evidence] = tiers.facts.evidence([lisbon.id])[lisbon.id]
    assert (
        evidence.quote == "You live in Lisbon since March 2026"
        and evidence.source == "mneme:persona"
    )
    assert fill(tsvc, "City") == "Lisbon"
    assert "Lisbon" in tsvc.answerer.ask("Where do I live?").text
    # The profile shows the user's wording once, not beside a derived "You live in Lisbon".
    texts = [s.text for s in tiers.persona.statements()]
    assert texts.count("You live in Lisbon since March 2026") == 1
    assert not any(t.startswith("You live in Lisbon (since") for t in texts)


def test_an_implausible_fact_is_never_stored(tsvc: Services) -> None:
    from memory.tiers.extract import ExtractedFact

    tiers = tiers_of(tsvc)
    rid = tsvc.store.append_records(
        SourceIn(uri="test:x", kind="test", content_hash="", title="x"),
        [RecordIn(text="I have a severe allergy.", metadata={"self": True})],
    ).new_record_ids[0]
    for predicate, obj in (("allergic_to", "severe"), ("lives_in", "Monday"), ("name", "she"),
                           ("works_at", "a bakery called")):
        c = ExtractedFact("me", True, predicate, obj, obj.lower(), f"{predicate} {obj}", rid, "",
                          extractor="llm")
        assert tiers.reconcile(c).action == "skip"
    assert tiers.facts.listing() == []


def test_a_correction_is_read_in_the_users_voice() -> None:
    from memory.tiers.corrections import first_person

    assert first_person("You live in Lisbon since March 2026") == "I live in Lisbon since March 2026"
    assert first_person("Your sister is Ana. You're vegan.") == "My sister is Ana. I'm vegan."
