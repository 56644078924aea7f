"""Answers composed from memory alone: current facts and verbatim quotes, each cited.

A model that is not capable (the bundled 135M one) never states a fact about the user's
life: ``compose`` builds the answer from what is stored. It is also the fallback when a
capable model's answer is not supported by the memories, and when the model fails.

Rules, each there because an answer broke without it:

- only statements are evidence: questions ("Where do I live and where do I work?"), the
  assistant's replies and Mneme's own answers are never quoted;
- who said it matters: a question naming a person (a speaker of the memory) is answered
  only from that person's own words, never from what someone else said to them; a question
  about "me" only from the user's own words;
- a quote must share most of the question's content words and add something the question
  does not already say ("This was Japan." says nothing about what impressed John);
- the shortest span that carries the answer is quoted, cut only at a clause boundary and
  never after a dangling word ("I was born on"); a quote that only restates the question
  goes on with the next sentence, where the answer is ("I set up a 5K charity run. It was
  for veterans");
- a reply answers the question put just before it ("How often do you see sunsets like
  that?" / "I see them at least once a week.");
- a "when" question gets the date a relative time meant ("last Friday"), or the day the
  quoted message was said; a "how often" question a frequency;
- facts that answer the question come first: every current fact of the asked kind.

When nothing qualifies, ``compose`` returns None and the caller says it does not know.
Used by ``memory.answer`` (``mneme ask``, the chat, prefill's question box). What is
evidence is ``memory.evidence``; whose words answer, ``memory.whose``; what kind of answer
a question wants, and time notes, ``memory.kinds``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from memory.evidence import (
    ends_dangling,
    is_evidence,
    is_question,
    question_part,
    statements,
)
from memory.evidence import looks_like_question as looks_like_question  # for memory.chat
from memory.grounding import sentences
from memory.kinds import has_kind, said_on, time_note, wanted_kind
from memory.prefill.answers import addressed, proper_names, question_terms
from memory.recall import Hit
from memory.reported import reported_answer
from memory.stance import counted_stems, denies, opposes
from memory.text import STOPWORDS, fold, match_stem, tokens
from memory.tiers.questions import intent_words, pet_kinds
from memory.whose import kin_named, of_self, speaks_for, subject_of, vocative

_CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+[-–—]\s+")
MAX_SPAN_WORDS = 30
MIN_COVERAGE = 0.5
UNDATED_COVERAGE = 0.67
"""A message that gives no time answers a "when" question (by the day it was said) only when
it holds this share of the question's words: the event asked about, not a word of it."""
REPLY_COVERAGE = 1.0
"""A reply answers a question when the question it replies to and the reply together hold
this share of the words asked."""
FOLLOW_NEW = 8
"""A quote that adds this many words or fewer to the question's goes on with the sentence
after it."""
CLOSE_MEANING = 0.5
"""A memory this close in meaning (cosine) to the question needs one shared content word
instead of two ("What is my dog called?" / "We adopted a beagle called Biscuit")."""


_NAMING = frozenset(match_stem(w) for w in ("name", "named", "called", "call"))


@dataclass(frozen=True)
class Composed:
    """An answer made of memory: its text (with ``[n]`` citations into the hits given) and
    how it was made (``fact`` or ``extractive``)."""

    text: str
    method: str
    cited: tuple[int, ...]
    """1-based positions, in the hits given, of the memories cited."""


_CALENDAR = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d+",
    re.I,
)
"""A month, weekday or number the question names: the memory says "last week", not the date."""
_HEDGE = re.compile(
    r"\b(?:maybe|perhaps|might|someday|some day|one day|i'?d like to|i wish|i hope to|"
    r"if i|i'll|i will|i would|i could|going to|gonna|thinking of|thinking about)\b",
    re.I,
)
_PLANS = re.compile(
    r"\b(?:plan|plans|planning|hope|hopes|hoping|want|wants|wish|will|going to|future|next|"
    r"dream|dreams|goal|goals|intend|would|might|could|thinking)\b",
    re.I,
)


def _stems(text: str) -> set[str]:
    return {match_stem(t) for t in tokens(text) if t not in STOPWORDS}


