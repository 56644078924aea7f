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
ELLIPTICAL_VERBS = frozenset(
    """
    went got made took finished started bought joined saw visited met tried had did been
    love loved like liked enjoy enjoyed hope hoping planning thinking feeling felt learned
    spent painted wrote read ran signed adopted moved worked volunteered found
    """.split()
)
QUESTION_GLUE = frozenset(
    """
    kind type sort thing things way ways much many often long recently recent currently ever
    usually typically think thinks feel feels felt say says said mention mentioned describe
    name names doing done make made happen happened recently last year years month week day
    today yesterday ago will one main
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
    """Content words that must match; a question with fewer is never answered by a quote
    (one shared word is too weak a sign that a sentence answers it)."""
    elliptical: bool = True
    """Count chat sentences that drop their "I" ("Just finished a painting", "Researching
    adoption agencies") as the speaker's own, when they address no one."""
    max_words: int = 40
    """Longest quote, in words."""
    max_sentences: int = 2
    """Sentences quoted: the best one and the next."""


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


def proper_names(question: str) -> set[str]:
    """Folded words written with a capital inside ``question`` (names: "Melanie", "Rita")."""
    words = re.findall(r"[\w'’-]+", question)
    return {t for w in words[1:] if w[:1].isupper() for t in tokens(w)} - {"i"}


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


def first_person(sentence: str, *, elliptical: bool = False) -> bool:
    """The sentence speaks about its speaker ("I", "my", "we") and to no one ("you").

    Args:
        sentence: one sentence of the speaker's.
        elliptical: also accept a sentence that opens with a verb, its "I" dropped
            ("Just got back from the lake", "Researching adoption agencies").
    """
    words = tokens(sentence.replace("’", "'"))
    if set(words) & SECOND_PERSON:
        return False
    if set(words) & FIRST_PERSON:
        return True
    if not elliptical:
        return False
    text = _LEADING_NOISE.sub("", sentence).strip()
    first = tokens(text)[:2]
    if first and first[0] in ("just", "finally", "recently", "still", "also", "currently"):
        first = first[1:]
    return bool(first) and (first[0] in ELLIPTICAL_VERBS or first[0].endswith("ing"))


def _clause(sentence: str, matched: set[str], max_words: int) -> str:
    """The part of ``sentence`` that answers: its clauses from the first matched word on."""
    text = _LEADING_NOISE.sub("", sentence).strip() or sentence
    parts = [p.strip() for p in re.split(r"(?<=[,;:])\s+|\s+[-–—]\s+", text) if p.strip()]
    start = next((i for i, p in enumerate(parts) if _stems(p) & matched), 0)
    words = " ".join(parts[start:]).split()
    value = " ".join(words[:max_words])
    return value.rstrip(",;:") + ("…" if len(words) > max_words else "")


def addressed(sentence: str) -> bool:
    """The sentence speaks to someone ("you", "your"): it is about them, not the speaker."""
    return bool(set(tokens(sentence.replace("’", "'"))) & SECOND_PERSON)


def quote_answer(
    question: str,
    hits: Sequence[Hit],
    *,
    speakers: Sequence[str],
    subject_names: Sequence[str],
    include_unsigned: bool,
    policy: QuotePolicy | None = None,
) -> Quote | None:
    """The subject's own words that answer ``question``, or None.

    A memory qualifies when the subject wrote it, it speaks about them (a first-person
    sentence, see ``first_person``), and its sentences that address no one hold at least
    ``min_terms`` and ``min_coverage`` of the question's content words. The best one (most
    words covered, then best recalled) is quoted: its sentence with most of those words,
    and the next one (answers often follow: "I went to a workshop. It was about...").

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
    wanted = {stem(t) for t in terms}
    # A name counts towards coverage but never makes the minimum: "Melanie!" opening a reply
    # says nothing about Melanie's blood type.
    names = {stem(t) for t in terms if t in proper_names(question)}
    if len(wanted - names) < policy.min_terms:
        return None
    best: Quote | None = None
    best_key: tuple[float, float] = (0.0, 0.0)
    for hit in hits:
        if not speaks_as(hit, speakers, include_unsigned=include_unsigned):
            continue
        own = [x for x in sentences(hit.text) if not addressed(x)]
        if not any(first_person(x, elliptical=policy.elliptical) for x in own):
            continue
        per_sentence = [wanted & _stems(x) for x in own]
        matched = set().union(*per_sentence) if per_sentence else set()
        coverage = len(matched) / len(wanted)
        if len(matched - names) < policy.min_terms or coverage < policy.min_coverage:
            continue
        key = (coverage, hit.score)
        if key <= best_key:
            continue
        best_key = key
        top = max(
            range(len(own)), key=lambda i: (len(per_sentence[i] - names), len(per_sentence[i]), -i)
        )
        quoted = " ".join(own[top : top + policy.max_sentences])
        value = _clause(quoted, matched, policy.max_words)
        best = Quote(value, quoted, hit, coverage, tuple(sorted(matched)))
    return best
