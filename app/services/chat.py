"""Chatting with memory: a chat session (new, or resuming a past conversation) and finding
past conversations by title or by what was said.

Called by the TUI's chat screen and conversations modal (``mneme chat`` opens the TUI). The
core is imported inside the functions (module docstring of ``app.services``).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.chat import ChatSession as ChatSession
    from memory.chat import ConversationInfo as ConversationInfo


def new_session(services: Services, conversation: str | None = None) -> ChatSession:
    """A chat session (resuming ``conversation`` when given), the user named by their first
    self name. Turns are not consolidated one by one: front ends consolidate when the user
    is idle (``app.services.consolidate``)."""
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


def conversation_title(services: Services, conversation: str) -> str:
    """The title of ``conversation`` (its id when it has none)."""
    return next(
        (c.title for c in find_conversations(services) if c.conversation == conversation),
        conversation,
    )