def span(sentence: str, matched: set[str], question: set[str]) -> str:
    """The shortest part of ``sentence`` that carries the answer, cut at clause boundaries
    only: from the first clause holding a matched word to the clause holding the last word
    the question does not already have."""
    words = sentence.split()
    if len(words) <= MAX_SPAN_WORDS:
        return sentence
    # Clauses as (start, end) offsets into the sentence, so the span is its very text.
    cuts = [0, *(m.start() for m in _CLAUSE.finditer(sentence)), len(sentence)]
    parts = [(a, b) for a, b in itertools.pairwise(cuts) if sentence[a:b].strip()]
    start = next((i for i, (a, b) in enumerate(parts) if _stems(sentence[a:b]) & matched), 0)
    end = start
    for i in range(start, len(parts)):
        if _stems(sentence[parts[i][0] : parts[i][1]]) - question:
            end = i
            break
    chosen = sentence[parts[start][0] : parts[end][1]].strip(" ,;:-–—")
    return sentence if ends_dangling(chosen) else chosen


@dataclass(frozen=True)
class _Candidate:
    key: tuple[float, bool, int, float, int]
    """coverage, holds the kind asked for, words matched, recall score, -position: the best
    quote sorts first."""
    text: str
    position: int
    stems: frozenset[str]


def compose(
    question: str,
    hits: Sequence[Hit],
    *,
    speakers: Sequence[str] = (),
    self_names: Sequence[str] = (),
    max_quotes: int = 2,
) -> Composed | None:
    """The answer to ``question`` made of ``hits`` alone, or None when none answers it.

    Args:
        question: what was asked.
        hits: recalled memories, best first (citations number them from 1).
        speakers: speaker names known to the store (to tell whose words count).
        self_names: the names the user goes by in chats.
        max_quotes: most quotes given (from different memories).
    """
    question = question_part(question)
    reported = reported_answer(question, hits, speakers)
    if reported is not None:
        return Composed(reported.text, "extractive", reported.cited)
    subject = subject_of(question, speakers)
    wanted = {match_stem(t) for t in question_terms(question, subject.names)}
    facts = _fact_answer(question, hits, wanted)
    if facts is not None:
        return facts
    if not wanted:
        return None
    asked = _stems(question) | {match_stem(t) for n in subject.names for t in tokens(n)}
    kind = wanted_kind(question)
    need = 1 if len(wanted) <= 2 else 2
    # Names the question gives (not of the person asked about) must be in the memory: a
    # trip to England does not answer a question about a trip to France.
    named = {
        match_stem(t)
        for t in proper_names(question)
        if not _CALENDAR.fullmatch(t) and t not in STOPWORDS  # "The cello?" is no name
    } - {match_stem(t) for n in (*subject.names, *speakers) for t in tokens(n)}
    kin = kin_named(question)
    plans = bool(_PLANS.search(question))
    # Words a sentence denies, or says of the person spoken to, do not match the question's;
    # a sentence saying the opposite of a word asked ("focused" for "distracted") does not
    # answer it (``memory.stance``). When the question names two people, "you" may be the
    # other one ("What did Jon say about Gina's store?" / Jon: "Your store looks great").
    of_speaker = subject.kind == "user" or len(subject.names) == 1
    deny = not denies(question)

    def counted(sentence: str) -> set[str]:
        return set(counted_stems(sentence, of_speaker, deny))

    found: list[_Candidate] = []
    for pos, hit in enumerate(hits, 1):
        if hit.tier != "record" or not is_evidence(hit) or not speaks_for(hit, subject, self_names):
            continue
        if named - _stems(hit.text):
            continue
        if kin and any(not g & (_stems(hit.text) | _asked_before(hit, hits)) for g in kin):
            continue  # the relation is in the message or in the question it replies to
        own = statements(hit.text)
        if subject.kind == "speaker":
            # In a conversation only what the speaker says of themself answers a question
            # about them: words to someone else ("you", "..., Mel!") and remarks on what
            # the other said ("That sounds great") are about the other person.
            own = [x for x in own if not vocative(x, speakers) and of_self(x)]
        if not plans:
            own = [x for x in own if not _HEDGE.search(x)]  # "Maybe I'll write one" is no fact
        own = [x for x in own if not opposes(wanted, _stems(x))]
        # A "when" question is answered by a dated message even when its words give no time:
        # the day it was said is noted after the quote (``memory.kinds.time_note``).
        dated = bool(hit.speaker and said_on(hit.timestamp))
        quote = _best_quote(
            own, wanted, asked, 1 if hit.cosine >= CLOSE_MEANING else need, kind,
            dated=dated, counted=counted,
        )
        if quote is not None and kind is None:
            quote = _and_next(quote, hit.text, asked, plans)
        prompt = _asked_before(hit, hits)
        if prompt:
            # A reply answers the question just put to the speaker ("How often do you see
            # sunsets like that?" / "I see them at least once a week."): its words count
            # with the reply's, and a reply need not speak in the first person.
            replies = [
                x for x in statements(hit.text) if not vocative(x, speakers) and not addressed(x)
            ]
            if not plans:
                replies = [x for x in replies if not _HEDGE.search(x)]
            replies = [x for x in replies if not opposes(wanted, _stems(x))]
            reply = _reply_quote(
                replies, wanted, asked, prompt, kind, dated=dated, counted=counted
            )
            if reply is not None and (quote is None or reply[1:4] > quote[1:4]):
                quote = reply
        if quote is None:
            continue
        text, coverage, fits, n_matched, words = quote
        found.append(_Candidate((coverage, fits, n_matched, hit.score, -pos), text, pos, words))
    if not found:
        return None
    found.sort(key=lambda c: c.key, reverse=True)
    best = found[0]
    chosen = [best]
    for cand in found[1:]:
        if len(chosen) >= max_quotes:
            break
        if cand.key[0] < best.key[0] or cand.position in {c.position for c in chosen}:
            continue
        if any(cand.stems <= c.stems or c.stems <= cand.stems for c in chosen):
            continue  # says nothing new (an episode quoting its record)
        chosen.append(cand)
    parts = []
    for c in chosen:
        part = f"{c.text} [{c.position}]"
        if kind == "time":
            quoted = hits[c.position - 1]
            note = time_note(c.text, quoted.timestamp, said=bool(quoted.speaker))
            part += f" {note}" if note else ""
        parts.append(part)
    return Composed(" ".join(parts), "extractive", tuple(c.position for c in chosen))


