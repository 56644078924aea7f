"""Checking that an answer's words come from the memories it was given, and sentences.

A chat model often adds words that are in no memory ("Porto, a small town in the
Caribbean"). ``is_grounded`` rejects such answers; ``memory.verify.supported`` builds on it
(roles, questions, cut phrases) and ``memory.compose`` answers from the memories instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from memory.recall import Hit
from memory.text import NOT_A_TITLE, STOPWORDS, content_terms, stem, tokens

_SENTENCE = re.compile(rf"(?<=[.!?]){NOT_A_TITLE}\s+|\n+", re.IGNORECASE)
# Words an answer may use freely although no memory contains them.
ANSWER_GLUE = frozenset(
    """
    answer based according memory memories note notes mentioned mention said says told wrote
    yes no not know sure seems appears likely user you your yours one two three first last
    time times day days week weeks month months year years ago currently now still called
    named name is are was were lives lived live living works worked work
    """.split()
)


def _stems(text: str) -> set[str]:
    return {stem(t) for t in tokens(text) if t not in STOPWORDS}


def is_grounded(answer: str, question: str, hits: Sequence[Hit], *, max_novel: int = 0) -> bool:
    """True when ``answer`` says something from the memories and invents nothing.

    The answer must contain at least one word of the memories that the question does not
    already contain (the part that answers), and at most ``max_novel`` content words found
    in neither the memories nor the question.
    """
    answer = re.sub(r"\[\d+\]", " ", answer)
    mem = set().union(*(_stems(h.text + " " + (h.speaker or "")) for h in hits)) if hits else set()
    asked = _stems(question)
    said = _stems(answer)
    if not said:
        return False
    glue = {stem(w) for w in ANSWER_GLUE}
    novel = {w for w in said - mem - asked - glue if not w.isdigit()}
    informative = (said & _answer_bearing(question, hits)) - asked
    if not informative or len(novel) > max_novel:
        return False
    # Names and numbers are usually the answer: if the matching memory has some the
    # question lacks, the answer must give at least one of them.
    key = _key_terms(question, hits) - asked
    return not key or bool(said & key)


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'-]+)|\b(\w*\d\w*)\b")


def _key_terms(question: str, hits: Sequence[Hit]) -> set[str]:
    """Proper nouns (capitalised, not sentence-initial) and numbers in the answering sentences."""
    terms = {stem(t) for t in content_terms(question)}
    out: set[str] = set()
    for hit in hits:
        for sent in sentences(hit.text):
            if not (_stems(sent) & terms):
                continue
            for m in _NAME.finditer(sent):
                word = m.group(1) or m.group(2)
                if word and word.lower() not in STOPWORDS and word != "I":
                    out |= _stems(word)
    return out


def _answer_bearing(question: str, hits: Sequence[Hit]) -> set[str]:
    """Words of the memories that share a term with the question (else the top hit's): a
    message answers as a whole ("Pixel. She sleeps on my keyboard. [a photo of a grey
    kitten]" names the kitten in another sentence than the one that says "kitten")."""
    terms = {stem(t) for t in content_terms(question)}
    out: set[str] = set()
    for hit in hits:
        words = _stems(hit.text)
        if words & terms:
            out |= words
    if not out and hits:
        out = _stems(hits[0].text)
    return out


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]
