"""Answers read off what a memory records rather than what its sentences state: an email's
header lines ("Who sent the email with subject testing?" -> "From: foo@example.com") and a
person's own messages ("What did James say about the trip?" -> "James: ...").

``memory.compose`` tries these first. Each answer quotes whole lines of one memory, so it
is text from memory like every composed answer. Both are strict: every word the question
gives to pick the email or the message must be in it, or nothing is answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from memory.evidence import is_evidence
from memory.grounding import sentences
from memory.recall import Hit
from memory.text import STOPWORDS, fold, match_stem, tokens
from memory.whose import subject_of

MAX_ANSWERS = 3
"""Most emails or messages one answer lists."""

_MAIL = re.compile(r"\b(?:e-?mails?|mails?|newsletters?|letters?)\b", re.I)
_HEADER = re.compile(r"^(From|To|Cc|Subject|Date): ?(.*)$")
_ASKS = (
    ("To", re.compile(
        r"^\s*(?:to whom\b|who\b.*\b(?:received?|got|sent to|addressed to)\b)", re.I)),
    ("From", re.compile(r"^\s*(?:who\b|from whom\b|by whom\b)|\bsender\b", re.I)),
    ("Date", re.compile(r"^\s*(?:when\b|on what (?:date|day)\b|what (?:date|day)\b)", re.I)),
    ("Subject", re.compile(r"\b(?:subject|title)\s+of\b|^\s*what\b.*\bsubject\b", re.I)),
)
"""The header a question asks for, read from its opening: "Who sent ..." wants From even
when it names a subject ("... with subject testing")."""
_END = r"(?=\s+(?:from|to|sent|about|on|in|with|that|which)\b|\s*[?.!]*\s*$)"
_SCOPED = (
    ("Subject", re.compile(
        r"\b(?:with (?:the )?subject(?: line)?|subject(?: line)?|titled|called|named)\s+"
        r"[\"“'‘]?(?P<v>.+?)[\"”'’]?" + _END, re.I)),
    ("From", re.compile(r"\b(?:from|by)\s+(?P<v>.+?)" + _END, re.I)),
    ("To", re.compile(r"\b(?:to)\s+(?P<v>.+?)" + _END, re.I)),
)
"""Words the question ties to one header ("with subject testing", "from Test Tester")."""
_FRAME = {
    match_stem(w)
    for w in (
        "email emails mail mails letter letters newsletter message messages sent send sends "
        "wrote write writes written emailed mailed received receive got subject line title "
        "who whom when date day what which from to by with about called named the an a was "
        "were did do does is it addressed sender"
    ).split()
}
"""Words that frame a header question; the rest must be in the email it asks about."""
_SAID = re.compile(
    r"^\s*what (?:did|does|has|had)\s+(?P<who>.+?)\s+(?:say|said|write|wrote|tell|told|"
    r"text|texted|post|posted|mention|mentioned)\b(?P<rest>.*)$",
    re.I,
)
_SAID_WORDS = set("me us you him her them about of on in the a an".split())
_SAID_FRAME = {match_stem(w) for w in _SAID_WORDS}


@dataclass(frozen=True)
class Reported:
    """What ``reported_answer`` found: the answer's text (with ``[n]`` citations) and the
    1-based positions of the hits it cites."""

    text: str
    cited: tuple[int, ...]


def _stems(text: str) -> set[str]:
    return {match_stem(t) for t in tokens(text)}


def headers(text: str) -> dict[str, str]:
    """The header lines that open an email record ("From: ...", "Subject: ..."), until the
    first blank line; empty for any other text."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if m is None:
            break
        found.setdefault(m.group(1), m.group(2).strip())
    return found if ("From" in found or "Subject" in found) else {}


def _scoped(question: str, field: str) -> dict[str, set[str]]:
    """The words ``question`` ties to each header other than the one it asks for."""
    out: dict[str, set[str]] = {}
    for name, pattern in _SCOPED:
        if name == field:
            continue
        for m in pattern.finditer(question):
            words = {match_stem(t) for t in tokens(m.group("v")) if t not in STOPWORDS} - _FRAME
            if words:
                out.setdefault(name, set()).update(words)
    return out


def _header_question(question: str) -> tuple[str, set[str]] | None:
    """The header an email question asks for and the words that pick the email."""
    if not _MAIL.search(question):
        return None
    field = next((name for name, asks in _ASKS if asks.search(question)), None)
    if field is None:
        return None
    picks = {match_stem(t) for t in tokens(question) if t not in STOPWORDS} - _FRAME
    return (field, picks) if picks else None  # "Who sent the email?": which one?


