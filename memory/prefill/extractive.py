"""Shortening a quoted answer with the chat model, keeping only words it copied.

A quoted sentence ("I'm offering one-on-one mentoring and training to help dancers...")
answers a form's question but is long. ``shorten_with_model`` asks the chat model for the
shortest phrase of that sentence that answers, and keeps the reply only when it is a
contiguous span of the sentence that adds something the question does not already say. Any
other reply (an invented word, a paraphrase, an echo of the question) is dropped and the
quote stays as it was, so the model can shorten but never invent. Used by
``memory.prefill.service``.
"""

from __future__ import annotations

import logging
import re

from memory.text import content_terms, fold, stem
from models.base import ChatMessage, ChatModel
from models.errors import MnemeError

log = logging.getLogger(__name__)

SYSTEM = (
    "You fill in forms. Copy the shortest phrase from the text that answers the question. "
    "Reply with that phrase only, copied word for word."
)
MAX_TOKENS = 24


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w'\s-]+", " ", fold(text).replace("’", "'")).split())


def grounded_span(reply: str, sentence: str, question: str) -> str | None:
    """``reply`` cleaned, when it is a span of ``sentence`` that says more than the question.

    Args:
        reply: what the model answered.
        sentence: the quoted evidence.
        question: the field's question.
    """
    text = reply.strip().splitlines()[0] if reply.strip() else ""
    text = re.sub(r"^(answer|phrase)\s*:\s*", "", text, flags=re.I).strip().strip("\"'“”").strip()
    text = text.rstrip(".!,;:").strip()
    if not text or len(text.split()) > 20:
        return None
    span = _norm(text)
    if not span or f" {span} " not in f" {_norm(sentence)} ":
        return None
    asked = {stem(t) for t in content_terms(question)}
    new = {stem(t) for t in content_terms(text)} - asked
    return text if new else None


def shorten_with_model(model: ChatModel, question: str, sentence: str) -> str | None:
    """The model's shortest answering span of ``sentence``, or None (keep the quote).

    Args:
        model: the chat model.
        question: the field's question.
        sentence: the quoted evidence.
    """
    messages = [
        ChatMessage("system", SYSTEM),
        ChatMessage("user", f"Text: {sentence}\nQuestion: {question}\nPhrase:"),
    ]
    try:
        reply = model.complete(messages, max_tokens=MAX_TOKENS, temperature=0.0)
    except MnemeError as e:
        log.warning("the chat model could not shorten an answer: %s", e)
        return None
    return grounded_span(reply, sentence, question)
