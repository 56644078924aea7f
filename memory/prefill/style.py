"""The user's writing style, measured from their own chat messages (no model involved).

``style_profile(records)`` looks only at messages the user wrote and counts what a reader
notices: typical length, whether they greet and sign off (and with which words), emoji,
exclamation marks, contractions, lowercase starts, and a formality label. ``memory.prefill.
draft`` writes reply drafts in this style. Deterministic: the same messages always give the
same profile.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from memory.records import StoredRecord

GREETINGS = (
    "good morning",
    "good evening",
    "good afternoon",
    "hey there",
    "hi there",
    "hello",
    "hiya",
    "heya",
    "hey",
    "hi",
    "yo",
    "dear",
    "morning",
    "evening",
    "howdy",
)
SIGN_OFFS = (
    "best wishes",
    "kind regards",
    "take care",
    "talk soon",
    "see you",
    "see ya",
    "speak soon",
    "all the best",
    "cheers",
    "thanks",
    "thank you",
    "best",
    "regards",
    "love",
    "xoxo",
    "xx",
    "bye",
    "later",
    "ttyl",
)
CASUAL_WORDS = frozenset(
    "lol haha hahaha lmao omg gonna wanna gotta yeah yep nope cool awesome btw tbh idk ok okay "
    "u ur ya thx pls".split()
)
FORMAL_WORDS = frozenset(
    "regards sincerely kindly furthermore therefore however dear appreciate please "
    "accordingly".split()
)
_EMOJI = re.compile(
    "[\U0001f300-\U0001faff\U00002600-\U000027bf\U0001f000-\U0001f2ff\u2764\u263a]|:\\)|:-\\)|;\\)|:D|<3"
)
_CONTRACTION = re.compile(r"\b\w+'(?:m|re|ve|ll|d|s|t)\b", re.I)
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class StyleProfile:
    """How the user writes messages.

    Attributes:
        messages: how many of their messages were measured.
        median_words: typical length of a message, in words.
        greeting_rate / greeting: share of messages opening with a greeting, and the usual one.
        sign_off_rate / sign_off: share of messages closing with a sign-off, and the usual one.
        emoji_rate / emojis: share of messages with an emoji, and the favourite ones.
        exclamation_rate: share of messages with "!".
        contraction_rate: share of messages with contractions ("I'm", "don't").
        lowercase_start_rate: share of messages starting with a lowercase letter.
        formality: ``casual``, ``neutral`` or ``formal``.
    """

    messages: int = 0
    median_words: float = 0.0
    greeting_rate: float = 0.0
    greeting: str | None = None
    sign_off_rate: float = 0.0
    sign_off: str | None = None
    emoji_rate: float = 0.0
    emojis: tuple[str, ...] = ()
    exclamation_rate: float = 0.0
    contraction_rate: float = 0.0
    lowercase_start_rate: float = 0.0
    formality: str = "neutral"

    def as_json(self) -> dict[str, Any]:
        """The ``style`` object of ``mneme draft --json``."""
        return {
            "messages": self.messages,
            "median_words": self.median_words,
            "greeting_rate": round(self.greeting_rate, 3),
            "greeting": self.greeting,
            "sign_off_rate": round(self.sign_off_rate, 3),
            "sign_off": self.sign_off,
            "emoji_rate": round(self.emoji_rate, 3),
            "emojis": list(self.emojis),
            "exclamation_rate": round(self.exclamation_rate, 3),
            "contraction_rate": round(self.contraction_rate, 3),
            "lowercase_start_rate": round(self.lowercase_start_rate, 3),
            "formality": self.formality,
        }


def _opening(text: str, words: Sequence[str]) -> str | None:
    low = text.strip().lower()
    for word in words:
        if re.match(rf"{re.escape(word)}\b", low):
            return word
    return None


def _closing(text: str, words: Sequence[str]) -> str | None:
    lines = [ln.strip().lower() for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        return None
    tail = lines[-1]
    last_sentence = re.split(r"(?<=[.!?])\s+", tail)[-1]
    for word in words:
        if re.match(rf"{re.escape(word)}\b[\s,.!]*[\w ]{{0,20}}$", last_sentence):
            return word
    return None


def style_profile(records: Sequence[StoredRecord]) -> StyleProfile:
    """The style of the messages in ``records`` (which must all be the user's own).

    Args:
        records: the user's own chat messages.
    """
    texts = [r.text.strip() for r in records if r.text.strip()]
    if not texts:
        return StyleProfile()
    n = len(texts)
    lengths = [len(_WORD.findall(t)) for t in texts]
    greetings = Counter(g for t in texts if (g := _opening(t, GREETINGS)))
    sign_offs = Counter(s for t in texts if (s := _closing(t, SIGN_OFFS)))
    emoji_counts: Counter[str] = Counter()
    with_emoji = 0
    casual = formal = 0
    for t in texts:
        found = _EMOJI.findall(t)
        if found:
            with_emoji += 1
            emoji_counts.update(found)
        words = {w.lower() for w in _WORD.findall(t)}
        casual += bool(words & CASUAL_WORDS)
        formal += bool(words & FORMAL_WORDS)
    contraction_rate = sum(bool(_CONTRACTION.search(t)) for t in texts) / n
    lower = sum(t[:1].islower() for t in texts) / n
    casual_score = casual / n + with_emoji / n + lower * 0.5 + contraction_rate * 0.3
    formal_score = formal / n * 2 + (1 - contraction_rate) * 0.2
    formality = (
        "casual"
        if casual_score >= 0.35 and casual_score > formal_score
        else "formal"
        if formal_score >= 0.35 and formal_score > casual_score
        else "neutral"
    )
    return StyleProfile(
        messages=n,
        median_words=float(statistics.median(lengths)),
        greeting_rate=sum(greetings.values()) / n,
        greeting=greetings.most_common(1)[0][0] if greetings else None,
        sign_off_rate=sum(sign_offs.values()) / n,
        sign_off=sign_offs.most_common(1)[0][0] if sign_offs else None,
        emoji_rate=with_emoji / n,
        emojis=tuple(e for e, _ in emoji_counts.most_common(3)),
        exclamation_rate=sum("!" in t for t in texts) / n,
        contraction_rate=contraction_rate,
        lowercase_start_rate=lower,
        formality=formality,
    )
