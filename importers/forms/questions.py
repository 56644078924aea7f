"""Questions as a form: one question typed on the command line, or a text list of them.

Each question becomes a ``question`` field named ``q1``, ``q2``... whose label is the
question. A text list has one question per line; blank lines and ``#`` comments are skipped
and list markers (``-``, ``*``, ``1.``, ``2)``) are removed. Called by ``importers.forms``.
"""

from __future__ import annotations

import re

from importers.errors import ParseError
from memory.prefill.spec import Field, FormSpec

MAX_QUESTION_CHARS = 2000
_MARKER = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")


def question_field(text: str, index: int = 1) -> Field:
    """One question as a field (``q<index>``)."""
    return Field(name=f"q{index}", label=text.strip(), type="question", locator=str(index - 1))


def parse_question(text: str) -> FormSpec:
    """A form of one question.

    Raises:
        ParseError: the question is empty or absurdly long.
    """
    question = " ".join(text.split())
    if not question:
        raise ParseError("question", "the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise ParseError("question", f"the question is longer than {MAX_QUESTION_CHARS} characters")
    return FormSpec(kind="question", fields=(question_field(question),))


def parse_question_lines(text: str, where: str) -> FormSpec:
    """A form of the questions in ``text``, one per line.

    Args:
        text: the list of questions.
        where: the file's display path (for errors).

    Raises:
        ParseError: no question in the text, or a line too long to be a question.
    """
    questions: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = _MARKER.sub("", line).strip()
        if not line:
            continue
        if len(line) > MAX_QUESTION_CHARS:
            raise ParseError(where, f"line {number} is too long to be a question")
        questions.append(line)
    if not questions:
        raise ParseError(where, "no questions found (expected one question per line)")
    fields = tuple(question_field(q, n) for n, q in enumerate(questions, 1))
    return FormSpec(kind="questions", fields=fields, source=where)
