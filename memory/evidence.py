"""What may answer a question: statements, never questions or a model's replies.

Only statements are evidence (issue 18): the user's questions to Mneme, the assistant's
replies and Mneme's own answers are kept in the chat log but never quoted as an answer.
``statements`` gives the sentences of a memory that state something; ``ends_dangling`` tells
a quote cut mid-phrase ("I was born on"); ``dedupe_items`` shows a repeated list item once.

Used by ``memory.compose``, ``memory.verify`` and ``memory.answer``.
"""

from __future__ import annotations

import re

from memory.grounding import sentences
from memory.recall import Hit
from memory.text import content_terms, fold, tokens
from memory.whose import LEADING_NOISE

NOT_EVIDENCE_ROLES = frozenset({"assistant", "system", "tool"})
"""Chat roles whose words are never evidence: a model's reply asserts nothing."""

QUESTION_START = (
    "who", "what", "when", "where", "which", "why", "how", "whose", "whom", "do ", "does ",
    "did ", "is ", "are ", "was ", "were ", "can ", "could ", "have ", "has ", "tell me",
    "remind me", "remember",
)
DANGLING = frozenset(
    """
    a an the and or but of to in on at for with from by about as into onto than that which
    who whose my your his her their our its is are was were be been am
    """.split()
)
"""Words a quote may not end with: the phrase goes on after them."""
_CLOSERS = " \t\"'’”)]}*_~…!.😊🙂😀😄😂❤️👍"


def looks_like_question(text: str) -> bool:
    """A question or a request to recall something (the whole message)."""
    t = text.strip().lower()
    return t.endswith("?") or t.startswith(QUESTION_START)


def is_question(sentence: str) -> bool:
    """A sentence that asks rather than states ("What made you decide to get a snake?")."""
    return sentence.rstrip(_CLOSERS.replace("!", "").replace(".", "")).endswith("?")


def question_part(text: str, limit: int = 20) -> str:
    """The sentences of a message that ask ("Who is my dentist?" of "Who is my dentist? I
    need the name for a form."), each once: what an answer must cover. The whole message
    when none ends with a question mark."""
    asked = list(dict.fromkeys(s for s in sentences(text) if is_question(s)))
    return " ".join(asked[:limit]) if asked else text


def is_evidence(hit: Hit) -> bool:
    """A memory whose words may answer a question: not a model's reply or Mneme's answer,
    and not the user's own question to Mneme."""
    meta = hit.metadata
    role = str(meta.get("role") or "").lower()
    if role in NOT_EVIDENCE_ROLES:
        return False
    return not (role == "user" and looks_like_question(hit.text))


def statements(text: str) -> list[str]:
    """The sentences of ``text`` that state something: no questions, no bare greetings
    ("Thanks, Melanie!" is no statement that "Melanie")."""
    out = []
    for sent in sentences(text):
        if is_question(sent):
            continue
        body = LEADING_NOISE.sub("", sent).strip()
        if body != sent.strip() and len(body.split()) == 1 and body[:1].isupper():
            continue  # the name a greeting calls
        if body and content_terms(body):
            out.append(body)
    return out


def ends_dangling(text: str) -> bool:
    """True when ``text`` stops on a word its phrase needs to go on ("born on")."""
    words = tokens(re.sub(r"\[\d+\]", " ", text))
    return bool(words) and words[-1] in DANGLING


def dedupe_items(text: str) -> str:
    """``text`` with repeated list items shown once ("Sourdough, Bread, Sourdough, ...")."""
    lines = [ln for ln in text.splitlines()]
    seen_lines: set[str] = set()
    kept_lines = []
    for line in lines:
        key = fold(line).strip(" -*•\t")
        if key and key in seen_lines:
            continue
        seen_lines.add(key)
        kept_lines.append(_dedupe_commas(line))
    return "\n".join(kept_lines)


def _dedupe_commas(line: str) -> str:
    items = [p.strip() for p in line.split(",")]
    if len(items) < 3:
        return line
    seen: set[str] = set()
    kept = []
    for item in items:
        key = fold(item).strip(" .")
        if key in seen:
            continue
        seen.add(key)
        kept.append(item)
    return ", ".join(kept) if len(kept) < len(items) else line
