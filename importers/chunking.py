"""Splitting long text into chunks for notes and files: by headings, then paragraphs.

Used by the Markdown, plain-text, Org, HTML and PDF importers. Chunks never cut a word and
keep their heading path as the title ("Trip planning > Hotels").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_PARA_SPLIT = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Section:
    """A run of text under one heading path."""

    path: tuple[str, ...]
    text: str


def markdown_sections(text: str) -> list[Section]:
    """Split Markdown into sections at ATX headings (``#`` inside code fences is ignored)."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    buf: list[str] = []
    fence: str | None = None

    def flush() -> None:
        body = "\n".join(buf).strip()
        if body:
            sections.append(Section(tuple(t for _, t in stack), body))
        buf.clear()

    for line in text.splitlines():
        m_fence = _FENCE.match(line)
        if m_fence:
            marker = m_fence.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            buf.append(line)
            continue
        if fence is None:
            m = _ATX.match(line)
            if m:
                flush()
                level = len(m.group(1))
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, m.group(2).strip()))
                continue
        buf.append(line)
    flush()
    return sections


def split_long(text: str, max_chars: int) -> list[str]:
    """Split ``text`` into pieces of at most about ``max_chars``, at paragraph, then sentence,
    then word boundaries.

    Linear in the length of ``text``: every cut moves an index forward and no piece is
    re-sliced from the rest of the text (a 50 MB single-line file once took minutes).
    """
    text = text.strip()
    if len(text) <= max_chars:
        return [text] if text else []
    pieces: list[str] = []
    buf: list[str] = []
    size = 0
    for para in _PARA_SPLIT.split(text):
        para = para.strip()
        if not para:
            continue
        units = [para] if len(para) <= max_chars else _split_sentences(para, max_chars)
        for unit in units:
            if buf and size + 2 + len(unit) > max_chars:
                pieces.append("\n\n".join(buf))
                buf, size = [], 0
            size += len(unit) + (2 if buf else 0)
            buf.append(unit)
    if buf:
        pieces.append("\n\n".join(buf))
    return pieces


def _cut_words(sent: str, max_chars: int) -> list[str]:
    """One enormous "sentence" cut into pieces of at most ``max_chars``, at spaces when a
    space falls in the second half of the window (else mid-word)."""
    out: list[str] = []
    start, end = 0, len(sent)
    while end - start > max_chars:
        cut = sent.rfind(" ", start, start + max_chars)
        cut = cut if cut > start + max_chars // 2 else start + max_chars
        piece = sent[start:cut].strip()
        if piece:
            out.append(piece)
        start = cut
        while start < end and sent[start].isspace():
            start += 1
    rest = sent[start:].strip()
    if rest:
        out.append(rest)
    return out


def _split_sentences(para: str, max_chars: int) -> list[str]:
    out: list[str] = []
    buf: list[str] = []
    size = 0
    for sentence in _SENTENCE_END.split(para):
        parts = [sentence] if len(sentence) <= max_chars else _cut_words(sentence, max_chars)
        for sent in parts:
            if buf and size + 1 + len(sent) > max_chars:
                out.append(" ".join(buf))
                buf, size = [], 0
            size += len(sent) + (1 if buf else 0)
            buf.append(sent)
    if buf:
        out.append(" ".join(buf))
    return [p for p in out if p]


def heading_title(doc_title: str | None, path: tuple[str, ...]) -> str | None:
    """``"Doc > H1 > H2"`` without repeating the document title."""
    parts = [p for p in path if p]
    if doc_title and parts and parts[0].strip().lower() == doc_title.strip().lower():
        parts = parts[1:]
    full = ([doc_title] if doc_title else []) + parts
    return " > ".join(full) if full else None