def _and_next(
    quote: tuple[str, float, bool, int, frozenset[str]], text: str, asked: set[str], plans: bool
) -> tuple[str, float, bool, int, frozenset[str]]:
    """``quote`` and the sentence after it in ``text`` when the quote says little the question
    does not (``FOLLOW_NEW`` words or fewer): the answer follows ("I set up a 5K charity run
    in our neighborhood. It was all for a good cause - to help out veterans"). Used for a
    question that wants no time, name or number: a quote that holds one has its answer."""
    said, coverage, fits, n_matched, words = quote
    if len(_stems(said) - asked) > FOLLOW_NEW:
        return quote
    stated = statements(text)
    if said not in stated[:-1]:
        return quote
    after = stated[stated.index(said) + 1]
    if addressed(after) or vocative(after) or (not plans and _HEDGE.search(after)):
        return quote
    if after.startswith("["):  # "[shares image: ...]" describes a picture; no one said it
        return quote
    return f"{said} {after}", coverage, fits, n_matched, words | _stems(after)


def _asked_before(hit: Hit, hits: Sequence[Hit]) -> set[str]:
    """The words of the question someone else put just before ``hit`` in its conversation,
    when that message is among ``hits`` (empty otherwise)."""
    if hit.tier != "record" or not hit.record_ids or not hit.conversation:
        return set()
    for other in hits:
        if (
            other.tier == "record"
            and other.conversation == hit.conversation
            and other.record_ids[-1:] == (hit.record_ids[0] - 1,)
            and fold(other.speaker or "") != fold(hit.speaker or "")
        ):
            asked = [s for s in sentences(other.text) if is_question(s)]
            return set().union(*(_stems(s) for s in asked)) if asked else set()
    return set()


def _reply_quote(
    replies: list[str],
    wanted: set[str],
    asked: set[str],
    prompt: set[str],
    kind: str | None,
    *,
    dated: bool = False,
    counted: Callable[[str], set[str]] = _stems,
) -> tuple[str, float, bool, int, frozenset[str]] | None:
    """The first sentence of a reply that answers the question it replies to (``prompt``,
    its words): that question holds most of the words asked (``wanted``), it and the
    sentence hold ``REPLY_COVERAGE`` of them, and the sentence adds words neither question
    has."""
    if len(wanted & prompt) / len(wanted) < MIN_COVERAGE:
        return None  # the question replied to is not the one asked
    for text in replies:
        words = _stems(text)
        matched = wanted & (counted(text) | prompt)
        coverage = len(matched) / len(wanted)
        if coverage < REPLY_COVERAGE or not words - asked - prompt:
            continue
        fits = kind is None or has_kind(text, kind, asked)
        if not fits and not (dated and kind == "time"):
            continue
        return span(text, matched, asked | prompt), coverage, fits, len(matched), frozenset(words)
    return None