def _email_answer(question: str, hits: Sequence[Hit]) -> Reported | None:
    asked = _header_question(question)
    if asked is None:
        return None
    field, picks = asked
    scoped = _scoped(question, field)
    found: list[tuple[bool, int, str]] = []
    for pos, hit in enumerate(hits, 1):
        head = headers(hit.text) if hit.tier == "record" else {}
        if field not in head or not head[field] or picks - _stems(hit.text):
            continue
        if any(words - _stems(head.get(name, "")) for name, words in scoped.items()):
            continue
        # A subject given whole ("with subject testing") picks that email before the ones
        # whose subject merely holds the word ("testing Japanese emails").
        exact = any(
            words == _stems(head.get(name, "")) - STOPWORDS for name, words in scoped.items()
        )
        shown = [f"{field}: {head[field]}"]
        if field != "Subject" and head.get("Subject"):
            shown.append(f"Subject: {head['Subject']}")
        elif field == "Subject" and head.get("From"):
            shown.append(f"From: {head['From']}")
        found.append((exact, pos, f"{'; '.join(shown)} [{pos}]"))
    if any(exact for exact, _, _ in found):
        found = [f for f in found if f[0]]
    found = found[:MAX_ANSWERS]
    if not found:
        return None
    return Reported(" ".join(text for _, _, text in found), tuple(pos for _, pos, _ in found))


def reported_match(question: str, speakers: Sequence[str]) -> Callable[[Hit], bool]:
    """Which recalled memories answer ``question`` whatever recall thought of their meaning:
    the messages of the speaker a "What did X say?" names ("Hi here"), and the emails whose
    text holds every word a header question gives ("the email with subject testing")."""
    names = said_by(question, speakers)
    asked = _header_question(question)

    def match(hit: Hit) -> bool:
        if names:
            return spoken_by(hit, names)
        if asked is not None and hit.tier == "record":
            field, picks = asked
            return field in headers(hit.text) and not picks - _stems(hit.text)
        return False

    return match


def said_by(question: str, speakers: Sequence[str]) -> tuple[str, ...]:
    """The speakers a "What did X say ...?" question asks about (empty for any other)."""
    m = _SAID.match(question.strip())
    if m is None:
        return ()
    subject = subject_of(m.group("who"), speakers)
    return subject.names if subject.kind == "speaker" else ()


def spoken_by(hit: Hit, names: Sequence[str]) -> bool:
    """True when ``hit`` is a message of one of ``names`` (full name or first name)."""
    who = fold(hit.speaker or "").strip()
    if not who or not names:
        return False
    if who in {fold(n).strip() for n in names}:
        return True
    first = tokens(who)[:1]
    return bool(first) and first[0] in {tokens(n)[0] for n in names if tokens(n)}


def _said_answer(question: str, hits: Sequence[Hit], speakers: Sequence[str]) -> Reported | None:
    names = said_by(question, speakers)
    if not names:
        return None  # "What did the doctor say?": no speaker by that name
    m = _SAID.match(question.strip())
    assert m is not None
    rest = m.group("rest")
    others = {match_stem(t) for n in speakers for t in tokens(n)}  # "tell Gina": to whom
    about = {match_stem(t) for t in tokens(rest) if t not in STOPWORDS} - _SAID_FRAME - others
    if not about and set(tokens(rest)) - _SAID_WORDS:
        return None  # "What does Jon tell Gina he won't do?" asks more than what was said
    parts: list[str] = []
    cited: list[int] = []
    for pos, hit in enumerate(hits, 1):
        if hit.tier != "record" or not spoken_by(hit, names) or not is_evidence(hit):
            continue
        if about - _stems(hit.text):
            continue
        said = [x for x in sentences(hit.text) if not about or about & _stems(x)]
        parts.append(f"{hit.speaker}: {' '.join(x.strip() for x in said)} [{pos}]")
        cited.append(pos)
        if len(parts) >= MAX_ANSWERS:
            break
    return Reported(" ".join(parts), tuple(cited)) if parts else None


def reported_answer(
    question: str, hits: Sequence[Hit], speakers: Sequence[str] = ()
) -> Reported | None:
    """The answer an email's headers or a speaker's own messages give ``question``, or None
    when it asks neither or nothing among ``hits`` fits every word it gives."""
    return _email_answer(question, hits) or _said_answer(question, hits, speakers)
