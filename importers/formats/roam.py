"""Roam Research JSON exports: one note per page, its block outline as indented text.

Block references ``((uid))`` and embeds ``{{embed: ((uid))}}`` are replaced by the text of
the block they point to (when it is in the export); ``[[Page]]`` links and ``#tags`` are kept
as links between notes in metadata; ``Key:: value`` blocks become page attributes.
"""

from __future__ import annotations

import re
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.chunking import split_long
from importers.errors import ParseError
from importers.jsonload import load_json
from importers.source import SourceFile
from importers.timeparse import from_timestamp, parse_datetime
from memory.records import RecordIn

_REF = re.compile(r"\(\(([\w-]{2,})\)\)")
_EMBED = re.compile(r"\{\{\s*\[?\[?embed(?:-path)?\]?\]?\s*:\s*(.*?)\}\}")
_PAGE_LINK = re.compile(r"\[\[([^\[\]]+)\]\]")
_TAG = re.compile(r"(?<![\w#])#([\w/-]+)")
_ATTR = re.compile(r"^([^:\n]{1,80})::\s*(.*)$")
_TODO = re.compile(r"\{\{\s*\[\[(TODO|DONE)\]\]\s*\}\}\s*")
MAX_DEPTH = 60
MACROS = {
    "TODO",
    "DONE",
    "embed",
    "embed-path",
    "table",
    "query",
    "kanban",
    "video",
    "calc",
    "slider",
    "mentions",
    "word-count",
    "attr-table",
    "diagram",
    "pdf",
    "roam/render",
}
_DAILY = re.compile(
    r"^(January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{1,2}(st|nd|rd|th), \d{4}$"
)


def _index(blocks: list[Any], out: dict[str, str], depth: int = 0) -> None:
    for b in blocks:
        if not isinstance(b, dict) or depth > MAX_DEPTH:
            continue
        uid, text = b.get("uid"), b.get("string")
        if isinstance(uid, str) and isinstance(text, str):
            out[uid] = text
        children = b.get("children")
        if isinstance(children, list):
            _index(children, out, depth + 1)


def resolve(text: str, blocks: dict[str, str]) -> str:
    """Block refs and embeds replaced by the referenced text (one level deep)."""

    def embed(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        ref = _REF.fullmatch(inner)
        if ref and ref.group(1) in blocks:
            return _REF.sub(lambda r: r.group(0), blocks[ref.group(1)])
        page = _PAGE_LINK.fullmatch(inner)
        return page.group(1) if page else inner

    text = _EMBED.sub(embed, text)
    text = _TODO.sub(lambda m: "[x] " if m.group(1) == "DONE" else "[ ] ", text)
    return _REF.sub(lambda m: blocks.get(m.group(1), m.group(0)), text)


def _render(
    blocks: list[Any],
    refs: dict[str, str],
    lines: list[str],
    attrs: dict[str, str],
    links: list[str],
    depth: int = 0,
) -> None:
    for b in blocks:
        if not isinstance(b, dict) or depth > MAX_DEPTH:
            continue
        raw = b.get("string")
        if isinstance(raw, str) and raw.strip():
            text = resolve(raw, refs)
            links.extend(_PAGE_LINK.findall(raw))
            links.extend(_TAG.findall(raw))
            am = _ATTR.match(raw)
            if am and depth <= 1:
                attrs[am.group(1).strip()] = _PAGE_LINK.sub(r"\1", am.group(2).strip())
            shown = _PAGE_LINK.sub(r"\1", text).replace("\n", "\n" + "  " * (depth + 1))
            lines.append("  " * depth + "- " + shown)
        children = b.get("children")
        if isinstance(children, list):
            _render(children, refs, lines, attrs, links, depth + 1)


class RoamParser:
    """Roam Research graph exports (JSON)."""

    name = "roam"
    description = "Roam Research JSON exports: pages, block outlines, references"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix != ".json":
            return 0.0
        head = f.head(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        stamped = b'"create-time"' in head or b'"edit-time"' in head
        # a page's "title" may come after a long "children" tree (keys sorted): blocks'
        # "string" is as sure a sign
        named = b'"title"' in head or b'"string"' in head
        if head.startswith(b"[") and b'"children"' in head and stamped and named:
            return 0.9
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        pages = load_json(f)
        if not isinstance(pages, list):
            raise ParseError(f.display, "not a Roam export (expected a list of pages)")
        refs: dict[str, str] = {}
        for page in pages:
            if isinstance(page, dict) and isinstance(page.get("children"), list):
                _index(page["children"], refs)
        records: list[RecordIn] = []
        n_pages = 0
        for page in pages:
            if not isinstance(page, dict) or not isinstance(page.get("title"), str):
                continue
            n_pages += 1
            title = page["title"].strip() or f"untitled page {n_pages}"
            lines: list[str] = []
            attrs: dict[str, str] = {}
            links: list[str] = []
            children = page.get("children")
            _render(children if isinstance(children, list) else [], refs, lines, attrs, links)
            if not lines:
                continue
            when = parse_datetime(title) if _DAILY.match(title) else None
            when = when or from_timestamp(page.get("create-time"))
            when = when or from_timestamp(page.get("edit-time"))
            meta = {
                "uid": page.get("uid"),
                "attributes": attrs,
                "links": [x for x in dict.fromkeys(links) if x not in MACROS],
                "edited": (e.isoformat() if (e := from_timestamp(page.get("edit-time"))) else None),
            }
            for piece in split_long("\n".join(lines), opts.chunk_chars):
                records.append(
                    RecordIn(
                        text=piece,
                        kind="note_chunk",
                        conversation=f"{f.uri}#{page.get('uid') or title}",
                        title=title,
                        event_time=when,
                        metadata=meta,
                    )
                )
        if n_pages == 0:
            raise ParseError(f.display, "not a Roam export (no pages with a title)")
        return ParsedFile(
            kind=self.name, records=records, title=f.stem, metadata={"pages": n_pages}
        )


PARSER = RoamParser()
