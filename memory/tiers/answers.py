"""Answers to a quoted question, rewritten as the sentences they stand for.

People paste a form or a thread as "Q: where are you from? A: Cork originally, Dublin now",
"> what do you do for a living?" followed by the answer, or "What languages do you speak? -
English and Polish". The answer alone is a fragment the grammar cannot place; with its
question it says one thing about the writer. ``rewrite_answers`` turns each such pair whose
question asks the writer ("you", "your") one of a few known things into a first-person
sentence ("I am from Cork originally, and I live in Dublin now."), so the one grammar of
``memory.tiers.clauses`` reads it. A question about anyone else ("where is your sister
from?"), an answer that is already a sentence ("I'm an electrician"), a "no" / "none" and an
aside in brackets are left as they are. Used by ``memory.tiers.extract``.
"""

from __future__ import annotations

import re

_PAIR = re.compile(
    r"(?P<lead>^|\n)[ \t]*(?:(?P<mark>(?i:q)\s*[:.]\s*|>\s*|[\"“]\s*))?"
    r"(?P<q>[A-Za-z][^?\n]{2,80})\?"
    r"[\"”]?(?:[ \t]*\n[ \t]*|[ \t]+)(?P<amark>(?i:a)\s*[:.]\s*|[-–—]\s*)?(?P<a>[^\n]+)"
)
"""A question and its answer: the question marked ("Q:", "> ", in quotes) or the answer
("A:", a dash); a chat's "Where are you from? Tell me more!" is no pair."""
_PLACE = re.compile(r"^[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*\s*(?:[,.!]|$)")
_NO = re.compile(r"^(?i:no|nope|none|not|nah|n/a|never|nothing)\b")
_SENTENCE = re.compile(r"^(?i:i|i'm|im|i've|my|we|we're|our|me)\b")
_YES = re.compile(r"^(?i:yes|yep|yeah|yup|sure)\b[,!.]?\s*")
_THEN_NOW = re.compile(
    r"^(?P<a>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)\s+(?i:originally),?\s+(?:(?i:but)\s+)?"
    r"(?:(?i:living\s+in|in)\s+)?(?P<b>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)\s+(?i:now|these\s+days)"
    r"\b[.!]*$"
)
_YOU = r"(?:you|u)"
_QUESTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), template)
    for p, template in (
        (rf"^where\s+(?:are|r)\s+{_YOU}\s+(?:from|originally\s+from)$", "from"),
        (rf"^where\s+did\s+{_YOU}\s+grow\s+up$", "I grew up in {a}"),
        (rf"^where\s+(?:do\s+{_YOU}\s+live|are\s+{_YOU}\s+based)(?:\s+now)?$", "I live in {a}"),
        (
            rf"^what\s+do\s+{_YOU}\s+do(?:\s+for\s+(?:a\s+living|work))?$|^what\s+is\s+your\s+"
            r"(?:job|occupation)$|^what's\s+your\s+(?:job|occupation)$",
            "I work as {article}{a}",
        ),
        (
            rf"^(?:(?:do\s+{_YOU}\s+have\s+)?any\s+pets|do\s+{_YOU}\s+have\s+(?:a\s+)?pets?)$",
            "I have {a}",
        ),
        (rf"^(?:what|which)\s+languages\s+do\s+{_YOU}\s+speak$", "I speak {a}"),
        (r"^(?:when\s+is|when's)\s+your\s+(?:birthday|bday)$", "My birthday is {a}"),
        (rf"^how\s+old\s+are\s+{_YOU}$", "age"),
        (
            r"^(?:what\s+is\s+|what's\s+)?your\s+(?:all-time\s+)?favou?rite\s+(?P<thing>[a-z]+)$",
            "My favourite {thing} is {a}",
        ),
        (r"^favou?rite\s+(?P<thing>[a-z]+)$", "My favourite {thing} is {a}"),
        (rf"^(?:are\s+{_YOU}\s+)?married$", "married"),
        (r"^(?:any\s+)?allergies$", "I am allergic to {a}"),
        (r"^(?:what\s+is\s+|what's\s+)?your\s+name$", "My name is {a}"),
    )
)
_AGE = re.compile(r"^(?P<n>\d{1,2})\b(?:\s+(?i:years?\s+old|yrs?|next\s+\w+))?[.!]*$")


def _sentence(question: str, answer: str) -> str | None:
    """The first-person sentence a question and its fragment answer stand for, or None."""
    question = " ".join(question.replace("’", "'").split())
    answer = answer.strip()
    if not answer or answer[:1] in "([" or _NO.match(answer) or _SENTENCE.match(answer):
        return None
    for pattern, template in _QUESTIONS:
        m = pattern.match(question)
        if m is None:
            continue
        if template == "from":
            then_now = _THEN_NOW.match(answer)
            if then_now:
                return f"I am from {then_now['a']}, and I live in {then_now['b']} now."
            return f"I am from {answer}" if _PLACE.match(answer) else None
        if template == "age":
            age = _AGE.match(answer)
            return f"I am {age['n']}." if age else None
        if template == "married":
            to = re.match(r"^(?:(?i:yes|yep|yeah)[,!.]?\s+)?(?i:to)\s+(?=[A-Z])", answer)
            return f"I am married to {answer[to.end() :]}" if to else None
        answer = _YES.sub("", answer)
        if not answer:
            return None
        thing = m.groupdict().get("thing") or ""
        article = (
            ""
            if re.match(r"(?i:an?|the)\s", answer)
            else "an "
            if answer[:1].lower() in "aeiou"
            else "a "
        )
        return template.format(a=answer, thing=thing, article=article)
    return None


def rewrite_answers(text: str) -> str:
    """``text`` with each quoted question and its fragment answer as one first-person
    sentence (see the module docstring); other text is left as it is."""
    if "?" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        if not (m["mark"] or m["amark"]):
            return m.group(0)
        said = _sentence(m["q"], m["a"])
        return m.group(0) if said is None else f"{m['lead']}{said}"

    return _PAIR.sub(one, text)
