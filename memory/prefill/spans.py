"""The part of the subject's own sentence that answers: a span that fits the field.

Prefill quotes the subject's words when no fact answers (``memory.prefill.answers``). A
quote answers better when it is cut to the words asked for, and only those:

- ``field_span``: a field with a known meaning and no fact ("Food allergies"): the fact
  grammar (``memory.tiers.extract``) reads the sentence, and failing that the words right
  after the label's own word ("allergic to peanuts" -> "peanuts"); a span is kept only when
  it is a plausible value of the field's predicate (``memory.tiers.values``), never from a
  question, a negation, a wish or someone else's words;
- ``question_span``: a question: its type picks the span ("Who" a name, "Where" a place,
  "How many" a number, "How often" a frequency, "What kind of art" the words naming the
  art, "What did X research" the object of "research").

None when no span fits: the caller keeps the field unknown (``field_span``) or the quoted
clause (``question_span``). Used by ``memory.prefill.service``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from memory.prefill.intents import Intent
from memory.records import StoredRecord
from memory.text import STOPWORDS, content_terms, stem, tokens
from memory.tiers.clauses import clauses
from memory.tiers.cleaning import split_list
from memory.tiers.extract import Speaker, extract_facts
from memory.tiers.triggers import COPULAR_HEADS, VERB_HEADS
from memory.tiers.values import plausible
from memory.tiers.vocab import LANGUAGES

_STOP = frozenset(
    """
    because but so which who that when while since as last yesterday today tonight ago then
    until unless if although though whenever after before with without during this next
    """.split()
)
_NOT_SPAN_START = frozenset(
    """
    in of to from for on at with about into through by over under than like as hard so very
    really just too also is was are were
    """.split()
)
_NOT_OBJECT = frozenset(
    "is was are were has have had will would can could should must does did be been".split()
)
_DETERMINERS = frozenset(
    "a an the my our your his her their its some this that these those".split()
)
_NAME = re.compile(r"(?<![\w'])([A-Z][\w'’-]+(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’-]+){0,3})")
_NUMBER = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple|a few|"
    r"several)\b",
    re.I,
)
_FREQUENCY = re.compile(
    r"\b((?:once|twice|(?:\w+\s+)?times?)(?:\s+or\s+(?:once|twice|\w+\s+times))?\s+(?:a|per|"
    r"every)\s+(?:day|week|month|year|weekend)|every\s+(?:other\s+)?(?:day|week|month|year|"
    r"weekend|morning|evening|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"daily|weekly|monthly|yearly|annually|on\s+weekends)\b",
    re.I,
)
_DURATION = re.compile(
    r"\b(?:for|in)\s+((?:about\s+|almost\s+|over\s+)?(?:\d+|a|an|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|a\s+few|several)\s+(?:years?|months?|weeks?|days?|hours?))\b",
    re.I,
)
_KIND = re.compile(
    r"^\s*what\s+(?:kind|type|sort|genre)s?\s+of\s+(?:[\w-]+\s+){0,3}?([\w-]+)\s+(?:did|does|do|"
    r"is|are|was|were|has|have|had|can|could|will|would)\b",
    re.I,
)
_WH = re.compile(
    r"^\s*(what|which|who|whom|whose|where|when|how\s+many|how\s+much|how\s+often|how\s+long|"
    r"how(?=\s+(?:did|does|do)\s+[\w\s'’]+?\s+describe\b))\b",
    re.I,
)
_PLACE = re.compile(
    r"\b(?:in|to|from|at|near|visited|visit|country,?)\s+((?:the\s+)?[A-Z][\w'’-]+"
    r"(?:\s+(?:of\s+)?[A-Z][\w'’-]+){0,3})"
)


def _stems(text: str) -> set[str]:
    return {stem(t) for t in tokens(text)}


def _own_clause_ok(sentence: str) -> bool:
    """The sentence states something of its own: no question, negation, wish or report."""
    if sentence.rstrip().endswith("?"):
        return False
    parsed = clauses(sentence, VERB_HEADS, COPULAR_HEADS)
    return bool(parsed) and not any(c.unsure or c.negated for c in parsed[:1])


def field_span(intent: Intent, label: str, sentence: str, when: str | None) -> list[str]:
    """Values of ``intent`` the subject states in their own ``sentence`` (empty when none
    fits); ``when`` is the sentence's time (for the fact grammar's time expressions)."""
    if not _own_clause_ok(sentence):
        return []
    rec = StoredRecord(
        0,
        0,
        "prefill:span",
        "prefill",
        "note_chunk",
        0,
        sentence,
        None,
        None,
        None,
        when,
        when or "",
        "active",
        None,
        {"self": True},
    )
    wanted = set(intent.predicates)
    got = [
        f.object
        for f in extract_facts(rec, Speaker("me", True))
        if f.predicate in wanted and not (f.negate or f.past)
    ]
    if got:
        return list(dict.fromkeys(got))
    entry = re.match(r"^\s*([\w' -]{1,30}):\s", sentence)
    if (
        entry
        and _after_label(intent, label, entry.group(1)) == []
        and _names_label(label, entry.group(1))
    ):
        return _after_label(intent, label, sentence)  # a note's "Allergies: peanuts, eggs"
    return [
        span
        for clause in clauses(sentence, VERB_HEADS, COPULAR_HEADS)
        if clause.subject.kind in ("speaker", "none") and not (clause.unsure or clause.negated)
        for span in _after_label(intent, label, clause.rest)
    ]


def _after_label(intent: Intent, label: str, sentence: str) -> list[str]:
    """The words after the label's own word: "... allergic to peanuts" for "Food allergies"."""
    heads = {stem(t)[:6] for t in content_terms(label) if len(t) > 3}
    words = re.findall(r"[\w'’-]+|[,.;!?]", sentence)
    for i, word in enumerate(words):
        if not word[:1].isalpha() or stem(word.lower())[:6] not in heads:
            continue
        rest = words[i + 1 :]
        while rest and rest[0].lower() in ("to", "of", "is", "are", "with", "for", ":"):
            rest = rest[1:]
        items = [_cut(part.split(), 4) for part in split_list(_cut_list(rest))]
        found = [x for x in items if x and plausible(intent.predicates[0], x)]
        if found:
            return found
    return []


