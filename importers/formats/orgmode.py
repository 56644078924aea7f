"""Org-mode files (``.org``): headings, TODO states, tags, timestamps and planning lines.

Each heading becomes one or more note chunks titled with its heading path
("Projects > Garden > Buy seeds"). A chunk's ``event_time`` is the heading's SCHEDULED time,
else its DEADLINE, else the first active timestamp (``<2024-01-02 Tue>``), else CLOSED, else
the first inactive timestamp, else the file's ``#+DATE:``, else the file's modification time.
Org timestamps carry no time zone; they are read as UTC. Property drawers go to metadata;
CLOCK lines and LOGBOOK drawers are dropped. Links read as their label (``[[id:..][Ben]]``
-> ``Ben``), or their target when they have none; web targets go to ``metadata.links``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from importers.base import ParsedFile, ParseOptions
from importers.chunking import split_long
from importers.source import SourceFile
from memory.records import RecordIn

DEFAULT_TODO = ("TODO", "NEXT", "WAITING", "DONE", "CANCELLED", "CANCELED")
_HEADING = re.compile(r"^(\*+)[ \t]+(.*?)[ \t]*$")
_TAGS = re.compile(r"[ \t]+(:(?:[^\s:]+:)+)[ \t]*$")
_PRIORITY = re.compile(r"^\[#([A-Za-z0-9])\][ \t]*")
_TS = re.compile(
    r"([<\[])(\d{4})-(\d{2})-(\d{2})(?:[ \t]+[A-Za-z\u00c0-\uffff.]+)?"
    r"(?:[ \t]+(\d{1,2}):(\d{2})(?:-{1,2}\d{1,2}:\d{2})?)?"  # time, or a time range
    r"(?:[ \t]+[.+\-]{1,2}\d+[hdwmy](?:/\d+[hdwmy])?)*[>\]]"  # repeaters and warnings
)
_PLANNING = re.compile(r"\b(SCHEDULED|DEADLINE|CLOSED):[ \t]*([<\[][^>\]]*[>\]])")
_PLANNING_LINE = re.compile(
    r"^[ \t]*(?:(?:SCHEDULED|DEADLINE|CLOSED):[ \t]*"
    r"[<\[][^>\]]*[>\]](?:--[<\[][^>\]]*[>\]])?[ \t]*)+$"
)
_DRAWER_START = re.compile(r"^[ \t]*:([A-Za-z_-]+):[ \t]*$")
_DRAWER_END = re.compile(r"^[ \t]*:END:[ \t]*$", re.I)
_PROPERTY = re.compile(r"^[ \t]*:([^:\s]+):[ \t]*(.*?)[ \t]*$")
_CLOCK = re.compile(r"^[ \t]*CLOCK:")
_KEYWORD = re.compile(r"^#\+([A-Za-z_]+):[ \t]*(.*)$")
_LINK = re.compile(r"\[\[([^\]\n]+)\](?:\[([^\]\n]*)\])?\]")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2}))?")
_BLOCK_LINE = re.compile(r"^[ \t]*#\+(BEGIN|END)_\w+.*$", re.I)
_ORG_START = re.compile(
    r"^(?:\*+ |#\+(?:TITLE|STARTUP|AUTHOR|OPTIONS|TODO|SEQ_TODO|TYP_TODO):)", re.M | re.I
)


def org_timestamp(match: re.Match[str]) -> datetime | None:
    """An Org timestamp match as an aware UTC datetime (None for impossible dates)."""
    _, y, mo, d, hh, mm = match.groups()
    try:
        return datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), tzinfo=UTC)
    except ValueError:
        return None


@dataclass
class OrgNode:
    """One heading and the text under it."""

    level: int
    title: str
    todo: str | None = None
    priority: str | None = None
    tags: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    planning: dict[str, datetime] = field(default_factory=dict)


def todo_keywords(text: str) -> tuple[str, ...]:
    """TODO keywords declared with ``#+TODO:``/``#+SEQ_TODO:``/``#+TYP_TODO:``, plus defaults."""
    found: list[str] = []
    for line in text.splitlines():
        m = _KEYWORD.match(line)
        if m and m.group(1).upper() in ("TODO", "SEQ_TODO", "TYP_TODO"):
            for word in m.group(2).split():
                word = re.sub(r"\(.*\)$", "", word)
                if word and word != "|":
                    found.append(word)
    return tuple(dict.fromkeys([*found, *DEFAULT_TODO]))


def parse_heading(
    raw: str, keywords: tuple[str, ...]
) -> tuple[str, str | None, str | None, list[str]]:
    """Split a heading's text into (title, todo, priority, tags)."""
    tags: list[str] = []
    m = _TAGS.search(raw)
    if m:
        tags = [t for t in m.group(1).split(":") if t]
        raw = raw[: m.start()]
    raw = raw.strip()
    todo = None
    first, _, rest = raw.partition(" ")
    if first in keywords:
        todo, raw = first, rest.strip()
    priority = None
    pm = _PRIORITY.match(raw)
    if pm:
        priority, raw = pm.group(1), raw[pm.end() :].strip()
    return raw, todo, priority, tags


