"""Markdown notes and Obsidian vaults: frontmatter, tags, wikilinks, embeds, headings.

Each note becomes note chunks split at headings (title = heading path). Wikilinks and
embeds are kept in metadata as links between notes; a note inside a folder with
``.obsidian/`` is marked with its vault and its path in the vault (the name other notes
link to). The note's date comes from its frontmatter (``date``, ``created``, ...), else a
daily note's file name (``2024-03-13.md``, Logseq's ``2024_03_13.md``), else the file's
modification time.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from importers.base import ParsedFile, ParseOptions
from importers.chunking import heading_title, markdown_sections, split_long
from importers.source import SourceFile
from importers.timeparse import parse_datetime
from memory.records import RecordIn

_FRONTMATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_WIKILINK = re.compile(r"(!?)\[\[([^\]|#^]+)(?:[#^][^\]|]*)?(?:\|([^\]]*))?\]\]")
_CODE_FENCE_BLOCK = re.compile(r"^\s{0,3}(`{3,}|~{3,}).*?^\s{0,3}\1[ \t]*$", re.S | re.M)
_INLINE_CODE = re.compile(r"`(?:[^`\n]|\n(?![ \t]*\n))*`")  # never across a blank line
_MD_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")
_TAG = re.compile(r"(?<![\w&/#(\[])#([A-Za-z_][\w/-]*|\d+[A-Za-z_][\w/-]*)")
_H1 = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", re.M)
DATE_KEYS = ("date", "created", "created_at", "creation_date", "day", "updated", "modified")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
MAX_VAULT_DEPTH = 40
_NOTION_ID = re.compile(r"\s[0-9a-f]{32}$")


def split_frontmatter(text: str) -> tuple[dict[str, Any], str, str | None]:
    """Return (frontmatter, body, warning). Bad YAML leaves the text whole, with a warning."""
    m = _FRONTMATTER.match(text)
    if not m:
        return {}, text, None
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return {}, text[m.end() :], f"frontmatter is not valid YAML{where}; ignored"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, text[m.end() :], "frontmatter is not a mapping; ignored"
    return data, text[m.end() :], None


def inline_tags(body: str) -> list[str]:
    """Obsidian ``#tags`` outside code and links (``#12`` alone is a number, not a tag)."""
    cleaned = _CODE_FENCE_BLOCK.sub(" ", body)
    cleaned = _INLINE_CODE.sub(" ", cleaned)
    cleaned = _MD_LINK.sub(" ", cleaned)
    cleaned = _WIKILINK.sub(" ", cleaned)
    cleaned = re.sub(r"https?://\S+", " ", cleaned)
    cleaned = re.sub(r"^ {4,}.*$|^\t.*$", " ", cleaned, flags=re.M)  # indented code
    return list(dict.fromkeys(m.group(1) for m in _TAG.finditer(cleaned)))


def frontmatter_tags(meta: dict[str, Any]) -> list[str]:
    raw = meta.get("tags", meta.get("tag"))
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else re.split(r"[,\s]+", str(raw))
    return [str(t).lstrip("#").strip() for t in items if str(t).strip()]


def links(body: str) -> tuple[list[str], list[str]]:
    """Wikilink targets and embed targets (``![[...]]``)."""
    out_links: list[str] = []
    embeds: list[str] = []
    for m in _WIKILINK.finditer(body):
        target = m.group(2).strip()
        (embeds if m.group(1) else out_links).append(target)
    return list(dict.fromkeys(out_links)), list(dict.fromkeys(embeds))


def readable(body: str) -> str:
    """Wikilinks shown as their alias or target, so they read as words."""
    return _WIKILINK.sub(
        lambda m: (m.group(3) or m.group(2)).strip() if not m.group(1) else f"[{m.group(2)}]",
        body,
    )


# a daily note's name: "2024-03-13", "2024_03_13" (Logseq journals), "2024.03.13",
# "20240313", optionally followed by words ("2024-03-13 Wednesday")
_DAILY = re.compile(r"^(\d{4})([-_.]?)(\d{2})\2(\d{2})(?:$|[ _-])")