def _names_label(label: str, text: str) -> bool:
    """``text`` holds the label's own word ("Allergies" for "Food allergies")."""
    heads = {stem(t)[:6] for t in content_terms(label) if len(t) > 3}
    return any(stem(t)[:6] in heads for t in tokens(text))


def _cut_list(words: Sequence[str]) -> str:
    """The words of a list up to the end of its clause ("peanuts, eggs and shellfish")."""
    out: list[str] = []
    for w in words:
        if w in (".", ";", "!", "?", ":") or w.lower() in _STOP or len(out) >= 12:
            break
        out.append(w)
    return " ".join(out).replace(" ,", ",")


def _cut(words: Sequence[str], limit: int) -> str:
    """The noun phrase ``words`` open with: up to ``limit`` words, to the clause's end ("and"
    goes on only to another noun: "quotes and strategies", not "and shared it")."""
    out: list[str] = []
    for i, w in enumerate(words):
        low = w.lower()
        if not w[:1].isalnum() or low in _STOP:
            break
        if out and low == "and":
            nxt = words[i + 1].lower() if i + 1 < len(words) else ""
            if not nxt.isalpha() or nxt in STOPWORDS or nxt.endswith("ed"):
                break
        out.append(w)
        if len(out) >= limit:
            break
    while out and out[0].lower() in _DETERMINERS:
        out = out[1:]
    while out and out[-1].lower() in STOPWORDS:
        out = out[:-1]
    return " ".join(out)


def _quoted(words: Sequence[str]) -> str | None:
    """A quoted title right at the start of ``words`` ("Charlotte's Web")."""
    if not words or words[0] != '"':
        return None
    inner: list[str] = []
    for w in words[1:]:
        if w == '"':
            return " ".join(inner) or None
        inner.append(w)
    return None


