"""Fixtures for the memory-tier tests: services with a clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.bootstrap import Services, build_services
from app.settings import Settings
from models.fakes import FakeChatModel, FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]
LIFE_STORY = ROOT / "tests" / "data" / "life_story"


class MovableClock:
    """An injected clock: ``clock()`` is "now"; ``advance(days=...)`` moves it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(datetime(2025, 1, 10, 12, 0, tzinfo=UTC))


@pytest.fixture
def tsvc(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    """Services with fake models, real SQLite + Chroma, and the movable clock."""
    svc = build_services(
        settings, chat_model=FakeChatModel(["I don't know."]), embedder=FakeEmbedder(), clock=clock
    )
    yield svc
    svc.close()


def write_note(folder: Path, day: str, body: str, title: str = "Journal") -> Path:
    path = folder / f"{day}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: {day}\n---\n\n{body}\n", encoding="utf-8")
    return path
