"""Checking a capable model's answer against the memories it was given.

A capable model words answers itself, so its answer is checked before it is shown:
``supported`` accepts it only when every sentence is backed by a statement of the memories.
Each rule catches an answer that passed the older check:

- no invented words (``memory.grounding.is_grounded``);
- names, numbers and dates come from the memories *in the same role*: "The name of the
  dentist is Ana Lima." is refused when the memory says "My name is Ana Lima.", because no
  memory sentence holding "Ana Lima" speaks of a dentist; and the names of one answer
  sentence must be found together in one memory;
- a question is not an answer: a sentence that asks, or that only repeats a question from
  memory, is refused;
- a sentence may not stop mid-phrase ("I was born on [2]").

Used by ``memory.answer``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from memory.compose import ends_dangling, is_evidence, is_question, question_part, statements
from memory.grounding import ANSWER_GLUE, is_grounded, sentences
from memory.prefill.answers import QUESTION_GLUE, question_terms
from memory.recall import Hit
from memory.text import STOPWORDS, fold, match_stem, tokens

_CITATION = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_NUMBER = re.compile(r"\b\d[\d,.:/-]*\b")
_SENTENCE_OPENERS = frozenset(
    "the a an your you my i it this that there he she they we his her their our yes no".split()
)
GLUE = frozenset(match_stem(w) for w in ANSWER_GLUE | QUESTION_GLUE | STOPWORDS)


def entities(sentence: str) -> list[str]:
    """Names (capitalised word runs, the sentence's opening word unless it is a name) and
    numbers in ``sentence``."""
    out = []
    for m in _NAME.finditer(sentence):
        words = m.group(0).split()
        if m.start() == 0 and words and fold(words[0]) in _SENTENCE_OPENERS:
            words = words[1:]
        if words and not (len(words) == 1 and fold(words[0]) in STOPWORDS):
            out.append(" ".join(words))
    out.extend(m.group(0).rstrip(".,") for m in _NUMBER.finditer(sentence))
    return out


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)", fold(text)) is not None


def _stems(text: str) -> set[str]:
    return {match_stem(t) for t in tokens(text)}


def supported(answer: str, question: str, hits: Sequence[Hit]) -> bool:
    """True when every sentence of ``answer`` is backed by the statements in ``hits``."""
    evidence = [h for h in hits if is_evidence(h)]
    # An episode's heading ("House · 6 December 2026: ...") would make its date a name the
    # answer must give; the records it sums up say the same without it.
    plain = [h for h in evidence if h.tier != "episode"] or evidence
    if not evidence or not is_grounded(answer, question, plain):
        return False
    said = [s for h in evidence for s in statements(h.text)]
    asked = _stems(question)
    around: set[str] = set()  # the words of the memory sentences the answer's names are in
    for raw in sentences(answer):
        if is_question(raw) or ends_dangling(raw):
            return False
        sent = _CITATION.sub("", raw).strip()
        if not sent:
            continue
        found = entities(sent)
        if found and not any(all(_has(h.text, e) for e in found) for h in evidence):
            return False  # its names never appear together in one memory
        role = (_stems(sent) & asked) - GLUE - {s for e in found for s in _stems(e)}
        for ent in found:
            holding = [s for s in said if _has(s, ent)]
            if not holding:
                return False
            if role and not any(role & _stems(s) for s in holding):
                return False  # the name is there, but not in the role asked about
            around |= set().union(*(_stems(h.text) for h in evidence if _has(h.text, ent)))
    # The answer speaks of what was asked: "Your name is Ana Lima." is true, and no answer
    # to "What is the name of my dentist?".
    focus = {match_stem(t) for t in question_terms(question_part(question), ())}
    return not focus or len(focus & (_stems(answer) | around)) / len(focus) >= 0.5