def _anchor(question: str, subject_names: Sequence[str]) -> str | None:
    """The question's own verb or noun: its first content word after the subject's name."""
    words = re.findall(r"[\w'’-]+", question)
    names = {n.lower() for name in subject_names for n in name.split()}
    last = max((i for i, w in enumerate(words) if w.lower().strip("'’s") in names), default=-1)
    glue = {"recently", "usually", "often", "ever", "currently", "really", "typically", "do"}
    for w in words[last + 1 :]:
        low = w.lower()
        if low not in STOPWORDS and low not in glue and low.isalpha():
            return low
    terms = [t for t in content_terms(question) if t not in names]
    return terms[0] if terms else None


def question_span(question: str, sentence: str, subject_names: Sequence[str]) -> str | None:
    """The span of ``sentence`` that answers ``question`` by its type (None: none fits)."""
    wh = _WH.match(question)
    if wh is None:
        return None
    kind = " ".join(wh.group(1).lower().split())
    names = {n.lower() for name in subject_names for n in name.split()} | {"i"}
    if kind in ("what", "which") and _PLACE_ASKED.match(question):
        kind = "where"
    if kind in ("what", "which") and _LANGUAGE_ASKED.match(question):
        spoken = [w for w in re.findall(r"[A-Z][a-z]+", sentence) if w.lower() in LANGUAGES]
        return spoken[0] if spoken else None
    if kind in ("who", "whom"):
        first = re.match(r"\s*[\w'’-]+", sentence)
        after = _after_terms(question, sentence, subject_names)
        found = [
            m
            for m in _NAME.finditer(sentence)
            if not (first and m.start() <= first.end())
            and not re.search(r"[.!?]\s*[\"']?\s*$", sentence[: m.start()])
            and m.group(1).lower().split()[0] not in names
            and m.group(1).split()[0].lower() not in STOPWORDS
        ]
        best = next((m for m in found if m.start() >= after), found[0] if found else None)
        return re.sub(r"['’]s$", "", best.group(1)) if best else None
    if kind == "where":
        for m in _PLACE.finditer(sentence):
            if m.group(1).split()[0].lower() not in names:
                return m.group(1)
        return None
    if kind == "how":
        return _described(question, sentence)
    typed = {"how many": _NUMBER, "how often": _FREQUENCY, "how long": _DURATION}.get(kind)
    if typed is not None:
        hit = typed.search(sentence)
        return hit.group(1) if hit else None
    if kind in ("what", "which"):
        return _what_span(question, sentence, subject_names)
    return None


_LANGUAGE_ASKED = re.compile(r"^\s*(?:what|which)\s+languages?\b", re.I)
_PLACE_ASKED = re.compile(r"^\s*(?:what|which)\s+(?:country|city|town|state|place|island)\b", re.I)


def _after_terms(question: str, sentence: str, subject_names: Sequence[str]) -> int:
    """Where in ``sentence`` the question's own words end (0 when none occurs)."""
    names = {stem(n.lower()) for name in subject_names for n in name.split()}
    asked = {stem(t) for t in content_terms(question)} - names
    end = 0
    for m in re.finditer(r"[\w'’-]+", sentence):
        if stem(m.group(0).lower()) in asked:
            end = m.end()
    return end


_NAME_ASKED = re.compile(r"^\s*what\s+(?:is|was|'s)\s+the\s+name\s+of\b", re.I)
_WORK_ASKED = re.compile(
    r"^\s*(?:what|which)\s+(?:movie|film|book|novel|song|game|show|album|series|podcast|play)s?\b",
    re.I,
)
_IRREGULAR = {
    "made": "make",
    "saw": "see",
    "seen": "see",
    "went": "go",
    "gone": "go",
    "bought": "buy",
    "got": "get",
    "took": "take",
    "taken": "take",
    "wrote": "write",
    "written": "write",
    "ran": "run",
    "gave": "give",
    "given": "give",
    "found": "find",
    "met": "meet",
    "had": "have",
    "did": "do",
    "done": "do",
    "told": "tell",
    "felt": "feel",
    "taught": "teach",
    "thought": "think",
    "brought": "bring",
    "built": "build",
    "kept": "keep",
    "left": "leave",
    "lost": "lose",
    "won": "win",
    "drew": "draw",
    "drawn": "draw",
    "sang": "sing",
    "ate": "eat",
    "eaten": "eat",
    "drank": "drink",
    "began": "begin",
    "begun": "begin",
    "chose": "choose",
    "chosen": "choose",
    "came": "come",
    "became": "become",
    "sold": "sell",
    "read": "read",
    "heard": "hear",
    "learnt": "learn",
    "spent": "spend",
    "sent": "send",
}
"""Irregular past forms, so "What did Nate make?" finds "I made vegan ice cream"."""


