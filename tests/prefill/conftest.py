"""A scripted memory for the prefill tests: facts put in through the tiers' reconciliation
and records through the store (real SQLite + Chroma, fake models)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bootstrap import Services
from app.services.context import AppContext
from app.settings import Settings
from memory.clock import iso
from memory.records import RecordIn
from memory.store import SourceIn
from memory.tiers.extract import ExtractedFact, object_key
from memory.tiers.predicates import fact_sentence
from models.fakes import FakeChatModel
from tests.conftest import FIXTURES, fake_factory

DATA = Path(__file__).resolve().parents[1] / "data" / "prefill"
PDF_FORM = FIXTURES / "pdf" / "pypdf_libreoffice-form.pdf"


def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass
class Script:
    """Writes a scripted life into one Mneme store."""

    svc: Services
    n: int = 0

    def record(
        self, text: str, when: str, *, speaker: str | None = None, kind: str = "note_chunk"
    ) -> int:
        self.n += 1
        rec = RecordIn(
            text=text,
            kind=kind,
            speaker=speaker,
            conversation="script",
            event_time=day(when),
            metadata={} if speaker else {"self": True},
        )
        got = self.svc.store.append_records(
            SourceIn(uri="test:script", kind="test-script", content_hash="", title="script"), [rec]
        )
        self.svc.indexer.index_pending()
        return got.new_record_ids[0]

    def fact(
        self,
        predicate: str,
        obj: str,
        when: str,
        *,
        change: bool = False,
        key: str | None = None,
        qualifier: str | None = None,
        subject: str | None = None,
    ) -> int:
        """One fact through the tiers' reconciliation, read from a record of ``when``."""
        tiers = self.svc.tiers
        assert tiers is not None
        is_self = subject is None
        name = "me" if is_self else subject
        text = fact_sentence(predicate, name or "me", obj, is_self=is_self, qualifier=qualifier)
        rid = self.record(f"(scripted) {text}", when, speaker=subject)
        c = ExtractedFact(
            subject=name or "me",
            subject_is_self=is_self,
            predicate=predicate,
            object=obj,
            object_key=key or object_key(obj),
            text=text,
            record_id=rid,
            quote=text,
            confidence=0.9,
            qualifier=qualifier,
            change=change,
            observed_at=iso(day(when)),
        )
        with tiers.db.transaction():
            outcome = tiers.consolidator.reconciler.apply(c)
        assert outcome.fact_id is not None
        return outcome.fact_id


def ana(script: Script) -> None:
    """The user: Ana Moreau, moved from Lisbon to Berlin, vegetarian, allergic to peanuts."""
    script.fact("name", "Ana Moreau", "2024-01-03")
    script.fact("email", "ana.moreau@example.org", "2024-01-10", key="ana.moreau@example.org")
    script.fact("phone", "+351 912 345 678", "2024-01-10", key="351912345678")
    script.fact("birthday", "14 March 1991", "2024-02-01", key="03-14")
    script.fact("diet", "vegetarian", "2024-02-01")
    script.fact("allergic_to", "peanuts", "2024-02-01")
    script.fact("lives_in", "Lisbon", "2024-01-03")
    script.fact("lives_in", "Berlin", "2024-05-02", change=True)
    script.fact("works_at", "Tidewave", "2024-01-03")
    script.fact("works_at", "Northwind", "2024-06-01", change=True)
    script.fact("from", "France", "2024-01-05")
    script.fact("has_pet", "Pixel", "2024-06-01", qualifier="a dog")
    script.record(
        "I painted a sunset over the river with my watercolours last weekend.", "2024-07-01"
    )
    script.record(
        "Rita said the concert was amazing, she loved the drummer.",
        "2024-07-02",
        speaker="Rita",
        kind="message",
    )


@pytest.fixture
def ctx(settings: Settings) -> Iterator[AppContext]:
    """An app context whose store holds Ana's scripted life."""
    context = AppContext(factory=fake_factory(FakeChatModel(["I don't know."])))
    ana(Script(context.services))
    yield context
    context.close()


@pytest.fixture
def svc(ctx: AppContext) -> Services:
    return ctx.services