def _best_quote(
    own: list[str],
    wanted: set[str],
    asked: set[str],
    need: int,
    kind: str | None = None,
    *,
    dated: bool = False,
    counted: Callable[[str], set[str]] = _stems,
) -> tuple[str, float, bool, int, frozenset[str]] | None:
    """The span of a memory's statements ``own`` that answers: one sentence, or two in a row
    when the question's words are spread over both ("This was Japan. I loved the temples"),
    holding most of the question's words (``wanted``) and something the question does not
    say. A question that wants a name, a time or a number (``kind``) is answered only by a
    span that holds one; for a time, a ``dated`` message's span that names the event asked
    about (``UNDATED_COVERAGE``) also answers, by the day it was said. The best span covers
    most, then holds the kind asked for, then is shortest."""
    stems = [_stems(x) for x in own]
    said = [counted(x) for x in own]  # the words that count as the speaker's (``counted``)
    best: tuple[tuple[float, bool, int, int], str, frozenset[str], set[str]] | None = None
    for i in range(len(own)):
        for j in (i, i + 1):
            if j >= len(own):
                break
            words = stems[i] | stems[j]
            matched = wanted & (said[i] | said[j])
            text = own[i] if i == j else f"{own[i]} {own[j]}"
            if len(matched) < need or len(matched) / len(wanted) < MIN_COVERAGE:
                continue
            if i != j and not (wanted & said[i] and stems[j] - asked):
                continue  # a second sentence only when the first matches and it adds
            if not words - asked:
                continue
            coverage = len(matched) / len(wanted)
            fits = kind is None or has_kind(text, kind, asked)
            if not fits and not (dated and kind == "time" and coverage >= UNDATED_COVERAGE):
                continue
            key = (coverage, fits, len(matched), -len(text.split()))
            if best is None or key > best[0]:
                best = (key, text, frozenset(words), matched)
    if best is None:
        return None
    (coverage, fits, n_matched, _), text, found, hit_words = best
    return span(text, hit_words, asked), coverage, fits, n_matched, found


def answers_directly(hit: Hit) -> bool:
    """A fact the question asked for, true in the period asked about (``memory.tiers`` marks
    it "answers: ..."; a conflicting fact never answers directly)."""
    return (
        hit.tier == "fact"
        and hit.metadata.get("status") in ("current", "superseded")
        and any(w.startswith("answers:") for w in hit.why)
    )


def _fact_answer(
    question: str, hits: Sequence[Hit], wanted: set[str], limit: int = 6
) -> Composed | None:
    """Every fact among ``hits`` of the kind the best answering one answers ("What am I
    allergic to?": peanuts and shellfish), when the memory tiers marked a fact as the answer
    and it speaks of what the question asks ("Your name is Ana Lima." does not answer "What
    is the name of my dentist?")."""
    first = next((h for h in hits if answers_directly(h)), None)
    if first is None:
        return None
    top = first.metadata
    predicate = str(top.get("predicate") or "")
    asked_kinds = pet_kinds(question)
    if predicate == "has_pet" and asked_kinds:
        # "What is my cat called?" is not answered by the greyhound; "my dog" is.
        held = pet_kinds(f"{first.text} {top.get('qualifier') or ''}")
        if not asked_kinds & held:
            return None
    about = _stems(first.text) | _stems(predicate.replace("_", " "))
    # The words that ask for this kind of fact ("dog" for a pet, "food" for what one avoids)
    # and a name asked as "called" or "named" are what the fact speaks of.
    about |= {match_stem(t) for w in intent_words(question, predicate) for t in tokens(w)}
    if about & _NAMING:
        about |= _NAMING
    if wanted and len(wanted & about) / len(wanted) < MIN_COVERAGE:
        return None
    parts: list[str] = []
    cited: list[int] = []
    seen: set[str] = set()
    for pos, hit in enumerate(hits, 1):
        meta = hit.metadata
        if not answers_directly(hit) or meta.get("predicate") != top.get("predicate"):
            continue
        if meta.get("subject") != top.get("subject") or meta.get("status") != top.get("status"):
            continue
        value = fold(str(meta.get("object") or hit.text))
        if value in seen:
            continue
        seen.add(value)
        parts.append(f"{hit.text.rstrip()} [{pos}]")
        cited.append(pos)
        if len(parts) >= limit:
            break
    return Composed(" ".join(parts), "fact", tuple(cited))
