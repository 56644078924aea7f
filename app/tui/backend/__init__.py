"""The TUI's one door to the headless core.

Screens never query the database: from their thread workers they call these functions,
which call the same services as the CLI (``MemoryStore``, ``Recall``, ``Answerer``,
``ChatSession``, ``Importer``, ``FolderWatcher`` and the memory tiers' ``TierServices``) and
return the frozen views of ``views`` for the widgets to render. Nothing here imports Textual.

- ``views``: the view dataclasses;
- ``items``: one item's details, pin / unpin, forget (preview, then execute);
- ``dossier``: "what do I know about X", filters, source kinds, conflicts;
- ``persona``: the profile and the user's feedback on it;
- ``session``: chat sessions, past conversations, imports, watched folders, status,
  consolidation.
"""

from __future__ import annotations

from app.tui.backend.dossier import BOTH, lookup, resolve_conflict, source_kinds
from app.tui.backend.items import (
    evidence_items,
    forget_execute,
    forget_preview,
    item_details,
    pin,
    tiers_of,
)
from app.tui.backend.persona import persona, persona_feedback
from app.tui.backend.session import (
    BUNDLED_MODEL,
    consolidate,
    consolidation_available,
    consolidation_pending,
    find_conversations,
    make_watcher,
    model_name,
    new_session,
    run_import,
    store_counts,
    watched_folders,
)
from app.tui.backend.views import (
    TIERS,
    TIME_WINDOWS,
    Conflict,
    Dossier,
    Filters,
    ForgetPreview,
    HistoryEntry,
    ItemDetails,
    ItemView,
    NotAvailableError,
    PersonaSection,
    PersonaStatement,
    SourceRef,
    WatchedFolder,
)

__all__ = [
    "BOTH",
    "BUNDLED_MODEL",
    "TIERS",
    "TIME_WINDOWS",
    "Conflict",
    "Dossier",
    "Filters",
    "ForgetPreview",
    "HistoryEntry",
    "ItemDetails",
    "ItemView",
    "NotAvailableError",
    "PersonaSection",
    "PersonaStatement",
    "SourceRef",
    "WatchedFolder",
    "consolidate",
    "consolidation_available",
    "consolidation_pending",
    "evidence_items",
    "find_conversations",
    "forget_execute",
    "forget_preview",
    "item_details",
    "lookup",
    "make_watcher",
    "model_name",
    "new_session",
    "persona",
    "persona_feedback",
    "pin",
    "resolve_conflict",
    "run_import",
    "source_kinds",
    "store_counts",
    "tiers_of",
    "watched_folders",
]