def stem_date(stem: str) -> datetime | None:
    """The date a daily note's file name gives (None when the name is not a date)."""
    m = _DAILY.match(stem)
    if m is None:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(3)), int(m.group(4)), tzinfo=UTC)
    except ValueError:
        return None


def note_date(
    meta: dict[str, Any], mtime: float | None, stem: str = ""
) -> tuple[datetime | None, str]:
    for key in DATE_KEYS:
        value = meta.get(key)
        if isinstance(value, datetime):
            return (value if value.tzinfo else value.replace(tzinfo=UTC)), key
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=UTC), key
        if isinstance(value, str):
            parsed = parse_datetime(value)
            if parsed is not None:
                return parsed, key
    named = stem_date(stem)
    if named is not None:
        return named, "file name"
    if mtime is not None:
        return datetime.fromtimestamp(mtime, UTC), "file time"
    return None, "unknown"


def _leading_h1(body: str) -> str | None:
    """The note's H1 when it opens the note and is the only one (else the file name rules)."""
    h1s = _H1.findall(_CODE_FENCE_BLOCK.sub(" ", body))
    first = next((line for line in body.splitlines() if line.strip()), "")
    if len(h1s) == 1 and _H1.match(first):
        return str(h1s[0])
    return None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def vault_root(f: SourceFile) -> Path | None:
    """The Obsidian vault holding ``f``: the nearest folder above it with a ``.obsidian/``."""
    if f.path is None:
        return None
    for parent in list(f.path.parents)[:MAX_VAULT_DEPTH]:
        try:
            if (parent / ".obsidian").is_dir():
                return parent
        except OSError:
            return None
    return None


def note_title_from_stem(stem: str) -> str:
    """A file stem without a Notion export's trailing 32-hex page id."""
    return _NOTION_ID.sub("", stem).strip() or stem


def parse_markdown_text(
    text: str, f: SourceFile, opts: ParseOptions, *, kind: str = "markdown"
) -> ParsedFile:
    """Turn Markdown text into note chunks (shared with importers of Markdown-like notes)."""
    meta, body, warning = split_frontmatter(text)
    warnings = [warning] if warning else []
    title = str(meta.get("title") or _leading_h1(body) or note_title_from_stem(f.stem)).strip()
    when, date_from = note_date(meta, f.mtime, f.stem)
    tags = list(dict.fromkeys(frontmatter_tags(meta) + inline_tags(body)))
    out_links, embeds = links(body)
    note_meta = {
        "tags": tags,
        "links": out_links,
        "embeds": embeds,
        "frontmatter": _jsonable(meta),
        "date_from": date_from,
    }
    vault = vault_root(f)
    if vault is not None and f.path is not None:
        note_meta["vault"] = str(vault)
        note_meta["note"] = f.path.relative_to(vault).with_suffix("").as_posix()
    aliases = meta.get("aliases", meta.get("alias"))
    if aliases:
        listed = aliases if isinstance(aliases, list) else [aliases]
        note_meta["aliases"] = [str(a) for a in listed]
    records: list[RecordIn] = []
    for section in markdown_sections(readable(body)):
        section_title = heading_title(title, section.path) or title
        for piece in split_long(section.text, opts.chunk_chars):
            records.append(
                RecordIn(
                    text=piece,
                    kind="note_chunk",
                    conversation=f.uri,
                    title=section_title,
                    event_time=when,
                    metadata=note_meta if not records else {"tags": tags},
                )
            )
    return ParsedFile(
        kind=kind, records=records, title=title, warnings=warnings, metadata=note_meta
    )


class MarkdownParser:
    """Markdown notes (``.md``), including Obsidian vault notes."""

    name = "markdown"
    description = "Markdown notes and Obsidian vaults (frontmatter, #tags, [[wikilinks]])"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix in MARKDOWN_SUFFIXES:
            return 0.8
        return 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        return parse_markdown_text(f.read_text(), f, opts)


PARSER = MarkdownParser()
