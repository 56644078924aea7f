"""Day One journals exported as JSON (``Journal.json``, alone or in the export ``.zip``).

The export is ``{"metadata": {"version"}, "entries": [...]}``; each entry has ``uuid``,
``creationDate`` (ISO, UTC), ``modifiedDate``, ``timeZone`` (an IANA name), ``text`` (the
entry as Markdown, with Day One's backslash escapes, ``\\.``), ``tags``, ``starred``,
``location`` (``placeName``, ``localityName``, ``country``...), ``weather`` and ``photos``/
``videos``/``audios``/``pdfAttachments`` (``identifier``, ``type``), referenced in the text as
``![](dayone-moment://<identifier>)``.

- One note per entry (split into chunks when long), dated by ``creationDate``; the title is
  the entry's first line (a leading ``#`` dropped), else its date.
- Media references become ``[photo]``/``[video]``... in the text and ``metadata.attachments``;
  Day One's escapes are undone, and the object replacement marks (U+FFFC) it leaves dropped.
- Tags, starred, the place and the time zone are metadata; an entry with no text and no media
  is skipped; one whose date cannot be read is kept undated and counted in a warning.
- The conversation is ``<file uri>#<entry uuid>``, so each entry is its own note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from importers.base import ParsedFile, ParseOptions
from importers.chunking import split_long
from importers.errors import ParseError
from importers.formats.chatutil import as_str, has_keys, json_head
from importers.jsonload import load_json
from importers.source import SourceFile
from importers.timeparse import parse_datetime
from memory.records import RecordIn

_MOMENT = re.compile(r"!\[[^\]]*\]\(dayone-moment:/*(?P<kind>[a-z]*)/?(?P<id>[^)\s]*)\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_MEDIA = {"photos": "photo", "videos": "video", "audios": "audio", "pdfAttachments": "pdf"}


def _s(value: Any) -> str:
    """A stripped string, "" for nothing or an empty value."""
    return as_str(value) or ""


def looks_like_dayone(head: str) -> bool:
    """True for the head of a Day One JSON export."""
    return (
        head.startswith("{")
        and has_keys(head, "entries")
        and (has_keys(head, "creationDate") or has_keys(head, "metadata"))
        and (has_keys(head, "creationDate") or '"version"' in head)
    )


def _media(entry: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Media of the entry by identifier: kind, type."""
    out: dict[str, dict[str, Any]] = {}
    for key, kind in _MEDIA.items():
        items = entry.get(key)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, Mapping) and _s(item.get("identifier")):
                out[_s(item["identifier"])] = {
                    "kind": kind,
                    "name": _s(item.get("filename")) or _s(item["identifier"]),
                    "type": _s(item.get("type")),
                }
    return out


def _place(entry: Mapping[str, Any]) -> str:
    loc = entry.get("location")
    if not isinstance(loc, Mapping):
        return ""
    parts = [_s(loc.get(k)) for k in ("placeName", "localityName", "country")]
    return ", ".join(dict.fromkeys(p for p in parts if p))


def _moments(raw: str, media: dict[str, dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """The entry's text with media links as ``[photo]``... and escapes undone, and the media
    it named."""
    used: list[dict[str, Any]] = []

    def moment(m: re.Match[str]) -> str:
        att = media.get(m.group("id")) or {"kind": m.group("kind") or "photo"}
        used.append(att)
        return f"[{att['kind']}]"

    text = _MOMENT.sub(moment, raw).replace("\ufffc", "")  # U+FFFC: where an object sat
    return _ESCAPE.sub(r"\1", text).strip(), used


class DayOneParser:
    """Day One JSON exports."""

    name = "dayone"
    description = "Day One journal (JSON export, or the export .zip's Journal.json)"

    def sniff(self, f: SourceFile) -> float:
        if f.suffix != ".json":
            return 0.0
        return 0.93 if looks_like_dayone(json_head(f, 8192)) else 0.0

    def parse(self, f: SourceFile, opts: ParseOptions) -> ParsedFile:
        data = load_json(f)
        entries = data.get("entries") if isinstance(data, Mapping) else None
        if not isinstance(entries, list):
            raise ParseError(f.display, "not a Day One export (no 'entries' list)")
        records: list[RecordIn] = []
        undated = skipped = 0
        for n, entry in enumerate(entries, 1):
            if not isinstance(entry, Mapping):
                skipped += 1
                continue
            when = parse_datetime(_s(entry.get("creationDate")))
            media = _media(entry)
            text, used = _moments(_s(entry.get("text")), media)
            attachments = used + [a for a in media.values() if a not in used]
            if not text and attachments:
                text = " ".join(f"[{a['kind']}]" for a in attachments)
            if not text:
                skipped += 1
                continue
            if when is None:
                undated += 1
            first = text.split("\n", 1)[0].lstrip("#").strip()
            title = first[:120] or (when.date().isoformat() if when else f"Entry {n}")
            uid = _s(entry.get("uuid")) or f"entry{n}"
            tags = entry.get("tags")
            meta = {
                "journal": "Day One",
                "tags": [_s(t) for t in tags] if isinstance(tags, list) else [],
                "starred": entry.get("starred") is True,
                "place": _place(entry),
                "time_zone": _s(entry.get("timeZone")),
                "attachments": attachments,
                "entry": uid,
            }
            meta = {k: v for k, v in meta.items() if v not in ("", [], False)}
            records.extend(
                RecordIn(
                    text=piece,
                    kind="note_chunk",
                    conversation=f"{f.uri}#{uid}",
                    title=title,
                    event_time=when,
                    metadata=meta,
                )
                for piece in split_long(text, opts.chunk_chars)
            )
        warnings = []
        if undated:
            warnings.append(f"{undated} entr{'y' if undated == 1 else 'ies'} with no readable date")
        if skipped:
            warnings.append(
                f"{skipped} empty or damaged entr{'y' if skipped == 1 else 'ies'} skipped"
            )
        return ParsedFile(
            kind=self.name,
            records=records,
            title=f"Day One ({len(entries)} entries)",
            warnings=warnings,
            metadata={"entries": len(entries)},
        )


PARSER = DayOneParser()
