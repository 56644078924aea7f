"""Prompt building for answers and chat: numbered memories under a token budget.

Used by ``memory.answer`` and ``memory.chat``. Memories are quoted verbatim with their date
and source so the model can cite them as [1], [2].
"""

from __future__ import annotations

from collections.abc import Sequence

from memory.recall import Hit
from models.base import ChatMessage, ChatModel

SYSTEM_ANSWER = (
    "You are Mneme, the user's personal memory assistant. Answer the user's question from "
    "their notes only, in one short sentence, and cite the note you used like [1]. If the "
    "notes do not say, answer that you do not know."
)

SYSTEM_CHAT = (
    "You are Mneme, a friendly personal memory assistant running on the user's own computer. "
    "You remember what the user told you before: relevant memories are listed below. Use "
    "them when they help, cite them by number like [1], and never invent facts about the "
    "user. Keep replies short."
)

SYSTEM_SMALL_TALK = (
    "You are Mneme, a friendly assistant. Answer the user's greeting or thanks in one short "
    "sentence. Never state any fact, name or number."
)
QUESTION_SHARE = 4
"""A question may take at most a quarter of the model's context; the rest is memories,
instructions and the answer."""


def trimmed_notice(tokens: int) -> str:
    return (
        f"your message is longer than the chat model can read; it was given the first "
        f"{tokens} tokens (memory was searched with all of it)"
    )


def fit_question(text: str, model: ChatModel) -> tuple[str, int | None]:
    """``text`` cut to fit a quarter of ``model``'s context, at a word boundary.

    Returns the text and, when it was cut, the tokens kept (None when it fits whole).
    """
    limit = max(64, model.context_size // QUESTION_SHARE)
    if len(text) <= limit:  # a token covers at least one character
        return text, None
    total = model.count_tokens(text)
    if total <= limit:
        return text, None
    cut = text
    while total > limit:
        cut = cut[: int(len(cut) * limit / total * 0.95)].rsplit(" ", 1)[0]
        total = model.count_tokens(cut)
    return cut + " …", total


def _date(ts: str | None) -> str:
    return ts[:10] if ts else "undated"


def format_memory(n: int, hit: Hit, max_chars: int = 600) -> str:
    """``[n] date, source: text`` with the speaker when there is one."""
    text = " ".join(hit.text.split())
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    who = f"{hit.speaker}: " if hit.speaker else ""
    where = hit.title or hit.source.rsplit("/", 1)[-1]
    return f"[{n}] ({_date(hit.timestamp)}, {where}) {who}{text}"


def memories_block(hits: Sequence[Hit], model: ChatModel, budget_tokens: int) -> list[Hit]:
    """The prefix of ``hits`` that fits in ``budget_tokens`` when formatted."""
    used = 0
    kept: list[Hit] = []
    for hit in hits:
        cost = model.count_tokens(format_memory(len(kept) + 1, hit)) + 2
        if kept and used + cost > budget_tokens:
            break
        kept.append(hit)
        used += cost
    return kept


def answer_messages(question: str, hits: Sequence[Hit]) -> list[ChatMessage]:
    """Notes and question in the user turn: small models follow this best."""
    lines = "\n".join(format_memory(i + 1, h) for i, h in enumerate(hits))
    return [
        ChatMessage("system", SYSTEM_ANSWER),
        ChatMessage("user", f"My notes:\n{lines}\n\nQuestion: {question}"),
    ]


def chat_messages(
    history: Sequence[ChatMessage], user_text: str, hits: Sequence[Hit]
) -> list[ChatMessage]:
    system = SYSTEM_CHAT
    if hits:
        lines = "\n".join(format_memory(i + 1, h) for i, h in enumerate(hits))
        system += f"\n\nMemories:\n{lines}"
    return [ChatMessage("system", system), *history, ChatMessage("user", user_text)]
