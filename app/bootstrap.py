"""The composition root: settings -> models -> store -> services.

``build_services`` is the one factory used by the CLI, the TUI and the tests (which pass fake
models). Nothing is opened or loaded at import time; the chat model is located and built on
first use so commands that do not need it stay fast.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.settings import Settings
from memory.answer import Answerer
from memory.chroma_backend import ChromaServer, store_scope
from memory.clock import Clock, system_clock
from memory.db import Database
from memory.health import embedded_records
from memory.indexing import Indexer
from memory.private import PRIVATE_UMASK, private_dir
from memory.recall import Recall
from memory.store import MemoryStore
from memory.tiers.services import TierServices, build_tiers
from memory.vectors import VectorIndex
from models.base import ChatModel, Embedder
from models.locate import locate_chat_model, locate_embedder

if TYPE_CHECKING:
    from importers.pipeline import Importer

log = logging.getLogger(__name__)

KEYRING_SERVICE = "mneme"
KEYRING_ENDPOINT_USER = "chat_endpoint"

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    "DO_NOT_TRACK": "1",
}


def configure_environment() -> None:
    """Force every library offline and telemetry off, before any of them is imported, and
    make every file the process writes private (umask 077: SQLite's -wal/-shm, Chroma's
    files, logs, exports and backups are 0600 and new folders 0700, whatever the umask)."""
    os.environ.update(OFFLINE_ENV)
    os.umask(PRIVATE_UMASK)


def endpoint_api_key() -> str | None:
    """The OpenAI-compatible endpoint's API key, from the OS keyring only."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, KEYRING_ENDPOINT_USER)
    except KeyringError as e:
        log.warning("keyring unavailable: %s", e)
        return None


def build_chat_model(settings: Settings) -> ChatModel:
    """The configured chat model: an endpoint, a user GGUF, or the bundled SmolLM2."""
    if settings.chat_endpoint:
        from models.openai_compat import OpenAICompatibleChatModel

        return OpenAICompatibleChatModel(
            settings.chat_endpoint,
            settings.chat_endpoint_model,
            api_key=endpoint_api_key(),
            context_size=settings.context_size,
            timeout=settings.chat_endpoint_timeout,
            capable=settings.chat_capable if settings.chat_capable is not None else True,
        )
    from models.process_chat import ProcessChatModel

    found = locate_chat_model(settings.chat_model)
    capable = settings.chat_capable if settings.chat_capable is not None else not found.bundled
    # llama.cpp runs in a child process: a crash in native code cannot take Mneme down.
    return ProcessChatModel(
        {
            "kind": "llama",
            "path": str(found.path),
            "model_id": found.model_id,
            "n_ctx": settings.context_size,
            "n_threads": settings.threads,
            "capable": capable,
        },
        name=found.model_id,
        context_size=settings.context_size,
        capable=capable,
    )


def may_be_capable(settings: Settings) -> bool:
    """Whether the configured chat model may be capable, decided from the settings alone
    (nothing is loaded): ``chat_capable`` when set, else true for an endpoint or a GGUF of
    the user's own. The bundled tiny model is not capable (``build_chat_model`` says the same
    once the model is built)."""
    if settings.chat_capable is not None:
        return settings.chat_capable
    return bool(settings.chat_endpoint or settings.chat_model)


def build_embedder(settings: Settings) -> Embedder:
    """The configured sentence-transformers embedder (bundled MiniLM by default)."""
    from models.embedder import SentenceTransformerEmbedder

    found = locate_embedder(settings.embed_model)
    return SentenceTransformerEmbedder(
        found.path, model_id=found.model_id, threads=settings.threads
    )


@dataclass
class Services:
    """Everything the front ends use, built once per process."""

    settings: Settings
    db: Database
    store: MemoryStore
    embedder: Embedder
    index: VectorIndex
    indexer: Indexer
    recall: Recall
    tiers: TierServices
    """Episodes, facts, persona, decay, forgetting (``memory.tiers.services``)."""
    _chat_model: ChatModel | None = None
    _built_chat_model: bool = False
    """True when the chat model was built here (then ``close`` stops its process)."""
    _chat_lock: threading.Lock = field(default_factory=threading.Lock)
    _importer: Importer | None = None
    _importer_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def importer(self) -> Importer:
        """The import pipeline, built on first use: a one-shot search or ask never imports,
        and loading the importers' modules (parsers of every format) is a tenth of a
        second of its start."""
        with self._importer_lock:
            if self._importer is None:
                from importers.pipeline import Importer

                self._importer = Importer(self.store, self.indexer, consolidation=self.tiers)
            return self._importer

    @property
    def chat_model(self) -> ChatModel:
        """The chat model, located and built on first use."""
        with self._chat_lock:
            if self._chat_model is None:
                self._chat_model = build_chat_model(self.settings)
                self._built_chat_model = True
            return self._chat_model

    def capable_chat_model(self) -> ChatModel | None:
        """The chat model when it is capable (fact extraction, summaries, prefill's wording),
        else None. The rule of every caller: a model given to ``build_services`` or already
        built is asked (``ChatModel.capable``); otherwise the model is built only when the
        settings say it may be capable (``may_be_capable``), so the bundled tiny model is
        never loaded for this."""
        if self._chat_model is None and not may_be_capable(self.settings):
            return None
        model = self.chat_model
        return model if model.capable else None

    @property
    def answerer(self) -> Answerer:
        return Answerer(
            self.recall,
            self.chat_model,
            k=self.settings.answer_memories,
            self_names=self.settings.self_names,
        )

    def close(self) -> None:
        close = getattr(self._chat_model, "close", None)
        if self._built_chat_model and close is not None:
            close()  # stops the chat model's process
        self.index.close()
        self.tiers.index.vectors.close()  # the derived items' index, same Chroma folder
        self.db.close()


def build_services(
    settings: Settings,
    *,
    chat_model: ChatModel | None = None,
    embedder: Embedder | None = None,
    clock: Clock = system_clock,
) -> Services:
    """Build the store, index, recall and importer for ``settings``.

    Args:
        settings: the user's settings (paths, models).
        chat_model: use this chat model instead of the configured one (tests).
        embedder: use this embedder instead of the configured one (tests).
        clock: where "now" comes from (tests).
    """
    configure_environment()
    for folder in settings.private_dirs:
        private_dir(folder)
    db = Database(settings.db_path)
    store = MemoryStore(db, clock=clock)
    emb = embedder if embedder is not None else build_embedder(settings)
    server = (  # a Chroma server the user runs, instead of the embedded index
        ChromaServer(settings.vectors_url, scope=store_scope(db), cache_dir=settings.chroma_path)
        if settings.vectors_url
        else None
    )
    index = VectorIndex(settings.chroma_path, emb.identity, server=server)
    # Recall refuses to answer from a vector index that lost its files (doctor --repair);
    # the derived items' index only degrades (doctor --check reports it).
    index.expected = lambda: embedded_records(db)
    indexer = Indexer(store, index, emb)

    tiers = build_tiers(
        db,
        store,
        index,
        emb,
        chroma_path=settings.chroma_path,
        clock=clock,
        self_names=settings.self_names,
        model=lambda: services.capable_chat_model(),
    )
    recall = Recall(store, index, emb, tiers=tiers.recall_hook)
    services = Services(
        settings=settings,
        db=db,
        store=store,
        embedder=emb,
        index=index,
        indexer=indexer,
        recall=recall,
        tiers=tiers,
        _chat_model=chat_model,
    )
    return services
