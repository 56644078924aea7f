"""Chat sessions and past conversations, imports and watched folders, the status line's
numbers, and consolidation: the non-item services the TUI's screens and app call.

The core is imported inside the functions (they run in workers, after the first frame)."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.tui.backend.views import WatchedFolder

if TYPE_CHECKING:
    from app.bootstrap import Services
    from importers.pipeline import ImportReport, ProgressSink
    from memory.chat import ChatSession, ConversationInfo
    from memory.tiers.consolidate import ConsolidationProgress

log = logging.getLogger(__name__)

BUNDLED_MODEL = "SmolLM2-135M (bundled)"


# -- status -------------------------------------------------------------------------------
def model_name(services: Services) -> str:
    """The chat model as the status bar names it (without loading it)."""
    s = services.settings
    if s.chat_endpoint:
        return f"{s.chat_endpoint_model} @ {s.chat_endpoint}"
    if s.chat_model:
        return s.chat_model.name
    return BUNDLED_MODEL


def store_counts(services: Services) -> tuple[int, int]:
    """(active records, active sources)."""
    counts = services.store.counts()
    return counts["records"], counts["sources"]


# -- chat ---------------------------------------------------------------------------------
def new_session(services: Services, conversation: str | None = None) -> ChatSession:
    """A chat session on ``services`` (resuming ``conversation`` when given).

    Turns are not consolidated one by one: the app consolidates when the user is idle.
    """
    from memory.chat import ChatSession

    names = services.settings.self_names
    return ChatSession(
        services.store,
        services.recall,
        services.indexer,
        lambda: services.chat_model,
        conversation=conversation,
        user_name=names[0] if names else "me",
        k=services.settings.answer_memories,
        clock=services.store.clock,
    )


def find_conversations(
    services: Services, query: str = "", limit: int = 200
) -> list[ConversationInfo]:
    """Past conversations, newest first; with ``query``, those whose title or turns match.

    Title matches come first, then conversations whose turns recall finds for ``query``.
    """
    from memory.chat import CHAT_KIND, conversations

    convs = conversations(services.store, limit=limit)
    query = query.strip()
    if not query:
        return convs
    q = query.lower()
    by_id = {c.conversation: c for c in convs}
    found: OrderedDict[str, ConversationInfo] = OrderedDict(
        (c.conversation, c) for c in convs if q in c.title.lower()
    )
    for hit in services.recall.search(query, k=40):
        if hit.source_kind == CHAT_KIND and hit.relevant and hit.conversation in by_id:
            found.setdefault(hit.conversation, by_id[hit.conversation])
    return list(found.values())


# -- import and watched folders -----------------------------------------------------------
def run_import(
    services: Services,
    paths: list[str],
    *,
    dry_run: bool,
    progress: ProgressSink | None = None,
) -> ImportReport:
    """``mneme import`` (``Importer.run``): import or preview ``paths``, reporting progress.

    A real import also consolidates the new records (the importer's ``after_import``).
    """
    return services.importer.run(
        [Path(p).expanduser() for p in paths], dry_run=dry_run, progress=progress
    )


def watched_folders(services: Services, watcher: Any = None) -> list[WatchedFolder]:
    """The configured watched folders with their status.

    Args:
        services: the services (their settings name the folders).
        watcher: the app's running ``FolderWatcher``, if any.
    """
    out = []
    running = bool(watcher is not None and watcher.running)
    watched = {str(p) for p in getattr(watcher, "folders", [])}
    for folder in services.settings.watch_folders:
        path = Path(folder).expanduser()
        if not path.is_dir():
            status = "missing"
        elif running and str(path.resolve()) in watched:
            status = "watching"
        elif watcher is not None and not running:
            status = "stopped"
        else:
            status = "not watched yet"
        out.append(WatchedFolder(str(path), status))
    return out


def make_watcher(services: Services, on_event: Callable[[Any], None]) -> Any:
    """A ``FolderWatcher`` over the configured folders that exist (None when there are none);
    the caller starts it. Same watcher as ``mneme watch``."""
    from importers.base import ParseOptions
    from importers.watch import FolderWatcher

    folders = [p for p in (Path(f).expanduser() for f in services.settings.watch_folders)]
    folders = [p for p in folders if p.is_dir()]
    if not folders:
        return None
    return FolderWatcher(
        services.importer,
        services.store,
        folders,
        on_event=on_event,
        opts=ParseOptions(self_names=tuple(services.settings.self_names)),
        ignore=[services.settings.data_dir],
    )


# -- consolidation ------------------------------------------------------------------------
def consolidation_available(services: Services) -> bool:
    """True when the memory tiers can consolidate (facts, episodes, persona)."""
    return services.tiers is not None


def consolidation_pending(services: Services) -> int:
    """Records still waiting for consolidation (0 when there is nothing to do)."""
    if services.tiers is None:
        return 0
    return services.tiers.pending()


def consolidate(
    services: Services,
    progress: Callable[[ConsolidationProgress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> str:
    """Run one consolidation pass (``mneme consolidate``); returns its summary line."""
    from app.tui.backend.items import tiers_of

    return tiers_of(services).consolidate(progress=progress, cancel=cancel).summary