def _base(word: str) -> str:
    """A word's stem, irregular past forms read as their verb, a final "e" dropped
    ("participate" and "participated" alike)."""
    return stem(_IRREGULAR.get(word, word)).removesuffix("e")


def _described(question: str, sentence: str) -> str | None:
    """ "How did John describe the views?": the word after "the views were" ("spectacular")."""
    m = re.search(
        r"\bdescribe\s+(?:the\s+|his\s+|her\s+|their\s+)?([\w\s'’-]+?)\s*(?:\?|$|during|in|at|on|after)",
        question,
        re.I,
    )
    if m is None:
        return None
    head = m.group(1).split()[-1]
    said = re.search(
        rf"\b{re.escape(head)}\w*\s+(?:is|was|are|were)\s+(?:so\s+|really\s+|very\s+)?([a-z]+)",
        sentence,
        re.I,
    )
    return said.group(1) if said else None


def _kind_span(noun: str, words: Sequence[str]) -> str | None:
    """ "What kind of art": the words naming the kind before "art" ("abstract art", "my own
    cooking show" -> "cooking show")."""
    for i, w in enumerate(words):
        if stem(w.lower()) != noun:
            continue
        before: list[str] = []
        for j in range(i - 1, max(-1, i - 4), -1):
            x = words[j].lower()
            prev = words[j - 1].lower() if j > 0 else ""
            ing_ok = j == i - 1 and prev in _DETERMINERS | {"own"}
            if not re.fullmatch(r"[a-z][\w'’-]*", x) or x in STOPWORDS:
                break
            if x.endswith("ing") and not ing_ok:
                break
            before.insert(0, words[j])
        return " ".join([*before, w]) if before else None
    return None


def _what_span(question: str, sentence: str, subject_names: Sequence[str]) -> str | None:
    words = re.findall(r"[\w'’-]+|[,.;!?:()\"—–]", sentence)
    kind = _KIND.match(question)
    if kind:
        return _kind_span(stem(kind.group(1).lower()), words)
    if _NAME_ASKED.match(question):
        return question_span("Who?", sentence, subject_names)
    work = _WORK_ASKED.match(question)
    if work:
        titled = re.search(
            r'"([^"]{2,60})"|\bcalled\s+([A-Z][\w\'’:-]*(?:\s+[A-Z0-9][\w\'’:-]*)*)', sentence
        )
        return (titled.group(1) or titled.group(2)) if titled else None
    anchor = _anchor(question, subject_names)
    if anchor is None or anchor in ("is", "are", "was", "were"):
        return None
    target = _base(anchor)
    asked = _stems(question)
    follows = re.search(rf"\b{re.escape(anchor)}\s+(\w+)", question.lower())
    particle = follows.group(1) if follows and follows.group(1) in _NOT_SPAN_START else None
    for i, w in enumerate(words):
        if _base(w.lower()) != target:
            continue
        rest = list(words[i + 1 :])
        if rest and rest[0].lower() in _NOT_OBJECT:
            continue  # "Painting is fun": the word is the subject, no object follows
        while rest and rest[0].lower() in (particle, "down", "up", "out", "off"):
            rest = rest[1:]  # "participate in a march", "wrote down some quotes"
        quoted = _quoted(rest)
        if not quoted and rest and rest[0].lower() in _NOT_SPAN_START:
            continue  # "a gift ... in my home country": a place or time, not what was asked
        span = quoted or _cut(rest, 6)
        if span and _stems(span) - asked and not _stems(span) <= {"it", "them", "this", "that"}:
            return span
    return None