def parse_org(text: str) -> tuple[dict[str, str], list[OrgNode]]:
    """The file's ``#+KEYWORDS`` and its nodes (a level-0 node holds text before any heading)."""
    keywords = todo_keywords(text)
    settings: dict[str, str] = {}
    nodes = [OrgNode(0, "")]
    drawer: str | None = None
    for line in text.splitlines():
        hm = _HEADING.match(line)
        if hm:
            drawer = None
            title, todo, priority, tags = parse_heading(hm.group(2), keywords)
            nodes.append(OrgNode(len(hm.group(1)), title, todo, priority, tags))
            continue
        node = nodes[-1]
        if drawer is not None:
            if _DRAWER_END.match(line):
                drawer = None
            elif drawer == "PROPERTIES":
                pm = _PROPERTY.match(line)
                if pm:
                    node.properties[pm.group(1)] = pm.group(2)
            continue
        dm = _DRAWER_START.match(line)
        if dm and dm.group(1).upper() != "END":
            drawer = dm.group(1).upper()
            continue
        km = _KEYWORD.match(line)
        if km and node.level == 0:
            settings.setdefault(km.group(1).upper(), km.group(2).strip())
            continue
        if _PLANNING_LINE.match(line):
            for kind, stamp in _PLANNING.findall(line):
                ts = _TS.search(stamp)
                when = org_timestamp(ts) if ts else None
                if when is not None:
                    node.planning[kind.lower()] = when
            continue
        if _CLOCK.match(line) or _BLOCK_LINE.match(line):
            continue
        node.lines.append(line)
    return settings, nodes


def _event_time(node: OrgNode, body: str) -> tuple[datetime | None, str | None]:
    for key in ("scheduled", "deadline"):
        if key in node.planning:
            return node.planning[key], key
    stamps = [(m.group(1), org_timestamp(m)) for m in _TS.finditer(node.title + "\n" + body)]
    active = next((t for kind, t in stamps if kind == "<" and t is not None), None)
    if active is not None:
        return active, "timestamp"
    if "closed" in node.planning:
        return node.planning["closed"], "closed"
    inactive = next((t for kind, t in stamps if kind == "[" and t is not None), None)
    if inactive is not None:
        return inactive, "inactive timestamp"
    return None, None


def file_date(value: str | None) -> datetime | None:
    """The ``#+DATE:`` of a file: an Org timestamp (``[2024-03-12 Tue 21:05]``) or an ISO date."""
    if not value:
        return None
    m = _TS.search(value)
    if m:
        return org_timestamp(m)
    iso = _ISO_DATE.match(value.strip())
    if iso is None:
        return None
    y, mo, d, hh, mm = iso.groups()
    try:
        return datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), tzinfo=UTC)
    except ValueError:
        return None


def _links(text: str) -> tuple[str, list[str]]:
    """``[[target][label]]`` read as ``label``, ``[[target]]`` as ``target``; web targets."""
    urls = [m.group(1) for m in _LINK.finditer(text) if m.group(1).startswith(("http:", "https:"))]
    return _LINK.sub(lambda m: m.group(2) or m.group(1), text), urls


def _dedent(lines: list[str]) -> str:
    text = "\n".join(lines).strip("\n")
    widths = [len(line) - len(line.lstrip()) for line in text.splitlines() if line.strip()]
    cut = min(widths, default=0)
    return "\n".join(line[cut:] for line in text.splitlines()).strip()


class OrgParser:
    """Emacs Org-mode outlines."""

    name = "orgmode"
    description = "Org-mode files (.org): headings, TODO states, tags, timestamps"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix == ".org":
            return 0.8
        if f.suffix in ("", ".txt") and not f.looks_binary():
            head = f.head(4096).decode("utf-8", "replace")
            if _ORG_START.search(head) and re.search(r"^#\+\w+:", head, re.M):
                return 0.3
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        text = f.read_text().replace("\r\n", "\n")
        settings, nodes = parse_org(text)
        doc_title = settings.get("TITLE") or f.stem
        file_time = datetime.fromtimestamp(f.mtime, UTC) if f.mtime is not None else None
        dated = file_date(settings.get("DATE"))
        fallback = "#+DATE" if dated else "file time" if file_time else "unknown"
        file_time = dated or file_time
        filetags = [t for t in settings.get("FILETAGS", "").split(":") if t.strip()]
        records: list[RecordIn] = []
        path: list[tuple[int, str, list[str]]] = []
        all_tags: list[str] = list(filetags)
        for node in nodes:
            if node.level:
                while path and path[-1][0] >= node.level:
                    path.pop()
                path.append((node.level, _links(node.title)[0], node.tags))
            body, links = _links(_dedent(node.lines))
            if node.level == 0 and not body:
                continue
            heading = " ".join(p for p in (node.todo, _links(node.title)[0]) if p)
            text_out = "\n".join(p for p in (heading, body) if p).strip()
            if not text_out:
                continue
            when, when_from = _event_time(node, body)
            inherited = list(dict.fromkeys([*filetags, *(t for _, _, tags in path for t in tags)]))
            all_tags.extend(node.tags)
            title = " > ".join([doc_title, *(t for _, t, _ in path)]) if node.level else doc_title
            meta = {
                "level": node.level,
                "todo": node.todo,
                "priority": node.priority,
                "tags": inherited,
                "properties": node.properties,
                "planning": {k: v.isoformat() for k, v in node.planning.items()},
                "date_from": when_from or fallback,
                "links": links,
            }
            for piece in split_long(text_out, opts.chunk_chars):
                records.append(
                    RecordIn(
                        text=piece,
                        kind="note_chunk",
                        conversation=f.uri,
                        title=title,
                        event_time=when or file_time,
                        metadata=meta,
                    )
                )
        return ParsedFile(
            kind=self.name,
            records=records,
            title=doc_title,
            metadata={"tags": list(dict.fromkeys(all_tags)), "settings": settings},
        )


PARSER = OrgParser()
