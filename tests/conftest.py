"""Shared fixtures: an isolated MNEME_HOME per test, fake-model services for fast tests, and
the real bundled models (loaded once per session) for the integration layer."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import hypothesis
import pytest

from app.bootstrap import Services, build_services, configure_environment
from app.services.context import AppContext
from app.settings import Settings
from models.fakes import FakeChatModel, FakeEmbedder

ROOT = Path(__file__).resolve().parents[1]
# Resolved: an import stores the real path of what it reads, so a ../shared that is a
# symlink must give the tests the same paths.
SHARED = (ROOT.parent / "shared").resolve()
FIXTURES = SHARED / "fixtures" / "archives"
LOCOMO = SHARED / "data" / "locomo" / "locomo_dev.json"

configure_environment()

# Property tests run the same examples on every machine (a fixed seed, no example database
# carried between runs): a red CI is a bug found the same way again, never a lucky draw.
# MNEME_HYPOTHESIS=explore draws new examples (and saves failures) when hunting for bugs.
hypothesis.settings.register_profile("ci", derandomize=True, database=None)
hypothesis.settings.register_profile("explore", max_examples=1000)
hypothesis.settings.load_profile(os.environ.get("MNEME_HYPOTHESIS", "ci"))


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own MNEME_HOME, XDG dirs and a file-backed keyring."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MNEME_HOME", str(base / "mneme"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    for var in ("MNEME_CHAT_MODEL", "MNEME_EMBED_MODEL", "MNEME_CHAT_ENDPOINT", "MNEME_VECTORS_URL"):
        monkeypatch.delenv(var, raising=False)
    return base / "mneme"


@pytest.fixture
def settings(isolated_env: Path) -> Settings:
    return Settings()


def fake_factory(
    chat: FakeChatModel | None = None, embedder: FakeEmbedder | None = None
) -> Callable[[Settings], Services]:
    """A services factory with fake models (real SQLite and Chroma)."""

    def factory(s: Settings) -> Services:
        return build_services(
            s, chat_model=chat or FakeChatModel(["fake answer [1]"]), embedder=embedder or FakeEmbedder()
        )

    return factory


@pytest.fixture
def fake_chat() -> FakeChatModel:
    return FakeChatModel(["Rita lives in Porto [1]."])


@pytest.fixture
def services(settings: Settings, fake_chat: FakeChatModel) -> Iterator[Services]:
    svc = build_services(settings, chat_model=fake_chat, embedder=FakeEmbedder())
    yield svc
    svc.close()


@pytest.fixture
def app_ctx(settings: Settings, fake_chat: FakeChatModel) -> Iterator[AppContext]:
    ctx = AppContext(factory=fake_factory(fake_chat))
    yield ctx
    ctx.close()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    d = tmp_path / "notes"
    write(d / "family.md", "---\ntitle: Family\ndate: 2024-03-02\n---\n# Family\n\nMy sister Rita lives in Porto with her two cats.\n")
    write(d / "bikes.md", "# Bikes\n\nBought a blue Cannondale road bike in spring.\n\n## Repairs\n\nThe rear derailleur needs new cables.\n")
    write(d / "journal.txt", "Went hiking in the Alps with Tom.\n\nThe weather was cold but clear.\n")
    return d


# -- real models (integration) ------------------------------------------------------------
@pytest.fixture(scope="session")
def real_embedder():  # type: ignore[no-untyped-def]
    from app.bootstrap import build_embedder

    emb = build_embedder(Settings(home=Path(os.devnull), chat_model=None, embed_model=None, chat_endpoint=None))
    emb.load()  # type: ignore[attr-defined]
    return emb


@pytest.fixture(scope="session")
def real_chat():  # type: ignore[no-untyped-def]
    from app.bootstrap import build_chat_model

    chat = build_chat_model(Settings(home=Path(os.devnull), chat_model=None, embed_model=None, chat_endpoint=None))
    chat.load()  # type: ignore[attr-defined]
    return chat
