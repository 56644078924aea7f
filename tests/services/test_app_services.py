"""The service layer's own rules, on real services (fake models): the capable-model rule,
the app factory releasing what it opened, the watcher's set-up, the prefill confirm flow."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.bootstrap import build_services
from app.services import imports, prefill, watch
from app.settings import Settings
from importers.errors import ImportFailure
from memory.records import RecordIn
from memory.store import SourceIn
from models.errors import ModelError
from models.fakes import FakeChatModel, FakeEmbedder


def test_the_capable_model_rule(settings: Settings, tmp_path: Path) -> None:
    # An injected (or already built) model is asked.
    for capable in (True, False):
        chat = FakeChatModel(["ok"], capable=capable)
        svc = build_services(settings, chat_model=chat, embedder=FakeEmbedder())
        try:
            assert svc.capable_chat_model() is (chat if capable else None)
        finally:
            svc.close()
    # Otherwise the settings decide whether it is built at all: a chat model that cannot
    # be built shows whether it was tried.
    missing = tmp_path / "no-such-model.gguf"
    never = settings.model_copy(update={"chat_model": missing, "chat_capable": False})
    svc = build_services(never, embedder=FakeEmbedder())
    try:
        assert svc.capable_chat_model() is None  # not loaded for this
    finally:
        svc.close()
    maybe = settings.model_copy(update={"chat_model": missing})
    svc = build_services(maybe, embedder=FakeEmbedder())
    try:
        with pytest.raises(ModelError):
            svc.capable_chat_model()  # the user's own model may be capable: it is built
    finally:
        svc.close()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_closing_the_services_releases_their_files(tmp_path: Path) -> None:
    """A process that opens store after store (the tests, a server) keeps no files open."""

    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    def use_once(home: Path) -> None:
        svc = build_services(
            Settings(home=home), chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder()
        )
        svc.store.ingest_source(
            SourceIn(uri="file:/n.md", kind="markdown", content_hash="h"),
            [RecordIn("My sister Rita lives in Porto.")],
        )
        svc.indexer.index_pending()
        svc.tiers.consolidate()  # facts go to the derived items' index
        assert svc.recall.search("Where does Rita live?", 3)
        svc.close()

    use_once(tmp_path / "first")  # the first run loads libraries that keep files for good
    before = open_files()
    for n in range(4):
        use_once(tmp_path / f"home-{n}")
    assert open_files() - before < 4  # a leak holds a dozen files per store


def test_imports_and_the_watcher_take_the_users_names(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", self_names=["Jungle Jane"])
    assert imports.parse_options(settings, "pw").self_names == ("Jungle Jane",)
    svc = build_services(settings, chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder())
    try:
        (tmp_path / "notes").mkdir()
        watcher = watch.folder_watcher(svc, lambda ev: None, [tmp_path / "notes"])
        assert watcher.opts.self_names == ("Jungle Jane",)
        assert settings.data_dir.resolve() in watcher.ignore
        with pytest.raises(ImportFailure, match="no folders to watch"):
            watch.folder_watcher(svc, lambda ev: None)
    finally:
        svc.close()


def test_the_tui_watcher_watches_only_configured_folders_that_exist(tmp_path: Path) -> None:
    there = tmp_path / "inbox"
    there.mkdir()
    settings = Settings(home=tmp_path / "home", watch_folders=[there, tmp_path / "gone"])
    svc = build_services(settings, chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder())
    try:
        watcher = watch.background_watcher(svc, lambda ev: None)
        assert watcher.folders == [there.resolve()]
        statuses = {f.path: f.status for f in watch.watched_folders(svc)}
        assert statuses == {str(there): "not watched yet", str(tmp_path / "gone"): "missing"}
        assert watch.watched_folders(svc, watcher)[0].status == "stopped"  # made, not started
        gone = settings.model_copy(update={"watch_folders": [tmp_path / "gone"]})
        svc.settings = gone
        with pytest.raises(ImportFailure, match="none of the watched folders exists"):
            watch.background_watcher(svc, lambda ev: None)
    finally:
        svc.close()


FORM = (
    '<form><label for="c">Favourite colour</label><select id="c" name="colour">'
    '<option value="">-- choose --</option><option value="red">Red</option>'
    '<option value="teal">Teal</option></select></form>'
)


def test_confirming_a_choice_fits_it_to_the_options_and_remembers_it(
    settings: Settings,
) -> None:
    svc = build_services(settings, chat_model=FakeChatModel(["ok"]), embedder=FakeEmbedder())
    try:
        opened = prefill.pasted_form(FORM)
        [fr] = prefill.fill(svc, opened.form).fields
        assert fr.status == "unknown" and opened.original == FORM.encode()
        with pytest.raises(prefill.NotAnOption, match="Red, Teal"):
            prefill.confirm(svc, fr, "purple", edited=True)
        done = prefill.confirm(svc, fr, "Teal", edited=True)
        assert (done.field.value, done.field.status, done.field.method) == (
            "teal",
            "filled",
            "user",
        )
        assert done.field.reason == "entered by you" and done.summary
        assert any(f.object.lower() == "teal" for f in svc.tiers.facts.listing())
    finally:
        svc.close()
