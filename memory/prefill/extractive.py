"""Shortening a quoted answer with the chat model, keeping only words it copied.

A quoted sentence ("I'm offering one-on-one mentoring and training to help dancers...")
answers a form's question but is long. ``shorten_with_model`` asks the chat model for a
short phrase of that text that answers, and keeps only what the model copied: the longest
stretch of the quoted text its reply repeats that adds something the question does not
already say. Words the model made up are never kept; when it copied nothing useful the quote
stays as it was. So the model can shorten, never invent. Used by
``memory.prefill.service``.
"""

from __future__ import annotations

import logging
import re

from memory.text import STOPWORDS, content_terms, fold, stem
from models.base import ChatMessage, ChatModel
from models.errors import MnemeError

log = logging.getLogger(__name__)

SYSTEM = "Answer the question with a short phrase copied from the text."
MAX_TOKENS = 24
MAX_SPAN_WORDS = 20
_WORD = re.compile(r"[\w'’-]+")


def _words(text: str) -> list[tuple[str, int, int]]:
    """Folded words of ``text`` with their character offsets."""
    return [
        (fold(m.group(0)).replace("’", "'").strip("'-"), m.start(), m.end())
        for m in _WORD.finditer(text)
    ]


def grounded_span(reply: str, evidence: str, question: str) -> str | None:
    """The best stretch of ``evidence`` the model's ``reply`` repeats, or None.

    The model may answer in its own words around the answer ("The answer is: Sweden").
    Only words it copied from the evidence count: among the word sequences the reply and
    the evidence share, the one with most content words the question does not already
    contain wins (then the one later in the reply, where models put the answer, then the
    longer one), without stopwords at its ends, and it is returned as written in the
    evidence. None when the reply shares no such word.

    Args:
        reply: what the model answered.
        evidence: the quoted text it was given.
        question: the field's question.
    """
    ev = _words(evidence)
    rep = [w for w, _, _ in _words(reply)]
    if not ev or not rep:
        return None
    asked = {stem(t) for t in content_terms(question)}
    ev_words = [w for w, _, _ in ev]
    best: tuple[int, int, int] = (0, 0, 0)
    span: tuple[int, int] | None = None
    for i in range(len(rep)):
        for j in range(len(ev_words)):
            n = 0
            while (
                i + n < len(rep)
                and j + n < len(ev_words)
                and rep[i + n] == ev_words[j + n]
                and n < MAX_SPAN_WORDS
            ):
                n += 1
            lo, hi = j, j + n
            while lo < hi and ev_words[lo] in STOPWORDS:
                lo += 1
            while hi > lo and ev_words[hi - 1] in STOPWORDS:
                hi -= 1
            if lo == hi:
                continue
            new = {stem(w) for w in content_terms(" ".join(ev_words[lo:hi]))} - asked
            key = (len(new), i, hi - lo)
            if new and key > best:
                best, span = key, (lo, hi)
    if span is None:
        return None
    start, end = ev[span[0]][1], ev[span[1] - 1][2]
    return evidence[start:end].strip()


def shorten_with_model(model: ChatModel, question: str, sentence: str) -> str | None:
    """The model's shortest answering span of ``sentence``, or None (keep the quote).

    Args:
        model: the chat model.
        question: the field's question.
        sentence: the quoted evidence.
    """
    messages = [
        ChatMessage("system", SYSTEM),
        ChatMessage("user", f'Text: "{sentence}"\nQuestion: {question}'),
    ]
    try:
        reply = model.complete(messages, max_tokens=MAX_TOKENS, temperature=0.0)
    except MnemeError as e:
        log.warning("the chat model could not shorten an answer: %s", e)
        return None
    return grounded_span(reply, sentence, question)
