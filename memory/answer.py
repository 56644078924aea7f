"""Answering "what do I know about X" from memory, with sources, or abstaining.

``Answerer.ask`` is the service behind ``mneme ask`` (and the chat's questions). It recalls,
keeps only statements as evidence, and answers from them: composed of facts and quotes for
a model that is not capable (``memory.compose``), worded by a capable model only when every
sentence is backed by the memories (``memory.verify``). When nothing answers the question it
says so. When the chat model fails (its process crashed, it is restarting, an endpoint is
down), the answer is composed from the memories and carries a one-line ``notice`` that
front ends show.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from memory.compose import Composed, compose, dedupe_items, is_evidence
from memory.prompts import answer_messages, fit_question, memories_block, trimmed_notice
from memory.recall import Hit, Recall
from memory.verify import supported
from models.base import ChatModel
from models.errors import ModelError

UNKNOWN_ANSWER = "I don't have anything in memory about that."


def fallback_notice(error: ModelError) -> str:
    """The one line a front end shows when the model failed and memory answered instead."""
    return f"{error}; answering from your memories"


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
    notice: str | None = None
    """One line for the user: the model failed and the answer was composed from memory
    instead, or the question was trimmed for the model."""
    model_failed: bool = False
    """True when the chat model failed (crashed, restarting, endpoint down)."""
    _parts: list[str] = field(default_factory=list)

    def stream(self) -> Iterator[str]:
        """Yield the answer's pieces (and keep them for ``text``)."""
        try:
            for piece in self.tokens:
                self._parts.append(piece)
                yield piece
        finally:
            close = getattr(self.tokens, "close", None)
            if close is not None:
                close()

    @property
    def text(self) -> str:
        if not self._parts:
            for _ in self.stream():
                pass
        return "".join(self._parts).strip()

    def as_json(self) -> dict[str, Any]:
        """``{"answer", "known", "sources": [{"id", "source", "text", "timestamp"}]}``
        (plus ``method`` and ``notice``)."""
        return {
            "answer": self.text,
            "known": self.known,
            "method": self.method,
            "notice": self.notice,
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
    """Recall, then answer from the memories, citing them.

    A model that is not capable (the bundled one) never words an answer: the answer is
    composed of current facts and verbatim quotes (``memory.compose``). A capable model's
    answer is shown only when every sentence is backed by the memories
    (``memory.verify.supported``); otherwise the composed answer is given instead.

    Args:
        recall: hybrid recall over the store.
        chat_model: the model that words the answer.
        k: memories offered to the model at most.
        max_answer_tokens: cap on the answer's length.
        self_names: the names the user goes by (whose words answer "my ..." questions).
    """

    def __init__(
        self,
        recall: Recall,
        chat_model: ChatModel,
        *,
        k: int = 5,
        max_answer_tokens: int = 200,
        self_names: Sequence[str] = (),
    ) -> None:
        self.recall = recall
        self.chat_model = chat_model
        self.k = k
        self.max_answer_tokens = max_answer_tokens
        self.self_names = tuple(self_names)

    def relevant_hits(
        self,
        question: str,
        exclude_conversation: str | None = None,
        *,
        include_faded: bool = False,
    ) -> list[Hit]:
        """The memories worth answering from (empty when nothing relevant is stored).

        Only statements are evidence: a model's reply, Mneme's own answers and the user's
        questions to Mneme are left out."""
        hits = self.recall.search(
            question,
            k=self.k * 3,
            exclude_conversation=exclude_conversation,
            include_faded=include_faded,
        )
        return [h for h in hits if h.relevant and is_evidence(h)][: self.k]

    def ask(self, question: str, *, include_faded: bool = False) -> Answer:
        """Recall memories for ``question`` and answer from them (the answer's ``notice``
        also says when recall could use words alone: the vector server was down)."""
        answer = self.answer_from(
            question, self.relevant_hits(question, include_faded=include_faded)
        )
        recalled = self.recall.notice
        if recalled and not answer.notice:
            answer.notice = recalled
        return answer

    def compose(self, question: str, hits: list[Hit]) -> Composed | None:
        """The answer made of ``hits`` alone (facts and quotes), or None."""
        return compose(
            question, hits, speakers=self.recall.speaker_names(), self_names=self.self_names
        )

    def answer_from(self, question: str, hits: list[Hit]) -> Answer:
        """Answer ``question`` from ``hits``; say so when none of them answers it.

        If the model fails, the answer is composed from memory and says why in ``notice``.
        """
        hits = [h for h in hits if is_evidence(h)]
        if not hits:
            return _unknown(question)
        composed = self.compose(question, hits)
        if not self.chat_model.capable:
            return self._composed(question, hits, composed)
        try:
            return self._model_answer(question, hits, composed)
        except ModelError as e:
            answer = self._composed(question, hits[: self.k], composed)
            answer.notice, answer.model_failed = fallback_notice(e), True
            return answer

    def _composed(self, question: str, hits: list[Hit], composed: Composed | None) -> Answer:
        if composed is None:
            return _unknown(question)
        self.recall.note_used([hits[n - 1] for n in composed.cited])
        return Answer(
            question, known=True, sources=hits, tokens=_pieces(composed.text),
            method=composed.method,
        )

    def _model_answer(self, question: str, hits: list[Hit], composed: Composed | None) -> Answer:
        """A capable model's answer, checked whole before it is shown (a sentence it
        invents would otherwise be on screen before the check)."""
        budget = max(256, self.chat_model.context_size // 2 - self.max_answer_tokens)
        hits = memories_block(hits, self.chat_model, budget)
        # The memories given to the answer are recalled: they get stronger (memory.tiers).
        self.recall.note_used(hits)
        asked, kept = fit_question(question, self.chat_model)
        messages = answer_messages(asked, hits)
        text = "".join(
            self.chat_model.stream(messages, max_tokens=self.max_answer_tokens, temperature=0.0)
        )
        text = dedupe_items(text.strip())
        if text and supported(text, question, hits):
            answer = Answer(question, known=True, sources=hits, tokens=_pieces(text))
        else:
            answer = self._composed(question, hits, composed)
        if kept is not None:
            answer.notice = trimmed_notice(kept)
        return answer


def _unknown(question: str) -> Answer:
    return Answer(
        question, known=False, sources=[], tokens=iter([UNKNOWN_ANSWER]), method="abstain"
    )


def _pieces(text: str, size: int = 12) -> Iterator[str]:
    """A finished text as a stream (so every answer is consumed the same way)."""
    for i in range(0, len(text), size):
        yield text[i : i + size]
