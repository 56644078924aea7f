"""Drafting the user's reply to a message, in their own voice, from what memory holds.

``Drafter.draft(message)`` finds the questions the message asks, answers each one the way
prefill answers a form question (current facts, persona, the user's own words; otherwise
honestly "I'll check"), and writes the reply in the user's style (``memory.prefill.style``:
greeting and sign-off habits, emoji, casing, contractions). With a capable chat model the
reply is written by the model from the style profile and the facts, and kept only when it
adds no content word that is in neither the message nor the facts; otherwise, and always
with the bundled tiny model, the reply is built from templates. Every fact the draft relies
on is returned with its source. Used by ``mneme draft`` (and ``bench`` if needed).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from memory.grounding import ANSWER_GLUE, sentences
from memory.prefill.result import Evidence, FieldResult
from memory.prefill.service import Prefiller
from memory.prefill.sources import MemoryView, Subject
from memory.prefill.spec import Field
from memory.prefill.style import StyleProfile, style_profile
from memory.text import STOPWORDS, stem, tokens
from models.base import ChatMessage, ChatModel
from models.errors import MnemeError

log = logging.getLogger(__name__)

MAX_QUESTIONS = 6
MAX_NOVEL_WORDS = 3
"""Content words a model draft may add beyond the message and the facts (greetings...)."""
_FROM = re.compile(r"^\s*From:\s*\"?([^<\"\n]+?)\"?\s*(?:<[^>]*>)?\s*$", re.I | re.M)
_SWAPS = (
    (r"\bYou are\b", "I am"),
    (r"\byou are\b", "I am"),
    (r"\bYou were\b", "I was"),
    (r"\byou were\b", "I was"),
    (r"\bYou have\b", "I have"),
    (r"\byou have\b", "I have"),
    (r"\bYour\b", "My"),
    (r"\byour\b", "my"),
    (r"\bYou\b", "I"),
    (r"\byours\b", "mine"),
    (r"\byou\b", "me"),
)
_CONTRACT = (
    (r"\bI am\b", "I'm"),
    (r"\bI have\b", "I've"),
    (r"\bdo not\b", "don't"),
    (r"\bI will\b", "I'll"),
)


@dataclass(frozen=True)
class Draft:
    """A reply draft with what it rests on.

    Attributes:
        text: the draft.
        facts: the facts and memories it relies on (with sources and dates).
        style: the user's style profile it was written in.
        method: ``template`` or ``model``.
        answers: per question of the message, what prefill found.
        sender: who the message is from, when known.
    """

    text: str
    facts: tuple[Evidence, ...]
    style: StyleProfile
    method: str
    answers: tuple[FieldResult, ...] = ()
    sender: str | None = None

    def as_json(self) -> dict[str, Any]:
        """``{"draft", "facts": [...], "style": {...}}`` plus the method and the questions."""
        return {
            "draft": self.text,
            "facts": [e.as_json() for e in self.facts],
            "style": self.style.as_json(),
            "method": self.method,
            "questions": [
                {"question": a.field.label, "answer": a.value, "status": a.status}
                for a in self.answers
            ],
            "sender": self.sender,
        }


def to_first_person(text: str) -> str:
    """A fact sentence about "you" told by the user ("Your sister is Rita." -> "My sister
    is Rita.")."""
    for pattern, repl in _SWAPS:
        text = re.sub(pattern, repl, text)
    return text


_WH = r"(?:what(?:'s|’s| is| are)?|where|when|who|which|how(?: much| many| long| old)?)"
_LEAD = re.compile(r"^(?:(?:and|so|also|but|oh|hey|btw|by the way|anyway|ok|okay)\b[\s,]*)+", re.I)
_OPENS_WH = re.compile(rf"^{_WH}\b", re.I)
_EMBEDDED = re.compile(
    rf"\b(?:wondering|wonder|curious|tell me|let me know|remind me|do you know|"
    rf"can you tell me|could you tell me|asking)\b[\s,]*(?P<q>(?:if|whether|{_WH})\b.*)",
    re.I,
)
_ASIDE = re.compile(r",\s*(?:I|since|because|as|cause|coz|'cause|btw|thanks|please)\b.*$", re.I)
_NOW_WORDS = re.compile(
    r"\b(?:still|now|currently|nowadays|these days|at the moment|anymore|any more|new|latest)\b",
    re.I,
)
_REWRITES = (
    (re.compile(r"^(?:are|do) you (?:living|live|based|staying) (?:in|at|near)\b.*", re.I),
     "Where do you live?"),
    (re.compile(r"^(?:are|do) you (?:working|work|employed) (?:at|for|with)\b.*", re.I),
     "Where do you work?"),
)
"""A yes/no question about a place the user may have left asks where they are now: "Are
you still living in Porto?" is answered by where they live."""


_INDIRECT = re.compile(
    r"^(?P<wh>where|when|what|which|how|who)\s+(?P<who>you|they|we|he|she)\s+"
    r"(?!(?:are|were|is|was|have|had|can|could|will|would|do|did|does)\b)(?P<rest>\w.*)",
    re.I,
)


def _direct(question: str) -> str:
    """An indirect question in a question's own order: "where you live" -> "where do you
    live", "if you live in Porto" -> "do you live in Porto"."""
    m = _INDIRECT.match(question)
    if m:
        return f"{m['wh']} do {m['who']} {m['rest']}"
    return re.sub(r"^(?:if|whether)\s+(?=you\b)", "do ", question, flags=re.I)


def message_questions(message: str) -> list[str]:
    """The questions a message asks, in order (at most ``MAX_QUESTIONS``): sentences ending
    in "?", sentences that open with a question word without one ("And what's your new
    email address, I lost it."), and questions inside a sentence ("I was wondering where
    you live now"). Asides after a comma and words that only ask for the present value
    ("still", "now", "new") are left out, so the question reads as a form would ask it."""
    out = []
    for sent in sentences(message):
        text = _LEAD.sub("", sent.strip()).strip()
        embedded = _EMBEDDED.search(text)
        if embedded:
            text = _direct(embedded.group("q"))
        elif not (text.endswith("?") or _OPENS_WH.match(text)):
            continue
        text = _ASIDE.sub("", text).rstrip(" .!?")
        text = " ".join(_NOW_WORDS.sub(" ", text).split())
        for pattern, question in _REWRITES:
            if pattern.match(text):
                text = question
        if len(tokens(text)) >= 2:
            out.append(text[:1].upper() + text[1:] + "?")
    return list(dict.fromkeys(out))[:MAX_QUESTIONS]


def sender_of(message: str) -> str | None:
    """The sender named in a ``From:`` header line, if any."""
    m = _FROM.search(message)
    return m.group(1).strip() if m else None


class Drafter:
    """Drafts replies in the user's voice.

    Args:
        view: read access to every tier.
        model: returns a capable chat model, or None (templates only).
    """

    def __init__(
        self, view: MemoryView, model: Callable[[], ChatModel | None] | None = None
    ) -> None:
        self.view = view
        self.model = model
        self.prefiller = Prefiller(view)

    def draft(self, message: str, *, use_model: bool = True) -> Draft:
        """A reply to ``message`` (the text of the message, headers allowed)."""
        who = self.view.subject(None)
        style = style_profile(self.view.own_messages(who))
        sender = sender_of(message)
        body = _FROM.sub("", message).strip()
        answers = tuple(
            self.prefiller.fill_field(Field(name=f"q{n}", label=q, type="question"), who)
            for n, q in enumerate(message_questions(body), 1)
        )
        facts = tuple(ev for a in answers if a.status == "filled" for ev in a.sources)
        model = self.model() if (use_model and self.model is not None) else None
        if model is not None:
            text = self._model_draft(model, body, style, facts, who)
            if text:
                return Draft(text, facts, style, "model", answers, sender)
        return Draft(_template(answers, style, sender), facts, style, "template", answers, sender)

    def _model_draft(
        self,
        model: ChatModel,
        message: str,
        style: StyleProfile,
        facts: tuple[Evidence, ...],
        who: Subject,
    ) -> str | None:
        lines = dict.fromkeys(f"- {to_first_person(e.text)}" for e in facts)
        known = "\n".join(lines) or "- (nothing)"
        system = (
            "You write a short reply to a message on behalf of the user, in their voice. "
            "Use only the facts listed; if something is not listed, say you will check. "
            f"Style: about {int(style.median_words) or 20} words, {style.formality}"
            + (f", greets with '{style.greeting}'" if style.greeting_rate >= 0.3 else "")
            + (f", signs off with '{style.sign_off}'" if style.sign_off_rate >= 0.3 else "")
            + (f", uses emoji like {' '.join(style.emojis)}" if style.emoji_rate >= 0.3 else "")
            + ". Reply with the message text only."
        )
        prompt = f"Message:\n{message}\n\nFacts about me:\n{known}\n\nMy reply:"
        try:
            reply = model.complete(
                [ChatMessage("system", system), ChatMessage("user", prompt)],
                max_tokens=200,
                temperature=0.3,
            ).strip()
        except MnemeError as e:
            log.warning("the chat model could not draft a reply: %s", e)
            return None
        allowed = _stems(message + " " + known + " " + " ".join(who.names))
        allowed |= {stem(w) for w in ANSWER_GLUE} | {stem(w) for w in _DRAFT_GLUE}
        novel = {w for w in _stems(reply) - allowed if not w.isdigit()}
        if not reply or len(novel) > MAX_NOVEL_WORDS:
            log.info("model draft dropped (new words: %s)", sorted(novel)[:10])
            return None
        return reply


_DRAFT_GLUE = frozenset(
    """hi hey hello thanks thank cheers best love bye great sure happy glad sorry check back get
    let soon talk see message asking question questions reply good nice""".split()
)


def _stems(text: str) -> set[str]:
    return {stem(t) for t in tokens(text) if t not in STOPWORDS}


def _answer_sentence(a: FieldResult) -> str | None:
    if a.status != "filled" or not a.sources:
        return None
    first = a.sources[0]
    if first.tier in ("fact", "persona"):
        return to_first_person(first.text)
    quoted = first.text.strip()
    return quoted if quoted.endswith((".", "!", "?")) else quoted + "."


def _template(answers: tuple[FieldResult, ...], style: StyleProfile, sender: str | None) -> str:
    lines: list[str] = []
    said = [s for a in answers if (s := _answer_sentence(a))]
    unknown = [a for a in answers if a.status == "unknown"]
    private = [a for a in answers if a.status == "sensitive"]
    bang = "!" if style.exclamation_rate >= 0.5 else "."
    if not answers:
        lines.append("Thanks for your message" + bang)
    lines.extend(dict.fromkeys(said))
    if private:
        lines.append("I'd rather not share that here.")
    if unknown:
        lines.append(
            "I'm not sure about that, I'll check and get back to you."
            if not said
            else "I'll check the rest and get back to you."
        )
    text = " ".join(lines)
    if style.contraction_rate >= 0.3:
        for pattern, repl in _CONTRACT:
            text = re.sub(pattern, repl, text)
    else:
        text = text.replace("I'm", "I am").replace("I'll", "I will").replace("I'd", "I would")
    if style.greeting_rate >= 0.3 and style.greeting:
        greet = style.greeting.capitalize() + (f" {sender}" if sender else "")
        text = f"{greet}{'!' if bang == '!' else ','} {text}"
    if style.emoji_rate >= 0.3 and style.emojis:
        text = f"{text} {style.emojis[0]}"
    if style.sign_off_rate >= 0.3 and style.sign_off:
        text = f"{text}\n{style.sign_off.capitalize()}"
    if style.lowercase_start_rate >= 0.6:
        text = text[:1].lower() + text[1:]
    return text
