"""Answering "what do I know about X" from memory, with sources, or abstaining.

``Answerer.ask`` is the service behind ``mneme ask`` (and the TUI's ask). It recalls, decides
whether anything relevant is stored, and only then asks the chat model, streaming its words.
When nothing relevant is stored it says so and the model is not called at all: it cannot
invent an answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from memory.grounding import extractive_answer, is_grounded
from memory.prompts import answer_messages, memories_block
from memory.recall import Hit, Recall
from models.base import ChatModel

UNKNOWN_ANSWER = "I don't have anything in memory about that."


@dataclass
class Answer:
    """An answer in the making: iterate ``tokens`` to stream it, then read ``text``."""

    question: str
    known: bool
    sources: list[Hit]
    tokens: Iterator[str]
    method: str = "model"
    """``model`` (worded by the chat model), ``extractive`` (quoted from memory), ``fact``
    (a current fact that answers the question, quoted) or ``abstain`` (nothing relevant)."""
    _parts: list[str] = field(default_factory=list)

    def stream(self) -> Iterator[str]:
        """Yield the answer's pieces (and keep them for ``text``)."""
        for piece in self.tokens:
            self._parts.append(piece)
            yield piece

    @property
    def text(self) -> str:
        if not self._parts:
            for _ in self.stream():
                pass
        return "".join(self._parts).strip()

    def as_json(self) -> dict[str, Any]:
        """``{"answer", "known", "sources": [{"id", "source", "text", "timestamp"}]}``."""
        return {
            "answer": self.text,
            "known": self.known,
            "method": self.method,
            "sources": [
                {
                    "id": h.item_id,
                    "source": h.source,
                    "text": h.text,
                    "timestamp": h.timestamp,
                    "tier": h.tier,
                    "score": round(h.score, 4),
                }
                for h in self.sources
            ],
        }


class Answerer:
    """Recall, then answer with the chat model, citing the memories given to it.

    Args:
        recall: hybrid recall over the store.
        chat_model: the model that words the answer.
        k: memories offered to the model at most.
        max_answer_tokens: cap on the answer's length.
    """

    def __init__(
        self,
        recall: Recall,
        chat_model: ChatModel,
        *,
        k: int = 5,
        max_answer_tokens: int = 200,
    ) -> None:
        self.recall = recall
        self.chat_model = chat_model
        self.k = k
        self.max_answer_tokens = max_answer_tokens

    def relevant_hits(
        self,
        question: str,
        exclude_conversation: str | None = None,
        *,
        include_faded: bool = False,
    ) -> list[Hit]:
        """The memories worth answering from (empty when nothing relevant is stored)."""
        hits = self.recall.search(
            question,
            k=self.k * 2,
            exclude_conversation=exclude_conversation,
            include_faded=include_faded,
        )
        return [h for h in hits if h.relevant][: self.k]

    def ask(self, question: str, *, include_faded: bool = False) -> Answer:
        """Recall memories for ``question`` and stream an answer grounded in them."""
        return self.answer_from(
            question, self.relevant_hits(question, include_faded=include_faded)
        )

    def answer_from(self, question: str, hits: list[Hit]) -> Answer:
        """Answer ``question`` from ``hits`` (abstain when there are none).

        A capable model's answer streams as it is generated. The bundled tiny model's answer
        is checked first: if it is not grounded in the memories, the memory sentences that
        answer the question are quoted instead.
        """
        if not hits:
            return Answer(
                question, known=False, sources=[], tokens=iter([UNKNOWN_ANSWER]), method="abstain"
            )
        budget = max(256, self.chat_model.context_size // 2 - self.max_answer_tokens)
        hits = memories_block(hits, self.chat_model, budget)
        # The memories given to the answer are recalled: they get stronger (memory.tiers).
        self.recall.note_used(hits)
        messages = answer_messages(question, hits)
        if self.chat_model.capable:
            tokens = self.chat_model.stream(
                messages, max_tokens=self.max_answer_tokens, temperature=0.0
            )
            return Answer(question, known=True, sources=hits, tokens=tokens)
        draft = self.chat_model.complete(
            messages, max_tokens=min(80, self.max_answer_tokens), temperature=0.0
        ).strip()
        if _answers_directly(hits[0]):
            # A fact answers what was asked: the draft must say the same, else the fact
            # itself is the answer (never another value from another memory).
            obj = str(hits[0].metadata.get("object") or "")
            if obj and is_grounded(draft, question, hits) and obj.lower() in draft.lower():
                return Answer(question, known=True, sources=hits, tokens=_pieces(draft))
            return Answer(
                question, known=True, sources=hits, tokens=_pieces(f"{hits[0].text} [1]"),
                method="fact",
            )
        if is_grounded(draft, question, hits):
            return Answer(question, known=True, sources=hits, tokens=_pieces(draft))
        quoted = extractive_answer(question, hits)
        return Answer(
            question, known=True, sources=hits, tokens=_pieces(quoted), method="extractive"
        )


def _answers_directly(hit: Hit) -> bool:
    """A fact the question asked for, true in the period asked about (``memory.tiers`` marks
    it "answers: ..."; a conflicting fact never answers directly)."""
    return (
        hit.tier == "fact"
        and hit.metadata.get("status") in ("current", "superseded")
        and any(w.startswith("answers:") for w in hit.why)
    )


def _pieces(text: str, size: int = 12) -> Iterator[str]:
    """A finished text as a stream (so every answer is consumed the same way)."""
    for i in range(0, len(text), size):
        yield text[i : i + size]
