"""Answering a free-text question from the subject's own words, deterministically.

When no fact answers a question, prefill looks at what the person the form is about said
themself. ``quote_answer`` picks, among recalled memories, the sentence in which that person
speaks in the first person about what the question asks (most of the question's content
words, names of the subject aside), and quotes the clause that answers. Sentences addressed
to someone else ("you", "your") and other people's words are never used: a form about
Caroline is not filled with what Melanie did. Nothing is generated, so nothing is invented;
when no sentence qualifies the answer is None (the field stays unknown).

Used by ``memory.prefill.service`` (and, through it, the benchmark).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from memory.grounding import sentences
from memory.recall import Hit
from memory.text import content_terms, fold, stem, tokens

FIRST_PERSON = frozenset(
    {
        "i",
        "i'm",
        "im",
        "i've",
        "ive",
        "i'd",
        "i'll",
        "my",
        "me",
        "mine",
        "myself",
        "we",
        "we're",
        "we've",
        "our",
        "ours",
        "us",
    }
)
SECOND_PERSON = frozenset(
    {"you", "your", "yours", "you're", "youre", "you've", "yourself", "u", "ur"}
)
QUESTION_GLUE = frozenset(
    """
    kind type sort thing things way ways much many often long recently recent currently ever
    usually typically think thinks feel feels felt say says said mention mentioned describe
    name names doing done make made happen happened
    """.split()
)
_LEADING_NOISE = re.compile(
    r"^(?:(?:hey|hi|hello|wow|oh|yeah|yes|yep|sure|thanks|thank you|haha|lol|aw+|omg|so|well|"
    r"ah|hmm|totally|absolutely|definitely|great|cool|nice|awesome|amazing|true|right|ok(?:ay)?)"
    r"\b[^\w]*)+",
    re.I,
)


@dataclass(frozen=True)
class QuotePolicy:
    """How strict quoting is (the same for every user)."""

    min_coverage: float = 0.7
    """Share of the question's content words the sentence must contain."""
    min_terms: int = 2
    """Content words that must match (fewer only when the question has fewer)."""
    max_words: int = 40
    """Longest quote, in words."""


@dataclass(frozen=True)
class Quote:
    """A quoted answer: the clause, the sentence it comes from and the memory holding it."""

    value: str
    sentence: str
    hit: Hit
    coverage: float
    matched: tuple[str, ...]


def _stems(text: str) -> set[str]:
    return {stem(t) for t in tokens(text)}


def question_terms(question: str, subject_names: Sequence[str]) -> list[str]:
    """The question's content words, without the subject's names and question glue."""
    names = {t for n in subject_names for t in tokens(n)}
    return [
        t
        for t in content_terms(question)
        if t not in names and t not in QUESTION_GLUE and not t.isdigit()
    ]


def speaks_as(hit: Hit, speakers: Sequence[str], *, include_unsigned: bool) -> bool:
    """True when ``hit`` holds the subject's own words.

    Args:
        hit: a recalled memory.
        speakers: the names the subject speaks under (folded compare).
        include_unsigned: count records without a speaker (the user's own notes) as theirs.
    """
    if hit.speaker is None or not hit.speaker.strip():
        return include_unsigned
    who = fold(hit.speaker).strip()
    return any(who == fold(s).strip() for s in speakers if s.strip())


def first_person(sentence: str) -> bool:
    """The sentence speaks about its speaker ("I", "my", "we") and to no one ("you")."""
    words = set(tokens(sentence.replace("’", "'")))
    return bool(words & FIRST_PERSON) and not (words & SECOND_PERSON)


def _clause(sentence: str, matched: set[str], max_words: int) -> str:
    """The part of ``sentence`` that answers: its clauses from the first matched word on."""
    text = _LEADING_NOISE.sub("", sentence).strip() or sentence
    parts = [p.strip() for p in re.split(r"(?<=[,;:])\s+|\s+[-–—]\s+", text) if p.strip()]
    start = next((i for i, p in enumerate(parts) if _stems(p) & matched), 0)
    words = " ".join(parts[start:]).split()
    value = " ".join(words[:max_words])
    return value.rstrip(",;:") + ("…" if len(words) > max_words else "")


def quote_answer(
    question: str,
    hits: Sequence[Hit],
    *,
    speakers: Sequence[str],
    subject_names: Sequence[str],
    include_unsigned: bool,
    policy: QuotePolicy | None = None,
) -> Quote | None:
    """The best first-person sentence of the subject that answers ``question``, or None.

    Args:
        question: the field's question or label.
        hits: recalled memories, best first.
        speakers: names the subject speaks under.
        subject_names: names of the subject to ignore in the question's words.
        include_unsigned: records without a speaker are the subject's (the user's notes).
        policy: thresholds.
    """
    policy = policy or QuotePolicy()
    terms = question_terms(question, subject_names)
    if not terms:
        return None
    wanted = {stem(t) for t in terms}
    need = min(policy.min_terms, len(wanted))
    best: Quote | None = None
    best_key: tuple[float, float] = (0.0, 0.0)
    asked = {stem(t) for t in content_terms(question)}
    for hit in hits:
        if not speaks_as(hit, speakers, include_unsigned=include_unsigned):
            continue
        parts = sentences(hit.text)
        for n, sentence in enumerate(parts):
            if not first_person(sentence):
                continue
            matched = wanted & _stems(sentence)
            coverage = len(matched) / len(wanted)
            if len(matched) < need or coverage < policy.min_coverage:
                continue
            new = {stem(t) for t in content_terms(sentence)} - asked
            key = (coverage + 0.5 * hit.score, hit.score)
            if key > best_key:
                best_key = key
                quoted = sentence
                if (
                    len(new) < 3
                    and n + 1 < len(parts)
                    and not (set(tokens(parts[n + 1])) & SECOND_PERSON)
                ):
                    quoted = f"{sentence} {parts[n + 1]}"
                value = _clause(quoted, matched, policy.max_words)
                best = Quote(value, quoted, hit, coverage, tuple(sorted(matched)))
    return best
